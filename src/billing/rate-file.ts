import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { RatedeckError } from '../errors.js';
import { Decimal, decimalText } from '../money/decimal.js';
import { formatMoney } from '../provisioning/money-amount.js';
import { callMargin, CardRater } from '../rating/card-rater.js';
import type { CdrField } from '../rating/cdr/cdr-layouts.js';
import type { CallRecord, CdrFormat } from '../rating/cdr/cdr-record.js';
import type { NumberRewriteRule } from '../rating/cdr/number-rewrite.js';
import { openCdrFile } from '../rating/cdr/read-cdr-file.js';
import { loadNanpStateTableWithOverrides } from '../rating/jurisdiction/load-nanp-states.js';
import { RATED_COLUMNS, ratedCells, RatingSummary, type RatedCall, type RatingSummaryJson } from '../rating/rate-call-record.js';
import type { RatingPolicy } from '../rating/rating-policy.js';
import { ChargeWriter, chargeTransaction } from '../store/charge-store.js';
import { getActiveCustomer, type Customer } from '../store/customer-store.js';
import type { Db } from '../store/database.js';
import { customerBalance } from '../store/payment-store.js';
import { csvLine, ChunkedLineWriter } from './rated-output.js';
import { carrierToCustomerFactor, openRatingCard, type OpenedRatingCard } from './rating-cards.js';

/** The columns appended after RATED_COLUMNS when both legs are rated. */
const MARGIN_COLUMNS = ['carrier_status', 'carrier_prefix', 'carrier_rate', 'carrier_billed_seconds', 'carrier_cost', 'margin'] as const;

export interface RateFileRequest {
  path: string;
  /** Rate on this customer's sell card (and charge it with `charge`). */
  customer?: string;
  /** Rate on this carrier's buy card; with `customer` too, each call gets its cost and margin. */
  carrier?: string;
  format?: CdrFormat;
  map?: Partial<Record<CdrField, string>>;
  timezone?: string;
  numberRewrite?: readonly NumberRewriteRule[];
  /** --precision, --rounding, --duration-rounding, --grace. */
  overrides?: Partial<RatingPolicy>;
  /** --states: NPA / NPA-NXX → state entries over the shipped table. */
  statesFile?: string;
  /** Record each rated call as a charge against the customer (needs `customer` and call ids). */
  charge?: boolean;
  /** Where the rated CSV goes: a file path, a stream (stdout, not ended), or nowhere. */
  output: { path: string } | { stream: Writable; name: string } | null;
}

/** What a whole file came to. */
export interface RateFileResult extends RatingSummaryJson {
  /** With both legs: the carrier leg's summary (in its own currency), and the total carrier cost and margin in the customer's. */
  carrier?: RatingSummaryJson & { costInCustomerCurrency: string; margin: string };
  /** With --charge: calls charged (distinct call ids) and the balance around the file's transaction. */
  charged?: { customer: string; calls: number; skippedWithoutId: number; balanceBefore: string; balanceAfter: string };
}

/**
 * `ratedeck rate`: streams a CDR file through the readers, rates each record
 * on the card(s) in force at its answer time, writes the input columns plus
 * the rated ones in input order, and sums a summary. Memory holds a record
 * and an output chunk at a time, whatever the file's size. With `charge`, the
 * whole file runs in one write transaction: its charges (one per call id,
 * replacing an earlier charge of the same id) and so the balance move
 * together, or, when the run fails or is killed, not at all.
 */
export async function rateFile(db: Db, request: RateFileRequest): Promise<RateFileResult> {
  if (request.customer === undefined && request.carrier === undefined) {
    throw new RatedeckError('BAD_OPTION', 'Give --customer <name>, --carrier <name> or both, e.g. `ratedeck rate calls.csv --customer Globex`.');
  }
  if (request.charge && request.customer === undefined) {
    throw new RatedeckError('BAD_OPTION', '--charge charges a customer: give --customer <name> too.', { option: '--charge' });
  }
  const customerCard = request.customer === undefined ? null : openRatingCard(db, 'customer', request.customer, request.overrides);
  const carrierCard = request.carrier === undefined ? null : openRatingCard(db, 'carrier', request.carrier, request.overrides);
  const factor = customerCard && carrierCard ? carrierToCustomerFactor(customerCard, carrierCard) : null;
  const states = await readingFile(request.statesFile ?? '', () => loadNanpStateTableWithOverrides(request.statesFile));
  const file = await readingFile(request.path, () =>
    openCdrFile(request.path, { format: request.format, map: request.map, timezone: request.timezone, numberRewrite: request.numberRewrite }),
  );
  const legs = [customerCard, carrierCard].filter((card): card is OpenedRatingCard => card !== null).map((card) => new CardRater(card, states));
  const main = legs[0]!;
  const summaries = legs.map((leg) => new RatingSummary(leg.card.currency, leg.card.policy.precision));
  const both = legs.length === 2;
  let carrierCostTotal = new Decimal(0);
  let marginTotal = new Decimal(0);

  const output = openOutput(request.output);
  const customer = request.charge ? getActiveCustomer(db, request.customer!) : null;

  const run = async (charges: ChargeWriter | null): Promise<{ charged: number; skipped: number }> => {
    let headerWritten = false;
    let skipped = 0;
    for await (const batch of file.batches) {
      for (const record of batch) {
        if (!headerWritten) {
          const layout = file.layout()!;
          if (charges && layout.fields.id === undefined) {
            throw new RatedeckError(
              'INVALID_VALUE',
              `${request.path}: --charge keys each charge by its call id, and this ${layout.format} file has no id column (Asterisk logs uniqueid with loguniqueid=yes; for a CSV, --map id=<column>).`,
              { path: request.path, option: '--charge' },
            );
          }
          headerWritten = true;
          await output?.writer.write(csvLine([...layout.columns, ...RATED_COLUMNS, ...(both ? MARGIN_COLUMNS : [])]));
        }
        const call = main.rate(record);
        summaries[0]!.add(call);
        const cells = ratedCells(call);
        if (both) {
          const carrier = legs[1]!.rate(record);
          summaries[1]!.add(carrier);
          const margin = callMargin(call, carrier, factor, main.card.policy.precision);
          if (margin.carrierCost !== null) carrierCostTotal = carrierCostTotal.plus(margin.carrierCost);
          if (margin.margin !== null) marginTotal = marginTotal.plus(margin.margin);
          cells.push(carrier.status, carrier.prefix ?? '', carrier.rate ?? '', String(carrier.billedSeconds), margin.carrierCost ?? '', margin.margin ?? '');
        }
        if (charges && call.status === 'rated') {
          if (record.id === null) skipped++;
          else charges.charge(chargeOf(record, call, record.id, request.path));
        }
        const pending = output?.writer.write(csvLine(record.fields, cells));
        if (pending) await pending;
      }
    }
    if (!headerWritten && output) await output.writer.write(csvLine([...RATED_COLUMNS, ...(both ? MARGIN_COLUMNS : [])]));
    await output?.writer.close(output.end);
    return { charged: charges ? charges.distinctCharged(db, request.path) : 0, skipped };
  };

  let charged: RateFileResult['charged'];
  if (customer) {
    charged = await chargeTransaction(db, async () => {
      const before = balanceText(db, customer);
      const outcome = await run(new ChargeWriter(db, customer));
      return { customer: customer.name, calls: outcome.charged, skippedWithoutId: outcome.skipped, balanceBefore: before, balanceAfter: balanceText(db, customer) };
    });
  } else {
    await run(null);
  }

  const result: RateFileResult = summaries[0]!.toJSON();
  if (both) {
    const places = main.card.policy.precision;
    result.carrier = {
      ...summaries[1]!.toJSON(),
      costInCustomerCurrency: decimalText(carrierCostTotal, Math.max(places, carrierCostTotal.decimalPlaces())),
      margin: decimalText(marginTotal, Math.max(places, marginTotal.decimalPlaces())),
    };
  }
  if (charged) result.charged = charged;
  return result;
}

/** Runs `work`, which reads `path`; a file that cannot be opened or read is UNREADABLE_FILE naming it. */
async function readingFile<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      throw new RatedeckError('UNREADABLE_FILE', `Cannot read ${path}: ${(error as Error).message}`, { path });
    }
    throw error;
  }
}

function chargeOf(record: CallRecord, call: RatedCall, callId: string, source: string) {
  return { callId, amount: call.cost!, callTime: record.ratingTime, billedSeconds: call.billedSeconds, source };
}

function balanceText(db: Db, customer: Customer): string {
  return formatMoney(customerBalance(db, customer).balance, customer.currency);
}

function openOutput(output: RateFileRequest['output']): { writer: ChunkedLineWriter; end: boolean } | null {
  if (output === null) return null;
  if ('stream' in output) return { writer: new ChunkedLineWriter(output.stream, output.name), end: false };
  let stream: Writable;
  try {
    stream = createWriteStream(output.path);
  } catch (error) {
    throw new RatedeckError('UNWRITABLE_FILE', `Cannot write ${output.path}: ${(error as Error).message}`, { path: output.path });
  }
  return { writer: new ChunkedLineWriter(stream, output.path), end: true };
}
