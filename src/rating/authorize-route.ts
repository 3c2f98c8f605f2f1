import { RatedeckError } from '../errors.js';
import { normalizeNumber } from '../model/normalize-number.js';
import { formatIncrements } from '../model/rate-entry.js';
import { authorizeCall, DEFAULT_MAX_CALL_SECONDS } from './authorize-call.js';
import type { RatingCard } from './card-rater.js';
import { callJurisdiction, chooseJurisdictionRate, type Jurisdiction } from './jurisdiction/call-jurisdiction.js';
import type { NanpStateTable } from './jurisdiction/nanp-state-table.js';

/** Why a call is refused. */
export type RefusalReason = 'CUSTOMER_ARCHIVED' | 'CUSTOMER_INACTIVE' | 'NO_ROUTE' | 'INSUFFICIENT_CREDIT';

/** `ratedeck authorize --json` and `GET /v1/authorize`: money as exact decimal text. */
export interface AuthorizationAnswer {
  allowed: boolean;
  /** Null when allowed. */
  reason: RefusalReason | null;
  prefix: string | null;
  /** The per-minute rate the call is billed at (its jurisdiction's, when the entry has one). */
  rate: string | null;
  increments: string | null;
  connectionFee: string | null;
  /** Balance plus debit limit, in the customer's currency. */
  available: string;
  /** The longest billed duration the credit allows, capped at the customer's maximum; 0 when refused. */
  maxSeconds: number;
  jurisdiction: Jurisdiction | null;
}

/** The customer as authorization sees it. */
export interface AuthorizingCustomer {
  status: 'active' | 'inactive' | 'archived';
  /** Balance plus debit limit as exact decimal text (formatted in the customer's currency). */
  available: string;
  /** Null: DEFAULT_MAX_CALL_SECONDS. */
  maxCallSeconds: number | null;
}

/**
 * May this customer call `number` at `at`, and for how long? Refused for an
 * archived or inactive customer, for a number its card (null: it has none)
 * has no entry for at `at`, and when the credit does not cover the first
 * increment plus the connection fee (authorizeCall). The caller decides the
 * US jurisdiction of an entry with inter/intra/indeterminate rates, as in
 * rating. A number that is not a phone number is INVALID_VALUE.
 */
export function authorizeRoute(customer: AuthorizingCustomer, card: RatingCard | null, states: NanpStateTable, number: string, caller: string | null, at: number): AuthorizationAnswer {
  const digits = digitsOf(number, 'number');
  const callerDigits = caller === null || caller === '' ? null : digitsOf(caller, 'caller');
  const refused = (reason: RefusalReason): AuthorizationAnswer => ({
    allowed: false,
    reason,
    prefix: null,
    rate: null,
    increments: null,
    connectionFee: null,
    available: customer.available,
    maxSeconds: 0,
    jurisdiction: null,
  });
  if (customer.status === 'archived') return refused('CUSTOMER_ARCHIVED');
  if (customer.status === 'inactive') return refused('CUSTOMER_INACTIVE');
  const index = card === null ? -1 : card.card.lookup(digits, at);
  if (index === -1) return refused('NO_ROUTE');
  const entry = card!.card.entry(index, digits);
  const chosen = chooseJurisdictionRate(entry, () => callJurisdiction(states, digits, callerDigits));
  const decision = authorizeCall(
    { rate: chosen.rate, connectionFee: entry.connectionFee, increments: entry.increments },
    card!.policy,
    customer.available,
    customer.maxCallSeconds ?? DEFAULT_MAX_CALL_SECONDS,
  );
  return {
    allowed: decision.allowed,
    reason: decision.reason,
    prefix: entry.prefix,
    rate: chosen.rate,
    increments: formatIncrements(entry.increments),
    connectionFee: entry.connectionFee,
    available: customer.available,
    maxSeconds: decision.maxSeconds,
    jurisdiction: chosen.jurisdiction,
  };
}

function digitsOf(text: string, field: 'number' | 'caller'): string {
  const normalized = normalizeNumber(text);
  if ('error' in normalized) throw new RatedeckError('INVALID_VALUE', `${field}: ${normalized.error}`, { field, value: text });
  return normalized.digits;
}
