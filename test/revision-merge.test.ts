import { describe, expect, it } from 'vitest';
import { mergeRevision } from '../src/cards/revision-merge.js';
import { entriesOf, entryTableFrom } from '../src/model/entry-table.js';
import type { RateEntry } from '../src/model/rate-entry.js';
import { rateEntry } from './rate-entry-factory.js';

const JAN = Date.UTC(2025, 0, 1);
const FEB = Date.UTC(2025, 1, 1);
const MAR = Date.UTC(2025, 2, 1);

function entry(prefix: string, rate: string, effectiveFrom: number, effectiveTo: number | null = null): RateEntry {
  return rateEntry({ prefix, rate, effectiveFrom, effectiveTo });
}

function summary(entries: RateEntry[]): string[] {
  return [...entries]
    .map((e) => `${e.prefix} ${e.rate} ${new Date(e.effectiveFrom).toISOString().slice(0, 10)}..${e.effectiveTo === null ? '' : new Date(e.effectiveTo).toISOString().slice(0, 10)}`)
    .sort();
}

function merge(previous: RateEntry[], deck: RateEntry[], mode: 'full' | 'partial'): string[] {
  return summary([...entriesOf(mergeRevision(entryTableFrom(previous), entryTableFrom(deck), mode))]);
}

describe('laying a deck over the previous revision', () => {
  it('a full deck ends, at its earliest date, the codes it no longer lists', () => {
    expect(merge([entry('44', '0.01', JAN), entry('33', '0.02', JAN)], [entry('44', '0.015', FEB)], 'full')).toEqual([
      '33 0.02 2025-01-01..2025-02-01',
      '44 0.01 2025-01-01..2025-02-01',
      '44 0.015 2025-02-01..',
    ]);
  });

  it('a partial deck only changes the codes it lists', () => {
    expect(merge([entry('44', '0.01', JAN), entry('33', '0.02', JAN)], [entry('44', '0.015', FEB)], 'partial')).toEqual([
      '33 0.02 2025-01-01..',
      '44 0.01 2025-01-01..2025-02-01',
      '44 0.015 2025-02-01..',
    ]);
  });

  it('a newer deck supersedes a rate change the previous one had announced for later', () => {
    expect(merge([entry('44', '0.01', JAN, MAR), entry('44', '0.03', MAR)], [entry('44', '0.02', FEB)], 'full')).toEqual([
      '44 0.01 2025-01-01..2025-02-01',
      '44 0.02 2025-02-01..',
    ]);
  });

  it('rows of one code at several dates chain, each ending where the next begins', () => {
    expect(merge([], [entry('447', '0.05', MAR), entry('447', '0.04', JAN)], 'full')).toEqual([
      '447 0.04 2025-01-01..2025-03-01',
      '447 0.05 2025-03-01..',
    ]);
  });

  it('a deck re-imported unchanged keeps one entry per code', () => {
    const deck = [entry('1', '0.01', JAN), entry('1212', '0.009', JAN)];
    expect(merge(deck, deck, 'full')).toEqual(['1 0.01 2025-01-01..', '1212 0.009 2025-01-01..']);
  });

  it('history that ended before the deck starts is kept for lookups in the past', () => {
    expect(merge([entry('49', '0.01', JAN, FEB)], [entry('44', '0.02', MAR)], 'full')).toEqual([
      '44 0.02 2025-03-01..',
      '49 0.01 2025-01-01..2025-02-01',
    ]);
  });
});
