import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../store/database.js';
import { buildCardSnapshot, readStoredSnapshot, storeTrieSnapshot } from '../trie/card-trie-loader.js';
import type { SnapshotRequest, SnapshotResponse } from './snapshot-protocol.js';

/**
 * Worker entry: reads (or builds and stores) one card revision's snapshot on
 * its own connection and hands the bytes back, so the server's event loop
 * never spends a second compiling a million-prefix card.
 */
function answer(request: SnapshotRequest): { response: SnapshotResponse; transfer: ArrayBuffer[] } {
  const db = openDatabase(request.databasePath);
  try {
    let bytes: Uint8Array | null = readStoredSnapshot(db, request.cardId, request.revisionId);
    let built = false;
    if (!bytes) {
      bytes = buildCardSnapshot(db, request.cardId, request.revisionId);
      storeTrieSnapshot(db, request.cardId, request.revisionId, bytes);
      built = true;
    }
    // A buffer that shares its memory with others is copied once so it can be transferred.
    if (bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) bytes = bytes.slice();
    return { response: { bytes, built }, transfer: [bytes.buffer as ArrayBuffer] };
  } finally {
    db.close();
  }
}

try {
  const { response, transfer } = answer(workerData as SnapshotRequest);
  parentPort!.postMessage(response, transfer);
} catch (error) {
  parentPort!.postMessage({ error: (error as Error).message } satisfies SnapshotResponse);
}
