import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ratedeck, ratedeckJson, root, temporaryDirectory } from './provisioning-cli.js';

const fixtures = join(root, 'fixtures', 'cdr');
let dir: string;
let removeDir: () => void;
let fresh = 0;

beforeAll(() => {
  ({ dir, remove: removeDir } = temporaryDirectory());
});
afterAll(() => removeDir());

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/**
 * A store with carrier Acme (1/1 UK, 6/6 US, 0.10/min 60/60 with a 0.01 fee
 * on 4479) and customer Globex priced from it at cost plus 20 %, 4 places
 * half-up, with 10.00 paid.
 */
function newStore(): string {
  const db = join(dir, `rating-${fresh++}.db`);
  const deck = file(
    `acme-${fresh}.csv`,
    'Destination,Prefix,Rate,Connection Fee,Increments\nUnited Kingdom,44,0.0100,0,1/1\nUSA,1,0.0050,0,6/6\nNew Jersey,1201,0.0040,0,6/6\nLondon Premium,4479,0.1000,0.0100,60/60\n',
  );
  const plan = file(`plan-${fresh}.json`, JSON.stringify({ precision: 4, rounding: 'half-up', default: { percent: '20' } }));
  for (const args of [
    ['carrier', 'add', 'Acme'],
    ['deck', 'import', deck, '--carrier', 'Acme', '--effective', '2020-01-01'],
    ['customer', 'add', 'Globex', '--currency', 'USD'],
    ['price', '--customer', 'Globex', '--plan', plan, '--carrier', 'Acme', '--at', '2020-01-02', '--effective', '2020-01-01'],
    ['customer', 'payment', 'add', 'Globex', '--amount', '10'],
  ]) {
    const result = ratedeck(db, args);
    if (result.status !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  }
  return db;
}

const balance = (db: string): string => ratedeckJson<{ balance: string }>(db, ['customer', 'show', 'Globex']).balance;

function csvRows(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((line) => line.split(','));
}

describe('ratedeck rate through the built CLI', () => {
  it('an Asterisk Master.csv: ANSWERED calls rated on the card in force, NO ANSWER unanswered whatever its billsec, a bad number and a bad billsec unrated', () => {
    const db = newStore();
    const result = ratedeck(db, ['rate', join(fixtures, 'asterisk-master.csv'), '--customer', 'Globex', '--number-rewrite', '^00=']);
    expect(result.status).toBe(0);
    const rows = result.stdout.trim().split('\n');
    expect(rows[0]).toBe(
      'accountcode,src,dst,dcontext,clid,channel,dstchannel,lastapp,lastdata,start,answer,end,duration,billsec,disposition,amaflags,uniqueid,userfield,status,jurisdiction,prefix,destination,rate,billed_seconds,cost,error',
    );
    // 37 s at 0.0120/min on 1/1: 0.0074; 61 s (the 00-prefixed number): 0.0122.
    expect(rows[1]).toMatch(/,rated,,44,United Kingdom,0\.0120,37,0\.0074,$/);
    expect(rows[2]).toMatch(/,NO ANSWER,.*,unanswered,,,,,0,,$/);
    expect(rows[4]).toMatch(/,rated,,44,United Kingdom,0\.0120,61,0\.0122,$/);
    expect(rows[5]).toContain(',unrated,');
    expect(rows[6]).toMatch(/,unrated,,1,USA,,0,,"billsec ""x7"" is not a duration/);
    expect(result.stderr).toContain('2 rated, 2 unanswered, 2 unrated (bad number: 1, bad duration: 1)');
    expect(result.stderr).toContain('cost 0.0196 USD');
  });

  it('a FreeSWITCH file with both legs: each call its charge, its carrier cost and the margin; --json needs --out', () => {
    const db = newStore();
    expect(ratedeck(db, ['rate', join(fixtures, 'freeswitch-master.csv'), '--customer', 'Globex', '--json']).status).toBe(64);
    const out = join(dir, 'fs-both.csv');
    const summary = ratedeckJson<Record<string, any>>(db, ['rate', join(fixtures, 'freeswitch-master.csv'), '--customer', 'Globex', '--carrier', 'Acme', '--out', out]);
    expect(summary).toMatchObject({ calls: 4, rated: 3, unanswered: 1, unrated: 0, billedSeconds: 133, cost: '0.0127', currency: 'USD' });
    expect(summary.carrier).toMatchObject({ cost: '0.0106', currency: 'USD', costInCustomerCurrency: '0.0106', margin: '0.0021' });
    const rows = csvRows(readFileSync(out, 'utf8'));
    expect(rows[0]!.slice(-6)).toEqual(['carrier_status', 'carrier_prefix', 'carrier_rate', 'carrier_billed_seconds', 'carrier_cost', 'margin']);
    // 61 s on New Jersey 6/6 bills 66 s: 0.0048/min → 0.0053, cost 0.0040/min → 0.0044, margin 0.0009.
    expect(rows[1]!.slice(-14)).toEqual(['rated', '', '1201', 'New Jersey', '0.0048', '66', '0.0053', '', 'rated', '1201', '0.0040', '66', '0.0044', '0.0009']);
    expect(rows[2]!.slice(-14, -12)).toEqual(['unanswered', '']);
  });

  it('a 21-column Windows-1252 Asterisk file: the caller name comes out as UTF-8, local times in --timezone, the FAILED leg unanswered, ids uniqueid-sequence', () => {
    const db = newStore();
    const out = join(dir, 'cp1252-out.csv');
    const summary = ratedeckJson<{ charged: { calls: number } }>(db, ['rate', join(fixtures, 'asterisk-newcdrcolumns-cp1252.csv'), '--customer', 'Globex', '--timezone', 'America/New_York', '--charge', '--out', out]);
    expect(summary).toMatchObject({ calls: 2, rated: 1, unanswered: 1, cost: '0.0034', charged: { calls: 1 } });
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('"""José"" <12125550100>"');
    // 40 s on 6/6: 42 s at 0.0048/min.
    expect(text.split('\n')[1]).toMatch(/,1,rated,,1201,New Jersey,0\.0048,42,0\.0034,$/);
  });

  it('the spreadsheet re-save: no quotes, 2020/2/10 22:41 dates, a number turned into 4.42079E+11 and 31 February unrated', () => {
    const db = newStore();
    const result = ratedeck(db, ['rate', join(fixtures, 'asterisk-spreadsheet-resaved.csv'), '--customer', 'Globex']);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('1 rated, 1 unanswered, 2 unrated (bad number: 1, bad time: 1)');
  });

  it('US jurisdiction: NJ to NJ intrastate, NY to NJ interstate, no caller or a Canadian caller indeterminate; --states overrides the shipped table', () => {
    const db = newStore();
    const deck = file('us-jurisdiction.csv', 'Prefix,Destination,Rate,Inter Rate,Intra Rate,Indeterminate Rate,Increments\n1201,New Jersey,0.0100,0.0050,0.0030,0.0070,60/60\n');
    expect(ratedeck(db, ['carrier', 'add', 'Bell']).status).toBe(0);
    expect(ratedeck(db, ['deck', 'import', deck, '--carrier', 'Bell', '--effective', '2020-01-01']).status).toBe(0);
    const calls = file(
      'us-calls.csv',
      ['id,number,caller,answer,seconds', 'j-1,12015550123,19735550199,2020-02-10T10:00:00Z,60', 'j-2,12015550123,12125550100,2020-02-10T10:00:00Z,60', 'j-3,12015550123,,2020-02-10T10:00:00Z,60', 'j-4,12015550123,14165550100,2020-02-10T10:00:00Z,60'].join('\n') + '\n',
    );
    const rows = csvRows(ratedeck(db, ['rate', calls, '--carrier', 'Bell']).stdout).slice(1);
    expect(rows.map((row) => [row[0], row[6], row[9], row[11]])).toEqual([
      ['j-1', 'intrastate', '0.0030', '0.0030'],
      ['j-2', 'interstate', '0.0050', '0.0050'],
      ['j-3', 'indeterminate', '0.0070', '0.0070'],
      ['j-4', 'indeterminate', '0.0070', '0.0070'],
    ]);
    const states = file('states.csv', '212,NJ\n');
    const overridden = csvRows(ratedeck(db, ['rate', calls, '--carrier', 'Bell', '--states', states]).stdout);
    expect(overridden[2]![6]).toBe('intrastate');
  });

  it('a file that cannot be read names the unterminated quote and its line (exit 2)', () => {
    const db = newStore();
    const result = ratedeck(db, ['rate', join(fixtures, 'unterminated-quote.csv'), '--customer', 'Globex', '--format', 'asterisk']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/line 2/);
    expect(ratedeck(db, ['rate', join(dir, 'no-such-calls.csv'), '--customer', 'Globex']).status).toBe(2);
    expect(ratedeck(db, ['rate', join(fixtures, 'generic-calls.csv'), '--customer', 'Globex', '--states', join(dir, 'no-such-states.csv')]).status).toBe(2);
    expect(ratedeck(db, ['rate', join(fixtures, 'generic-calls.csv'), '--customer', 'Globex', '--out', join(dir, 'no-such-dir', 'out.csv')]).status).toBe(2);
  });

  it('--charge without call ids is refused, and without --customer is a usage error', () => {
    const db = newStore();
    const noIds = file('no-ids.csv', 'number,seconds,start\n442079460000,60,2020-02-10T10:00:00Z\n');
    expect(ratedeck(db, ['rate', noIds, '--customer', 'Globex', '--charge']).status).toBe(1);
    expect(ratedeck(db, ['rate', noIds, '--carrier', 'Acme', '--charge']).status).toBe(64);
    expect(balance(db)).toBe('10.00');
  });
});

describe('charging balances', () => {
  const first = ['id,number,caller,answer,seconds', 'c-1,442079460000,,2020-02-10T10:00:00Z,60', 'c-2,442079460001,,2020-02-10T10:05:00Z,30', 'c-3,12015550123,12125550100,2020-02-10T10:06:00Z,61'];

  it('re-rating a charged file leaves the balance exactly as after the first run', () => {
    const db = newStore();
    const calls = file('first.csv', first.join('\n') + '\n');
    const once = ratedeckJson<{ charged: { calls: number; balanceAfter: string } }>(db, ['rate', calls, '--customer', 'Globex', '--charge', '--out', join(dir, 'o1.csv')]);
    // 0.0120 + 0.0060 + 0.0053 = 0.0233
    expect(once.charged).toMatchObject({ calls: 3, balanceBefore: '10.00', balanceAfter: '9.9767' });
    expect(balance(db)).toBe('9.9767');
    const again = ratedeckJson<{ charged: { balanceBefore: string; balanceAfter: string } }>(db, ['rate', calls, '--customer', 'Globex', '--charge', '--out', join(dir, 'o2.csv')]);
    expect(again.charged).toMatchObject({ balanceBefore: '9.9767', balanceAfter: '9.9767' });
    expect(balance(db)).toBe('9.9767');
  });

  it('a second file repeating some call ids charges each call once, the repeated ones at their new cost', () => {
    const db = newStore();
    expect(ratedeck(db, ['rate', file('a.csv', first.join('\n') + '\n'), '--customer', 'Globex', '--charge', '--out', join(dir, 'a-out.csv')]).status).toBe(0);
    // c-2 again, now 90 s (0.0180 instead of 0.0060), and a new c-4 of 60 s (0.0120).
    const second = file('b.csv', ['id,number,caller,answer,seconds', 'c-2,442079460001,,2020-02-10T10:05:00Z,90', 'c-4,442079460002,,2020-02-10T11:00:00Z,60'].join('\n') + '\n');
    const summary = ratedeckJson<{ charged: { calls: number; balanceAfter: string } }>(db, ['rate', second, '--customer', 'Globex', '--charge', '--out', join(dir, 'b-out.csv')]);
    // 10 − (0.0120 + 0.0180 + 0.0053 + 0.0120)
    expect(summary.charged).toMatchObject({ calls: 2, balanceAfter: '9.9527' });
    expect(balance(db)).toBe('9.9527');
  });

  it('a run killed mid-file leaves none of that file’s charges', async () => {
    const db = newStore();
    expect(ratedeck(db, ['rate', file('kept.csv', first.join('\n') + '\n'), '--customer', 'Globex', '--charge', '--out', join(dir, 'kept-out.csv')]).status).toBe(0);
    const before = balance(db);
    const big = join(dir, 'big-calls.csv');
    const stream = createWriteStream(big);
    stream.write('id,number,caller,answer,seconds\n');
    for (let i = 0; i < 400_000; i++) {
      if (!stream.write(`big-${i},4420794${String(i % 100000).padStart(5, '0')},,2020-02-10T10:00:00Z,${(i % 300) + 1}\n`)) await once(stream, 'drain');
    }
    stream.end();
    await once(stream, 'finish');

    const child = spawn(process.execPath, [cli, '--db', db, 'rate', big, '--customer', 'Globex', '--charge', '--out', join(dir, 'big-out.csv')], { stdio: 'ignore' });
    const killedWhileWriting = await new Promise<boolean>((done) => {
      const poll = setInterval(() => {
        const wal = db + '-wal';
        if (existsSync(wal) && statSync(wal).size > 2 * 1024 * 1024) {
          clearInterval(poll);
          child.kill('SIGKILL');
          done(true);
        }
      }, 5);
      child.on('exit', () => {
        clearInterval(poll);
        done(false);
      });
    });
    expect(killedWhileWriting).toBe(true);
    await new Promise((done) => (child.exitCode !== null || child.signalCode !== null ? done(null) : child.on('exit', done)));

    expect(balance(db)).toBe(before);
    const count = spawnSync(
      process.execPath,
      ['-e', `const D=require(${JSON.stringify(join(root, 'node_modules', 'better-sqlite3'))});const d=new D(${JSON.stringify(db)});console.log(d.prepare("SELECT COUNT(*) FROM charges WHERE call_id LIKE 'big-%'").pluck().get())`],
      { encoding: 'utf8' },
    );
    expect(count.stdout.trim()).toBe('0');
  }, 60_000);
});
