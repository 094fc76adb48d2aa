/**
 * npm test: the type check, every vitest suite, then the browser tests in a real Chromium, ending with one
 * plain line "N passed, N failed" over all of them (what CI reads). Exits non-zero when anything fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = (name: string) => join(import.meta.dirname, '..', 'node_modules', '.bin', name);
const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], encoding: 'utf8' });

let passed = 0;
let failed = 0;

console.log('== Type check');
for (const project of ['tsconfig.json', 'solver/tsconfig.json']) {
  const tc = run(bin('tsc'), ['--noEmit', '-p', project]);
  if (tc.status === 0) passed++;
  else {
    failed++;
    console.error(`Type check of ${project} failed.`);
  }
}

console.log('== Unit, property and component tests (vitest)');
const out = join(mkdtempSync(join(tmpdir(), 'ks4-tests-')), 'vitest.json');
const vt = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
try {
  const report = JSON.parse(readFileSync(out, 'utf8')) as { numPassedTests: number; numFailedTests: number };
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  if (vt.status !== 0 && report.numFailedTests === 0) failed++; // a suite that failed to load
} catch {
  failed++;
  console.error('vitest wrote no report: it did not run.');
}

// Each browser runner builds the site if needed, serves it on 127.0.0.1 and ends with "N passed, N failed".
for (const [title, runner] of [
  ['Planner browser tests (Chromium)', 'run.ts'],
  ['Student page browser tests (Chromium)', 'student-run.ts'],
  ['Import and export browser tests (Chromium)', 'io-run.ts'],
  ['Trust browser tests: true figures, checked edits (Chromium)', 'trust-run.ts'],
  ["Options server browser tests: the pupils' phone page (Chromium)", 'server-run.ts'],
] as const) {
  console.log(`== ${title}`);
  const br = spawnSync(bin('tsx'), [join(import.meta.dirname, 'browser', runner)], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(br.stdout ?? '');
  const line = /(\d+) passed, (\d+) failed/.exec(br.stdout ?? '');
  if (line) {
    passed += Number(line[1]);
    failed += Number(line[2]);
  }
  if (br.status !== 0 && (!line || Number(line[2]) === 0)) failed++;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
