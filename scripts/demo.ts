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

function ratedeck(args: string[], input?: string): string {
  const shown = args.map((arg) => (/[\s"$]/.test(arg) ? JSON.stringify(arg) : arg)).join(' ');
  process.stdout.write(`\n$ ratedeck ${shown}\n`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, input, encoding: 'utf8', env: { ...process.env, RATEDECK_DB: database } });
  process.stdout.write(result.stdout);
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
ratedeck(['price', '--customer', 'Initech Retail', '--plan', join(root, 'fixtures', 'sample-plan.json'), '--carrier', 'Acme Telecom', '--carrier', 'Globex Carrier']);
ratedeck(['lookup', '--customer', 'Initech Retail', '+44 7700 900123', '+44 20 7946 0000', '+33 6 12 34 56 78', '+1 212 555 0100']);
ratedeck(['lcr', '+44 7700 900123', '--customer', 'Initech Retail']);
ratedeck(['customer', 'show', 'Initech Retail']);
process.stdout.write(`\nDone. Explore it with: RATEDECK_DB=${database} node ${cli} --help\n`);
