import type { RevisionInfo } from '../store/rate-card-store.js';
import type { CompactMode } from './cost-combiner.js';
import { validateMarginPlan, type MarginPlan } from './margin-plan.js';

/** A source card a sell card was priced from, as of the revision that was read. */
export interface PricedSource {
  name: string;
  currency: string;
  revisionId: number;
}

/**
 * What a priced revision records in its details, so that it can be rebuilt
 * when a source card changes, and so that least-cost routing converts with
 * the exchange rates the customer was priced with. `plan` is the plan as
 * the file held it (JSON, amounts as strings), re-validated when read back.
 */
export interface PricedDetails {
  plan: unknown;
  carriers: PricedSource[];
  compact: CompactMode;
  at: number;
  effective: number;
}

/** The pricing record of a customer card revision, or null for one not written by `ratedeck price`. */
export function pricedDetailsOf(revision: RevisionInfo): PricedDetails | null {
  if (revision.mode !== 'priced') return null;
  const details = revision.details as Partial<PricedDetails>;
  if (!Array.isArray(details.carriers) || details.plan === undefined) return null;
  return details as PricedDetails;
}

/** The plan a revision was priced with, validated again (it was valid when stored). */
export function storedPlanOf(revision: RevisionInfo, details: PricedDetails): MarginPlan {
  return validateMarginPlan(details.plan, `plan stored with revision ${revision.number}${revision.source ? ` (${revision.source})` : ''}`);
}
