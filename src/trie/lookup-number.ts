import { normalizeNumber } from '../model/normalize-number.js';
import { formatIncrements, type RateEntry } from '../model/rate-entry.js';
import { formatTime } from '../model/iso-time.js';
import type { PrefixTrie } from './prefix-trie.js';

/** The outcome for one dialled number: its entry, no match (entry null), or why it is not a number. */
export type NumberLookup = { number: string; entry: RateEntry | null } | { number: string; error: string };

/**
 * The wire form shared by `ratedeck lookup --json` and the HTTP service; decimals as strings, times ISO UTC.
 * The US jurisdiction rates are present only when the entry has them (a deck with an interstate,
 * intrastate or indeterminate column): an international card's answers carry no three nulls.
 */
export type LookupJson =
  | {
      number: string;
      prefix: string;
      destination: string | null;
      rate: string;
      interRate?: string;
      intraRate?: string;
      indeterminateRate?: string;
      connectionFee: string;
      increments: string;
      effectiveFrom: string;
      effectiveTo: string | null;
    }
  | { number: string; prefix: null }
  | { number: string; error: string };

/** Normalises `number` and looks it up in `trie` at `at` (epoch ms). Never throws for a bad number. */
export function lookupNumber(trie: PrefixTrie, number: string, at: number): NumberLookup {
  const normalized = normalizeNumber(number);
  if ('error' in normalized) return { number, error: normalized.error };
  const index = trie.lookup(normalized.digits, at);
  return { number, entry: index === -1 ? null : trie.entry(index, normalized.digits) };
}

export function toLookupJson(result: NumberLookup): LookupJson {
  if ('error' in result) return { number: result.number, error: result.error };
  const entry = result.entry;
  if (!entry) return { number: result.number, prefix: null };
  return {
    number: result.number,
    prefix: entry.prefix,
    destination: entry.destination,
    rate: entry.rate,
    ...(entry.interRate === null ? {} : { interRate: entry.interRate }),
    ...(entry.intraRate === null ? {} : { intraRate: entry.intraRate }),
    ...(entry.indeterminateRate === null ? {} : { indeterminateRate: entry.indeterminateRate }),
    connectionFee: entry.connectionFee,
    increments: formatIncrements(entry.increments),
    effectiveFrom: formatTime(entry.effectiveFrom)!,
    effectiveTo: formatTime(entry.effectiveTo),
  };
}

/**
 * Writes lookups as JSON text, one object per number, for the CLI and the
 * HTTP service, in toLookupJson's shape and key order. The parts of an
 * answer (destinations, decimals, times) are few, so each is encoded once;
 * an answer is then a few concatenations. (Caching whole answers per entry
 * was measured slower: on a million-prefix card the cache mostly misses and
 * its churn costs garbage collection.)
 */
export class LookupJsonWriter {
  private readonly trie: PrefixTrie;
  private readonly encoded = new Map<string | number | null, string>();

  constructor(trie: PrefixTrie) {
    this.trie = trie;
  }

  /** The JSON text of `number`'s lookup at `at`; `failed` tells whether the number was malformed. */
  write(number: string, at: number): { json: string; failed: boolean } {
    const head = '{"number":' + JSON.stringify(number);
    const normalized = normalizeNumber(number);
    if ('error' in normalized) return { json: head + ',"error":' + JSON.stringify(normalized.error) + '}', failed: true };
    const index = this.trie.lookup(normalized.digits, at);
    if (index === -1) return { json: head + ',"prefix":null}', failed: false };
    const entry = this.trie.entry(index, normalized.digits);
    const json =
      head +
      ',"prefix":"' + entry.prefix +
      '","destination":' + this.encode(entry.destination) +
      ',"rate":' + this.encode(entry.rate) +
      this.optionalRate('interRate', entry.interRate) +
      this.optionalRate('intraRate', entry.intraRate) +
      this.optionalRate('indeterminateRate', entry.indeterminateRate) +
      ',"connectionFee":' + this.encode(entry.connectionFee) +
      ',"increments":"' + formatIncrements(entry.increments) +
      '","effectiveFrom":' + this.encode(entry.effectiveFrom) +
      ',"effectiveTo":' + this.encode(entry.effectiveTo) +
      '}';
    return { json, failed: false };
  }

  /** `,"key":"rate"` for a US jurisdiction rate the entry has, nothing when it has none. */
  private optionalRate(key: string, rate: string | null): string {
    return rate === null ? '' : ',"' + key + '":' + this.encode(rate);
  }

  /** A text or a time (epoch ms, as ISO UTC) as JSON, encoded once. */
  private encode(value: string | number | null): string {
    let json = this.encoded.get(value);
    if (json === undefined) {
      json = JSON.stringify(typeof value === 'number' ? formatTime(value) : value);
      this.encoded.set(value, json);
    }
    return json;
  }
}
