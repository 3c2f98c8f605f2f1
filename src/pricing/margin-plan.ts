import { isRatedeckError, RatedeckError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { keyLabel } from '../text/quoted-value.js';
import { parseStrictJson } from '../text/strict-json.js';
import { isRoundingMode, ROUNDING_MODES, type RoundingMode } from '../money/decimal.js';
import { isKnownCurrency } from '../money/currency.js';
import type { Increments } from '../model/rate-entry.js';
import {
  checkKeys,
  isObject,
  planError,
  readBoolean,
  readDecimal,
  readExactAmount,
  readIncrements,
  readPrefix,
  readString,
  readWholeNumber,
} from './plan-fields.js';

/** What the plan's default or one rule says about the price of a code. */
export interface PlanTerms {
  /** Mark-up on the buy rate, in percent ("20" is ×1.20). */
  percent?: string;
  /** Fixed amount added after the mark-up, in the customer's currency. */
  add?: string;
  /** Absolute sell rate: no mark-up and no floors. Rules only. */
  price?: string;
  /** Leaves the code out of the sell card. Rules only. */
  block?: boolean;
  increments?: Increments;
  connectionFee?: string;
}

/** A rule applies by the longest `prefix` of a code, else by the first `destination` glob. */
export interface PlanRule extends PlanTerms {
  /** Where the rule sits in the plan file (`rules[3]`), for messages. */
  path: string;
  prefix?: string;
  destination?: string;
}

/**
 * A validated margin plan. Every amount is an exact decimal string as the
 * analyst wrote it (canonical form); nothing here went through a JS number.
 */
export interface MarginPlan {
  /** Decimal places of sell rates and converted connection fees. */
  precision: number;
  rounding: RoundingMode;
  /** The least a sell rate may exceed its buy rate by. */
  minMargin: string;
  /** The least any sell rate may be. */
  minRate: string;
  /** Customer-currency units per one unit of the keyed currency. */
  exchangeRates: Readonly<Record<string, string>>;
  default: PlanTerms;
  rules: PlanRule[];
}

const PLAN_FIELDS = ['precision', 'rounding', 'minMargin', 'minRate', 'exchangeRates', 'default', 'rules'] as const;
const DEFAULT_FIELDS = ['percent', 'add', 'increments', 'connectionFee'] as const;
const RULE_FIELDS = ['prefix', 'destination', 'percent', 'add', 'price', 'block', 'increments', 'connectionFee'] as const;
const MAX_PRECISION = 10;
/** Why percent and add are never negative: said in the message that refuses one. */
const NO_DISCOUNT = 'a margin plan marks costs up, never down; to sell a code under cost, give its rule a "price"';

/** Parses the text of a plan file; `source` (the file name) starts every message. */
export function parseMarginPlan(text: string, source = 'plan'): MarginPlan {
  return validateMarginPlan(parsePlanJson(text, source), source);
}

/**
 * The JSON of a plan file, read strictly: a key given twice (JSON.parse would keep the
 * last without a word) and nesting past LIMITS.jsonDepth are refused with line and column.
 */
export function parsePlanJson(text: string, source = 'plan'): unknown {
  try {
    return parseStrictJson(text, { source, maxDepth: LIMITS.jsonDepth });
  } catch (error) {
    if (!isRatedeckError(error)) throw error;
    if (error.details.line === undefined) {
      throw new RatedeckError('BAD_PLAN', `${source}: not valid JSON (${error.message.replace(/^.* is not valid JSON: /, '').replace(/\.$/, '')}); a plan is a JSON object such as {"precision": 4, "rounding": "up", "default": {"percent": "20"}}.`, {
        source,
      });
    }
    throw new RatedeckError('BAD_PLAN', error.message, error.details);
  }
}

/** Validates a plan already parsed from JSON (a file, or the copy stored with a revision). */
export function validateMarginPlan(value: unknown, source = 'plan'): MarginPlan {
  if (!isObject(value)) {
    throw planError(source, '(plan)', 'a JSON object such as {"precision": 4, "rounding": "up", "default": {"percent": "20"}}', value);
  }
  checkKeys(source, '', value, PLAN_FIELDS);
  // Rounding is a business decision, so the plan must state it rather than inherit a default.
  const precision = readWholeNumber(source, 'precision', value.precision, 0, MAX_PRECISION, 4);
  const modes = Object.keys(ROUNDING_MODES).map((mode) => `"${mode}"`).join(', ');
  if (typeof value.rounding !== 'string' || !isRoundingMode(value.rounding)) {
    throw planError(source, 'rounding', `one of ${modes}, such as "up"`, value.rounding);
  }
  const plan: MarginPlan = {
    precision,
    rounding: value.rounding,
    minMargin: value.minMargin === undefined ? '0' : readDecimal(source, 'minMargin', value.minMargin, '0.0010'),
    minRate: value.minRate === undefined ? '0' : readDecimal(source, 'minRate', value.minRate, '0.0050'),
    exchangeRates: readExchangeRates(source, value.exchangeRates),
    default: {},
    rules: [],
  };
  if (value.default !== undefined) {
    if (!isObject(value.default)) throw planError(source, 'default', 'an object such as {"percent": "20"}', value.default);
    const forbidden = Object.keys(value.default).find((key) => key === 'price' || key === 'block' || key === 'prefix' || key === 'destination');
    if (forbidden) {
      throw planError(source, `default.${forbidden}`, `no "${forbidden}" in default (it belongs in a rule, such as {"prefix": "8816", "price": "1.2000"})`, value.default[forbidden]);
    }
    checkKeys(source, 'default', value.default, DEFAULT_FIELDS);
    plan.default = readTerms(source, 'default', value.default, precision);
  }
  if (value.rules !== undefined) {
    if (!Array.isArray(value.rules)) throw planError(source, 'rules', 'an array such as [{"prefix": "44", "percent": "15"}]', value.rules);
    plan.rules = readRules(source, value.rules, precision);
  }
  return plan;
}

function readExchangeRates(source: string, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!isObject(value)) throw planError(source, 'exchangeRates', 'an object such as {"EUR": "1.0850"}', value);
  const rates: Record<string, string> = {};
  for (const [currency, rate] of Object.entries(value)) {
    const path = `exchangeRates.${keyLabel(currency)}`;
    if (!isKnownCurrency(currency)) {
      throw planError(source, path, 'an ISO 4217 currency code in capitals as the key, such as "EUR"', currency);
    }
    rates[currency] = readDecimal(source, path, rate, '1.0850', { positive: true });
  }
  return rates;
}

function readTerms(source: string, path: string, value: Record<string, unknown>, precision: number): PlanTerms {
  const terms: PlanTerms = {};
  if (value.percent !== undefined) terms.percent = readDecimal(source, `${path}.percent`, value.percent, '15', { whyNotNegative: NO_DISCOUNT });
  if (value.add !== undefined) terms.add = readDecimal(source, `${path}.add`, value.add, '0.0020', { whyNotNegative: NO_DISCOUNT });
  if (value.price !== undefined) terms.price = readExactAmount(source, `${path}.price`, value.price, '1.2000', precision);
  if (value.block !== undefined) terms.block = readBoolean(source, `${path}.block`, value.block);
  if (value.increments !== undefined) terms.increments = readIncrements(source, `${path}.increments`, value.increments);
  if (value.connectionFee !== undefined) {
    terms.connectionFee = readExactAmount(source, `${path}.connectionFee`, value.connectionFee, '0.0100', precision);
  }
  return terms;
}

function readRules(source: string, values: unknown[], precision: number): PlanRule[] {
  const prefixOwners = new Map<string, string>();
  return values.map((value, index) => {
    const path = `rules[${index}]`;
    if (!isObject(value)) throw planError(source, path, 'an object such as {"prefix": "44", "percent": "15"}', value);
    checkKeys(source, path, value, RULE_FIELDS);
    const hasPrefix = value.prefix !== undefined;
    const hasDestination = value.destination !== undefined;
    if (hasPrefix === hasDestination) {
      throw planError(source, path, 'exactly one of "prefix" or "destination", such as {"prefix": "44", "percent": "15"}', value);
    }
    const rule: PlanRule = { path, ...readTerms(source, path, value, precision) };
    if (hasPrefix) {
      rule.prefix = readPrefix(source, `${path}.prefix`, value.prefix);
      const owner = prefixOwners.get(rule.prefix);
      if (owner) throw planError(source, `${path}.prefix`, `each prefix in one rule only ("${rule.prefix}" is already ${owner}'s)`, value.prefix);
      prefixOwners.set(rule.prefix, path);
    } else {
      rule.destination = readString(source, `${path}.destination`, value.destination, 'a destination pattern such as "*mobile*"');
    }
    checkCombination(source, path, value, rule);
    return rule;
  });
}

/** `price` and `block` decide the outcome alone; fields beside them would be silently ignored. */
function checkCombination(source: string, path: string, value: Record<string, unknown>, rule: PlanRule): void {
  if (rule.price !== undefined) {
    const clash = (['percent', 'add', 'block'] as const).find((key) => value[key] !== undefined);
    if (clash) throw planError(source, `${path}.${clash}`, `no "${clash}" beside "price" (an absolute price takes no mark-up)`, value[clash]);
  }
  if (rule.block === true) {
    const clash = (['percent', 'add', 'increments', 'connectionFee'] as const).find((key) => value[key] !== undefined);
    if (clash) throw planError(source, `${path}.${clash}`, `no "${clash}" beside "block": true (a blocked code is not sold)`, value[clash]);
  }
}
