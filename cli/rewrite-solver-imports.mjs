#!/usr/bin/env node
// A one-off maintenance script, kept for files that were being edited when the layers were put in place:
// rewrites web/ imports of solver internals (`../../solver/types`, `../../solver/analysis`, ...) into one
// import of the solver's public surface (`../../solver`, solver/index.ts), merging them and keeping
// `type` on type-only names. The worker entry (`new URL('../../solver/worker.ts', ...)`) is left alone.
//
//   node cli/rewrite-solver-imports.mjs web/screens/OfferScreen.tsx ...   rewrite these files
//   node cli/rewrite-solver-imports.mjs --all                              every web file
//   add --dry-run to print what would change without writing
//
// Every name must be exported by solver/index.ts: a name that is not stops the script with the file and
// the name, so the public surface grows on purpose (add it to solver/index.ts), not by accident.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const solverDir = join(root, 'solver');

/** Names solver/index.ts exports (values and types alike). */
function publicNames() {
  const text = readFileSync(join(solverDir, 'index.ts'), 'utf8');
  const names = new Set();
  for (const m of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const part of m[1].split(',')) {
      const name = part.replace(/\/\/.*$/gm, '').trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop()?.trim();
      if (name) names.add(name);
    }
  }
  for (const m of text.matchAll(/export\s+(?:async\s+)?(?:function|class|const|interface|type)\s+([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
  return names;
}

function webFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...webFiles(p));
    else if (/\.(ts|tsx)$/.test(e.name)) out.push(p);
  }
  return out;
}

const IMPORT = /^import\s+(type\s+)?\{([^}]*)\}\s+from\s+(['"])([^'"]+)\3;?[ \t]*\r?\n?/gm;

/** The rewritten text of one file, or undefined when it has nothing to rewrite. */
export function rewrite(file, text, exported) {
  const fileDir = dirname(file);
  const found = [];
  for (const m of text.matchAll(IMPORT)) {
    const target = resolve(fileDir, m[4]);
    const rel = relative(solverDir, target);
    if (rel.startsWith('..') || rel === '' || rel === 'index' || rel === 'worker' || rel.startsWith(`worker.`)) continue;
    found.push(m);
  }
  if (found.length === 0) return undefined;
  const names = [];
  for (const m of found) {
    for (const raw of m[2].split(',')) {
      const part = raw.trim();
      if (!part) continue;
      const isType = Boolean(m[1]) || part.startsWith('type ');
      const bare = part.replace(/^type\s+/, '');
      const imported = bare.split(/\s+as\s+/)[0].trim();
      if (!exported.has(imported)) throw new Error(`${relative(root, file)}: ${imported} (from ${m[4]}) is not exported by solver/index.ts. Add it there if the web app may use it.`);
      const spec = `${isType ? 'type ' : ''}${bare}`;
      if (!names.includes(spec)) names.push(spec);
    }
  }
  let spec = relative(fileDir, solverDir).split(sep).join('/');
  if (!spec.startsWith('.')) spec = `./${spec}`;
  const allTypes = names.every((n) => n.startsWith('type '));
  const list = allTypes ? names.map((n) => n.slice(5)) : names;
  const head = `import ${allTypes ? 'type ' : ''}{ `;
  const tail = ` } from '${spec}';\n`;
  let line = head + list.join(', ') + tail;
  if (line.length > 121) {
    // Wrapped as the rest of the code base wraps long imports: names on indented lines of up to 110.
    const rows = [''];
    for (const n of list) {
      const last = rows.length - 1;
      if (rows[last] && rows[last].length + n.length + 2 > 108) rows.push('');
      rows[rows.length - 1] += `${rows[rows.length - 1] ? ' ' : ''}${n},`;
    }
    line = `${head.trimEnd()}\n${rows.map((r) => `  ${r}`).join('\n')}\n${tail.trimStart().replace(/^\}/, '}')}`;
  }
  let out = '';
  let at = 0;
  found.forEach((m, i) => {
    out += text.slice(at, m.index) + (i === 0 ? line : '');
    at = m.index + m[0].length;
  });
  return out + text.slice(at);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const args = process.argv.slice(2);
  const dry = args.includes('--dry-run');
  const files = args.includes('--all') ? webFiles(join(root, 'web')) : args.filter((a) => !a.startsWith('--')).map((f) => resolve(f));
  if (files.length === 0) {
    console.error('Usage: node cli/rewrite-solver-imports.mjs [--dry-run] (--all | web/FILE.tsx ...)');
    process.exit(2);
  }
  const exported = publicNames();
  let changed = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const next = rewrite(f, text, exported);
    if (next === undefined || next === text) continue;
    changed++;
    console.log(`${dry ? 'would rewrite' : 'rewrote'} ${relative(root, f)}`);
    if (!dry) writeFileSync(f, next);
  }
  console.log(`${changed} ${changed === 1 ? 'file' : 'files'} ${dry ? 'to rewrite' : 'rewritten'}.`);
}
