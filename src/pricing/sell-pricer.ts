import { Decimal, decimalText, roundTo } from '../money/decimal.js';
import type { Increments } from '../model/rate-entry.js';
import type { MarginPlan, PlanTerms } from './margin-plan.js';
import { DEFAULT_TERMS } from './plan-rule-index.js';

/** One rule merged over the default, with its decimals parsed once. */
export interface CompiledTerms {
  /** 1 + percent/100. */
  multiplier: Decimal;
  multiplierIsOne: boolean;
  add: Decimal;
  price: Decimal | null;
  block: boolean;
  increments: Increments | null;
  /** The rule's fee as written out on the sell card, or null to use the carrier's. */
  connectionFee: string | null;
}

/**
 * The margin formula, one code at a time (callers cache by buy rate and rule):
 *   with `price`:  sell = price (floors do not apply; it may be under cost)
 *   otherwise:     raw  = buy × (1 + percent/100) + add
 *                  sell = round(max(raw, buy + minMargin, minRate), precision, rounding)
 * Rounding happens once, at the end, by decimal places.
 */
export class SellPricer {
  private readonly rules: CompiledTerms[];
  private readonly defaults: CompiledTerms;
  private readonly minMargin: Decimal;
  private readonly minRate: Decimal;

  constructor(private readonly plan: MarginPlan) {
    this.minMargin = new Decimal(plan.minMargin);
    this.minRate = new Decimal(plan.minRate);
    this.defaults = this.compile(plan.default, {});
    this.rules = plan.rules.map((rule) => this.compile(plan.default, rule));
  }

  /** Terms of plan.rules[ruleIndex], or the default's for DEFAULT_TERMS. */
  terms(ruleIndex: number): CompiledTerms {
    return ruleIndex === DEFAULT_TERMS ? this.defaults : this.rules[ruleIndex]!;
  }

  /** The rounded sell rate for a buy rate already in the customer's currency. */
  sellRate(buy: Decimal, ruleIndex: number): Decimal {
    const terms = this.terms(ruleIndex);
    if (terms.price !== null) return terms.price;
    // max(raw, buy + minMargin, minRate), skipping what a zero or a one makes idle: percent
    // and add are never negative, so raw >= buy and a zero minMargin cannot win.
    let sell = terms.multiplierIsOne ? buy : buy.times(terms.multiplier);
    if (!terms.add.isZero()) sell = sell.plus(terms.add);
    if (!this.minMargin.isZero()) {
      const withMargin = buy.plus(this.minMargin);
      if (withMargin.gt(sell)) sell = withMargin;
    }
    if (this.minRate.gt(sell)) sell = this.minRate;
    return roundTo(sell, this.plan.precision, this.plan.rounding);
  }

  /** A carrier's connection fee (converted) rounded like sell rates. */
  roundFee(fee: Decimal): Decimal {
    return roundTo(fee, this.plan.precision, this.plan.rounding);
  }

  /** Sell-card text of an amount: always `precision` decimals ("0.1200"). */
  format(amount: Decimal): string {
    return decimalText(amount, this.plan.precision);
  }

  private compile(defaults: PlanTerms, rule: PlanTerms): CompiledTerms {
    const percent = new Decimal(rule.percent ?? defaults.percent ?? '0');
    const fee = rule.connectionFee ?? defaults.connectionFee;
    return {
      multiplier: percent.div(100).plus(1),
      multiplierIsOne: percent.isZero(),
      add: new Decimal(rule.add ?? defaults.add ?? '0'),
      price: rule.price === undefined ? null : new Decimal(rule.price),
      block: rule.block === true,
      increments: rule.increments ?? defaults.increments ?? null,
      connectionFee: fee === undefined ? null : this.format(new Decimal(fee)),
    };
  }
}
