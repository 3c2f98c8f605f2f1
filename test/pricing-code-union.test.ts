import { describe, expect, it } from 'vitest';
import { seededRandom as seeded } from '../bench/lib/seeded-random.js';
import { entryTableFrom, type EntryTable } from '../src/model/entry-table.js';
import { CodeUnion } from '../src/pricing/code-union.js';
import { rateEntry } from './rate-entry-factory.js';

const AT = Date.UTC(2025, 0, 1);
const DAY = 86_400_000;


/** A deck whose codes nest (drawn from a few short roots), some not yet or no longer in force. */
function randomDeck(random: () => number, size: number): EntryTable {
  const roots = ['1', '44', '447', '4477', '33', '331', '8816', '88'];
  const codes = new Set<string>();
  while (codes.size < size) {
    let code = roots[Math.floor(random() * roots.length)]!;
    const extra = Math.floor(random() * 5);
    for (let i = 0; i < extra; i++) code += String(Math.floor(random() * 3));
    codes.add(code);
  }
  return entryTableFrom(
    [...codes].map((prefix) => {
      const roll = random();
      return rateEntry({ prefix, rate: '0.01', effectiveFrom: roll < 0.1 ? AT + DAY : AT - DAY, effectiveTo: roll > 0.9 ? AT - 1 : null });
    }),
  );
}

/** The oracle: probe the card's in-force codes longest first (CGRateS's SplitPrefix). */
function naiveLongestPrefix(table: EntryTable, code: string): number {
  for (let length = code.length; length > 0; length--) {
    for (let i = 0; i < table.length; i++) {
      if (table.prefix[i] === code.slice(0, length) && table.effectiveFrom[i]! <= AT && AT < table.effectiveTo[i]!) return i;
    }
  }
  return -1;
}

describe('the code union of several cards', () => {
  it('447 in one deck, 4477 in another: each code gets every card’s own longest prefix', () => {
    const first = entryTableFrom([entry('44'), entry('447')]);
    const second = entryTableFrom([entry('44'), entry('4477')]);
    const visits: [string, number, number[]][] = [];
    new CodeUnion([first, second], AT).forEachCode((code, owner, matched) => visits.push([code, owner, [...matched]]));
    expect(visits).toEqual([
      ['44', 0, [0, 0]],
      ['447', 0, [1, 0]],
      ['4477', 1, [1, 1]],
    ]);
  });

  it('matches the naive longest-first oracle on random nested decks with effective dates', () => {
    const random = seeded(42);
    for (let round = 0; round < 20; round++) {
      const tables = [randomDeck(random, 60), randomDeck(random, 40), randomDeck(random, 80)];
      const expectedCodes = new Set<string>();
      tables.forEach((table) => {
        for (let i = 0; i < table.length; i++) if (table.effectiveFrom[i]! <= AT && AT < table.effectiveTo[i]!) expectedCodes.add(table.prefix[i]!);
      });
      const seen: string[] = [];
      new CodeUnion(tables, AT).forEachCode((code, owner, matched) => {
        seen.push(code);
        expect(tables.findIndex((table) => naiveLongestPrefix(table, code) !== -1 && table.prefix[naiveLongestPrefix(table, code)] === code)).toBe(owner);
        tables.forEach((table, card) => expect(matched[card], `card ${card}, code ${code}`).toBe(naiveLongestPrefix(table, code)));
      });
      expect(seen).toEqual([...expectedCodes].sort());
    }
  });
});

function entry(prefix: string) {
  return rateEntry({ prefix, rate: '0.01', effectiveFrom: AT - DAY });
}
