/**
 * Browser tests of the built planner in a real Chromium (Debian's package, driven by playwright-core;
 * no browser download). Builds the site, serves dist/ from a tiny static server on 127.0.0.1, runs the
 * tests of planner.spec.ts in order, each in a fresh browser context (empty IndexedDB), and saves a
 * screenshot of every screen into $SHOTS_DIR (default /tmp/shots).
 *
 *   npm run test:browser            build, then test
 *   npm run test:browser -- --no-build   test the dist/ already there
 *   npm run test:browser -- drag    only tests whose name contains "drag"
 *
 * Without Chromium: outside CI (env CI unset) the run is skipped with a loud message; in CI it fails.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromiumMissing, exitWith, runDesktopSuite, siteReady } from './harness';
import { tests } from './planner.spec';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist');

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const filter = argv.filter((a) => !a.startsWith('--'));
  const missing = chromiumMissing('browser tests', 'npm run test:browser');
  if (missing !== null) return missing;
  if (!argv.includes('--no-build') && !siteReady(ROOT, DIST, true)) return 1;
  if (!existsSync(join(DIST, 'index.html'))) {
    console.error('FAIL: dist/index.html is missing; run without --no-build.');
    return 1;
  }
  return runDesktopSuite({ tests, filter, dist: DIST, label: 'browser tests', failPrefix: '' });
}

exitWith(main);
