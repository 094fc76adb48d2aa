#!/usr/bin/env node
/**
 * Compiles the command line (cli/ks4.ts with what it imports from cli/, solver/ and data/) to plain JavaScript
 * in dist-cli/, so `ks4` and the npm scripts start without compiling TypeScript at run time (cli/ks4.mjs runs
 * the compiled files when they are current). Run by npm's `prepare` on every `npm install` and `npm ci`, and by
 * `npm run build:cli`.
 *
 * Not dist/: the planner's `vite build` (and the browser tests, which pass --emptyOutDir) empties dist/ on every
 * build, which would throw the compiled command line away.
 *
 * Layout of dist-cli/ (all flat, so a module's `new URL('./solve-worker.mjs', import.meta.url)` finds a sibling
 * entry from any chunk):
 *   ks4.mjs, solve-worker.mjs   one file per entry of CLI_ENTRIES that exists
 *   check-*.mjs, solve-*.mjs... each command, loaded only when asked for (cli/ks4.ts imports it dynamically)
 *   chunk-*.mjs                 code shared between them
 *   *.mjs.map                   source maps (the launcher turns them on: stacks name the TypeScript sources)
 *   sources.json                { built, entries, inputs: [source files, relative to the project] }: what the
 *                               launcher compares modification times against to tell a stale build
 *   meta.json                   esbuild's metafile: every output with its inputs and imports
 *
 * The npm packages are compiled in too, except highs (EXTERNAL_PACKAGES): loading zod's hundred-odd modules one by
 * one took Node's module loader more CPU than everything else before the search starts (measured with --cpu-prof:
 * 0.21 to 0.25 s of CPU to the search start with the packages left as imports, 0.14 to 0.16 s with them bundled,
 * GymAbi, one worker). The build takes a fraction of a second.
 *
 *   node scripts/build-cli.mjs [--out DIR] [--quiet]
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledDir } from '../cli/compiled-cli.mjs';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the compiled command line goes by default: where the launcher cli/ks4.mjs looks for it. */
export const CLI_OUT_DIR = fileURLToPath(compiledDir).replace(/[\\/]$/, '');

/**
 * Every entry of the compiled command line: `source` relative to the project, compiled to `<name>.mjs`.
 * An entry whose source does not exist (yet) is left out. Add a line here for another entry point, e.g. a
 * worker_threads entry that the command line starts.
 */
export const CLI_ENTRIES = [
  { name: 'ks4', source: 'cli/ks4.ts' },
  // The portfolio's worker_threads entry: each worker runs one search.
  { name: 'solve-worker', source: 'cli/solve-worker.ts' },
];

/**
 * npm packages left as imports, resolved from node_modules at run time: highs finds its highs.wasm beside its own
 * loader (and is imported only when an exact step needs it, solver/exact/highs.ts). Every other package is
 * compiled in: ESM packages of many small files (zod is over a hundred) cost Node's module loader far more to
 * resolve and link one by one than to parse as part of a bundle.
 */
export const EXTERNAL_PACKAGES = ['highs'];

/**
 * Builds into `outDir` (replaced whole, through a temporary folder renamed into place, so a command started
 * during a build runs either the old files or the new, never a mix). Returns the output files and the source
 * files compiled in. Throws with esbuild's messages when the sources do not compile.
 */
export async function buildCli({ outDir = CLI_OUT_DIR, quiet = false } = {}) {
  const esbuild = await import('esbuild');
  const entries = CLI_ENTRIES.filter((e) => existsSync(join(projectRoot, e.source)));
  const staging = `${outDir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(dirname(outDir), { recursive: true });
  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: projectRoot,
      entryPoints: entries.map((e) => ({ in: e.source, out: e.name })),
      outdir: staging,
      outExtension: { '.js': '.mjs' },
      chunkNames: '[name]-[hash]',
      bundle: true,
      // Each command stays behind its own dynamic import (cli/ks4.ts), so `ks4 check` loads no search.
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      external: EXTERNAL_PACKAGES,
      // Bundled CommonJS packages (papaparse, ...) may require() Node's own modules: give them a real require.
      banner: { js: "import { createRequire as __ks4CreateRequire } from 'node:module'; const require = __ks4CreateRequire(import.meta.url);" },
      sourcemap: 'linked',
      // Sources in the map are relative to it; stack traces of an internal failure then name cli/, solver/, data/ files.
      sourcesContent: false,
      metafile: true,
      logLevel: quiet ? 'error' : 'warning',
      // The project's own tsconfig (moduleResolution Bundler, no paths) needs nothing else.
      tsconfig: join(projectRoot, 'tsconfig.json'),
    });
    const inputs = Object.keys(result.metafile.inputs)
      .filter((p) => !p.startsWith('node_modules/'))
      .sort();
    writeFileSync(join(staging, 'sources.json'), `${JSON.stringify({ built: new Date().toISOString(), entries: entries.map((e) => e.source), inputs }, null, 1)}\n`);
    // The metafile, for tests and for anyone asking what is in the bundle (`esbuild --analyze` reads it).
    writeFileSync(join(staging, 'meta.json'), JSON.stringify(result.metafile));
    // Two builds at once (two installs): each removes the old folder and renames its own into place; the one that
    // finds the other's folder there after removing tries again rather than failing the install.
    for (let attempt = 1; ; attempt++) {
      rmSync(outDir, { recursive: true, force: true });
      try {
        renameSync(staging, outDir);
        break;
      } catch (e) {
        if (attempt >= 3 || !['ENOTEMPTY', 'EEXIST'].includes(e?.code)) throw e;
      }
    }
    const outputs = Object.keys(result.metafile.outputs).map((p) => join(outDir, relative(staging, join(projectRoot, p))));
    if (!quiet) process.stdout.write(`Compiled the command line (${entries.map((e) => e.source).join(', ')}; ${inputs.length} source files) into ${relative(process.cwd(), outDir) || outDir}/\n`);
    return { outDir, outputs, inputs, metafile: result.metafile };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function main(argv) {
  const outAt = argv.indexOf('--out');
  const outDir = outAt >= 0 ? resolve(argv[outAt + 1] ?? '') : CLI_OUT_DIR;
  const quiet = argv.includes('--quiet');
  try {
    await import('esbuild');
  } catch {
    // An install without the devDependencies (npm install --omit=dev) has no compiler: the command line then
    // needs tsx too, which is also a devDependency, so there is nothing to run either way; say so, not fail the install.
    process.stderr.write('build-cli: esbuild is not installed (an install without devDependencies?), so the command line was not compiled.\n');
    return 0;
  }
  try {
    await buildCli({ outDir, quiet });
    return 0;
  } catch (e) {
    process.stderr.write(`build-cli: the command line did not compile into ${outDir}: ${e?.message ?? e}\n`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
