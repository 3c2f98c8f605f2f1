import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { callJurisdiction, chooseJurisdictionRate } from '../src/rating/jurisdiction/call-jurisdiction.js';
import { parseGeocodingBson } from '../src/rating/jurisdiction/geocoding-bson.js';
import { geocodingDataPath, loadNanpStateTable } from '../src/rating/jurisdiction/load-nanp-states.js';
import { NanpStateTable, NOT_A_US_STATE, parseStateOverrides } from '../src/rating/jurisdiction/nanp-state-table.js';

describe('NPA → state from libphonenumber geocoding data', () => {
  it('reads the shipped data file: hundreds of area codes and thousands of NPA-NXX ranges', () => {
    const prefixes = parseGeocodingBson(readFileSync(geocodingDataPath()), 'geocodes/en/1.bson');
    expect(prefixes.get('201')).toBe('New Jersey');
    expect(prefixes.size).toBeGreaterThan(10_000);
  });

  it('maps area codes to states, DC included; Canada, the Caribbean, territories and 800 have none', async () => {
    const states = await loadNanpStateTable();
    expect(states.stateOf('12015550123')).toBe('NJ');
    expect(states.stateOf('12125550123')).toBe('NY');
    expect(states.stateOf('13125550123')).toBe('IL'); // "Chicago, IL"
    expect(states.stateOf('12065550123')).toBe('WA'); // "Washington State"
    expect(states.stateOf('12025550123')).toBe('DC'); // "Washington D.C."
    expect(states.stateOf('12035550123')).toBe('CT'); // listed only by NPA-NXX ranges
    expect(states.stateOf('14165550123')).toBeNull(); // Ontario
    expect(states.stateOf('12425550123')).toBeNull(); // Bahamas
    expect(states.stateOf('13407730123')).toBeNull(); // US Virgin Islands: a territory
    expect(states.stateOf('18005550123')).toBeNull(); // toll free
    expect(states.stateOf('442071234567')).toBeNull();
  });
});

describe('call jurisdiction', () => {
  const states = new NanpStateTable(new Map([['201', 'NJ'], ['973', 'NJ'], ['212', 'NY'], ['416', NOT_A_US_STATE]]));
  it('same state → intrastate, two states → interstate', () => {
    expect(callJurisdiction(states, '12015550123', '19735550123')).toBe('intrastate');
    expect(callJurisdiction(states, '12015550123', '12125550123')).toBe('interstate');
  });
  it('no caller, a Canadian caller, a non-NANP caller, toll free → indeterminate', () => {
    expect(callJurisdiction(states, '12015550123', null)).toBe('indeterminate');
    expect(callJurisdiction(states, '12015550123', '')).toBe('indeterminate');
    expect(callJurisdiction(states, '12015550123', '14165550123')).toBe('indeterminate');
    expect(callJurisdiction(states, '12015550123', '442071234567')).toBe('indeterminate');
    expect(callJurisdiction(states, '18005550123', '12015550123')).toBe('indeterminate');
  });

  const entry = { rate: '0.0100', interRate: '0.0080', intraRate: '0.0120', indeterminateRate: null };
  it('uses the jurisdiction rate when the entry has it, else rate, and says which', () => {
    expect(chooseJurisdictionRate(entry, () => 'intrastate')).toEqual({ jurisdiction: 'intrastate', rate: '0.0120', rateField: 'intraRate' });
    expect(chooseJurisdictionRate(entry, () => 'indeterminate')).toEqual({ jurisdiction: 'indeterminate', rate: '0.0100', rateField: 'rate' });
    expect(chooseJurisdictionRate({ rate: '0.02', interRate: null, intraRate: null, indeterminateRate: null }, () => {
      throw new Error('not asked');
    })).toEqual({ jurisdiction: null, rate: '0.02', rateField: 'rate' });
  });
});

describe('--states overrides', () => {
  it('NPA or NPA-NXX, code or name; NPA-NXX wins over NPA', () => {
    const overrides = parseStateOverrides('npa,state\n# local fixes\n201,NY\r\n201-555,New Jersey\n1416 none\n"973","PA"\n', 'states.csv');
    expect([...overrides]).toEqual([['201', 'NY'], ['201555', 'NJ'], ['416', NOT_A_US_STATE], ['973', 'PA']]);
    const table = new NanpStateTable(new Map([['201', 'NJ'], ['416', 'XX']])).withOverrides(overrides);
    expect(table.stateOf('12015550123')).toBe('NJ');
    expect(table.stateOf('12014440123')).toBe('NY');
    expect(table.stateOf('14165550123')).toBeNull();
  });
  it('a bad line is an error naming the file and line', () => {
    expect(() => parseStateOverrides('201,NJ\n201,Narnia\n', 'states.csv')).toThrow(/states\.csv: line 2: expected an area code or NPA-NXX and a US state/);
    expect(() => parseStateOverrides('201,NJ\n12,NJ\n', 'states.csv')).toThrow(/line 2/);
  });
});
