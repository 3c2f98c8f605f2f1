import type { MarginPlan } from './margin-plan.js';

/** Rule index meaning "no rule applies: the plan's default". */
export const DEFAULT_TERMS = -1;

const NO_CHILD = -1;
const DIGITS = 10;

/**
 * Finds the rule that prices a code: the prefix rule with the longest prefix
 * of the code; else the first destination rule whose glob matches the
 * code's destination; else the default. Rule prefixes are not prefix-free
 * (44, 447), so the walk remembers the deepest node that carries a rule.
 */
export class PlanRuleIndex {
  /** children[node * 10 + digit] = child node; node 0 is the root. */
  private children: Int32Array;
  /** ruleAt[node] = index in plan.rules, or DEFAULT_TERMS. */
  private ruleAt: Int32Array;
  private nodeCount = 1;
  private readonly destinationRules: { index: number; pattern: RegExp }[] = [];
  private readonly destinationCache = new Map<string, number>();

  constructor(plan: MarginPlan) {
    const prefixRules = plan.rules.filter((rule) => rule.prefix !== undefined);
    const capacity = 1 + prefixRules.reduce((sum, rule) => sum + rule.prefix!.length, 0);
    this.children = new Int32Array(capacity * DIGITS).fill(NO_CHILD);
    this.ruleAt = new Int32Array(capacity).fill(DEFAULT_TERMS);
    plan.rules.forEach((rule, index) => {
      if (rule.prefix !== undefined) this.insert(rule.prefix, index);
      else if (rule.destination !== undefined) this.destinationRules.push({ index, pattern: globToRegExp(rule.destination) });
    });
  }

  /** Index in plan.rules of the rule for this code and destination, or DEFAULT_TERMS. */
  ruleFor(code: string, destination: string | null): number {
    const byPrefix = this.prefixRuleFor(code);
    return byPrefix !== DEFAULT_TERMS ? byPrefix : this.destinationRuleFor(destination);
  }

  prefixRuleFor(code: string): number {
    let node = 0;
    let found = DEFAULT_TERMS;
    for (let i = 0; i < code.length; i++) {
      const digit = code.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      node = this.children[node * DIGITS + digit]!;
      if (node === NO_CHILD) break;
      if (this.ruleAt[node] !== DEFAULT_TERMS) found = this.ruleAt[node]!;
    }
    return found;
  }

  /** First destination rule (in plan order) matching, cached per destination text. */
  destinationRuleFor(destination: string | null): number {
    if (destination === null || this.destinationRules.length === 0) return DEFAULT_TERMS;
    let index = this.destinationCache.get(destination);
    if (index === undefined) {
      index = this.destinationRules.find((rule) => rule.pattern.test(destination))?.index ?? DEFAULT_TERMS;
      this.destinationCache.set(destination, index);
    }
    return index;
  }

  private insert(prefix: string, ruleIndex: number): void {
    let node = 0;
    for (let i = 0; i < prefix.length; i++) {
      const slot = node * DIGITS + prefix.charCodeAt(i) - 48;
      if (this.children[slot] === NO_CHILD) this.children[slot] = this.nodeCount++;
      node = this.children[slot]!;
    }
    this.ruleAt[node] = ruleIndex;
  }
}

/**
 * A destination glob as a whole-string, case-insensitive pattern: `*` is any
 * run of characters, `?` one character, everything else literal. A leading
 * or trailing `*` becomes an unanchored end rather than `.*`, which is the
 * same match without the backtracking (`*mobile*` is a plain search).
 */
function globToRegExp(glob: string): RegExp {
  let body = glob;
  const openStart = body.startsWith('*');
  const openEnd = body.length > 1 && body.endsWith('*');
  body = body.replace(/^\*+/, '').replace(/\*+$/, '');
  let source = '';
  for (const character of body) {
    if (character === '*') source += '.*';
    else if (character === '?') source += '.';
    else source += character.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  // 's' lets * and ? cross line breaks; 'u' makes ? one character even outside the BMP.
  return new RegExp(`${openStart ? '' : '^'}${source}${openEnd ? '' : '$'}`, body.includes('?') ? 'isu' : 'is');
}
