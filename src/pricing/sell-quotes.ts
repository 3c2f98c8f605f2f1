import type { CostBook } from './cost-book.js';
import type { SellCardWriter } from './sell-card-writer.js';
import type { SellPricer } from './sell-pricer.js';

const UNPRICED = -1;

/**
 * The sell card's texts for each distinct (cost id, rule), computed once:
 * a million codes share a few thousand rates, so the decimal formula runs a
 * few thousand times. Caches are arrays indexed by cost id, one per rule.
 */
export class SellQuotes {
  /** Per rule (index + 1; 0 is the default): writer text id * 2, + 1 when under cost. */
  private readonly sells: Int32Array[];
  private fees: Int32Array = new Int32Array(256).fill(UNPRICED);
  private readonly ruleFees: Int32Array;

  constructor(
    private readonly book: CostBook,
    private readonly pricer: SellPricer,
    private readonly writer: SellCardWriter,
    ruleCount: number,
  ) {
    this.sells = Array.from({ length: ruleCount + 1 }, () => new Int32Array(256).fill(UNPRICED));
    this.ruleFees = new Int32Array(ruleCount + 1).fill(UNPRICED);
  }

  /** Writer text id of the sell rate times 2, plus 1 when it is under the cost. */
  sell(cost: number, rule: number): number {
    let cache = this.sells[rule + 1]!;
    if (cost >= cache.length) cache = this.sells[rule + 1] = grown(cache, cost);
    let quote = cache[cost]!;
    if (quote === UNPRICED) {
      const buy = this.book.amount(cost);
      const sell = this.pricer.sellRate(buy, rule);
      quote = this.writer.intern(this.pricer.format(sell)) * 2 + (sell.lt(buy) ? 1 : 0);
      cache[cost] = quote;
    }
    return quote;
  }

  /** Writer text id of a carrier's connection fee, converted cost id `cost`, rounded. */
  fee(cost: number): number {
    if (cost >= this.fees.length) this.fees = grown(this.fees, cost);
    let id = this.fees[cost]!;
    if (id === UNPRICED) this.fees[cost] = id = this.writer.intern(this.pricer.format(this.pricer.roundFee(this.book.amount(cost))));
    return id;
  }

  /** Writer text id of a rule's own connection fee. */
  ruleFee(rule: number, fee: string): number {
    let id = this.ruleFees[rule + 1]!;
    if (id === UNPRICED) this.ruleFees[rule + 1] = id = this.writer.intern(fee);
    return id;
  }
}

function grown(cache: Int32Array, index: number): Int32Array {
  const bigger = new Int32Array(Math.max(cache.length * 2, index + 1)).fill(UNPRICED);
  bigger.set(cache);
  return bigger;
}
