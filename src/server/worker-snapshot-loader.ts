import { Worker } from 'node:worker_threads';
import type { SnapshotLoader } from './card-cache.js';
import type { SnapshotRequest, SnapshotResponse } from './snapshot-protocol.js';

/** A SnapshotLoader that runs each load in a short-lived worker thread. */
export function workerSnapshotLoader(databasePath: string): SnapshotLoader {
  return (cardId, revisionId) =>
    new Promise<Uint8Array>((resolve, reject) => {
      const request: SnapshotRequest = { databasePath, cardId, revisionId };
      const worker = new Worker(new URL('./snapshot-worker.js', import.meta.url), { workerData: request });
      worker.once('message', (response: SnapshotResponse) => {
        if ('error' in response) reject(new Error(`Loading card ${cardId} revision ${revisionId} failed: ${response.error}`));
        else resolve(response.bytes);
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (code !== 0) reject(new Error(`The snapshot worker for card ${cardId} exited with code ${code}.`));
      });
    });
}
