import { Decimal, decimalText } from '../money/decimal.js';

const UNKNOWN = -1;
/** Ids below 2^17 pack three to a key under 2^51, exact in a double. */
const SMALL_ID = 2 ** 17;

/** Order-free key of 2 or 3 ids, or -1 when one is too large to pack. */
function smallSetKey(ids: number[], count: number): number {
  let a = ids[0]!;
  let b = ids[1]!;
  let c = count === 3 ? ids[2]! : 0;
  if (a >= SMALL_ID || b >= SMALL_ID || c >= SMALL_ID) return -1;
  if (a > b) [a, b] = [b, a];
  if (count === 3) {
    if (b > c) [b, c] = [c, b];
    if (a > b) [a, b] = [b, a];
  }
  return (a * SMALL_ID + b) * SMALL_ID + c;
}

/**
 * Buy costs in the customer's currency, as small integer ids: the pricing
 * loop caches sell rates by (cost id, rule) and runs decimal arithmetic once
 * per distinct cost, not once per code.
 */
export class CostBook {
  private readonly amounts: Decimal[] = [];
  /**
   * Each amount's nearest double, used only to ORDER costs: rounding to the
   * nearest double is monotonic, so a < b whenever their doubles are; equal
   * doubles fall back to an exact decimal comparison. No arithmetic on them.
   */
  private readonly orderKeys: number[] = [];
  private readonly texts: (string | undefined)[] = [];
  private readonly ids = new Map<string, number>();
  /** Averages of two and of three ids by numeric key, and of more by text key. */
  private readonly averages = [new Map<number, number>(), new Map<number, number>()];
  private readonly averagesByText = new Map<string, number>();

  /** The id of an amount, shared by every source that yields the same value. */
  intern(amount: Decimal): number {
    const text = decimalText(amount);
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.add(amount);
      this.texts[id] = text;
      this.ids.set(text, id);
    }
    return id;
  }

  amount(id: number): Decimal {
    return this.amounts[id]!;
  }

  /** The exact amount as text (no rounding: it is a cost, not a price). */
  text(id: number): string {
    return (this.texts[id] ??= decimalText(this.amounts[id]!));
  }

  compare(a: number, b: number): number {
    if (a === b) return 0;
    const keyA = this.orderKey(a);
    const keyB = this.orderKey(b);
    if (keyA !== keyB) return keyA < keyB ? -1 : 1;
    return this.amounts[a]!.cmp(this.amounts[b]!);
  }

  /**
   * The mean of `count` costs (the first `count` of `ids`), cached by the set
   * of ids: decks price per destination, so combinations repeat. Two or three
   * small ids (the usual union) make a numeric key without allocating.
   */
  average(ids: number[], count: number): number {
    if (count === 1) return ids[0]!;
    const key = count <= 3 ? smallSetKey(ids, count) : -1;
    const textKey = key === -1 ? ids.slice(0, count).sort((a, b) => a - b).join(',') : '';
    const cached = key === -1 ? this.averagesByText.get(textKey) : this.averages[count - 2]!.get(key);
    if (cached !== undefined) return cached;
    let sum = this.amounts[ids[0]!]!;
    for (let i = 1; i < count; i++) sum = sum.plus(this.amounts[ids[i]!]!);
    const id = this.add(sum.div(count));
    if (key === -1) this.averagesByText.set(textKey, id);
    else this.averages[count - 2]!.set(key, id);
    return id;
  }

  private add(amount: Decimal): number {
    const id = this.amounts.length;
    this.amounts.push(amount);
    this.orderKeys.push(NaN);
    this.texts.push(undefined);
    return id;
  }

  private orderKey(id: number): number {
    let key = this.orderKeys[id]!;
    if (Number.isNaN(key)) this.orderKeys[id] = key = this.amounts[id]!.toNumber();
    return key;
  }
}

/**
 * One carrier's decimals (rates, fees) as cost ids, converted with its
 * exchange factor (null: already in the customer's currency). Cached by the
 * carrier table's text id, so each distinct text is converted once.
 */
export class CarrierCosts {
  private readonly byText: Int32Array;

  constructor(
    private readonly book: CostBook,
    private readonly texts: readonly string[],
    private readonly factor: Decimal | null,
  ) {
    this.byText = new Int32Array(texts.length).fill(UNKNOWN);
  }

  costOf(textId: number): number {
    let id = this.byText[textId]!;
    if (id === UNKNOWN) {
      const amount = new Decimal(this.texts[textId]!);
      id = this.book.intern(this.factor === null ? amount : amount.times(this.factor));
      this.byText[textId] = id;
    }
    return id;
  }
}
