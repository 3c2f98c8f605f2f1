import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratedeck, temporaryDirectory } from './provisioning-cli.js';

let dir: string;
let remove: () => void;
beforeAll(() => ({ dir, remove } = temporaryDirectory()));
afterAll(() => remove());

describe('read-only commands never create or convert a database', () => {
  const readOnly: string[][] = [
    ['carrier', 'list'],
    ['carrier', 'show', 'Acme'],
    ['customer', 'list'],
    ['customer', 'show', 'Globex'],
    ['deck', 'list', '--carrier', 'Acme'],
    ['deck', 'export', '--carrier', 'Acme', '--out', 'never-written.csv'],
    ['lookup', '--carrier', 'Acme', '447700900123'],
    ['lcr', '447700900123'],
    ['audit'],
    ['auth', 'check-ip', '10.0.0.1'],
  ];

  it.each(readOnly.map((args) => [args.join(' '), args]))('--db typo.db %s: NOT_FOUND (exit 3), and no file is created', (_name, args) => {
    const typo = join(dir, `typo-${args.join('-')}.db`);
    const result = ratedeck(typo, [...args, '--json']);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(`There is no database ${typo}`);
    expect((JSON.parse(result.stdout) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect(existsSync(typo)).toBe(false);
  });

  it('--db deck.csv carrier list: UNREADABLE_FILE (exit 2), and the CSV is left as it was', () => {
    const csv = join(dir, 'deck.csv');
    writeFileSync(csv, 'prefix,rate\n44,0.0100\n');
    const result = ratedeck(csv, ['carrier', 'list']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is not a ratedeck database (not an SQLite file)');
    expect(readFileSync(csv, 'utf8')).toBe('prefix,rate\n44,0.0100\n');
  });

  it('--db deck.csv carrier add: a command that writes refuses a non-database too', () => {
    const csv = join(dir, 'deck-write.csv');
    writeFileSync(csv, 'prefix,rate\n44,0.0100\n');
    expect(ratedeck(csv, ['carrier', 'add', 'Acme']).status).toBe(2);
    expect(readFileSync(csv, 'utf8')).toBe('prefix,rate\n44,0.0100\n');
  });

  it('an SQLite file without the ratedeck schema: a read-only command refuses it as not a ratedeck database', () => {
    const other = join(dir, 'other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE notes (text TEXT)');
    db.close();
    const result = ratedeck(other, ['carrier', 'list']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('not a ratedeck database (it has no ratedeck schema)');
  });

  it('a command that writes still creates a new database, and read-only commands then read it', () => {
    const fresh = join(dir, 'fresh.db');
    expect(ratedeck(fresh, ['carrier', 'add', 'Acme']).status).toBe(0);
    const list = ratedeck(fresh, ['carrier', 'list']);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('Acme');
  });
});

describe('money is limited to what its currency can hold', () => {
  it('a JPY debit limit of 100.5 is refused: JPY has no minor unit', () => {
    const db = join(dir, 'jpy.db');
    const refused = ratedeck(db, ['customer', 'add', 'Nintendo', '--currency', 'JPY', '--debit-limit', '100.5']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('--debit-limit: "100.5" is not an amount in JPY: JPY has no minor unit, so an amount in JPY is a whole number; e.g. 100.');
    expect(ratedeck(db, ['customer', 'add', 'Nintendo', '--currency', 'JPY', '--debit-limit', '100']).status).toBe(0);
    expect(ratedeck(db, ['customer', 'set', 'Nintendo', '--debit-limit', '-0.5']).stderr).toContain('is not an amount in JPY');
  });

  it('a JPY payment of 100.5 is refused and records nothing; 1000.00 is 1000', () => {
    const db = join(dir, 'jpy-payment.db');
    expect(ratedeck(db, ['customer', 'add', 'Nintendo', '--currency', 'JPY']).status).toBe(0);
    const refused = ratedeck(db, ['customer', 'payment', 'add', 'Nintendo', '--amount', '100.5']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('--amount: "100.5" is not an amount in JPY');
    const added = ratedeck(db, ['customer', 'payment', 'add', 'Nintendo', '--amount', '1000.00', '--json']);
    expect(JSON.parse(added.stdout)).toMatchObject({ amount: '1000', balance: '1000' });
    expect(JSON.parse(ratedeck(db, ['customer', 'payment', 'list', 'Nintendo', '--json']).stdout)).toHaveLength(1);
  });

  it('USD and KWD keep fractions of their minor unit up to 6 places (a balance is charged fractions of a cent)', () => {
    const db = join(dir, 'kwd.db');
    expect(ratedeck(db, ['customer', 'add', 'Gulf', '--currency', 'KWD', '--debit-limit', '10.5']).status).toBe(0);
    const payment = ratedeck(db, ['customer', 'payment', 'add', 'Gulf', '--amount', '1.000125', '--json']);
    expect(JSON.parse(payment.stdout)).toMatchObject({ amount: '1.000125' });
    expect(JSON.parse(ratedeck(db, ['customer', 'show', 'Gulf', '--json']).stdout)).toMatchObject({ debitLimit: '10.500' });
  });
});

describe('customer auth add-ip takes address:port/transport, as carrier add --host does', () => {
  let db: string;
  beforeAll(() => {
    db = join(dir, 'add-ip.db');
    expect(ratedeck(db, ['customer', 'add', 'Globex', '--currency', 'USD']).status).toBe(0);
  });
  const added = (args: string[]): Record<string, unknown> => {
    const result = ratedeck(db, ['customer', 'auth', 'add-ip', 'Globex', ...args, '--json']);
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout) as Record<string, unknown>;
  };

  it('10.0.0.1:5060 is the address 10.0.0.1 on port 5060', () => {
    expect(added(['10.0.0.1:5060'])).toMatchObject({ address: '10.0.0.1', kind: 'ipv4', port: 5060, protocol: null });
  });

  it('[2001:db8::1]:5060/tcp, pbx.example.com:5061/tls and 10.0.0.2/udp carry port and transport', () => {
    expect(added(['[2001:db8::1]:5060/tcp'])).toMatchObject({ address: '2001:db8::1', kind: 'ipv6', port: 5060, protocol: 'tcp' });
    expect(added(['pbx.example.com:5061/tls'])).toMatchObject({ address: 'pbx.example.com', kind: 'domain', port: 5061, protocol: 'tls' });
    expect(added(['10.0.0.2/udp'])).toMatchObject({ address: '10.0.0.2', port: null, protocol: 'udp' });
    expect(added(['203.0.113.0/24'])).toMatchObject({ address: '203.0.113.0/24', kind: 'ipv4-cidr' });
  });

  it('the same port or transport given again as an option is accepted; a different one is refused', () => {
    expect(added(['10.0.0.3:5060', '--port', '5060'])).toMatchObject({ port: 5060 });
    const port = ratedeck(db, ['customer', 'auth', 'add-ip', 'Globex', '10.0.0.4:5060', '--port', '5070']);
    expect(port.status).toBe(64);
    expect(port.stderr).toContain('--port 5070 contradicts the address "10.0.0.4:5060", which gives 5060; give it once.');
    const protocol = ratedeck(db, ['customer', 'auth', 'add-ip', 'Globex', '10.0.0.4/udp', '--protocol', 'tcp']);
    expect(protocol.status).toBe(64);
    expect(protocol.stderr).toContain('--protocol tcp contradicts the address "10.0.0.4/udp", which gives udp');
  });

  it('a bad port or transport in the address, or a port on an SRV name, is refused', () => {
    expect(ratedeck(db, ['customer', 'auth', 'add-ip', 'Globex', '10.0.0.5:0']).stderr).toContain('"0" is not a port');
    expect(ratedeck(db, ['customer', 'auth', 'add-ip', 'Globex', '10.0.0.5/sctp']).stderr).toContain('is not a SIP transport; expected udp, tcp or tls');
    expect(ratedeck(db, ['customer', 'auth', 'add-ip', 'Globex', '_sip._udp.pbx.example.com:5060']).status).toBe(1);
    expect(ratedeck(db, ['customer', 'auth', 'add-ip', 'Globex', '[10.0.0.5]:5060']).stderr).toContain('brackets are for an IPv6 address');
  });
});

describe('carrier show, deck list and customer show describe the card as it is now', () => {
  let db: string;
  let january: string;
  beforeAll(() => {
    db = join(dir, 'cards.db');
    expect(ratedeck(db, ['carrier', 'add', 'Acme', '--host', '203.0.113.10:5060/udp']).status).toBe(0);
    expect(ratedeck(db, ['customer', 'add', 'Globex', '--currency', 'USD']).status).toBe(0);
    january = join(dir, 'acme-jan.csv');
    const march = join(dir, 'acme-mar.csv');
    writeFileSync(january, 'prefix,rate,effective date\n44,0.0100,2025-01-01\n33,0.0200,2025-01-01\n49,0.0300,2025-01-01\n');
    writeFileSync(march, 'prefix,rate,effective date\n44,0.0150,2025-03-01\n33,0.0250,2025-03-01\n');
    expect(ratedeck(db, ['deck', 'import', january, '--carrier', 'Acme']).status).toBe(0);
    expect(ratedeck(db, ['deck', 'import', march, '--carrier', 'Acme']).status).toBe(0);
    writeFileSync(join(dir, 'plan.json'), JSON.stringify({ precision: 4, rounding: 'up', default: { percent: '10' } }));
    for (const at of ['2025-02-01', '2025-04-01']) {
      const priced = ratedeck(db, ['price', '--customer', 'Globex', '--plan', join(dir, 'plan.json'), '--carrier', 'Acme', '--at', at, '--effective', at]);
      expect(priced.stderr).toBe('');
    }
  });

  it('carrier show prints text without --json, with the card: revision, entries in force, imported at, file', () => {
    const result = ratedeck(db, ['carrier', 'show', 'Acme']);
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith('{')).toBe(false);
    expect(result.stdout).toContain('Carrier Acme (USD)\n  hosts        203.0.113.10:5060/udp\n');
    // March's full deck ended 49 and the January rates of 44 and 33: 2 in force, 5 stored.
    expect(result.stdout).toMatch(new RegExp(`  rate card    revision 2, 2 entries in force now \\(5 in its history\\), imported \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z from .*acme-mar\\.csv\\n`));
  });

  it('carrier show --json carries the card too', () => {
    const shown = JSON.parse(ratedeck(db, ['carrier', 'show', 'Acme', '--json']).stdout) as { rateCard: Record<string, unknown> };
    expect(shown.rateCard).toMatchObject({ revision: 2, mode: 'full', entriesInForce: 2, historyEntries: 5 });
    expect(String(shown.rateCard.source)).toMatch(/acme-mar\.csv$/);
  });

  it('a carrier without a card says how to make one', () => {
    expect(ratedeck(db, ['carrier', 'add', 'Bare']).status).toBe(0);
    expect(ratedeck(db, ['carrier', 'show', 'Bare']).stdout).toContain('rate card    none; import a deck with `ratedeck deck import <file> --carrier "Bare"`');
  });

  it('deck list --customer lists the revisions of the sell card, as deck export --customer exports it', () => {
    const result = ratedeck(db, ['deck', 'list', '--customer', 'Globex', '--json']);
    expect(result.stderr).toBe('');
    const revisions = JSON.parse(result.stdout) as { revision: number; mode: string }[];
    expect(revisions.map((r) => [r.revision, r.mode])).toEqual([
      [1, 'priced'],
      [2, 'priced'],
    ]);
    expect(ratedeck(db, ['deck', 'list']).status).toBe(64);
    expect(ratedeck(db, ['deck', 'list', '--carrier', 'Acme', '--customer', 'Globex']).stderr).toContain('Give exactly one of --carrier <name> (buy card) or --customer <name> (sell card).');
  });

  it('customer show counts the entries in force now, and names the history count as such', () => {
    const shown = JSON.parse(ratedeck(db, ['customer', 'show', 'Globex', '--json']).stdout) as { rateCard: Record<string, unknown> };
    // Revision 2 keeps February's three sell entries (ended) and April's two: 2 in force, 5 in its history.
    expect(shown.rateCard).toMatchObject({ revision: 2, mode: 'priced', entriesInForce: 2, historyEntries: 5 });
    expect(ratedeck(db, ['customer', 'show', 'Globex']).stdout).toContain('rate card    revision 2, 2 entries in force now (5 in its history), priced ');
  });
});

describe('deck export --out never overwrites without a word', () => {
  let db: string;
  let deckFile: string;
  const DECK = 'prefix,rate\n44,0.0100\n';
  beforeAll(() => {
    db = join(dir, 'export.db');
    deckFile = join(dir, 'acme-export.csv');
    writeFileSync(deckFile, DECK);
    expect(ratedeck(db, ['carrier', 'add', 'Acme']).status).toBe(0);
    expect(ratedeck(db, ['deck', 'import', deckFile, '--carrier', 'Acme']).status).toBe(0);
  });

  it('--out the input deck is refused, even with --force, and the deck is left as it was', () => {
    for (const force of [[], ['--force']]) {
      const result = ratedeck(db, ['deck', 'export', '--carrier', 'Acme', '--out', deckFile, ...force]);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`--out ${deckFile} is the file a revision of this card was made from (${deckFile}); refusing to overwrite it, even with --force.`);
    }
    expect(readFileSync(deckFile, 'utf8')).toBe(DECK);
  });

  it('--out the database is refused, even with --force', () => {
    const result = ratedeck(db, ['deck', 'export', '--carrier', 'Acme', '--out', db, '--force']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is the database; refusing to overwrite it');
  });

  it('an existing --out file is refused without --force and replaced with it', () => {
    const out = join(dir, 'existing.csv');
    writeFileSync(out, 'keep me\n');
    const refused = ratedeck(db, ['deck', 'export', '--carrier', 'Acme', '--out', out]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`--out ${out} already exists; give --force to overwrite it, or another file.`);
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
    expect(ratedeck(db, ['deck', 'export', '--carrier', 'Acme', '--out', out, '--force']).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('44,,0.0100');
  });

  it('--out x.xlsx without --format writes XLSX; --out x.csv writes CSV', () => {
    const xlsx = join(dir, 'by-name.xlsx');
    expect(ratedeck(db, ['deck', 'export', '--carrier', 'Acme', '--out', xlsx]).status).toBe(0);
    expect(readFileSync(xlsx).subarray(0, 2).toString('latin1')).toBe('PK');
    const csv = join(dir, 'by-name.csv');
    expect(ratedeck(db, ['deck', 'export', '--carrier', 'Acme', '--out', csv]).status).toBe(0);
    expect(readFileSync(csv, 'utf8').startsWith('prefix,')).toBe(true);
  });

  it('--format xlsx --out x.csv is refused, and nothing is written', () => {
    const out = join(dir, 'x.csv');
    const result = ratedeck(db, ['deck', 'export', '--carrier', 'Acme', '--format', 'xlsx', '--out', out]);
    expect(result.status).toBe(64);
    expect(result.stderr).toContain(`--format xlsx contradicts --out ${out}, a .csv name; give a .xlsx name, or drop --format.`);
    expect(existsSync(out)).toBe(false);
  });
});

describe('deck import --map and duplicate codes say what they mean', () => {
  let db: string;
  let deck: string;
  beforeAll(() => {
    db = join(dir, 'map.db');
    deck = join(dir, 'map-deck.csv');
    writeFileSync(deck, 'Prefix,Destination,Rate,Connection Fee\n44,UK,0.0100,0.01\n33,France,0.0200,0.01\n');
    expect(ratedeck(db, ['carrier', 'add', 'Acme']).status).toBe(0);
  });
  const dryRun = (...args: string[]) => ratedeck(db, ['deck', 'import', deck, '--carrier', 'Acme', '--dry-run', '--json', ...args]);

  it('field names in --map ignore case, spaces, - and _: Rate=, connection_fee= are accepted', () => {
    const result = dryRun('--map', 'Rate=Rate', '--map', 'connection_fee=4');
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ entries: 2, errors: [] });
  });
  it('a field given twice in --map is refused instead of the last one winning', () => {
    const result = dryRun('--map', 'rate=Rate', '--map', 'RATE=3');
    expect(result.status).toBe(64);
    expect(result.stderr).toContain('--map rate is given twice ("Rate" and "3"); give each field once.');
  });
  it('--map rate=Prefix is refused: the code column would be read as the rate', () => {
    const result = dryRun('--map', 'rate=Prefix');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('map-deck.csv, header on row 1: "Prefix" (column 1) would give both the rate and the prefix; one column gives one field');
  });
  it('one column for the rate and the US interstate rate is accepted (a US deck with one rate)', () => {
    const result = dryRun('--map', 'interRate=Rate');
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ entries: 2 });
  });
  it('a code listed twice in a deck without dates says so, rather than showing the import time as a deck date', () => {
    const dup = join(dir, 'dup.csv');
    writeFileSync(dup, 'Prefix,Rate\n44,0.01\n44,0.02\n');
    const result = ratedeck(db, ['deck', 'import', dup, '--carrier', 'Acme', '--dry-run']);
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/code 44 is listed twice without an effective date \(both would start at \d{4}-\d\d-\d\dT[\d:.]+Z, the import's effective time\): row 2 has rate 0\.01, this row has rate 0\.02/);
  });
});
