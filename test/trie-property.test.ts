import { describe, expect, it } from 'vitest';
import { NaivePrefixMap } from '../bench/lib/naive-prefix-map.js';
import { randomInt, seededRandom } from '../bench/lib/seeded-random.js';
import { entryTableFrom } from '../src/model/entry-table.js';
import type { RateEntry } from '../src/model/rate-entry.js';
import { buildPrefixTrie } from '../src/trie/build-prefix-trie.js';
import { decodeTrieSnapshot, encodeTrieSnapshot } from '../src/trie/trie-snapshot.js';

const DAY = 86_400_000;
const BASE = Date.UTC(2025, 0, 1);

/**
 * A random deck shaped like the hard cases: prefixes nested in each other
 * (most are a parent plus one or two digits), several entries per prefix with
 * past, current and future periods, and first digits 1-8 only, so numbers
 * starting with 0 or 9 match nothing.
 */
function randomDeck(random: () => number, size: number): RateEntry[] {
  const prefixes: string[] = [];
  for (let i = 0; i < size; i++) {
    const extend = prefixes.length > 0 && random() < 0.75;
    const parent = extend ? prefixes[randomInt(random, prefixes.length)]! : String(1 + randomInt(random, 8));
    let prefix = extend ? parent : parent.slice(0, 1);
    const extra = extend ? 1 + randomInt(random, 2) : randomInt(random, 3);
    for (let d = 0; d < extra; d++) prefix += String(randomInt(random, 10));
    if (prefix.length <= 15) prefixes.push(prefix);
  }
  const entries: RateEntry[] = [];
  for (const prefix of prefixes) {
    const periods = 1 + randomInt(random, 3);
    let from = BASE + (randomInt(random, 40) - 20) * DAY;
    for (let p = 0; p < periods; p++) {
      const open = p === periods - 1 && random() < 0.7;
      const to = open ? null : from + (1 + randomInt(random, 20)) * DAY;
      entries.push({
        prefix,
        destination: random() < 0.1 ? null : `Destination ${prefix.slice(0, 3)}`,
        rate: `0.${String(randomInt(random, 10_000)).padStart(4, '0')}`,
        connectionFee: random() < 0.8 ? '0' : '0.0100',
        increments: random() < 0.5 ? { initial: 60, subsequent: 60 } : { initial: 30, subsequent: 6 },
        interRate: null,
        intraRate: null,
        indeterminateRate: null,
        effectiveFrom: from,
        effectiveTo: to,
      });
      // Sometimes a gap between periods, during which the parent applies.
      from = (to ?? from) + (random() < 0.3 ? randomInt(random, 5) * DAY : 0);
    }
  }
  return entries;
}

function randomNumber(random: () => number, prefixes: string[]): string {
  const roll = random();
  let number = roll < 0.8 ? prefixes[randomInt(random, prefixes.length)]! : roll < 0.9 ? String(random() < 0.5 ? 0 : 9) : String(1 + randomInt(random, 8));
  const length = 1 + randomInt(random, 15);
  while (number.length < length) number += String(randomInt(random, 10));
  return number.slice(0, 15);
}

function randomTime(random: () => number, entries: RateEntry[]): number {
  // Boundaries exactly, half the time: that is where off-by-one errors live.
  if (random() < 0.5) {
    const entry = entries[randomInt(random, entries.length)]!;
    const edge = random() < 0.5 || entry.effectiveTo === null ? entry.effectiveFrom : entry.effectiveTo;
    return edge + (randomInt(random, 3) - 1);
  }
  return BASE + (randomInt(random, 120) - 40) * DAY + randomInt(random, DAY);
}

describe('the trie agrees with longest-first probing of a map', () => {
  it('on 40 random decks with nested prefixes and effective dates, 5,000 lookups each', () => {
    const random = seededRandom(20250301);
    let matched = 0;
    let unmatched = 0;
    for (let deck = 0; deck < 40; deck++) {
      const entries = randomDeck(random, 20 + randomInt(random, deck < 20 ? 60 : 2000));
      const table = entryTableFrom(entries);
      const oracle = new NaivePrefixMap(table);
      const built = buildPrefixTrie(table);
      const { trie } = decodeTrieSnapshot(encodeTrieSnapshot(built, { cardId: 1, revisionId: deck }));
      const prefixes = [...new Set(entries.map((e) => e.prefix))];
      expect(trie.prefixCount).toBe(prefixes.length);
      for (let i = 0; i < 5000; i++) {
        const digits = randomNumber(random, prefixes);
        const at = randomTime(random, entries);
        const expected = oracle.lookup(digits, at);
        const index = trie.lookup(digits, at);
        const actual = index === -1 ? null : trie.entry(index, digits);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          expect({ deck, digits, at: new Date(at).toISOString(), actual }).toEqual({ deck, digits, at: new Date(at).toISOString(), actual: expected });
        }
        if (expected) matched++;
        else unmatched++;
        // The built trie and its decoded snapshot answer alike.
        expect(built.lookup(digits, at)).toBe(index);
      }
    }
    // Both outcomes were exercised plenty.
    expect(matched).toBeGreaterThan(50_000);
    expect(unmatched).toBeGreaterThan(20_000);
  });
});
