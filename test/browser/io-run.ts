/**
 * Browser tests of data in and out (issue 6: io.spec.ts) in a real Chromium (Debian's package, driven
 * by playwright-core). In the style of run.ts: serves the built site from a tiny static server on
 * 127.0.0.1, runs each test in a fresh browser context (empty IndexedDB and storage), saves screenshots
 * into $SHOTS_DIR (default /tmp/shots), and ends with "N passed, N failed".
 *
 * It builds only when the site is missing, so after run.ts (which builds) it tests that same build:
 *   npx tsx test/browser/io-run.ts                    build if dist/ is missing, then test
 *   npx tsx test/browser/io-run.ts --build            build first
 *   npx tsx test/browser/io-run.ts --dist=/tmp/site   test (and build into) another directory
 *   npx tsx test/browser/io-run.ts xlsx               only tests whose name contains "xlsx"
 *
 * Without Chromium: outside CI (env CI unset) the run is skipped with a loud message; in CI it fails.
 */
import { join, resolve } from 'node:path';
import { chromiumMissing, exitWith, runDesktopSuite, siteReady } from './harness';
import { tests } from './io.spec';

const ROOT = resolve(import.meta.dirname, '../..');
const argv = process.argv.slice(2);
const distArg = argv.find((a) => a.startsWith('--dist='));
const DIST = resolve(distArg ? distArg.slice('--dist='.length) : join(ROOT, 'dist'));

async function main(): Promise<number> {
  const filter = argv.filter((a) => !a.startsWith('--'));
  const missing = chromiumMissing('import and export browser tests', 'npx tsx test/browser/io-run.ts');
  if (missing !== null) return missing;
  if (!siteReady(ROOT, DIST, argv.includes('--build'))) return 1;
  return runDesktopSuite({ tests, filter, dist: DIST, label: 'browser tests of import and export', failPrefix: 'io-' });
}

exitWith(main);
