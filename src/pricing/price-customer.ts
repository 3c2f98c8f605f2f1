import { readFileSync } from 'node:fs';
import { RatedeckError } from '../errors.js';
import { emptyEntryTable } from '../model/entry-table.js';
import { latestCardRevision, listCustomerCards, requireLatestRevision } from '../store/card-owner.js';
import { getCarrier } from '../store/carrier-store.js';
import { getActiveCustomer, getCustomerById, type Customer } from '../store/customer-store.js';
import { writeTransaction, type Db } from '../store/database.js';
import { cardIdFor, latestRevision, readRevisionEntries, writeRevision } from '../store/rate-card-store.js';
import type { CompactMode, CostCard } from './cost-combiner.js';
import { exchangeRateExample } from '../money/currency.js';
import { NO_TEXT, type EntryTable } from '../model/entry-table.js';
import { parsePlanJson, validateMarginPlan, type MarginPlan, type PlanRule } from './margin-plan.js';
import { planError } from './plan-fields.js';
import { PlanRuleIndex } from './plan-rule-index.js';
import { pricedDetailsOf, storedPlanOf, type PricedDetails, type PricedSource } from './priced-revision.js';
import { buildSellCard, type SellCardSummary } from './sell-card-builder.js';
import { supersedeFrom } from './sell-card-history.js';

export interface PriceCustomerRequest {
  customer: string;
  /** The plan as parsed JSON, and where it came from (a file name, for messages and the revision). */
  plan: unknown;
  planSource: string;
  carriers: string[];
  compact: CompactMode;
  at: number;
  effective: number;
}

/** `ratedeck price --json`: the revision written and what pricing found. */
export interface PriceSummary extends SellCardSummary {
  customer: string;
  revision: number;
  /**
   * Rules that priced or blocked no code in force at `at` (a typo in a prefix, a glob
   * no destination matches): a warning, the card is written without them.
   */
  unmatchedRules: UnmatchedRule[];
}

/** A plan rule that matched no code, as the plan file wrote it. */
export interface UnmatchedRule {
  path: string;
  prefix?: string;
  destination?: string;
}

/**
 * Reads and parses a plan file: UNREADABLE_FILE naming the file when it cannot be read
 * (NOT_FOUND would say a carrier or customer is missing), BAD_PLAN when it is not a plan.
 */
export function readPlanFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RatedeckError('UNREADABLE_FILE', `Cannot read plan ${path}: ${fileProblem(error as NodeJS.ErrnoException)}; check --plan.`, { file: path });
  }
  const value = parsePlanJson(text, path);
  validateMarginPlan(value, path);
  return value;
}

function fileProblem(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return 'there is no such file';
  if (error.code === 'EISDIR') return 'it is a directory, not a file';
  if (error.code === 'EACCES' || error.code === 'EPERM') return 'permission denied';
  return error.message;
}

/**
 * Prices the customer's sell card from the carriers' latest cards and writes
 * it as a new revision of the customer's card, with the plan and the source
 * revisions recorded. The (possibly long) pricing runs before the write
 * transaction; a source import committed meanwhile shows as a newer revision
 * than the recorded one, which `rebuildStaleCards` picks up.
 */
export function priceCustomer(db: Db, request: PriceCustomerRequest): PriceSummary {
  const customer = getActiveCustomer(db, request.customer);
  const plan = validateMarginPlan(request.plan, request.planSource);
  const duplicate = request.carriers.find((name, i) => request.carriers.findIndex((other) => other.toLowerCase() === name.toLowerCase()) !== i);
  if (duplicate) throw new RatedeckError('BAD_OPTION', `--carrier "${duplicate}" is given twice; name each carrier once.`, { option: '--carrier', value: duplicate });
  if (request.carriers.length === 0) {
    throw new RatedeckError('BAD_OPTION', 'Name at least one carrier to price from, e.g. --carrier Acme (repeat it for a union).', { option: '--carrier' });
  }

  const sources: PricedSource[] = [];
  const cards: CostCard[] = request.carriers.map((name) => {
    const carrier = getCarrier(db, name);
    const { revision } = requireLatestRevision(db, { kind: 'carrier', id: carrier.id, name: carrier.name });
    sources.push({ name: carrier.name, currency: carrier.currency, revisionId: revision.id });
    return { name: carrier.name, currency: carrier.currency, table: readRevisionEntries(db, revision.id) };
  });
  requireExchangeRates(plan, cards, customer.currency, request.planSource);

  const sellCard = buildSellCard(cards, {
    plan,
    currency: customer.currency,
    at: request.at,
    effective: request.effective,
    compact: request.compact,
    planSource: request.planSource,
  });
  if (sellCard.table.length === 0) {
    // An empty card would end every sell rate the customer has: almost surely a wrong --at or plan.
    throw new RatedeckError(
      'INVALID_VALUE',
      `Nothing to sell: the carriers' cards have no entry in force at ${new Date(request.at).toISOString()}${blockedNote(sellCard.summary.blocked)}; nothing was written. Check --at and the plan.`,
      { customer: customer.name, blocked: sellCard.summary.blocked },
    );
  }
  const details: PricedDetails = { plan: request.plan, carriers: sources, compact: request.compact, at: request.at, effective: request.effective };
  const revision = writeTransaction(db, () => {
    const cardId = cardIdFor(db, 'customer', customer.id, true)!;
    const previous = latestRevision(db, cardId);
    const history = previous ? readRevisionEntries(db, previous.id) : emptyEntryTable();
    const table = supersedeFrom(history, sellCard.table, request.effective);
    return writeRevision(db, cardId, { mode: 'priced', source: request.planSource, details: details as unknown as Record<string, unknown> }, table);
  });
  return { customer: customer.name, revision: revision.number, ...sellCard.summary, unmatchedRules: unmatchedRules(plan, cards, request.at) };
}

export interface StaleRebuild {
  /** Customers rebuilt, with the carriers whose cards had moved on. */
  rebuilt: (PriceSummary & { staleCarriers: string[] })[];
  /** Priced customers whose sources had not changed. */
  upToDate: string[];
}

/**
 * Rebuilds every customer card whose source carrier cards have a newer
 * revision than the one it was priced from, with the plan, carriers and
 * compact mode it was last priced with. Costs are read as of `now` and the
 * new sell entries start `now`, or at the recorded times when those are
 * later (a card priced ahead for next month stays priced for next month).
 * Archived customers are left alone.
 */
export function rebuildStaleCards(db: Db, now: number): StaleRebuild {
  const result: StaleRebuild = { rebuilt: [], upToDate: [] };
  for (const { customerId, cardId } of listCustomerCards(db)) {
    const customer: Customer = getCustomerById(db, customerId);
    if (customer.status === 'archived') continue;
    const revision = latestRevision(db, cardId);
    const details = revision ? pricedDetailsOf(revision) : null;
    if (!revision || !details) continue;
    storedPlanOf(revision, details);
    const staleCarriers = details.carriers.filter((source) => {
      const latest = latestCardRevision(db, { kind: 'carrier', id: getCarrier(db, source.name).id });
      return latest !== null && latest.revision.id !== source.revisionId;
    });
    if (staleCarriers.length === 0) {
      result.upToDate.push(customer.name);
      continue;
    }
    const summary = priceCustomer(db, {
      customer: customer.name,
      plan: details.plan,
      planSource: revision.source ?? 'stored plan',
      carriers: details.carriers.map((source) => source.name),
      compact: details.compact,
      at: Math.max(now, details.at),
      effective: Math.max(now, details.effective),
    });
    result.rebuilt.push({ ...summary, staleCarriers: staleCarriers.map((source) => source.name) });
  }
  return result;
}

function blockedNote(blocked: number): string {
  if (blocked === 0) return '';
  return blocked === 1 ? ', or the plan blocks the one code they have' : `, or the plan blocks all ${blocked} codes they have`;
}

/** Every carrier currency other than the customer's needs a plan exchange rate; the example is in those two currencies. */
function requireExchangeRates(plan: MarginPlan, cards: CostCard[], currency: string, source: string): void {
  const card = cards.find((candidate) => candidate.currency !== currency && plan.exchangeRates[candidate.currency] === undefined);
  if (!card) return;
  throw planError(
    source,
    `exchangeRates.${card.currency}`,
    `the ${currency} value of one ${card.currency}, written ${exchangeRateExample(currency, card.currency)} (carrier "${card.name}" prices in ${card.currency}, customer in ${currency})`,
    undefined,
  );
}

/**
 * The rules that apply to no entry in force at `at` in any card: a prefix rule when no
 * code takes it as its longest rule prefix, a destination rule when no destination of a
 * code without a prefix rule matches its glob.
 */
export function unmatchedRules(plan: MarginPlan, cards: { table: EntryTable }[], at: number): UnmatchedRule[] {
  if (plan.rules.length === 0) return [];
  const index = new PlanRuleIndex(plan);
  const used = new Uint8Array(plan.rules.length);
  for (const { table } of cards) {
    for (let i = 0; i < table.length; i++) {
      if (!(table.effectiveFrom[i]! <= at && at < table.effectiveTo[i]!)) continue;
      const destination = table.destination[i]!;
      const rule = index.ruleFor(table.prefix[i]!, destination === NO_TEXT ? null : table.texts[destination]!);
      if (rule >= 0) used[rule] = 1;
    }
  }
  return plan.rules.filter((_rule, i) => used[i] === 0).map(describeRule);
}

function describeRule(rule: PlanRule): UnmatchedRule {
  return rule.prefix !== undefined ? { path: rule.path, prefix: rule.prefix } : { path: rule.path, destination: rule.destination! };
}
