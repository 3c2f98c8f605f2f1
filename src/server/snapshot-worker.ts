import { parentPort, workerData } from 'node:worker_threads';
import { cardSnapshot } from '../cards/card-trie-loader.js';
import { openDatabase } from '../store/database.js';
import type { SnapshotRequest, SnapshotResponse } from './snapshot-protocol.js';

/**
 * Worker entry: reads (or builds and stores) one card revision's snapshot on
 * its own connection and hands the bytes back, so the server's event loop
 * never spends a second compiling a million-prefix card.
 */
function answer(request: SnapshotRequest): { response: SnapshotResponse; transfer: ArrayBuffer[] } {
  const db = openDatabase(request.databasePath, { mustExist: true });
  try {
    const { built, bytes: snapshot } = cardSnapshot(db, request.cardId, request.revisionId);
    // A buffer that shares its memory with others is copied once so it can be transferred.
    const bytes = snapshot.byteOffset !== 0 || snapshot.byteLength !== snapshot.buffer.byteLength ? snapshot.slice() : snapshot;
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
