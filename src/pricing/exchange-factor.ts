import { Decimal } from '../money/decimal.js';

/**
 * The factor that turns an amount in `from` into `to`, where rates[from] is
 * the number of `to` units per one `from` unit (the plan's exchangeRates, or
 * lcr's --rate). Null when no conversion is needed; `missing` builds the
 * error for a needed rate that is absent, so each caller names its own source.
 */
export function exchangeFactor(rates: Readonly<Record<string, string>>, from: string, to: string, missing: () => Error): Decimal | null {
  if (from === to) return null;
  const rate = rates[from];
  if (rate === undefined) throw missing();
  return new Decimal(rate);
}
