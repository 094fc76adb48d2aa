/**
 * The compiled command line (scripts/build-cli.mjs into dist-cli/, run by the launcher cli/ks4.mjs): it is built
 * from the current sources into a folder of its own here (dist-cli/ itself belongs to whoever ran npm install),
 * solves a sample into a result the independent checker accepts, never loads tsx, and loads HiGHS only where an
 * exact step needs it; and the launcher tells a current build from a stale one.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkResult } from '../data/checker';
import type { Result, Scenario } from '../solver/types';
// @ts-expect-error plain JavaScript build script without type declarations
import { buildCli } from '../scripts/build-cli.mjs';
// @ts-expect-error plain JavaScript helper of the launcher without type declarations
import { whyNotCompiled } from '../cli/compiled-cli.mjs';

const root = join(import.meta.dirname, '..');
const samplePath = join(root, 'data/samples/sample-120.json');

/** An esbuild metafile, as far as these tests read it. */
interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[]; entryPoint?: string }>;
}

describe('the compiled command line', () => {
  // Inside node_modules, so the compiled files find the project's packages (zod, highs, ...) as dist-cli/ does.
  const cacheDir = join(root, 'node_modules/.cache');
  let outDir = '';
  let built: { outputs: string[]; inputs: string[]; metafile: Metafile };
  const work = mkdtempSync(join(tmpdir(), 'ks4-cli-start-'));
  // Records every module URL the process resolves (Node's module.register hooks), so a test can see what it loaded.
  const hooks = join(work, 'record-hooks.mjs');
  const recorder = join(work, 'record.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.KS4_RESOLVED_LOG, r.url + '\\n');
  return r;
}
`,
  );
  writeFileSync(recorder, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const runCompiled = (log: string, ...args: string[]) =>
    spawnSync(process.execPath, ['--import', pathToFileURL(recorder).href, join(outDir, 'ks4.mjs'), ...args], {
      encoding: 'utf8',
      cwd: work,
      env: { ...process.env, KS4_RESOLVED_LOG: log },
    });

  beforeAll(async () => {
    mkdirSync(cacheDir, { recursive: true });
    outDir = join(mkdtempSync(join(cacheDir, 'ks4-cli-test-')), 'dist-cli');
    built = await buildCli({ outDir, quiet: true });
  }, 60_000);
  afterAll(() => {
    rmSync(join(outDir, '..'), { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('is built from cli/ks4.ts and what it imports, with each entry beside the others', () => {
    expect(built.outputs).toContain(join(outDir, 'ks4.mjs'));
    // The portfolio's worker entry, found by the command line as ./solve-worker.mjs beside its own chunk.
    expect(built.outputs).toContain(join(outDir, 'solve-worker.mjs'));
    for (const source of ['cli/ks4.ts', 'cli/solve.ts', 'solver/solve.ts', 'solver/exact/highs.ts', 'data/schema.ts']) expect(built.inputs).toContain(source);
    for (const output of built.outputs) expect(output.startsWith(outDir + '/'), output).toBe(true);
    const listed = JSON.parse(readFileSync(join(outDir, 'sources.json'), 'utf8'));
    expect(listed.inputs).toEqual(built.inputs);
    expect(whyNotCompiled(pathToFileURL(outDir + '/'), pathToFileURL(root + '/'))).toBeUndefined();
  });

  it('has no tsx in its import graph, and imports HiGHS only dynamically', () => {
    const bundled = Object.keys(built.metafile.inputs);
    expect(bundled.filter((p) => /(^|\/)node_modules\/tsx\//.test(p))).toEqual([]);
    const imports = Object.values(built.metafile.outputs).flatMap((o) => o.imports);
    expect(imports.filter((i) => i.path === 'tsx' || i.path.startsWith('tsx/'))).toEqual([]);
    const highs = imports.filter((i) => i.path === 'highs' || i.path.startsWith('highs/'));
    expect(highs.length).toBeGreaterThan(0);
    expect(highs.filter((i) => i.kind !== 'dynamic-import')).toEqual([]);
  });

  it('solves a sample in plain JavaScript into a result the checker accepts, and says when its search started', () => {
    const out = join(work, 'result.json');
    const log = join(work, 'solve-resolved.txt');
    const run = runCompiled(log, 'solve', samplePath, '--out', out, '--time', '1', '--verbose', '--quiet');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Brookfield School.*\d+\/120 students fully satisfied/);
    const scenario: Scenario = JSON.parse(readFileSync(samplePath, 'utf8'));
    const result: Result = JSON.parse(readFileSync(out, 'utf8'));
    expect(checkResult(scenario, result).violations).toEqual([]);
    expect(result.summary.fullySatisfied).toBeGreaterThan(90);
    const started = Number(/search started ([\d.]+) s after the process started/.exec(run.stderr)?.[1]);
    const ended = Number(/solve ended ([\d.]+) s after the process started/.exec(run.stderr)?.[1]);
    expect(started).toBeGreaterThan(0);
    expect(ended).toBeGreaterThan(started);
    const resolved = readFileSync(log, 'utf8').trim().split('\n');
    expect(resolved.filter((u) => u.includes('/node_modules/tsx/'))).toEqual([]);
    expect(resolved.filter((u) => u.endsWith('.ts'))).toEqual([]);
  });

  it('reads and writes spreadsheets with the packages compiled into it', () => {
    // The CommonJS and ESM packages bundled in (papaparse, read-excel-file, write-excel-file) run from the bundle.
    const imported = runCompiled(join(work, 'import-resolved.txt'), 'import', join(root, 'data/templates/offer-template.xlsx'), '--out', 'offer.json');
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/as a course list/);
    const scenario = join(work, 'solved.json');
    const result = join(work, 'solved-result.json');
    writeFileSync(scenario, readFileSync(samplePath));
    expect(runCompiled(join(work, 'unused.txt'), 'solve', scenario, '--out', result, '--time', '0.5', '--quiet').status).toBe(0);
    const lists = runCompiled(join(work, 'export-resolved.txt'), 'export', scenario, result, '--out', 'lists.xlsx');
    expect(lists.status, lists.stderr).toBe(0);
    expect(readFileSync(join(work, 'lists.xlsx')).subarray(0, 2).toString()).toBe('PK');
    const grid = runCompiled(join(work, 'grid-resolved.txt'), 'export', scenario, result, '--out', 'grid.csv', '--what', 'grid');
    expect(grid.status, grid.stderr).toBe(0);
    expect(readFileSync(join(work, 'grid.csv'), 'utf8')).toMatch(/\S/);
  });

  it('loads no HiGHS for a command without exact steps', () => {
    const out = join(work, 'r-check.json');
    expect(runCompiled(join(work, 'unused.txt'), 'solve', samplePath, '--out', out, '--time', '0.5', '--quiet').status).toBe(0);
    const log = join(work, 'check-resolved.txt');
    const run = runCompiled(log, 'check', samplePath, out);
    expect(run.status, run.stderr).toBe(0);
    const resolved = readFileSync(log, 'utf8');
    expect(resolved).not.toContain('/node_modules/highs/');
    expect(resolved).not.toContain('/node_modules/tsx/');
  });
});

describe('the launcher tells a current build from a stale one (cli/compiled-cli.mjs)', () => {
  const project = mkdtempSync(join(tmpdir(), 'ks4-launcher-'));
  const dist = join(project, 'dist-cli');
  const source = join(project, 'cli', 'ks4.ts');
  mkdirSync(dist);
  mkdirSync(join(project, 'cli'));
  const projectUrl = pathToFileURL(project + '/');
  const distUrl = pathToFileURL(dist + '/');
  const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, seconds));
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('says what is missing, stale or gone, and nothing for a current build', () => {
    expect(whyNotCompiled(distUrl, projectUrl)).toBe('dist-cli/ is missing or incomplete');
    writeFileSync(source, 'export {};\n');
    writeFileSync(join(dist, 'ks4.mjs'), 'export {};\n');
    expect(whyNotCompiled(distUrl, projectUrl)).toBe('dist-cli/ is missing or incomplete');
    writeFileSync(join(dist, 'sources.json'), JSON.stringify({ inputs: ['cli/ks4.ts'] }));
    utimesSync(source, at(0), at(0));
    utimesSync(join(dist, 'ks4.mjs'), at(10), at(10));
    expect(whyNotCompiled(distUrl, projectUrl)).toBeUndefined();
    utimesSync(source, at(20), at(20));
    expect(whyNotCompiled(distUrl, projectUrl)).toBe('cli/ks4.ts changed since the build');
    rmSync(source);
    expect(whyNotCompiled(distUrl, projectUrl)).toBe('cli/ks4.ts is gone since the build');
  });
});
