/**
 * Where the real carrier decks are: ../shared/decks beside the repository (the team's
 * layout), or $RATEDECK_SHARED_DECKS. They are never copied into the repository; a
 * machine without them skips the real-deck suites, saying so, rather than failing.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const candidates = [process.env.RATEDECK_SHARED_DECKS, resolve(repoRoot, '../shared/decks'), '/work/shared/decks'].filter(
  (dir): dir is string => typeof dir === 'string' && dir !== '',
);

export const sharedDecksDir: string | null = candidates.find((dir) => existsSync(join(dir, 'SOURCES.md'))) ?? null;
export const sharedDecksMissing = sharedDecksDir === null;

if (sharedDecksMissing) {
  process.stderr.write(`real-deck tests skipped: no shared decks in ${candidates.join(', ')} (set RATEDECK_SHARED_DECKS)\n`);
}

export function sharedDeck(name: string): string {
  return join(sharedDecksDir ?? candidates[0]!, name);
}
