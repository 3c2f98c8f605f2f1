import { findCardOwner, requireLatestRevision, type CardOwner } from '../store/card-owner.js';
import { nameKey } from '../store/carrier-store.js';
import type { Db } from '../store/database.js';
import { dataVersion } from '../store/data-version.js';
import { latestRevision, type CardOwnerKind, type RevisionInfo } from '../store/rate-card-store.js';
import { LookupJsonWriter } from '../trie/lookup-number.js';
import type { PrefixTrie } from '../trie/prefix-trie.js';
import { decodeTrieSnapshot } from '../trie/trie-snapshot.js';

/** A card as the server holds it: one revision, whole. */
export interface ServedCard {
  owner: CardOwner;
  cardId: number;
  /** The revision served: its `number` is the one `deck list` shows, its `id` internal. */
  revision: RevisionInfo;
  trie: PrefixTrie;
  json: LookupJsonWriter;
}

/**
 * Produces the snapshot bytes of a card revision: the stored snapshot, or a
 * fresh build (stored for next time). The server runs it in a worker thread
 * so a million-prefix build never stalls lookups.
 */
export type SnapshotLoader = (cardId: number, revisionId: number) => Promise<Uint8Array>;

interface Slot {
  owner: CardOwner;
  cardId: number;
  current: ServedCard | null;
  /** The revision being loaded, and the promise of it. */
  pending: { revision: RevisionInfo; promise: Promise<ServedCard> } | null;
  failedAt: number;
}

const RETRY_AFTER_FAILURE_MS = 5000;

/**
 * The cards a server answers from, swapped whole when a newer revision is
 * committed. A timer asks SQLite for PRAGMA data_version (a counter that
 * moves when another connection commits; it costs microseconds); when it
 * moved, each held card's latest revision id is compared, and a newer one is
 * loaded beside the old. Requests keep using the old card until the new one
 * is complete, then a single reference assignment swaps them: no request ever
 * sees half a card. WAL mode lets these reads run during an import.
 */
export class CardCache {
  private readonly db: Db;
  private readonly loadSnapshot: SnapshotLoader;
  private readonly slots = new Map<string, Slot>();
  private seenDataVersion: number;
  private readonly timer: NodeJS.Timeout;

  constructor(db: Db, loadSnapshot: SnapshotLoader, pollIntervalMs = 250) {
    this.db = db;
    this.loadSnapshot = loadSnapshot;
    this.seenDataVersion = dataVersion(db);
    this.timer = setInterval(() => this.checkForChanges(), pollIntervalMs);
    this.timer.unref();
  }

  /** The owner's card; NOT_FOUND when the owner or its card does not exist. */
  get(kind: CardOwnerKind, name: string): ServedCard | Promise<ServedCard> {
    const slot = this.slots.get(kind + ':' + nameKey(name));
    if (slot?.current) return slot.current;
    if (slot?.pending) return slot.pending.promise;
    return this.open(kind, name);
  }

  /** The cards currently served (for /healthz and least-cost routing over every carrier). */
  served(): ServedCard[] {
    return [...this.slots.values()].flatMap((slot) => (slot.current ? [slot.current] : []));
  }

  /** Looks for newer revisions now instead of at the next tick. */
  checkForChanges(): void {
    const version = dataVersion(this.db);
    if (version === this.seenDataVersion) return;
    this.seenDataVersion = version;
    for (const slot of this.slots.values()) {
      const latest = latestRevision(this.db, slot.cardId);
      if (!latest) continue;
      const held = slot.pending?.revision.id ?? slot.current?.revision.id;
      if (latest.id !== held && Date.now() - slot.failedAt > RETRY_AFTER_FAILURE_MS) this.load(slot, latest).catch(() => undefined);
    }
  }

  close(): void {
    clearInterval(this.timer);
  }

  private open(kind: CardOwnerKind, name: string): Promise<ServedCard> {
    const owner = findCardOwner(this.db, kind, name);
    const { cardId, revision } = requireLatestRevision(this.db, owner);
    const slot: Slot = { owner, cardId, current: null, pending: null, failedAt: 0 };
    this.slots.set(kind + ':' + nameKey(owner.name), slot);
    return this.load(slot, revision);
  }

  private load(slot: Slot, revision: RevisionInfo): Promise<ServedCard> {
    const promise = this.loadSnapshot(slot.cardId, revision.id).then(
      (bytes) => {
        const { trie } = decodeTrieSnapshot(bytes);
        const card: ServedCard = { owner: slot.owner, cardId: slot.cardId, revision, trie, json: new LookupJsonWriter(trie) };
        // Revision numbers grow: never swap back to an older one that finished late.
        if (!slot.current || slot.current.revision.number < revision.number) slot.current = card;
        if (slot.pending?.revision.id === revision.id) slot.pending = null;
        return slot.current;
      },
      (error: unknown) => {
        if (slot.pending?.revision.id === revision.id) slot.pending = null;
        slot.failedAt = Date.now();
        throw error;
      },
    );
    slot.pending = { revision, promise };
    return promise;
  }
}
