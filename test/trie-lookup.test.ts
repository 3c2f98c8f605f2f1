import { describe, expect, it } from 'vitest';
import { RateCard } from '../src/library/rate-card.js';
import { entryTableFrom } from '../src/model/entry-table.js';
import { normalizeNumber } from '../src/model/normalize-number.js';
import type { RateEntry } from '../src/model/rate-entry.js';
import { buildPrefixTrie } from '../src/trie/build-prefix-trie.js';

const JAN = Date.UTC(2025, 0, 1);
const FEB = Date.UTC(2025, 1, 1);
const MAR = Date.UTC(2025, 2, 1);

function entry(prefix: string, rate: string, from = JAN, to: number | null = null, destination: string | null = `dest ${prefix}`): RateEntry {
  return {
    prefix,
    destination,
    rate,
    connectionFee: '0',
    increments: { initial: 60, subsequent: 60 },
    interRate: null,
    intraRate: null,
    indeterminateRate: null,
    effectiveFrom: from,
    effectiveTo: to,
  };
}

function rateAt(entries: RateEntry[], digits: string, at: number): string | null {
  const trie = buildPrefixTrie(entryTableFrom(entries));
  const index = trie.lookup(digits, at);
  return index === -1 ? null : trie.entry(index, digits).rate;
}

describe('longest prefix at a time', () => {
  const deck = [entry('44', '0.0100'), entry('447', '0.0500'), entry('4477', '0.0700')];

  it('4477 beats 447 and 44', () => {
    expect(rateAt(deck, '447700900123', FEB)).toBe('0.0700');
    expect(rateAt(deck, '447800900123', FEB)).toBe('0.0500');
    expect(rateAt(deck, '442079460000', FEB)).toBe('0.0100');
  });

  it('a number shorter than the longest code still matches its parent', () => {
    expect(rateAt(deck, '447', FEB)).toBe('0.0500');
    expect(rateAt(deck, '4', FEB)).toBeNull();
  });

  it('a number that matches no prefix gets nothing', () => {
    expect(rateAt(deck, '33123456789', FEB)).toBeNull();
    expect(rateAt([], '33123456789', FEB)).toBeNull();
  });

  it('a longer code starting next month does not shadow its parent today', () => {
    const entries = [entry('44', '0.0100'), entry('4477', '0.0700', MAR)];
    expect(rateAt(entries, '447700900123', FEB)).toBe('0.0100');
    expect(rateAt(entries, '447700900123', MAR)).toBe('0.0700');
  });

  it('a code that ended falls back to its parent; the end is exclusive', () => {
    const entries = [entry('44', '0.0100'), entry('4477', '0.0700', JAN, FEB)];
    expect(rateAt(entries, '447700900123', FEB - 1)).toBe('0.0700');
    expect(rateAt(entries, '447700900123', FEB)).toBe('0.0100');
  });

  it('a rate change takes effect at its effective date', () => {
    const entries = [entry('4477', '0.0700', JAN, MAR), entry('4477', '0.0900', MAR)];
    expect(rateAt(entries, '447700900123', FEB)).toBe('0.0700');
    expect(rateAt(entries, '447700900123', MAR)).toBe('0.0900');
    expect(rateAt(entries, '447700900123', JAN - 1)).toBeNull();
  });

  it('the entry carries the matched prefix, its texts and its dates', () => {
    const us = { ...entry('1201555', '0.0040', JAN, MAR, null), interRate: '0.0041', intraRate: '0.0042', indeterminateRate: '0.0043' };
    const trie = buildPrefixTrie(entryTableFrom([us, entry('1', '0.0100')]));
    const digits = '12015550100';
    expect(trie.entry(trie.lookup(digits, FEB), digits)).toEqual(us);
    expect(trie.prefixCount).toBe(2);
    expect(trie.byteLength).toBeGreaterThan(0);
  });

  it('a prefix that is not 1 to 15 digits is refused when building', () => {
    expect(() => buildPrefixTrie(entryTableFrom([entry('44a', '0.01')]))).toThrow(/prefix "44a"/);
    expect(() => buildPrefixTrie(entryTableFrom([entry('', '0.01')]))).toThrow(/1 to 15 digits/);
  });
});

describe('number normalisation', () => {
  it('drops + spaces dashes dots and parentheses', () => {
    expect(normalizeNumber('+44 (20) 7946-0000')).toEqual({ digits: '442079460000' });
    expect(normalizeNumber('1.212.555.0100')).toEqual({ digits: '12125550100' });
    expect(normalizeNumber('447700900123')).toEqual({ digits: '447700900123' });
  });

  it('a letter is an error naming it and its position', () => {
    const result = normalizeNumber('+44 77O0');
    expect(result).toHaveProperty('error');
    expect((result as { error: string }).error).toMatch(/"O" at position 7 is not a digit/);
  });

  it('16 digits, or none, is an error', () => {
    expect((normalizeNumber('1234567890123456') as { error: string }).error).toMatch(/16 digits; .* at most 15/);
    expect((normalizeNumber('123456789012345') as { digits: string }).digits).toHaveLength(15);
    expect(normalizeNumber('+ -')).toHaveProperty('error');
    expect(normalizeNumber('')).toHaveProperty('error');
  });
});

describe('RateCard over in-memory entries', () => {
  const card = RateCard.fromEntries(entryTableFrom([entry('44', '0.0100'), entry('4477', '0.0700', MAR)]), { at: FEB });

  it('uses the card time unless a lookup gives its own', () => {
    expect(card.lookup('+44 7700 900123')?.rate).toBe('0.0100');
    expect(card.lookup('+44 7700 900123', '2025-03-01T00:00:00Z')?.rate).toBe('0.0700');
    expect(card.lookup('+44 7700 900123', new Date(MAR))?.prefix).toBe('4477');
    expect(card.lookup('+33 1 00 00 00 00')).toBeNull();
  });

  it('a malformed number throws INVALID_VALUE from lookup and is a value from lookupResult', () => {
    expect(() => card.lookup('44x')).toThrow(expect.objectContaining({ code: 'INVALID_VALUE' }));
    expect(card.lookupResult('44x')).toHaveProperty('error');
  });
});
