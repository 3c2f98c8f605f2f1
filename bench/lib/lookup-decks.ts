import { EntryTableBuilder, type EntryTable } from '../../src/model/entry-table.js';
import { randomInt, seededRandom } from './seeded-random.js';

const DAY = 86_400_000;
const YEAR = 365 * DAY;
/** The time the benchmark looks numbers up at. */
export const LOOKUP_TIME = Date.UTC(2025, 3, 10);
/** Country codes no synthetic deck uses, so numbers starting with them match nothing. */
const UNUSED_CODES = ['28', '83', '999'];
/** Share of the deck that is US NPA-NXX blocks (1 + 6 digits), as in a carrier's A-Z deck. */
const US_SHARE = 0.45;

export interface LookupDeck {
  table: EntryTable;
  /** Distinct prefixes, in deck order. */
  prefixes: string[];
}

/**
 * A deck shaped like a carrier's A-Z deck: country codes, then area and
 * mobile ranges beneath them, often as full runs of ten siblings (44770 ..
 * 44779), and US NPA-NXX 7-digit blocks. About 10% of prefixes carry an ended
 * older rate as well, 3% a rate that starts after LOOKUP_TIME.
 */
export function lookupDeck(prefixCount: number, seed = 1): LookupDeck {
  const random = seededRandom(seed);
  const seen = new Set<string>();
  const prefixes: string[] = [];
  const add = (prefix: string): void => {
    if (!seen.has(prefix) && prefixes.length < prefixCount) {
      seen.add(prefix);
      prefixes.push(prefix);
    }
  };

  // US NPA-NXX blocks: each of the 800 x 800 combinations with the probability that fills the budget.
  const usBudget = Math.floor(prefixCount * US_SHARE);
  const share = Math.min(1, usBudget / (800 * 800));
  add('1');
  while (prefixes.length < usBudget) {
    for (let npa = 200; npa < 1000 && prefixes.length < usBudget; npa++) {
      if (random() < 0.02) add(`1${npa}`);
      for (let nxx = 200; nxx < 1000 && prefixes.length < usBudget; nxx++) if (random() < share) add(`1${npa}${nxx}`);
    }
  }

  const countries: string[] = [];
  while (countries.length < 220) {
    const length = countries.length < 8 ? 2 : 3;
    const code = String(2 + randomInt(random, 8)) + String(randomInt(random, 10 ** (length - 1))).padStart(length - 1, '0');
    if (code.startsWith('1') || UNUSED_CODES.some((unused) => code.startsWith(unused) || unused.startsWith(code))) continue;
    if (countries.some((other) => other.startsWith(code) || code.startsWith(other))) continue;
    countries.push(code);
    add(code);
  }
  const expandable = [...countries];
  while (prefixes.length < prefixCount) {
    const pick = randomInt(random, expandable.length);
    const parent = expandable[pick]!;
    const fullRun = random() < 0.4;
    const children = fullRun ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] : [randomInt(random, 10), randomInt(random, 10)];
    for (const digit of children) {
      const child = parent + digit;
      if (seen.has(child)) continue;
      add(child);
      if (child.length < 9) expandable.push(child);
    }
    // A parent with its full run of ten has nothing left to give.
    if (fullRun) {
      expandable[pick] = expandable[expandable.length - 1]!;
      expandable.pop();
    }
  }

  const builder = new EntryTableBuilder(prefixCount + prefixCount / 5);
  const rates = Array.from({ length: 5000 }, (_, i) => `0.${String(1 + ((i * 7919) % 9999)).padStart(4, '0')}`);
  const destinations = new Map<string, string>();
  const current = LOOKUP_TIME - YEAR;
  const next = LOOKUP_TIME + 7 * DAY;
  const us = { initial: 6, subsequent: 6 };
  const international = { initial: 60, subsequent: 60 };
  const entry = { prefix: '', destination: '', rate: '', connectionFee: '0', increments: us, interRate: null, intraRate: null, indeterminateRate: null, effectiveFrom: 0, effectiveTo: null as number | null };
  const addEntry = (from: number, to: number | null): void => {
    entry.rate = rates[randomInt(random, rates.length)]!;
    entry.effectiveFrom = from;
    entry.effectiveTo = to;
    builder.add(entry);
  };
  for (const prefix of prefixes) {
    const key = (prefix.startsWith('1') ? '1' : prefix.slice(0, 3)) + (prefix.length > 5 ? ' Mobile' : ' Fixed');
    let destination = destinations.get(key);
    if (destination === undefined) destinations.set(key, (destination = `Country ${key}`));
    entry.prefix = prefix;
    entry.destination = destination;
    entry.increments = prefix.startsWith('1') ? us : international;
    const roll = random();
    if (roll < 0.1) addEntry(current - YEAR, current);
    if (roll > 0.97) {
      addEntry(current, next);
      addEntry(next, null);
    } else {
      addEntry(current, null);
    }
  }
  return { table: builder.build(), prefixes };
}

/**
 * `count` dialled numbers in random order: `matchShare` of them start with a
 * random deck prefix (then filled out to a real length), the rest with a
 * country code the deck does not have. Each is a random pick, so the list
 * needs no shuffle, and its strings lie in memory in the order they are read,
 * as when a billing job reads them from a file.
 */
export function lookupNumbers(deck: LookupDeck, count: number, matchShare = 0.9, seed = 2): string[] {
  const random = seededRandom(seed);
  const numbers = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    let number: string;
    let length: number;
    if (random() < matchShare) {
      number = deck.prefixes[randomInt(random, deck.prefixes.length)]!;
      length = number.startsWith('1') ? 11 : 11 + randomInt(random, 2);
    } else {
      number = UNUSED_CODES[randomInt(random, UNUSED_CODES.length)]!;
      length = 11 + randomInt(random, 2);
    }
    while (number.length < length) number += String(randomInt(random, 10));
    numbers[i] = number;
  }
  return numbers;
}
