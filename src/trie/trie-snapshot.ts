import { RatedeckError } from '../errors.js';
import { NODE_WORDS, PrefixTrie, TRIE_SECTIONS, type TrieArrays } from './prefix-trie.js';

/**
 * Bump whenever PrefixTrie's layout or this header changes: a stored snapshot
 * of another version is stale and gets rebuilt from the revision's entries.
 */
export const TRIE_SNAPSHOT_FORMAT = 2;

/** Which card revision a snapshot was compiled from. */
export interface TrieSnapshotMeta {
  cardId: number;
  revisionId: number;
}

/** "RDTRIE\r\n": the CR LF catches a file that went through a text-mode copy. */
const MAGIC = [0x52, 0x44, 0x54, 0x52, 0x49, 0x45, 0x0d, 0x0a];
/** 16, not just 8 (for Float64Array views): a 16-byte trie node then never straddles a cache line. */
const ALIGNMENT = 16;

/*
 * Layout, little-endian:
 *   0  magic (8 bytes)
 *   8  u32 format version
 *  12  u32 section count
 *  16  f64 card id
 *  24  f64 revision id
 *  32  f64 total byte length
 *  40  u32 prefix count
 *  44  u32 node count
 *  48  u32 entry slot count
 *  52  u32 reserved (0)
 *  56  section table: per section u32 byte offset, u32 byte length
 *  ... sections in TRIE_SECTIONS order, each starting on a 16-byte boundary,
 *      so decoding is typed-array views over the bytes, with no per-entry work.
 */
const FIXED_HEADER = 56;

export function encodeTrieSnapshot(trie: PrefixTrie, meta: TrieSnapshotMeta): Uint8Array {
  const arrays = trie.sections();
  const tableEnd = FIXED_HEADER + TRIE_SECTIONS.length * 8;
  const placements: { offset: number; length: number }[] = [];
  let cursor = align(tableEnd);
  for (const section of TRIE_SECTIONS) {
    const length = arrays[section.name].byteLength;
    placements.push({ offset: cursor, length });
    cursor = align(cursor + length);
  }
  const total = cursor;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint32(8, TRIE_SNAPSHOT_FORMAT, true);
  view.setUint32(12, TRIE_SECTIONS.length, true);
  view.setFloat64(16, meta.cardId, true);
  view.setFloat64(24, meta.revisionId, true);
  view.setFloat64(32, total, true);
  view.setUint32(40, trie.prefixCount, true);
  view.setUint32(44, trie.nodeCount, true);
  view.setUint32(48, trie.sections().entryTariff.length, true);
  TRIE_SECTIONS.forEach((section, i) => {
    const { offset, length } = placements[i]!;
    view.setUint32(FIXED_HEADER + i * 8, offset, true);
    view.setUint32(FIXED_HEADER + i * 8 + 4, length, true);
    const array = arrays[section.name];
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
  });
  return bytes;
}

/** The format version of a snapshot, or null when `bytes` is not one. */
function snapshotFormatOf(bytes: Uint8Array): number | null {
  if (bytes.byteLength < FIXED_HEADER || MAGIC.some((byte, i) => bytes[i] !== byte)) return null;
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
}

/**
 * Views a snapshot as a PrefixTrie without copying its sections (bytes that
 * do not start on a 16-byte boundary are copied once, whole).
 */
export function decodeTrieSnapshot(input: Uint8Array): { trie: PrefixTrie; meta: TrieSnapshotMeta } {
  const format = snapshotFormatOf(input);
  if (format === null) throw corrupt('it does not start with the ratedeck trie header');
  if (format !== TRIE_SNAPSHOT_FORMAT) {
    throw new RatedeckError('UNSUPPORTED_FILE', `Trie snapshot format ${format} is not the supported format ${TRIE_SNAPSHOT_FORMAT}; rebuild it.`, {
      format,
    });
  }
  const bytes = input.byteOffset % ALIGNMENT === 0 ? input : input.slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sectionCount = view.getUint32(12, true);
  const total = view.getFloat64(32, true);
  if (sectionCount !== TRIE_SECTIONS.length) throw corrupt(`it has ${sectionCount} sections, expected ${TRIE_SECTIONS.length}`);
  if (total !== bytes.byteLength) throw corrupt(`it is ${bytes.byteLength} bytes long, its header says ${total}`);

  const arrays = {} as Record<keyof TrieArrays, ArrayBufferView>;
  TRIE_SECTIONS.forEach((section, i) => {
    const offset = view.getUint32(FIXED_HEADER + i * 8, true);
    const length = view.getUint32(FIXED_HEADER + i * 8 + 4, true);
    const size = section.type.BYTES_PER_ELEMENT;
    if (offset % ALIGNMENT !== 0 || length % size !== 0 || offset + length > bytes.byteLength) {
      throw corrupt(`section ${section.name} (offset ${offset}, ${length} bytes) does not fit`);
    }
    arrays[section.name] = new section.type(bytes.buffer as ArrayBuffer, bytes.byteOffset + offset, length / size);
  });
  const trieArrays = arrays as unknown as TrieArrays;
  const nodeCount = view.getUint32(44, true);
  const slotCount = view.getUint32(48, true);
  const columns = [trieArrays.entryTariff, trieArrays.entryDestination, trieArrays.entryPeriod];
  if (trieArrays.nodes.length !== nodeCount * NODE_WORDS || columns.some((column) => column.length !== slotCount) || slotCount < nodeCount) {
    throw corrupt('its node or entry counts disagree with its sections');
  }
  const trie = new PrefixTrie(trieArrays, view.getUint32(40, true));
  return { trie, meta: { cardId: view.getFloat64(16, true), revisionId: view.getFloat64(24, true) } };
}

function align(offset: number): number {
  return Math.ceil(offset / ALIGNMENT) * ALIGNMENT;
}

function corrupt(reason: string): RatedeckError {
  return new RatedeckError('UNREADABLE_FILE', `The trie snapshot is damaged: ${reason}. It will be rebuilt from the card's entries.`, { reason });
}
