/**
 * `npm run bench:pricing`: pricing a 1,000,000-entry deck, and a 3-carrier
 * union of 300,000 codes each, against the floor measured in the same run:
 * the same loop over the same cards that only copies each in-force entry
 * into a new table (EntryTableBuilder.addFrom), with no pricing at all.
 * Writes bench/results/pricing.json. BENCH_PRICING_ENTRIES,
 * BENCH_PRICING_UNION_CODES and BENCH_PRICING_ROUNDS scale it down for a
 * quick look.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { EntryTableBuilder, type EntryTable } from '../src/model/entry-table.js';
import { parseMarginPlan } from '../src/pricing/margin-plan.js';
import { buildSellCard, type CompactMode, type CostCard } from '../src/pricing/sell-card-builder.js';
import { seededRandom } from './lib/seeded-random.js';

const SINGLE_ENTRIES = Number(process.env.BENCH_PRICING_ENTRIES ?? 1_000_000);
const UNION_CODES = Number(process.env.BENCH_PRICING_UNION_CODES ?? 300_000);
const ROUNDS = Number(process.env.BENCH_PRICING_ROUNDS ?? 5);
const AT = Date.UTC(2025, 5, 1);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// The example plan (the demo's): prefix rules at several depths, a destination glob, a block.
const PLAN = parseMarginPlan(readFileSync(join(root, 'fixtures', 'sample-plan.json'), 'utf8'), 'fixtures/sample-plan.json');

const COUNTRY_CODES = ['1', '7', '20', '27', '33', '34', '39', '44', '49', '52', '55', '61', '62', '63', '81', '86', '91', '234', '254', '351', '880', '8816', '882', '971'];
const INCREMENTS: [number, number][] = [
  [60, 60],
  [30, 6],
  [1, 1],
  [6, 6],
];

/**
 * Distinct codes with a realistic length mix (5 to 11 digits under real
 * country codes, so nested prefixes occur), as carriers' decks hold them.
 */
function codePool(count: number, random: () => number): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    const country = COUNTRY_CODES[Math.floor(random() * COUNTRY_CODES.length)]!;
    const length = 5 + Math.floor(random() * 7);
    let code = country;
    while (code.length < length) code += String(Math.floor(random() * 10));
    codes.add(code);
  }
  return [...codes];
}

/**
 * A carrier's deck in EntryTable form, shaped like real ones (sdf-az-2010:
 * 27,523 codes, 2,010 destinations, 623 distinct rates): a destination is a
 * country and a two-digit area, priced per destination by each carrier (its
 * own factor on a shared base), with one code in ten at a rate of its own.
 * A tenth of the codes also carry an expired older entry.
 */
function deck(codes: string[], carrier: number, random: () => number): EntryTable {
  const builder = new EntryTableBuilder(Math.ceil(codes.length * 1.1));
  // Laid out A–Z as carriers send them: by destination, then code.
  const rows = codes.map((code) => ({ code, destination: destinationOf(code) }));
  rows.sort((a, b) => (a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : a.code < b.code ? -1 : 1));
  for (const { code, destination } of rows) {
    const rate = random() < 0.1 ? (Math.floor(random() * 5000) / 10_000 + 0.0001).toFixed(5) : destinationRate(destination, carrier);
    const [initial, subsequent] = INCREMENTS[(code.charCodeAt(1) + carrier) % INCREMENTS.length]!;
    const entry = {
      prefix: code,
      destination,
      rate,
      connectionFee: random() < 0.9 ? '0' : '0.0100',
      increments: { initial, subsequent },
      interRate: null,
      intraRate: null,
      indeterminateRate: null,
      effectiveFrom: Date.UTC(2025, 0, 1),
      effectiveTo: null,
    };
    if (random() < 0.1) builder.add({ ...entry, rate: '0.9000', effectiveFrom: Date.UTC(2024, 0, 1), effectiveTo: Date.UTC(2025, 0, 1) });
    builder.add(entry);
  }
  return builder.build();
}

function destinationOf(code: string): string {
  const country = COUNTRY_CODES.find((candidate) => code.startsWith(candidate))!;
  const area = code.slice(country.length, country.length + 2);
  return `${country} area ${area}${Number(area) % 4 === 0 ? ' Mobile' : ''}`;
}

const baseRates = new Map<string, number>();
const baseRandom = seededRandom(11);

/** A destination's rate at one carrier: a shared base times the carrier's factor, 4 decimals. */
function destinationRate(destination: string, carrier: number): string {
  let base = baseRates.get(destination);
  if (base === undefined) baseRates.set(destination, (base = 10 + Math.floor(baseRandom() * 4990)));
  const factor = 0.9 + ((base * (carrier + 7)) % 21) / 100;
  return (Math.round(base * factor) / 10_000).toFixed(4);
}

/** The floor: the same walk over the same cards, copying each in-force entry. */
function copyInForce(cards: CostCard[]): number {
  const builder = new EntryTableBuilder(cards.reduce((sum, card) => sum + card.table.length, 0));
  for (const card of cards) {
    const table = card.table;
    for (let i = 0; i < table.length; i++) {
      if (table.effectiveFrom[i]! <= AT && AT < table.effectiveTo[i]!) builder.addFrom(table, i);
    }
  }
  return builder.build().length;
}

function price(cards: CostCard[], compact: CompactMode): number {
  return buildSellCard(cards, { plan: PLAN, currency: 'USD', at: AT, effective: AT, compact }).table.length;
}

async function main(): Promise<void> {
  const random = seededRandom(5);
  process.stdout.write(`Generating a ${SINGLE_ENTRIES}-code deck and three ${UNION_CODES}-code decks …\n`);
  const single: CostCard[] = [{ name: 'Single', currency: 'USD', table: deck(codePool(SINGLE_ENTRIES, random), 0, random) }];
  // Three carriers drawing from one pool of codes: most codes are shared, each deck
  // lists some the others do not, and a fifth of each deck is one digit deeper.
  const pool = codePool(Math.round(UNION_CODES * 1.5), random);
  const union: CostCard[] = ['USD', 'EUR', 'USD'].map((currency, k) => {
    const picked = pool.filter(() => random() < 1 / 1.5).slice(0, UNION_CODES);
    const deeper = picked.map((code) => (random() < 0.2 && code.length < 15 ? code + String(k) : code));
    return { name: `Carrier ${k + 1}`, currency, table: deck([...new Set(deeper)], k, random) };
  });

  // The machine is shared: load changes over a run. Several short rounds, each
  // timing every task, give per-round ratios of neighbouring measurements; the
  // reported figures are medians over the rounds.
  const tasks: [string, () => void][] = [
    ['floor: copy 1M-entry deck', () => void copyInForce(single)],
    ['price 1M-entry deck', () => void price(single, 'min')],
    ['floor: copy 3 × 300k decks', () => void copyInForce(union)],
    ['price 3-carrier union, min', () => void price(union, 'min')],
    ['price 3-carrier union, avg', () => void price(union, 'avg')],
  ];
  const samples = new Map<string, number[]>(tasks.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ iterations: 3, time: 0, warmupIterations: 1, warmupTime: 0 });
    for (const [name, run] of tasks) bench.add(name, run);
    await bench.run();
    for (const [name] of tasks) {
      const result = bench.getTask(name)?.result;
      if (!result || !('latency' in result)) throw new Error(`${name}: no result`);
      samples.get(name)!.push(result.latency.p50);
    }
  }
  const ms = (name: string): number => Math.round(median(samples.get(name)!));
  const ratio = (name: string, floor: string): number => {
    const perRound = samples.get(name)!.map((value, round) => value / samples.get(floor)![round]!);
    return +median(perRound).toFixed(2);
  };
  const singleFloor = 'floor: copy 1M-entry deck';
  const unionFloor = 'floor: copy 3 × 300k decks';
  const results = {
    rounds: ROUNDS,
    single: { entries: single[0]!.table.length, sellEntries: price(single, 'min'), priceMs: ms('price 1M-entry deck'), floorMs: ms(singleFloor) },
    union: {
      carriers: union.length,
      entriesPerCarrier: union.map((card) => card.table.length),
      sellEntries: price(union, 'min'),
      minMs: ms('price 3-carrier union, min'),
      avgMs: ms('price 3-carrier union, avg'),
      floorMs: ms(unionFloor),
    },
    ratios: {
      single: ratio('price 1M-entry deck', singleFloor),
      unionMin: ratio('price 3-carrier union, min', unionFloor),
      unionAvg: ratio('price 3-carrier union, avg', unionFloor),
    },
  };
  console.table([
    { run: `1 carrier, ${SINGLE_ENTRIES} codes`, 'pricing ms': results.single.priceMs, 'floor ms': results.single.floorMs, ratio: results.ratios.single, goal: '≤ 4×' },
    { run: `3 carriers × ${UNION_CODES}, min`, 'pricing ms': results.union.minMs, 'floor ms': results.union.floorMs, ratio: results.ratios.unionMin, goal: '≤ 4×' },
    { run: `3 carriers × ${UNION_CODES}, avg`, 'pricing ms': results.union.avgMs, 'floor ms': results.union.floorMs, ratio: results.ratios.unionAvg, goal: '≤ 4×' },
  ]);
  const out = join(root, 'bench', 'results', 'pricing.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`Wrote ${out}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

await main();
