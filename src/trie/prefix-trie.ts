import { TARIFF_COLUMNS, TARIFF_WORD } from '../model/entry-schema.js';
import type { RateEntry } from '../model/rate-entry.js';
import { TextPool } from './text-pool.js';

/**
 * The raw arrays of a compiled rate card. This module is the only one that
 * knows what the words mean; the builder writes nodes through writeNode and
 * tariffs word by word in TARIFF_COLUMNS order, the snapshot copies them as opaque sections (TRIE_SECTIONS),
 * and everything else calls PrefixTrie's methods.
 *
 * - nodes: 2 Uint32 words per node, root = 0; a node's children are
 *   contiguous and in digit order, sibling blocks in depth-first order.
 *     word 0: bits 0..9 the child digits present; bits 10..31 the node's
 *             "lead": 0 without entries, else 1 + the period of its latest
 *             entry, or LEAD_IN_COLUMN when that id does not fit in 22 bits
 *     word 1: index of the first child; child = firstChild + popcount(mask below digit)
 * - entry slots: slot n (n < node count) holds node n's latest entry, so a
 *   lookup's answer is the index of the node it stopped at; a node's older
 *   and future entries sit in slots from the node count on, grouped by node
 *   (extraOwner: the nodes that have them, ascending; extraStart: where each
 *   group starts, one more item). Per slot: entryTariff, entryDestination
 *   (text id or NO_TEXT_ID), entryPeriod.
 * - tariffs: TARIFF_WORDS Uint32 per distinct tuple of TARIFF_COLUMNS (rate,
 *   connection fee, initial and subsequent increment, inter, intra,
 *   indeterminate rate), at TARIFF_WORD[column]; decimals as text ids.
 * - periods: distinct (effectiveFrom, effectiveTo) pairs, Float64; to is
 *   Infinity when open-ended.
 * - textOffsets, textBytes: a TextPool of destinations and decimals.
 *
 * Why this shape: on a million-prefix card a lookup's cost is its cache and
 * TLB misses, one per trie level below the few cached ones. Eight bytes per
 * node halves the memory the walk ranges over, and the lead period answers
 * "is the latest entry in force" without touching the entry columns, so a
 * typical lookup reads nothing but the nodes on its path. The prefix itself
 * is not stored: it is the first d digits of the number, d the depth the walk
 * reached.
 */
export interface TrieArrays {
  nodes: Uint32Array;
  entryTariff: Uint32Array;
  entryDestination: Uint32Array;
  entryPeriod: Uint32Array;
  extraOwner: Uint32Array;
  extraStart: Uint32Array;
  tariffs: Uint32Array;
  periods: Float64Array;
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
  { name: 'extraOwner', type: Uint32Array },
  { name: 'extraStart', type: Uint32Array },
  { name: 'tariffs', type: Uint32Array },
  { name: 'periods', type: Float64Array },
  { name: 'textOffsets', type: Uint32Array },
  { name: 'textBytes', type: Uint8Array },
];

export const NO_TEXT_ID = 0xffffffff;
export const NODE_WORDS = 2;
/** One word per tariff column (entry-schema.ts TARIFF_COLUMNS), at its TARIFF_WORD. */
export const TARIFF_WORDS = TARIFF_COLUMNS.length;
/** The lead value meaning "has entries; read the latest one's period from entryPeriod". */
const LEAD_IN_COLUMN = 2 ** 22 - 1;

/** `latestPeriod` is the period of the node's latest entry, or -1 when it has none. */
export function writeNode(nodes: Uint32Array, index: number, childMask: number, firstChild: number, latestPeriod: number): void {
  const lead = latestPeriod < 0 ? 0 : Math.min(latestPeriod + 1, LEAD_IN_COLUMN);
  nodes[index * NODE_WORDS] = (childMask | (lead << 10)) >>> 0;
  nodes[index * NODE_WORDS + 1] = firstChild;
}

/** Bits set in each 10-bit child mask. */
const POPCOUNT = new Uint8Array(1024);
for (let mask = 1; mask < 1024; mask++) POPCOUNT[mask] = (mask & 1) + POPCOUNT[mask >> 1]!;

/** A rate card compiled for longest-prefix lookups at a point in time. */
export class PrefixTrie {
  /** Distinct prefixes (nodes that hold at least one entry). */
  readonly prefixCount: number;
  readonly nodeCount: number;
  /** Entries, the whole effective-dated history included. */
  readonly entryCount: number;
  private readonly arrays: TrieArrays;
  private readonly nodes: Uint32Array;
  private readonly periods: Float64Array;
  private readonly texts: TextPool;
  /** Scratch for lookup: the nodes with entries along the walk (lookups are synchronous). */
  private readonly path = new Int32Array(17);

  constructor(arrays: TrieArrays, prefixCount: number) {
    this.arrays = arrays;
    this.nodes = arrays.nodes;
    this.periods = arrays.periods;
    this.texts = new TextPool(arrays.textOffsets, arrays.textBytes);
    this.prefixCount = prefixCount;
    this.nodeCount = arrays.nodes.length / NODE_WORDS;
    this.entryCount = prefixCount + (arrays.entryTariff.length - this.nodeCount);
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
    // goes, remembering every node on the way that holds entries (prefixes
    // have at most 15 digits, so at most 16 with the root). The literal 2 is
    // NODE_WORDS, kept out of the hot loop's loads.
    for (let i = 0; i < digits.length; i++) {
      const digit = digits.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      const bit = 1 << digit;
      if ((word & bit) === 0) break;
      node = nodes[node * 2 + 1]! + POPCOUNT[word & (bit - 1)]!;
      word = nodes[node * 2]!;
      if (word >>> 10 !== 0) path[candidates++] = node;
    }
    // Deepest first; usually its latest entry is in force and nothing else is read.
    const periods = this.periods;
    while (candidates > 0) {
      node = path[--candidates]!;
      const lead = nodes[node * 2]! >>> 10;
      const period = (lead === LEAD_IN_COLUMN ? this.arrays.entryPeriod[node]! : lead - 1) * 2;
      if (periods[period]! <= at && at < periods[period + 1]!) return node;
      const found = this.lookupExtras(node, at);
      if (found !== -1) return found;
    }
    return -1;
  }

  /** The prefix length of entry `index`, found by walking the digits it was looked up with. */
  prefixLength(index: number, digits: string): number {
    const owner = this.ownerOf(index);
    const nodes = this.nodes;
    let node = 0;
    for (let depth = 0; ; depth++) {
      if (node === owner) return depth;
      const digit = digits.charCodeAt(depth) - 48;
      const word = nodes[node * 2]!;
      const bit = 1 << digit;
      if (!(digit >= 0 && digit <= 9) || (word & bit) === 0) {
        throw new RangeError(`entry ${index} does not belong to a prefix of "${digits}"`);
      }
      node = nodes[node * 2 + 1]! + POPCOUNT[word & (bit - 1)]!;
    }
  }

  /** Entry `index` as a RateEntry; `digits` is the number it was looked up with (its prefix is their start). */
  entry(index: number, digits: string): RateEntry {
    const a = this.arrays;
    const tariff = a.entryTariff[index]! * TARIFF_WORDS;
    const period = a.entryPeriod[index]! * 2;
    const to = a.periods[period + 1]!;
    return {
      prefix: digits.slice(0, this.prefixLength(index, digits)),
      destination: this.optionalText(a.entryDestination[index]!),
      rate: this.texts.text(a.tariffs[tariff + TARIFF_WORD.rate]!),
      connectionFee: this.texts.text(a.tariffs[tariff + TARIFF_WORD.connectionFee]!),
      increments: { initial: a.tariffs[tariff + TARIFF_WORD.initialIncrement]!, subsequent: a.tariffs[tariff + TARIFF_WORD.subsequentIncrement]! },
      interRate: this.optionalText(a.tariffs[tariff + TARIFF_WORD.interRate]!),
      intraRate: this.optionalText(a.tariffs[tariff + TARIFF_WORD.intraRate]!),
      indeterminateRate: this.optionalText(a.tariffs[tariff + TARIFF_WORD.indeterminateRate]!),
      effectiveFrom: a.periods[period]!,
      effectiveTo: to === Infinity ? null : to,
    };
  }

  /** The rate of entry `index`, for callers that need only that (least-cost routing). */
  rate(index: number): string {
    this.ownerOf(index);
    return this.texts.text(this.arrays.tariffs[this.arrays.entryTariff[index]! * TARIFF_WORDS + TARIFF_WORD.rate]!);
  }

  destination(index: number): string | null {
    this.ownerOf(index);
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

  /** A node's entries besides its latest, latest first; -1 when none is in force. */
  private lookupExtras(node: number, at: number): number {
    const { extraOwner, extraStart, entryPeriod } = this.arrays;
    const group = lowerBound(extraOwner, node);
    if (extraOwner[group] !== node) return -1;
    const periods = this.periods;
    for (let slot = extraStart[group]!; slot < extraStart[group + 1]!; slot++) {
      const period = entryPeriod[slot]! * 2;
      if (periods[period]! <= at && at < periods[period + 1]!) return slot;
    }
    return -1;
  }

  /** The node entry slot `index` belongs to; RangeError for a slot that holds no entry. */
  private ownerOf(index: number): number {
    if (Number.isInteger(index) && index >= 0 && index < this.nodeCount && this.nodes[index * NODE_WORDS]! >>> 10 !== 0) return index;
    const { extraOwner, extraStart } = this.arrays;
    if (Number.isInteger(index) && index >= this.nodeCount && index < this.arrays.entryTariff.length) {
      return extraOwner[upperBound(extraStart, index) - 1]!;
    }
    throw new RangeError(`${index} is not an entry of this trie`);
  }

  private optionalText(id: number): string | null {
    return id === NO_TEXT_ID ? null : this.texts.text(id);
  }
}

/** The first position whose value is >= `value` in an ascending array. */
function lowerBound(values: Uint32Array, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first position whose value is > `value` in an ascending array. */
function upperBound(values: Uint32Array, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
