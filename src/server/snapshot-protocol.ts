/** What the server asks a snapshot worker for: one card revision's trie snapshot. */
export interface SnapshotRequest {
  databasePath: string;
  cardId: number;
  revisionId: number;
}

/** The worker's answer; `bytes` travels in the transfer list, not copied. */
export type SnapshotResponse = { bytes: Uint8Array; built: boolean } | { error: string };
