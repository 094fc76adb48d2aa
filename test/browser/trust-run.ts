/**
 * Browser tests of issue 9 ("every figure true and every edit checked") in a real Chromium: each file
 * test/browser/trust/*.spec.ts exports `tests`, run here in file-name order, each in a fresh browser
 * context (empty IndexedDB). In the style of io-run.ts: serves the built site on 127.0.0.1, screenshots
 * into $SHOTS_DIR (default /tmp/shots), ends with "N passed, N failed".
 *
 *   npx tsx test/browser/trust-run.ts                    build if dist/ is missing, then test
 *   npx tsx test/browser/trust-run.ts --build            build first
 *   npx tsx test/browser/trust-run.ts --dist=/tmp/site   test (and build into) another directory
 *   npx tsx test/browser/trust-run.ts reserve            only tests whose name contains "reserve"
 *
 * Without Chromium: outside CI (env CI unset) the run is skipped with a loud message; in CI it fails.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumMissing, exitWith, runDesktopSuite, siteReady } from './harness';
import type { Ctx } from './trust/common';

const ROOT = resolve(import.meta.dirname, '../..');
const argv = process.argv.slice(2);
const distArg = argv.find((a) => a.startsWith('--dist='));
const DIST = resolve(distArg ? distArg.slice('--dist='.length) : join(ROOT, 'dist'));
const SPECS = join(import.meta.dirname, 'trust');

async function main(): Promise<number> {
  const filter = argv.filter((a) => !a.startsWith('--'));
  const missing = chromiumMissing('trust browser tests', 'npx tsx test/browser/trust-run.ts');
  if (missing !== null) return missing;
  if (!siteReady(ROOT, DIST, argv.includes('--build'))) return 1;
  const tests: { name: string; run: (c: Ctx) => Promise<void> }[] = [];
  for (const file of readdirSync(SPECS).filter((f) => f.endsWith('.spec.ts')).sort()) {
    const mod = (await import(pathToFileURL(join(SPECS, file)).href)) as { tests: typeof tests };
    tests.push(...mod.tests);
  }
  return runDesktopSuite({ tests, filter, dist: DIST, label: 'trust browser tests', failPrefix: 'trust-' });
}

exitWith(main);
