import { RatedeckError } from '../errors.js';
import { OPTIONAL_DECIMAL_COLUMNS } from '../model/entry-schema.js';
import { NO_TEXT, type EntryTable } from '../model/entry-table.js';
import { CodeUnion } from './code-union.js';
import { CostBook } from './cost-book.js';
import { ABSENT, CostCombiner, type CompactMode, type CostCard } from './cost-combiner.js';
import type { MarginPlan } from './margin-plan.js';
import { planError } from './plan-fields.js';
import { DEFAULT_TERMS, PlanRuleIndex } from './plan-rule-index.js';
import { SellPricer } from './sell-pricer.js';
import { SellCardWriter } from './sell-card-writer.js';
import { SellQuotes } from './sell-quotes.js';

export type { CompactMode, CostCard } from './cost-combiner.js';

/** A destination whose rule has not been looked up yet. */
const UNRESOLVED = -2;

export interface SellCardOptions {
  plan: MarginPlan;
  /** The customer's currency: every cost is converted into it. */
  currency: string;
  /** Source entries in force at this time are priced. */
  at: number;
  /** The sell entries start here, open-ended. */
  effective: number;
  compact?: CompactMode;
  /** Names the plan in messages (its file name). */
  planSource?: string;
}

export interface BelowCost {
  prefix: string;
  buy: string;
  sell: string;
}

export interface IncrementWarning {
  prefix: string;
  bought: string;
  sold: string;
}

export interface SellCardSummary {
  entries: number;
  blocked: number;
  belowCost: BelowCost[];
  incrementWarnings: IncrementWarning[];
}

export interface SellCard {
  table: EntryTable;
  summary: SellCardSummary;
}

/**
 * Prices one or many carriers' cards into a customer's sell card.
 *
 * The sell codes are the union of the codes in force at `at`. For each code,
 * every carrier's cost is that carrier's OWN longest-prefix entry for the
 * code, resolved before any comparison (a deck with 447 and one with 4477
 * both price 4477: the first at its 447 rate). Carriers with no match are
 * left out for that code. The costs are combined by `compact`, then the
 * plan's rule for the code (by the code and the destination of the first
 * carrier that lists it) sets the sell rate.
 *
 * Decimal arithmetic is the expensive part, so it runs once per distinct
 * (cost, rule): costs are interned ids and sell texts cached by id and rule.
 */
export function buildSellCard(cards: CostCard[], options: SellCardOptions): SellCard {
  if (cards.length === 0) throw new RatedeckError('BAD_OPTION', 'Pricing needs at least one carrier card; expected --carrier <name>.');
  const { plan, at, effective } = options;
  const source = options.planSource ?? 'plan';
  const book = new CostBook();
  const combiner = new CostCombiner(cards, book, options.compact ?? 'min', plan.exchangeRates, options.currency, (card) =>
    planError(
      source,
      `exchangeRates.${card.currency}`,
      `the ${options.currency} value of one ${card.currency}, such as {"${card.currency}": "1.0850"} (carrier "${card.name}" prices in ${card.currency})`,
      undefined,
    ),
  );
  const pricer = new SellPricer(plan);
  const rules = new PlanRuleIndex(plan);
  const writer = new SellCardWriter(cards.reduce((sum, card) => sum + card.table.length, 0), effective);
  const summary: SellCardSummary = { entries: 0, blocked: 0, belowCost: [], incrementWarnings: [] };
  const quotes = new SellQuotes(book, pricer, writer, plan.rules.length);

  const tables = cards.map((card) => card.table);
  // The writer's columns never grow (its capacity is every source entry), so they can be held here.
  const optionalColumns = OPTIONAL_DECIMAL_COLUMNS.map((name) => writer.table[name]);
  const destinationRules = tables.map((table) => new Int32Array(table.texts.length).fill(UNRESOLVED));
  const priceCode = (code: string, first: number, matched: Int32Array): void => {
    const table = tables[first]!;
    const destination = table.destination[matched[first]!]!;
    let rule = rules.prefixRuleFor(code);
    if (rule === DEFAULT_TERMS && destination !== NO_TEXT) {
      const cache = destinationRules[first]!;
      rule = cache[destination]!;
      if (rule === UNRESOLVED) cache[destination] = rule = rules.destinationRuleFor(table.texts[destination]!);
    }
    const terms = pricer.terms(rule);
    if (terms.block) {
      summary.blocked++;
      return;
    }

    const cost = combiner.combine(matched);
    const sell = quotes.sell(cost.rate, rule);
    const initial = terms.increments?.initial ?? cost.initialIncrement;
    const subsequent = terms.increments?.subsequent ?? cost.subsequentIncrement;
    const row = writer.add(code, first, table, destination, sell >> 1);
    const sold = writer.table;
    sold.connectionFee[row] = terms.connectionFee !== null ? quotes.ruleFee(rule, terms.connectionFee) : quotes.fee(cost.connectionFee);
    sold.initialIncrement[row] = initial;
    sold.subsequentIncrement[row] = subsequent;
    // The optional rates (US inter, intra, indeterminate) are priced as the rate is.
    for (let k = 0; k < optionalColumns.length; k++) {
      const optional = cost.optionalRates[k]!;
      optionalColumns[k]![row] = optional === ABSENT ? NO_TEXT : quotes.sell(optional, rule) >> 1;
    }

    if (sell & 1) summary.belowCost.push({ prefix: code, buy: book.text(cost.rate), sell: writer.texts[sell >> 1]! });
    if (initial < cost.initialIncrement || subsequent < cost.subsequentIncrement) {
      summary.incrementWarnings.push({ prefix: code, bought: `${cost.initialIncrement}/${cost.subsequentIncrement}`, sold: `${initial}/${subsequent}` });
    }
  };

  if (cards.length === 1) {
    // One card is its own union, priced in deck order.
    const table = tables[0]!;
    const matched = new Int32Array(1);
    for (let i = 0; i < table.length; i++) {
      if (!(table.effectiveFrom[i]! <= at && at < table.effectiveTo[i]!)) continue;
      matched[0] = i;
      priceCode(table.prefix[i]!, 0, matched);
    }
  } else {
    new CodeUnion(tables, at).forEachCode(priceCode);
  }
  const built = writer.build();
  summary.entries = built.length;
  return { table: built, summary };
}
