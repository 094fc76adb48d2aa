/**
 * The layer rule of the design (README "How it is built"): web may use data and the solver's public
 * surface (solver/index.ts, and solver/worker.ts as the Web Worker's entry); data may use solver types;
 * solver uses neither; the command line (cli/) sits at the edge and may use all three. Nothing but the
 * edge and the tests imports cli/, and nothing outside test/ imports test/.
 *
 * Every import in solver/, data/, web/ and cli/ is read (static imports and re-exports, side-effect
 * imports, dynamic import(), and `new URL('...', import.meta.url)` worker entries), and each crossing is
 * reported with its file, line and what it crosses.
 *
 * One allowance, with its reason: data/rng.ts uses solver/rng.ts at run time, so the generated cohorts
 * and the solver draw from one sfc32 implementation (a seed means the same stream on both sides).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
type Layer = 'solver' | 'data' | 'web' | 'cli' | 'test' | 'other';
const LAYERS = ['solver', 'data', 'web', 'cli'] as const;

/** data/ files that may use these solver modules at run time (not only their types), and why. */
const DATA_RUNTIME_ALLOWED: Record<string, Record<string, string>> = {
  'data/rng.ts': { 'solver/rng.ts': 'one sfc32 implementation for the generators and the solver' },
};

/** Packages the solver must not use: it is pure TypeScript, no DOM, no React, no zod (README). */
const SOLVER_FORBIDDEN_PACKAGES = ['zod', 'react', 'react-dom', 'zustand', 'papaparse', 'read-excel-file', 'write-excel-file'];

export interface ImportRef {
  line: number;
  spec: string;
  typeOnly: boolean;
  kind: 'static' | 'dynamic' | 'url';
}

/** Blanks out comments (keeping line breaks, so line numbers hold) without touching strings. */
function stripComments(text: string): string {
  let out = '';
  let i = 0;
  let quote: string | null = null;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (quote) {
      out += c;
      if (c === '\\') {
        out += next ?? '';
        i += 2;
        continue;
      }
      if (c === quote) quote = null;
      i++;
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
      out += c;
      i++;
    } else if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Every import of a source file, with its line and whether only types cross. */
export function findImports(source: string): ImportRef[] {
  const text = stripComments(source);
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  const refs: ImportRef[] = [];
  const typeOnlyNames = (names: string) =>
    names
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '')
      .every((n) => n.startsWith('type '));
  // import x from 'm'; import { a, type B } from 'm'; import type { B } from 'm'; import * as m from 'm'
  for (const m of text.matchAll(/(^|[;\n])\s*import\s+(type\s+)?([^;'"`]*?)\s+from\s*(['"])([^'"]+)\4/g)) {
    const clause = m[3];
    const braces = /^\{([^}]*)\}$/.exec(clause.trim());
    refs.push({ line: lineOf(m.index + m[0].search(/\b(import|export)\b/)), spec: m[5], typeOnly: Boolean(m[2]) || (braces !== null && typeOnlyNames(braces[1])), kind: 'static' });
  }
  // export { a } from 'm'; export type { B } from 'm'; export * from 'm'
  for (const m of text.matchAll(/(^|[;\n])\s*export\s+(type\s+)?(\{[^}]*\}|\*(?:\s+as\s+\w+)?)\s*from\s*(['"])([^'"]+)\4/g)) {
    const braces = /^\{([^}]*)\}$/.exec(m[3]);
    refs.push({ line: lineOf(m.index + m[0].search(/\b(import|export)\b/)), spec: m[5], typeOnly: Boolean(m[2]) || (braces !== null && typeOnlyNames(braces[1])), kind: 'static' });
  }
  // import 'm' (for its side effects)
  for (const m of text.matchAll(/(^|[;\n])\s*import\s*(['"])([^'"]+)\2/g)) refs.push({ line: lineOf(m.index + m[0].search(/\b(import|export)\b/)), spec: m[3], typeOnly: false, kind: 'static' });
  for (const m of text.matchAll(/\bimport\(\s*(['"])([^'"]+)\1\s*\)/g)) refs.push({ line: lineOf(m.index), spec: m[2], typeOnly: false, kind: 'dynamic' });
  for (const m of text.matchAll(/\bnew\s+URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url/g)) refs.push({ line: lineOf(m.index), spec: m[2], typeOnly: false, kind: 'url' });
  return refs.sort((a, b) => a.line - b.line);
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx|mts|mjs|js)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const posix = (p: string) => p.split(sep).join('/');

/** The repository path a relative import reaches (with its extension when the file has one), or the package name. */
function target(file: string, spec: string): { layer: Layer; path: string } | { layer: 'package'; path: string } {
  if (!spec.startsWith('.')) {
    const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    return { layer: 'package', path: name };
  }
  const abs = resolve(dirname(file), spec.replace(/\?.*$/, ''));
  let path = posix(relative(root, abs));
  const exists = (p: string) => {
    try {
      readFileSync(join(root, p));
      return true;
    } catch {
      return false;
    }
  };
  if (!exists(path)) {
    const found = ['.ts', '.tsx', '.mts', '.mjs', '.js', '/index.ts', '/index.tsx'].map((x) => path + x).find(exists);
    if (found) path = found;
  }
  const top = path.split('/')[0];
  const layer: Layer = (LAYERS as readonly string[]).includes(top) || top === 'test' ? (top as Layer) : 'other';
  return { layer, path };
}

/** Why an import crosses the layers, or undefined when it keeps to them. */
export function crossing(fromPath: string, ref: ImportRef, to: ReturnType<typeof target>): string | undefined {
  const from = fromPath.split('/')[0] as Layer;
  const what = ref.typeOnly ? 'types from' : ref.kind === 'url' ? 'the worker entry' : 'code from';
  if (to.layer === 'package') {
    if (from === 'solver' && SOLVER_FORBIDDEN_PACKAGES.includes(to.path)) return `solver/ uses the package ${to.path}: the solver is pure TypeScript with no zod, DOM or React; parse at the edge (data/) and pass it typed objects`;
    return undefined;
  }
  if (to.layer === 'test' && from !== 'test') return `${from}/ imports ${what} test/ (${to.path}): tests sit outside the product`;
  if (to.layer === 'cli' && from !== 'cli') return `${from}/ imports ${what} cli/ (${to.path}): the command line is the edge; nothing inside imports it`;
  if (from === 'solver' && (to.layer === 'data' || to.layer === 'web')) return `solver/ imports ${what} ${to.path}: the solver uses neither data/ nor web/`;
  if (from === 'data' && to.layer === 'web') return `data/ imports ${what} ${to.path}: data/ never uses web/`;
  if (from === 'data' && to.layer === 'solver' && !ref.typeOnly) {
    if (DATA_RUNTIME_ALLOWED[fromPath]?.[to.path]) return undefined;
    return `data/ imports code (not only types) from ${to.path}: data/ may use solver types only (write \`import type\`, or move the code)`;
  }
  if (from === 'web' && to.layer === 'solver') {
    if (to.path === 'solver/index.ts') return undefined;
    if (to.path === 'solver/worker.ts' && ref.kind === 'url') return undefined;
    return `web/ imports ${what} ${to.path}: web/ uses the solver only through solver/index.ts (its public surface; add the name there if the web app may use it); run node cli/rewrite-solver-imports.mjs ${fromPath}`;
  }
  return undefined;
}

function scan(): { crossings: string[]; counts: Record<string, number> } {
  const crossings: string[] = [];
  const counts: Record<string, number> = {};
  for (const layer of LAYERS) {
    for (const file of sourceFiles(join(root, layer))) {
      const fromPath = posix(relative(root, file));
      for (const ref of findImports(readFileSync(file, 'utf8'))) {
        counts[layer] = (counts[layer] ?? 0) + 1;
        const why = crossing(fromPath, ref, target(file, ref.spec));
        if (why) crossings.push(`${fromPath}:${ref.line}: '${ref.spec}': ${why}`);
      }
    }
  }
  return { crossings, counts };
}

describe('layers', () => {
  it('reads imports of every form, with their lines, and tells type-only ones', () => {
    const refs = findImports(
      [
        "import { a, type B } from '../x';",
        "import type { C } from '../y';",
        'import {',
        '  type D,',
        '  type E,',
        "} from '../z';",
        "// import { f } from '../commented';",
        "/* import g from '../block'; */ import '../side';",
        "export { h } from '../re';",
        "export type { I } from '../re-type';",
        "const w = new Worker(new URL('../../solver/worker.ts', import.meta.url));",
        "const lazy = () => import('../lazy');",
        "const s = 'not an import from \"../string\"';",
      ].join('\n'),
    );
    expect(refs.map((r) => [r.line, r.spec, r.typeOnly, r.kind])).toEqual([
      [1, '../x', false, 'static'],
      [2, '../y', true, 'static'],
      [3, '../z', true, 'static'],
      [8, '../side', false, 'static'],
      [9, '../re', false, 'static'],
      [10, '../re-type', true, 'static'],
      [11, '../../solver/worker.ts', false, 'url'],
      [12, '../lazy', false, 'dynamic'],
    ]);
  });

  it('names the crossings the rule forbids, and lets the allowed ones pass', () => {
    const ref = (spec: string, typeOnly = false, kind: ImportRef['kind'] = 'static'): ImportRef => ({ line: 1, spec, typeOnly, kind });
    const at = (from: string, spec: string, r = ref(spec)) => crossing(from, r, target(join(root, from), spec));
    expect(at('solver/model.ts', '../data/schema')).toMatch(/solver\/ imports code from data\/schema\.ts/);
    expect(at('solver/model.ts', 'zod')).toMatch(/package zod/);
    expect(at('data/load.ts', '../solver/solve')).toMatch(/data\/ may use solver types only/);
    expect(at('data/load.ts', '../solver/types', ref('../solver/types', true))).toBeUndefined();
    expect(at('data/rng.ts', '../solver/rng')).toBeUndefined();
    expect(at('data/load.ts', '../web/state/store')).toMatch(/data\/ never uses web/);
    expect(at('web/state/derived.ts', '../../solver/analysis')).toMatch(/only through solver\/index\.ts/);
    expect(at('web/state/derived.ts', '../../solver/types', ref('../../solver/types', true))).toMatch(/types from solver\/types\.ts/);
    expect(at('web/state/derived.ts', '../../solver')).toBeUndefined();
    expect(at('web/state/solver-client.ts', '../../solver/worker.ts', ref('../../solver/worker.ts', false, 'url'))).toBeUndefined();
    expect(at('web/state/derived.ts', '../../cli/ks4')).toMatch(/the command line is the edge/);
    expect(at('cli/solve.ts', '../solver/solve')).toBeUndefined();
    expect(at('cli/solve.ts', '../data/load')).toBeUndefined();
  });

  it('solver/, data/, web/ and cli/ keep to the layers of the design', () => {
    const { crossings, counts } = scan();
    for (const layer of LAYERS) expect(counts[layer], `no imports found in ${layer}/`).toBeGreaterThan(5);
    expect(crossings, `Imports that cross the layers (README "How it is built"):\n${crossings.join('\n')}\n`).toEqual([]);
  });

  it("the solver's own type check compiles no zod and nothing of data/, web/ or cli/", () => {
    const tsc = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'solver/tsconfig.json', '--listFilesOnly'], { cwd: root, encoding: 'utf8' });
    expect(tsc.status, tsc.stderr).toBe(0);
    const files = tsc.stdout.split('\n').map((f) => posix(relative(root, f.trim()))).filter((f) => f !== '');
    expect(files.some((f) => f.startsWith('solver/'))).toBe(true);
    expect(files.filter((f) => /node_modules\/zod\//.test(f) || /^(data|web|cli)\//.test(f))).toEqual([]);
  });
});
