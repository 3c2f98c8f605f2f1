import type { Customer } from './customer-store.js';
import { translateSqliteError, type Db } from './database.js';

/** One rated call as a charge against a customer's balance. */
export interface NewCallCharge {
  /** The call id charges are keyed by (per customer). */
  callId: string;
  /** The call's rounded cost, exact decimal text in the customer's currency. */
  amount: string;
  /** Epoch ms the call was rated at (answer, else start). */
  callTime: number | null;
  billedSeconds: number;
  /** The CDR file, or the HTTP route, the call came in. */
  source: string;
}

export interface StoredCallCharge extends NewCallCharge {
  currency: string;
  ratedAt: number;
}

/**
 * Writes charges for one customer. Rating a call id again REPLACES its charge
 * (an upsert on the unique index charges_by_call), whichever file it comes
 * in, so a balance never counts a call twice (CGRateS #48, IvozProvider #703).
 * Call inside a write transaction (chargeTransaction).
 */
export class ChargeWriter {
  readonly #upsert: { run(...values: unknown[]): unknown };
  readonly #customer: Customer;
  readonly #now: number;
  /** Calls written, a repeated id counted each time. */
  written = 0;

  constructor(db: Db, customer: Customer, now = Date.now()) {
    this.#customer = customer;
    this.#now = now;
    this.#upsert = db.prepare(
      `INSERT INTO charges (customer_id, call_id, amount, currency, call_time, billed_seconds, source, description, created_at, rated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (customer_id, call_id) DO UPDATE SET
         amount = excluded.amount, currency = excluded.currency, call_time = excluded.call_time,
         billed_seconds = excluded.billed_seconds, source = excluded.source, description = excluded.description,
         rated_at = excluded.rated_at`,
    );
  }

  /**
   * Distinct call ids this writer charged from `source`: the rows it wrote
   * carry its own rated_at, and the transaction keeps every other writer
   * out, so this counts without holding a set of ids in memory.
   */
  distinctCharged(db: Db, source: string): number {
    return db.prepare('SELECT COUNT(*) FROM charges WHERE customer_id = ? AND rated_at = ? AND source = ?').pluck().get(this.#customer.id, this.#now, source) as number;
  }

  charge(call: NewCallCharge): void {
    const customer = this.#customer;
    this.#upsert.run(customer.id, call.callId, call.amount, customer.currency, call.callTime, call.billedSeconds, call.source, `call ${call.callId}`, this.#now, this.#now);
    this.written++;
  }
}

/**
 * Runs async `work` (a whole file's rating) in one IMMEDIATE transaction:
 * committed when it resolves, rolled back when it throws, and left to SQLite
 * to discard when the process is killed, so a file's charges land all
 * together or not at all. The write lock is held for the whole file; other
 * writers wait (busy_timeout) and then get BUSY.
 */
export async function chargeTransaction<T>(db: Db, work: () => Promise<T>): Promise<T> {
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    throw translateSqliteError(error);
  }
  let result: T;
  try {
    result = await work();
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  db.exec('COMMIT');
  return result;
}

