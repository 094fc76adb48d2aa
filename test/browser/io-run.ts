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
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ARGS, CHROMIUM, loud, serve, SHOTS } from './harness';
import { chromium, type Browser } from 'playwright-core';
import { tests } from './io.spec';

const ROOT = resolve(import.meta.dirname, '../..');
const argv = process.argv.slice(2);
const distArg = argv.find((a) => a.startsWith('--dist='));
const DIST = resolve(distArg ? distArg.slice('--dist='.length) : join(ROOT, 'dist'));




async function main(): Promise<number> {
  const filter = argv.filter((a) => !a.startsWith('--'));
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI) {
      console.error(`FAIL: no Chromium at ${CHROMIUM}, and CI is set: the browser tests must run in CI. Install it with apt-get install -y chromium.`);
      return 1;
    }
    loud([
      'BROWSER TESTS OF IMPORT AND EXPORT SKIPPED: no Chromium found at ' + CHROMIUM + '.',
      'Install it (apt-get install -y chromium) or set CHROMIUM_PATH, then run npx tsx test/browser/io-run.ts.',
      'In CI (env CI set) this is a failure, not a skip.',
    ]);
    return 0;
  }
  if (argv.includes('--build') || !existsSync(join(DIST, 'index.html'))) {
    console.log(`Building the site into ${DIST} ...`);
    const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', DIST, '--emptyOutDir'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0 || !existsSync(join(DIST, 'index.html'))) {
      console.error('FAIL: vite build failed');
      return 1;
    }
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
        await page.screenshot({ path: join(SHOTS, `FAILED-io-${t.name.slice(0, 60).replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => undefined);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser?.close();
    server.close();
  }
  console.log(`\n${ran - failed} passed, ${failed} failed (browser tests of import and export; screenshots in ${SHOTS})`);
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
