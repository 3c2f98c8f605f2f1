import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { RatedeckError } from '../../errors.js';
import type { DeckFormat, DeckResponse, DeckTask, DeckWorkerData } from '../deck-task.js';

/** Runs deck tasks on worker threads; failures come back as RatedeckErrors with their code. */
export interface DeckPool {
  run(task: DeckTask): Promise<Exclude<DeckResponse, { kind: 'failure' }>>;
}

/**
 * The compiled worker file. From dist/ it sits beside this build. Under vitest this
 * module runs from src/*.ts, but a worker thread is plain Node and cannot load
 * TypeScript, so it uses the build in dist/ (`npm test` builds first; after editing
 * src/, run `npx tsc -p .` before a single `npx vitest run`). The worker imports
 * modules from several folders (errors, model, money), so every source file under
 * src/ is compared with its build: a build older than any of them is refused rather
 * than silently tested.
 */
function deckWorkerFile(): string {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return fileURLToPath(new URL('../worker/deck-worker.js', here));
  const sources = fileURLToPath(new URL('../../', here));
  const built = fileURLToPath(new URL('../../../dist/src/', here));
  const stale = staleBuild(sources, built, '');
  if (stale !== null) {
    throw new Error(`dist/src is older than src/${stale}: the deck workers run the build, so run \`npx tsc -p .\` first.`);
  }
  return built + 'deck/worker/deck-worker.js';
}

/** The first source under `sources` whose compiled file is missing or older, or null. */
function staleBuild(sources: string, built: string, folder: string): string | null {
  for (const entry of readdirSync(sources + folder, { withFileTypes: true })) {
    const name = folder + entry.name;
    if (entry.isDirectory()) {
      const stale = staleBuild(sources, built, name + '/');
      if (stale !== null) return stale;
    } else if (name.endsWith('.ts')) {
      const compiled = built + name.replace(/\.ts$/, '.js');
      if (!existsSync(compiled) || statSync(compiled).mtimeMs < statSync(sources + name).mtimeMs) return name;
    }
  }
  return null;
}

/**
 * Node flags for the deck workers: the main thread's, with require(esm) turned off.
 * Piscina's worker.js loads its task file with `require()` first and falls back to
 * `import()`. Where require(esm) is on (Node 20.19+, 22.12+), `require()` loads our ESM
 * worker, and Node aborts the whole process (exit 134) if the worker is terminated in
 * the middle of that load: `CreateRequiredModuleFacade` CHECKs that the facade's
 * `InstantiateModule` succeeded, `InstantiateSync` calls `IsGraphAsync` on a module
 * left uninstantiated. A pool is terminated while a worker still loads whenever readDeck
 * is done before every thread is up: a CSV deck refused at its header, a CSV whose slices
 * the first threads read alone, an import stopped half-way. With require(esm) off, `require()` throws ERR_REQUIRE_ESM
 * before loading anything and piscina imports the file, a path that stops cleanly
 * when terminated (test/worker-pool-stress.test.ts).
 */
function workerExecArgv(): string[] | undefined {
  const requireModule = (process.features as { require_module?: boolean }).require_module === true;
  // Only this flag: a worker given the parent's flags outright refuses per-process ones
  // (`node --expose-gc` made every import throw ERR_WORKER_INVALID_EXEC_ARGV); left
  // undefined, Node passes the parent's on with those filtered out.
  return requireModule ? ['--no-experimental-require-module'] : undefined;
}

/**
 * The one place a deck pool is made: it lives for one `use` call and is destroyed in a
 * finally, whatever happens. Threads start at once, and load the reader for `format`,
 * so they boot while the main thread reads the head of the file.
 */
export async function withDeckPool<T>(threads: number, format: DeckFormat, use: (pool: DeckPool) => Promise<T>): Promise<T> {
  const filename = deckWorkerFile();
  if (!existsSync(filename)) {
    throw new Error(`The deck worker ${filename} is missing; build the project first (npm run build).`);
  }
  const workerData: DeckWorkerData = { format };
  const piscina = new Piscina({ filename, minThreads: threads, maxThreads: threads, idleTimeout: 1000, workerData, execArgv: workerExecArgv() });
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
