import { OPTIONAL_DECIMAL_COLUMNS } from '../model/entry-schema.js';
import type { EntryTable } from '../model/entry-table.js';
import { CarrierCosts, type CostBook } from './cost-book.js';
import { exchangeFactor } from './exchange-factor.js';

/** How the costs of several carriers for one code become one buy cost. */
export type CompactMode = 'min' | 'max' | 'avg';

export const COMPACT_MODES: readonly CompactMode[] = ['min', 'max', 'avg'];

/** A carrier's card as pricing sees it: its entries (whole history) and their currency. */
export interface CostCard {
  name: string;
  currency: string;
  table: EntryTable;
}

/** Cost ids (see CostBook) of one code; increments in seconds. */
export interface CombinedCost {
  rate: number;
  connectionFee: number;
  initialIncrement: number;
  subsequentIncrement: number;
  /** One cost id per OPTIONAL_DECIMAL_COLUMNS (the US rates), ABSENT for a rate no matched entry states. */
  optionalRates: Int32Array;
}

/** The decimal columns a fold reads, by position in CostCombiner.columns: then the optional ones from OPTIONAL_RATES. */
const RATE = 0;
const CONNECTION_FEE = 1;
const OPTIONAL_RATES = 2;

const NO_MATCH = -1;
/** Cost id of an optional rate the entry does not state. */
export const ABSENT = -1;

/**
 * Folds, for one sell code, the costs of each carrier's own longest-prefix
 * entry (see CodeUnion) by the compact mode:
 * - min: the cheapest carrier's entry whole (its fee, increments, US rates);
 *   a tie goes to the carrier named first.
 * - max / avg: the highest / mean rate, and for safety the highest fee and
 *   the longest increments (initial and subsequent each at their maximum),
 *   so the sell card is never billed finer than any route bought.
 * It reuses one result object: read it before the next call.
 */
export class CostCombiner {
  private readonly tables: EntryTable[];
  /** columns[column][card]: the cards' decimal columns as plain arrays, for the folds. */
  private readonly columns: Int32Array[][];
  private readonly costs: CarrierCosts[];
  private matched: Int32Array = new Int32Array(0);
  private readonly scratch: number[];
  private readonly result: CombinedCost = {
    rate: 0,
    connectionFee: 0,
    initialIncrement: 0,
    subsequentIncrement: 0,
    optionalRates: new Int32Array(OPTIONAL_DECIMAL_COLUMNS.length).fill(ABSENT),
  };

  constructor(
    private readonly cards: CostCard[],
    private readonly book: CostBook,
    private readonly mode: CompactMode,
    rates: Readonly<Record<string, string>>,
    currency: string,
    missingRate: (card: CostCard) => Error,
  ) {
    this.tables = cards.map((card) => card.table);
    this.columns = [
      this.tables.map((table) => table.rate),
      this.tables.map((table) => table.connectionFee),
      ...OPTIONAL_DECIMAL_COLUMNS.map((name) => this.tables.map((table) => table[name])),
    ];
    this.costs = cards.map((card) => new CarrierCosts(book, card.table.texts, exchangeFactor(rates, card.currency, currency, () => missingRate(card))));
    this.scratch = new Array<number>(cards.length);
  }

  /** Folds the costs of `matched[card]`, each card's longest-prefix entry for one code (-1: none). */
  combine(matched: Int32Array): CombinedCost {
    this.matched = matched;
    return this.mode === 'min' ? this.cheapest() : this.fold();
  }

  private cheapest(): CombinedCost {
    let chosen = -1;
    let best = 0;
    for (let card = 0; card < this.cards.length; card++) {
      const entry = this.matched[card]!;
      if (entry === NO_MATCH) continue;
      const cost = this.costs[card]!.costOf(this.tables[card]!.rate[entry]!);
      if (chosen === -1 || this.book.compare(cost, best) < 0) {
        chosen = card;
        best = cost;
      }
    }
    const table = this.tables[chosen]!;
    const costs = this.costs[chosen]!;
    const entry = this.matched[chosen]!;
    const result = this.result;
    result.rate = best;
    result.connectionFee = costs.costOf(table.connectionFee[entry]!);
    result.initialIncrement = table.initialIncrement[entry]!;
    result.subsequentIncrement = table.subsequentIncrement[entry]!;
    for (let k = 0; k < result.optionalRates.length; k++) result.optionalRates[k] = optionalCost(costs, this.columns[OPTIONAL_RATES + k]![chosen]![entry]!);
    return result;
  }

  private fold(): CombinedCost {
    const result = this.result;
    const average = this.mode === 'avg';
    result.rate = this.foldColumn(RATE, average);
    result.connectionFee = this.foldColumn(CONNECTION_FEE, false);
    for (let k = 0; k < result.optionalRates.length; k++) result.optionalRates[k] = this.foldColumn(OPTIONAL_RATES + k, average);
    result.initialIncrement = 0;
    result.subsequentIncrement = 0;
    for (let card = 0; card < this.cards.length; card++) {
      const entry = this.matched[card]!;
      if (entry === NO_MATCH) continue;
      result.initialIncrement = Math.max(result.initialIncrement, this.tables[card]!.initialIncrement[entry]!);
      result.subsequentIncrement = Math.max(result.subsequentIncrement, this.tables[card]!.subsequentIncrement[entry]!);
    }
    return result;
  }

  /** The highest, or the mean, of a column over the carriers that match and state it. */
  private foldColumn(column: number, average: boolean): number {
    const values = this.columns[column]!;
    let count = 0;
    let highest = ABSENT;
    for (let card = 0; card < this.cards.length; card++) {
      const entry = this.matched[card]!;
      if (entry === NO_MATCH) continue;
      const cost = optionalCost(this.costs[card]!, values[card]![entry]!);
      if (cost === ABSENT) continue;
      if (average) this.scratch[count++] = cost;
      else if (highest === ABSENT || this.book.compare(cost, highest) > 0) highest = cost;
    }
    if (!average) return highest;
    return count === 0 ? ABSENT : this.book.average(this.scratch, count);
  }
}

function optionalCost(costs: CarrierCosts, textId: number): number {
  return textId < 0 ? ABSENT : costs.costOf(textId);
}
