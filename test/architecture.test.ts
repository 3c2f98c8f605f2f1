import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Arrows point down: no folder of src/ imports a folder that imports it back,
// directly or through a chain. Files directly in src/ (errors.ts) are the root
// every folder may import; src/index.ts is the public face, which may import
// anything and which nothing in src/ imports (nor src/library/, the face's
// implementation).

const SOURCE = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** Every module specifier a file imports: static `from '…'`, bare `import '…'`, dynamic `import('…')`. */
const IMPORT_PATTERN = /\bfrom\s+['"]([^'"]+)['"]|\bimport\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

interface SourceImport {
  /** Relative to src/, with '/' separators. */
  from: string;
  to: string;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((item) => {
    const path = join(directory, item.name);
    if (item.isDirectory()) return sourceFiles(path);
    return item.name.endsWith('.ts') ? [path] : [];
  });
}

function toSourcePath(path: string): string {
  return relative(SOURCE, path).split('\\').join('/');
}

/** The imports between files of src/ (packages and node: modules left out). */
function sourceImports(): SourceImport[] {
  return sourceFiles(SOURCE).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const imports: SourceImport[] = [];
    for (const match of text.matchAll(IMPORT_PATTERN)) {
      const specifier = match[1] ?? match[2] ?? match[3]!;
      if (!specifier.startsWith('.')) continue;
      const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
      imports.push({ from: toSourcePath(file), to: toSourcePath(target) });
    }
    return imports;
  });
}

/**
 * The first cycle in a graph given as edges, as a path that ends where it
 * starts (['server', 'pricing', 'server']), or null when there is none.
 */
function findCycle(edges: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    path.push(node);
    for (const next of [...(edges.get(node) ?? [])].sort()) {
      if (state.get(next) === 'open') return [...path.slice(path.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...edges.keys()].sort()) {
    if (state.has(node)) continue;
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

/** The edges between groups, each with one file import that makes it (for the failure message). */
function groupEdges(imports: SourceImport[], groupOf: (path: string) => string | null): { edges: Map<string, Set<string>>; witness: Map<string, string> } {
  const edges = new Map<string, Set<string>>();
  const witness = new Map<string, string>();
  for (const { from, to } of imports) {
    const source = groupOf(from);
    const target = groupOf(to);
    if (source === null || target === null || source === target) continue;
    if (!edges.has(source)) edges.set(source, new Set());
    edges.get(source)!.add(target);
    if (!witness.has(`${source}>${target}`)) witness.set(`${source}>${target}`, `src/${from} imports src/${to}`);
  }
  return { edges, witness };
}

function describeCycle(cycle: string[], witness: Map<string, string>): string {
  const steps = cycle.slice(1).map((target, i) => `  ${witness.get(`${cycle[i]}>${target}`)}`);
  return `folders import each other: ${cycle.join(' -> ')}\n${steps.join('\n')}`;
}

const describeImport = (item: SourceImport): string => `${item.from} -> ${item.to}`;

/** The top-level folder of src/ a file is in; null for the files directly in src/ (the root). */
function topFolder(path: string): string | null {
  const slash = path.indexOf('/');
  return slash === -1 ? null : path.slice(0, slash);
}

/** The stage folder of src/deck/ a file is in ('worker/csv' counts as 'worker'); null outside src/deck/ or directly in it. */
function deckStage(path: string): string | null {
  const parts = path.split('/');
  return parts[0] === 'deck' && parts.length > 2 ? parts[1]! : null;
}

describe('the architecture: arrows point down', () => {
  const imports = sourceImports();

  it('finds the imports it checks', () => {
    expect(imports.length).toBeGreaterThan(100);
    expect(imports).toContainEqual({ from: 'index.ts', to: 'errors.ts' });
  });

  it('no two folders of src/ import each other, directly or through a chain', () => {
    const { edges, witness } = groupEdges(imports, topFolder);
    const cycle = findCycle(edges);
    expect(cycle && describeCycle(cycle, witness)).toBeNull();
  });

  it('the stages of src/deck/ import each other in one direction only', () => {
    const { edges, witness } = groupEdges(imports, deckStage);
    const cycle = findCycle(edges);
    expect(cycle && describeCycle(cycle, witness)).toBeNull();
  });

  it('src/trie/ is pure: it imports only src/model/ and the root, never the store or a database driver', () => {
    const outside = imports.filter((item) => topFolder(item.from) === 'trie' && ![null, 'trie', 'model'].includes(topFolder(item.to)));
    expect(outside.map(describeImport)).toEqual([]);
    const drivers = sourceFiles(join(SOURCE, 'trie')).filter((file) => /from\s+['"]better-sqlite3['"]/.test(readFileSync(file, 'utf8')));
    expect(drivers.map(toSourcePath)).toEqual([]);
  });

  it('only src/store/ speaks SQL: no prepare() or pragma() on a database anywhere else', () => {
    const speaking = sourceFiles(SOURCE)
      .map(toSourcePath)
      .filter((path) => topFolder(path) !== 'store' && /\.(prepare|pragma)\(/.test(readFileSync(join(SOURCE, path), 'utf8')));
    expect(speaking).toEqual([]);
  });

  it('nothing in src/ imports the public face: src/index.ts, and src/library/ behind it', () => {
    const inward = imports.filter((item) => (item.to === 'index.ts' || topFolder(item.to) === 'library') && item.from !== 'index.ts' && topFolder(item.from) !== 'library');
    expect(inward.map(describeImport)).toEqual([]);
  });

  it('files directly in src/ import no folder (they are the root every folder may import)', () => {
    const rootImports = imports.filter((item) => item.from !== 'index.ts' && topFolder(item.from) === null && topFolder(item.to) !== null);
    expect(rootImports.map((item) => `src/${item.from} imports src/${item.to}`)).toEqual([]);
  });

  it('the cycle finder names a cycle through a chain', () => {
    const edges = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
    ]);
    expect(findCycle(edges)).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(new Map([['a', new Set(['b'])]]))).toBeNull();
  });
});
