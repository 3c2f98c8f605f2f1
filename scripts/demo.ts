/**
 * `npm start`: the whole initial set-up on a fresh demo database, through the
 * real CLI, printing every command as an operator would type it.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const database = process.env.RATEDECK_DEMO_DB ?? join(root, 'demo.db');

for (const suffix of ['', '-wal', '-shm']) rmSync(database + suffix, { force: true });

function ratedeck(args: string[], input?: string, quiet = false): string {
  const shown = args.map((arg) => (/[\s"$]/.test(arg) ? JSON.stringify(arg) : arg)).join(' ');
  if (!quiet) process.stdout.write(`\n$ ratedeck ${shown}\n`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, input, encoding: 'utf8', env: { ...process.env, RATEDECK_DB: database } });
  if (!quiet) process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  if (result.status !== 0) {
    process.stderr.write(`demo: the command above exited with ${result.status}\n`);
    process.exit(result.status ?? 1);
  }
  return result.stdout;
}

process.stdout.write(`ratedeck demo: database ${database}\n`);

// The carriers we buy from, with their switches, and their rate decks.
ratedeck(['carrier', 'add', 'Acme Telecom', '--host', '203.0.113.10:5060/udp', '--currency', 'USD']);
ratedeck(['carrier', 'add', 'Globex Carrier', '--host', 'sip.globex.example', '--currency', 'EUR']);
ratedeck(['deck', 'import', join(root, 'fixtures', 'sample-carrier.csv'), '--carrier', 'Acme Telecom']);
ratedeck(['deck', 'import', join(root, 'fixtures', 'sample-carrier.xlsx'), '--carrier', 'Globex Carrier']);
ratedeck(['deck', 'list', '--carrier', 'Acme Telecom']);
ratedeck(['lookup', '--carrier', 'Acme Telecom', '+44 7700 900123', '+44 20 7946 0000', '+1 212 555 0100', '+999 123']);
ratedeck(['lookup', '--carrier', 'Globex Carrier', '+44 7700 900123', '+33 6 12 34 56 78']);

// The customer we sell to: currency, credit, how its switch authenticates, its first payment.
ratedeck(['customer', 'add', 'Initech Retail', '--currency', 'USD', '--debit-limit', '50']);
ratedeck(['customer', 'auth', 'add-ip', 'Initech Retail', '198.51.100.20', '--port', '5060', '--protocol', 'udp']);
ratedeck(['customer', 'auth', 'add-user', 'Initech Retail', 'initech-trunk1', '--generate']);
ratedeck(['customer', 'payment', 'add', 'Initech Retail', '--amount', '100.00', '--description', 'first top-up']);

// Its sell card: the two carriers' cheapest cost per code plus the margin plan.
// Effective from mid-2025, so the demo's July 2025 calls are rated on it.
ratedeck(['price', '--customer', 'Initech Retail', '--plan', join(root, 'fixtures', 'sample-plan.json'), '--carrier', 'Acme Telecom', '--carrier', 'Globex Carrier', '--effective', '2025-06-01']);
ratedeck(['lookup', '--customer', 'Initech Retail', '+44 7700 900123', '+44 20 7946 0000', '+33 6 12 34 56 78', '+1 212 555 0100']);
ratedeck(['lcr', '+44 7700 900123', '--customer', 'Initech Retail']);
ratedeck(['customer', 'show', 'Initech Retail']);

// A day of its switch's call records (Asterisk Master.csv), rated on its card and charged:
// the balance before and after, then a second run that changes nothing (each call id is charged once).
const balance = (): string => (JSON.parse(ratedeck(['customer', 'show', 'Initech Retail', '--json'], undefined, true)) as { balance: string }).balance;
const calls = join(root, 'fixtures', 'cdr', 'demo-calls-master.csv');
const before = balance();
ratedeck(['rate', calls, '--customer', 'Initech Retail', '--number-rewrite', '^00=', '--charge']);
const after = balance();
ratedeck(['rate', calls, '--customer', 'Initech Retail', '--number-rewrite', '^00=', '--charge', '--out', join(dirname(database), 'demo-rated.csv')]);
process.stdout.write(`\nBalance of Initech Retail: ${before} USD before the calls, ${after} USD after; rating the file again left it at ${balance()} USD.\n`);

// Before the next call, the switch asks how long it may last.
ratedeck(['authorize', '--customer', 'Initech Retail', '+44 7700 900123', '--at', '2025-07-02T09:00:00Z']);
ratedeck(['authorize', '--customer', 'Initech Retail', '+44 7700 900123', '--at', '2025-07-02T09:00:00Z', '--json']);
process.stdout.write(`\nDone. Explore it with: RATEDECK_DB=${database} node ${cli} --help\n`);
