import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { RatedeckError } from '../errors.js';
import type { DeckResponse, DeckTask } from './import-protocol.js';

/** Runs deck tasks on worker threads; failures come back as RatedeckErrors with their code. */
export interface DeckPool {
  run(task: DeckTask): Promise<Exclude<DeckResponse, { kind: 'failure' }>>;
}

/**
 * The compiled worker file. From dist/ it sits next to this module. Under vitest this
 * module runs from src/*.ts, but a worker thread is plain Node and cannot load
 * TypeScript, so it uses the build in dist/ (`npm test` builds first; after editing
 * src/deck, run `npx tsc -p .` before a single `npx vitest run`).
 */
export function deckWorkerFile(): string {
  const here = import.meta.url;
  const url = here.endsWith('.ts') ? new URL('../../dist/src/deck/deck-worker.js', here) : new URL('./deck-worker.js', here);
  return fileURLToPath(url);
}

/**
 * The one place a deck pool is made: it lives for one `use` call and is destroyed in a
 * finally, whatever happens. Threads start at once so they boot while the main thread
 * reads the head of the file.
 */
export async function withDeckPool<T>(threads: number, use: (pool: DeckPool) => Promise<T>): Promise<T> {
  const filename = deckWorkerFile();
  if (!existsSync(filename)) {
    throw new Error(`The deck worker ${filename} is missing; build the project first (npm run build).`);
  }
  const piscina = new Piscina({ filename, minThreads: threads, maxThreads: threads, idleTimeout: 1000 });
  const pool: DeckPool = {
    async run(task) {
      const response = (await piscina.run(task)) as DeckResponse;
      if (response.kind === 'failure') throw new RatedeckError(response.code, response.message, response.details);
      return response;
    },
  };
  try {
    return await use(pool);
  } finally {
    await piscina.destroy();
  }
}
