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
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ARGS, CHROMIUM, loud, serve, SHOTS } from './harness';
import { chromium, type Browser } from 'playwright-core';
import { tests } from './planner.spec';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist');




async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const filter = argv.filter((a) => !a.startsWith('--'));
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI) {
      console.error(`FAIL: no Chromium at ${CHROMIUM}, and CI is set: the browser tests must run in CI. Install it with apt-get install -y chromium.`);
      return 1;
    }
    loud([
      'BROWSER TESTS SKIPPED: no Chromium found at ' + CHROMIUM + '.',
      'Install it (apt-get install -y chromium) or set CHROMIUM_PATH, then run npm run test:browser.',
      'In CI (env CI set) this is a failure, not a skip.',
    ]);
    return 0;
  }
  if (!argv.includes('--no-build')) {
    const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) {
      console.error('FAIL: vite build failed');
      return 1;
    }
  }
  if (!existsSync(join(DIST, 'index.html'))) {
    console.error('FAIL: dist/index.html is missing; run without --no-build.');
    return 1;
  }
  mkdirSync(SHOTS, { recursive: true });
  const { server, url } = await serve(DIST);
  let browser: Browser | null = null;
  let failed = 0;
  let ran = 0;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    for (const t of tests) {
      if (filter.length && !filter.some((f) => t.name.includes(f))) continue;
      ran++;
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const t0 = Date.now();
      try {
        await t.run({ page, context, url, shots: SHOTS });
        if (errors.length) throw new Error(`uncaught errors in the page: ${errors.join(' | ')}`);
        console.log(`  ✓ ${t.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (e) {
        failed++;
        console.log(`  ✗ ${t.name}\n    ${(e instanceof Error ? e.stack ?? e.message : String(e)).split('\n').join('\n    ')}`);
        await page.screenshot({ path: join(SHOTS, `FAILED-${t.name.replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => undefined);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser?.close();
    server.close();
  }
  console.log(`\n${ran - failed} passed, ${failed} failed (browser tests; screenshots in ${SHOTS})`);
  if (ran === 0) {
    console.error('FAIL: no browser test matched the filter.');
    return 1;
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
