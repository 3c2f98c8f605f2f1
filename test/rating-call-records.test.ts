import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RateEntry } from '../src/model/rate-entry.js';
import { readCdrFile } from '../src/rating/cdr/read-cdr-file.js';
import { loadNanpStateTable } from '../src/rating/jurisdiction/load-nanp-states.js';
import { RATED_COLUMNS, ratedCells, rateCallRecord, RatingSummary } from '../src/rating/rate-call-record.js';
import { CARRIER_RATING_POLICY } from '../src/rating/rating-policy.js';

const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', 'cdr', name);

function entry(prefix: string, destination: string, rate: string, initial: number, subsequent: number, jurisdiction: Partial<RateEntry> = {}): RateEntry {
  return { prefix, destination, rate, connectionFee: '0', increments: { initial, subsequent }, interRate: null, intraRate: null, indeterminateRate: null, effectiveFrom: 0, effectiveTo: null, ...jurisdiction };
}

const card = [
  entry('1201', 'USA New Jersey', '0.0100', 6, 6, { interRate: '0.0080', intraRate: '0.0120', indeterminateRate: '0.0150' }),
  entry('44', 'United Kingdom', '0.0500', 30, 6),
  entry('4420', 'United Kingdom London', '0.0200', 60, 1),
];

/** Longest-prefix match by probing, as the test oracle of the trie does. */
function lookup(number: string | null): RateEntry | null {
  if (number === null) return null;
  for (let length = number.length; length > 0; length--) {
    const found = card.find((candidate) => candidate.prefix === number.slice(0, length));
    if (found) return found;
  }
  return null;
}

describe('rating call records end to end (reader → lookup → jurisdiction → rateCall)', () => {
  it('FreeSWITCH file: interstate, unanswered, London on 60/1, a Canadian number unmatched', async () => {
    const states = await loadNanpStateTable();
    const summary = new RatingSummary('USD', 4);
    const rows: string[][] = [];
    for await (const record of readCdrFile(fixture('freeswitch-master.csv'))) {
      const rated = rateCallRecord(record, lookup(record.number), CARRIER_RATING_POLICY, states);
      summary.add(rated);
      rows.push(ratedCells(rated));
    }
    expect(RATED_COLUMNS).toHaveLength(rows[0].length);
    expect(rows).toEqual([
      // NY caller to NJ: interstate at 0.0080, 61 s on 6/6 bills 66 s: 0.0088
      ['rated', 'interstate', '1201', 'USA New Jersey', '0.0080', '66', '0.0088', ''],
      ['unanswered', '', '1201', 'USA New Jersey', '', '0', '', ''],
      // 7 s to London on 60/1 at 0.02: 60 s, 0.0200
      ['rated', '', '4420', 'United Kingdom London', '0.0200', '60', '0.0200', ''],
      ['unrated', '', '', '', '', '0', '', 'no entry on the card matches 14165550100'],
    ]);
    expect(summary.toJSON()).toEqual({ calls: 4, rated: 2, unanswered: 1, unrated: 1, billedSeconds: 126, cost: '0.0288', currency: 'USD', errors: { 'no match': 1 } });
  });

  it('Asterisk file: a NO ANSWER leg with billsec is unanswered; bad number and bad duration are unrated', async () => {
    const states = await loadNanpStateTable();
    const statuses: Array<[string, string | null, string | null]> = [];
    for await (const record of readCdrFile(fixture('asterisk-master.csv'), { timezone: 'America/New_York' })) {
      const rated = rateCallRecord(record, lookup(record.number), CARRIER_RATING_POLICY, states);
      statuses.push([rated.status, rated.reason, rated.cost]);
    }
    expect(statuses).toEqual([
      ['rated', null, '0.0200'], // 37 s to London on 60/1 at 0.02
      ['unanswered', null, null],
      ['unanswered', null, null],
      ['unrated', 'no match', null], // 00 44… without the ^00= rule is not 44…
      ['unrated', 'bad number', null],
      ['unrated', 'no match', null],
    ]);
  });
});
