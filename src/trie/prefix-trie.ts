import type { RateEntry } from '../model/rate-entry.js';
import { TextPool } from './text-pool.js';

/**
 * The raw arrays of a compiled rate card. This module is the only one that
 * knows what the words mean; the builder writes them through writeNode /
 * writeTariff, the snapshot copies them as opaque sections (TRIE_SECTIONS),
 * and everything else calls PrefixTrie's methods.
 *
 * - nodes: 4 Uint32 words per node, root = 0; a node's children are
 *   contiguous, sibling blocks in depth-first order.
 *     word 0: bits 0..9 the child digits present, bits 10..31 the node's entry count
 *     word 1: index of the first child (a node's children are contiguous, in digit order)
 *     word 2: index of the node's first entry
 *     word 3: the period of that first entry (its latest), or 0 without entries
 *   A 16-byte record never straddles a cache line, so a walk step costs at
 *   most one miss; the child index is firstChild + popcount(mask below the
 *   digit). Word 3 settles the common case (the deepest prefix's latest entry
 *   is in force) without touching the entry columns, which are the other
 *   half of the memory and would cost a second miss per lookup.
 * - entries, grouped by node, nodes ordered by depth, within a node latest
 *   effectiveFrom first: entryTariff, entryDestination (text id or NO_TEXT_ID),
 *   entryPeriod, one Uint32 each.
 * - tariffs: 7 Uint32 per distinct tuple (rate, connection fee, initial and
 *   subsequent increment, inter, intra, indeterminate rate); decimals as text ids.
 * - periods: distinct (effectiveFrom, effectiveTo) pairs, Float64; to is
 *   Infinity when open-ended.
 * - depthEntryStart: entries of prefixes of length d start at depthEntryStart[d];
 *   the prefix of an entry is the first d digits of the number it matched.
 * - textOffsets, textBytes: a TextPool of destinations and decimals.
 */
export interface TrieArrays {
  nodes: Uint32Array;
  entryTariff: Uint32Array;
  entryDestination: Uint32Array;
  entryPeriod: Uint32Array;
  tariffs: Uint32Array;
  periods: Float64Array;
  depthEntryStart: Uint32Array;
  textOffsets: Uint32Array;
  textBytes: Uint8Array;
}

type TypedArrayConstructor = Uint32ArrayConstructor | Float64ArrayConstructor | Uint8ArrayConstructor;

/** The sections a snapshot stores, in order, with their element types. */
export const TRIE_SECTIONS: readonly { name: keyof TrieArrays; type: TypedArrayConstructor }[] = [
  { name: 'nodes', type: Uint32Array },
  { name: 'entryTariff', type: Uint32Array },
  { name: 'entryDestination', type: Uint32Array },
  { name: 'entryPeriod', type: Uint32Array },
  { name: 'tariffs', type: Uint32Array },
  { name: 'periods', type: Float64Array },
  { name: 'depthEntryStart', type: Uint32Array },
  { name: 'textOffsets', type: Uint32Array },
  { name: 'textBytes', type: Uint8Array },
];

export const NO_TEXT_ID = 0xffffffff;
export const NODE_WORDS = 4;
export const TARIFF_WORDS = 7;
/** 22 bits of word 0 count a node's entries. */
export const MAX_ENTRIES_PER_PREFIX = 2 ** 22 - 1;

export interface Tariff {
  rate: number;
  connectionFee: number;
  initialIncrement: number;
  subsequentIncrement: number;
  interRate: number;
  intraRate: number;
  indeterminateRate: number;
}

export interface TrieNode {
  childMask: number;
  firstChild: number;
  entryStart: number;
  entryCount: number;
  /** The period of the node's first entry; 0 when it has none. */
  firstPeriod: number;
}

export function writeNode(nodes: Uint32Array, index: number, node: TrieNode): void {
  const at = index * NODE_WORDS;
  nodes[at] = (node.childMask | (node.entryCount << 10)) >>> 0;
  nodes[at + 1] = node.firstChild;
  nodes[at + 2] = node.entryStart;
  nodes[at + 3] = node.firstPeriod;
}

export function writeTariff(tariffs: Uint32Array, id: number, tariff: Tariff): void {
  const t = id * TARIFF_WORDS;
  tariffs[t] = tariff.rate;
  tariffs[t + 1] = tariff.connectionFee;
  tariffs[t + 2] = tariff.initialIncrement;
  tariffs[t + 3] = tariff.subsequentIncrement;
  tariffs[t + 4] = tariff.interRate;
  tariffs[t + 5] = tariff.intraRate;
  tariffs[t + 6] = tariff.indeterminateRate;
}

/** Bits set in each 10-bit child mask. */
const POPCOUNT = new Uint8Array(1024);
for (let mask = 1; mask < 1024; mask++) POPCOUNT[mask] = (mask & 1) + POPCOUNT[mask >> 1]!;

/** A rate card compiled for longest-prefix lookups at a point in time. */
export class PrefixTrie {
  /** Distinct prefixes (nodes that hold at least one entry). */
  readonly prefixCount: number;
  readonly nodeCount: number;
  readonly entryCount: number;
  /** The longest prefix, in digits. */
  readonly maxDepth: number;
  private readonly arrays: TrieArrays;
  private readonly nodes: Uint32Array;
  private readonly entryPeriod: Uint32Array;
  private readonly periods: Float64Array;
  private readonly texts: TextPool;
  /** Scratch for lookup: the nodes with entries along the walk (lookups are synchronous). */
  private readonly path: Int32Array;

  constructor(arrays: TrieArrays, prefixCount: number) {
    this.arrays = arrays;
    this.nodes = arrays.nodes;
    this.entryPeriod = arrays.entryPeriod;
    this.periods = arrays.periods;
    this.texts = new TextPool(arrays.textOffsets, arrays.textBytes);
    this.prefixCount = prefixCount;
    this.nodeCount = arrays.nodes.length / NODE_WORDS;
    this.entryCount = arrays.entryTariff.length;
    this.maxDepth = arrays.depthEntryStart.length - 2;
    this.path = new Int32Array(this.maxDepth + 2);
  }

  /**
   * The index of the entry that applies to `digits` (already normalised) at
   * time `at` (epoch ms), or -1. The winner is the longest prefix that has an
   * entry in force at `at`: a longer code that starts next week does not
   * shadow its parent today, and one that ended falls back to its parent.
   */
  lookup(digits: string, at: number): number {
    const nodes = this.nodes;
    const path = this.path;
    let candidates = 0;
    let node = 0;
    let word = nodes[0]!;
    if (word >>> 10 !== 0) path[candidates++] = 0;
    // Decks are not prefix-free (44, 447, 4477): walk as deep as the number
    // goes, remembering every node on the way that holds entries.
    // (The literal 4 is NODE_WORDS, written out so the hot loop has no indirection.)
    for (let i = 0; i < digits.length; i++) {
      const digit = digits.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      const bit = 1 << digit;
      if ((word & bit) === 0) break;
      node = nodes[node * 4 + 1]! + POPCOUNT[word & (bit - 1)]!;
      word = nodes[node * 4]!;
      if (word >>> 10 !== 0) path[candidates++] = node;
    }
    // Deepest first; a node's entries are latest first.
    const periods = this.periods;
    while (candidates > 0) {
      node = path[--candidates]!;
      let period = nodes[node * 4 + 3]! * 2;
      const start = nodes[node * 4 + 2]!;
      if (periods[period]! <= at && at < periods[period + 1]!) return start;
      const end = start + (nodes[node * 4]! >>> 10);
      const entryPeriod = this.entryPeriod;
      for (let entry = start + 1; entry < end; entry++) {
        period = entryPeriod[entry]! * 2;
        if (periods[period]! <= at && at < periods[period + 1]!) return entry;
      }
    }
    return -1;
  }

  /** The length of the prefix entry `index` belongs to. */
  prefixLength(index: number): number {
    const starts = this.arrays.depthEntryStart;
    let depth = starts.length - 2;
    while (depth > 0 && starts[depth]! > index) depth--;
    return depth;
  }

  /** Entry `index` as a RateEntry; `digits` is the number it was looked up with (its prefix is their start). */
  entry(index: number, digits: string): RateEntry {
    this.checkIndex(index);
    const a = this.arrays;
    const tariff = a.entryTariff[index]! * TARIFF_WORDS;
    const period = a.entryPeriod[index]! * 2;
    const to = a.periods[period + 1]!;
    return {
      prefix: digits.slice(0, this.prefixLength(index)),
      destination: this.optionalText(a.entryDestination[index]!),
      rate: this.texts.text(a.tariffs[tariff]!),
      connectionFee: this.texts.text(a.tariffs[tariff + 1]!),
      increments: { initial: a.tariffs[tariff + 2]!, subsequent: a.tariffs[tariff + 3]! },
      interRate: this.optionalText(a.tariffs[tariff + 4]!),
      intraRate: this.optionalText(a.tariffs[tariff + 5]!),
      indeterminateRate: this.optionalText(a.tariffs[tariff + 6]!),
      effectiveFrom: a.periods[period]!,
      effectiveTo: to === Infinity ? null : to,
    };
  }

  /** The rate of entry `index`, for callers that need only that (least-cost routing). */
  rate(index: number): string {
    this.checkIndex(index);
    return this.texts.text(this.arrays.tariffs[this.arrays.entryTariff[index]! * TARIFF_WORDS]!);
  }

  destination(index: number): string | null {
    this.checkIndex(index);
    return this.optionalText(this.arrays.entryDestination[index]!);
  }

  /** Bytes held by the trie, its entry columns and interned texts. */
  get byteLength(): number {
    let total = 0;
    for (const section of TRIE_SECTIONS) total += this.arrays[section.name].byteLength;
    return total;
  }

  /** The raw sections, for the snapshot encoder only. */
  sections(): Readonly<TrieArrays> {
    return this.arrays;
  }

  private optionalText(id: number): string | null {
    return id === NO_TEXT_ID ? null : this.texts.text(id);
  }

  private checkIndex(index: number): void {
    if (!(index >= 0 && index < this.entryCount && Number.isInteger(index))) {
      throw new RangeError(`entry index ${index} is outside the trie (0..${this.entryCount - 1})`);
    }
  }
}
