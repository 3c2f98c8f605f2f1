/**
 * Lists the functions, classes and constants of src/ that are exported yet
 * named by no other file: used only in their own file, or nowhere. Run after
 * a build:
 *
 *   node dist/scripts/find-dead-exports.js [--types]
 *
 * `--types` adds exported interfaces and types (many of those rightly stay
 * exported: a caller may need to name the options or result of a function).
 *
 * A name counts as used when another file of src/, test/, bench/, scripts/
 * or fixtures/ holds it as a whole word; that over-counts (a local variable
 * of the same name keeps an export alive), so what it lists is surely dead,
 * and what it misses is for a reader. A name src/index.ts re-exports is
 * public, so used. Exits 1 when it lists anything.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SEARCHED = ['src', 'test', 'bench', 'scripts', 'fixtures'];

/** `export function name`, `export const name`, `export class name`, `export type name`, ... */
const DECLARED_EXPORT = /^export\s+(?:declare\s+)?(?:async\s+)?(function\*?|const|let|var|class|abstract\s+class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm;
const TYPE_KINDS = new Set(['interface', 'type']);
const withTypes = process.argv.includes('--types');

function typeScriptFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((item) => {
    const path = join(directory, item.name);
    if (item.isDirectory()) return item.name === 'node_modules' ? [] : typeScriptFiles(path);
    return item.name.endsWith('.ts') ? [path] : [];
  });
}

const files = SEARCHED.flatMap((folder) => typeScriptFiles(join(ROOT, folder))).map((path) => ({
  path: relative(ROOT, path).split('\\').join('/'),
  text: readFileSync(path, 'utf8'),
}));

/** How many files other than `ownPath` hold `name` as a whole word. */
function usersOf(name: string, ownPath: string): number {
  const word = new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`);
  return files.filter((file) => file.path !== ownPath && word.test(file.text)).length;
}

const dead: string[] = [];
for (const file of files) {
  if (!file.path.startsWith('src/') || file.path === 'src/index.ts') continue;
  for (const match of file.text.matchAll(DECLARED_EXPORT)) {
    const [, kind, name] = match as unknown as [string, string, string];
    if (TYPE_KINDS.has(kind) && !withTypes) continue;
    if (usersOf(name, file.path) === 0) dead.push(`${file.path}: ${kind} ${name}`);
  }
}

process.stdout.write(dead.length === 0 ? 'No dead exports.\n' : `${dead.length} exports are used only in their own file:\n${dead.map((line) => `  ${line}\n`).join('')}`);
process.exitCode = dead.length === 0 ? 0 : 1;
