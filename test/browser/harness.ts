/**
 * What the browser runners share: where Chromium is and how it is started (Debian's package, no download;
 * the flags keep it off this machine's closed network), where screenshots go, a loud skip message, and a
 * plain static file server for the built site on 127.0.0.1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots';
export const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function loud(lines: string[]): void {
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n${lines.map((l) => `!!  ${l}`).join('\n')}\n${bar}\n`);
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `dir` as any plain web server would (files by path, index.html for a directory), plus each
 * `mounts` prefix (such as "/offers/") from its own directory.
 */
export function serve(dir: string, mounts: Record<string, string> = {}): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const prefix = Object.keys(mounts).find((p) => path.startsWith(p));
    const base = prefix ? mounts[prefix] : dir;
    let file = normalize(join(base, prefix ? path.slice(prefix.length) : path));
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      ok({ server, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/` });
    }),
  );
}

/** One browser test: a name, its context options, and what it does with the page. */
export interface BrowserTest<Ctx> {
  name: string;
  run(ctx: Ctx): Promise<void>;
}

/**
 * Runs the tests whose names contain any of `filter` (all when empty), each in a fresh browser context (so
 * an empty IndexedDB), failing a test on an uncaught page error and saving a screenshot of a failure.
 * Prints "N passed, N failed (LABEL; ...)", which test/run-all.ts adds up, and returns the exit code.
 */
export async function runSuite<T extends BrowserTest<Ctx>, Ctx>(opts: {
  tests: readonly T[];
  filter: readonly string[];
  url: string;
  label: string;
  failPrefix: string;
  contextOptions: (t: T) => BrowserContextOptions;
  makeCtx: (base: { page: Page; context: BrowserContext; url: string; shots: string }) => Ctx;
  onClose: () => void;
}): Promise<number> {
  let browser: Browser | null = null;
  let failed = 0;
  let ran = 0;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    for (const t of opts.tests) {
      if (opts.filter.length && !opts.filter.some((f) => t.name.includes(f))) continue;
      ran++;
      const context = await browser.newContext(opts.contextOptions(t));
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // A page served with a Content-Security-Policy (the options server's site) must not trip it: Chromium
      // reports each refusal on the console, and a refused script or connection is a broken page.
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
      });
      const t0 = Date.now();
      try {
        await t.run(opts.makeCtx({ page, context, url: opts.url, shots: SHOTS }));
        if (errors.length) throw new Error(`uncaught errors in the page: ${errors.join(' | ')}`);
        console.log(`  ✓ ${t.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (e) {
        failed++;
        console.log(`  ✗ ${t.name}\n    ${(e instanceof Error ? (e.stack ?? e.message) : String(e)).split('\n').join('\n    ')}`);
        const file = `FAILED-${opts.failPrefix}${t.name.slice(0, 60).replace(/\W+/g, '-')}.png`;
        await page.screenshot({ path: join(SHOTS, file), fullPage: true }).catch(() => undefined);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser?.close();
    opts.onClose();
  }
  console.log(`\n${ran - failed} passed, ${failed} failed (${opts.label}; screenshots in ${SHOTS})`);
  if (ran === 0) {
    console.error(`FAIL: no ${opts.label} matched the filter.`);
    return 1;
  }
  return failed ? 1 : 0;
}

/**
 * Without Chromium: in CI (env CI set) a failure (exit 1), elsewhere a loud skip (exit 0). Returns the exit
 * code to stop with, or null when Chromium is there. `how` says how to run the suite again.
 */
export function chromiumMissing(suite: string, how: string): number | null {
  if (existsSync(CHROMIUM)) return null;
  if (process.env.CI) {
    console.error(`FAIL: no Chromium at ${CHROMIUM}, and CI is set: the ${suite} must run in CI. Install it with apt-get install -y chromium.`);
    return 1;
  }
  loud([
    `${suite.toUpperCase()} SKIPPED: no Chromium found at ${CHROMIUM}.`,
    `Install it (apt-get install -y chromium) or set CHROMIUM_PATH, then run ${how}.`,
    'In CI (env CI set) this is a failure, not a skip.',
  ]);
  return 0;
}

/**
 * Builds the site into `dist` when asked (`force`) or when it is missing, so a runner started after
 * run.ts (which always builds) tests that same build. Returns false, having said why, when the build failed.
 */
/** The newest modification time (ms) of the files the site is built from: web/, solver/, data/, vite.config.ts. */
function newestSource(root: string): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of ['web', 'solver', 'data']) if (existsSync(join(root, d))) walk(join(root, d));
  for (const f of ['vite.config.ts', 'package-lock.json']) if (existsSync(join(root, f))) newest = Math.max(newest, statSync(join(root, f)).mtimeMs);
  return newest;
}

/**
 * Builds the site into `dist` unless it is there already and newer than every source it is built from: a
 * build folder outside the checkout (the options-server suite's, in the temporary folder) may be left by
 * another checkout or an older commit, and testing that stale site would test the wrong code.
 */
export function siteReady(root: string, dist: string, force: boolean): boolean {
  const index = join(dist, 'index.html');
  if (!force && existsSync(index) && statSync(index).mtimeMs >= newestSource(root)) return true;
  console.log(`Building the site into ${dist} ...`);
  const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', dist, '--emptyOutDir'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0 || !existsSync(join(dist, 'index.html'))) {
    console.error('FAIL: vite build failed');
    return false;
  }
  return true;
}

/**
 * Serves the built site in `dist` and runs `tests` on it in a desktop-sized context (1400 × 900, downloads
 * accepted): what the planner, import/export and trust runners share. Returns the exit code.
 */
export async function runDesktopSuite<Ctx extends { page: Page; context: BrowserContext; url: string; shots: string }>(opts: {
  tests: readonly BrowserTest<Ctx>[];
  filter: readonly string[];
  dist: string;
  label: string;
  failPrefix: string;
}): Promise<number> {
  mkdirSync(SHOTS, { recursive: true });
  const { server, url } = await serve(opts.dist);
  return runSuite({
    tests: opts.tests,
    filter: opts.filter,
    url,
    label: opts.label,
    failPrefix: opts.failPrefix,
    contextOptions: () => ({ viewport: { width: 1400, height: 900 }, acceptDownloads: true }),
    makeCtx: (base) => base as Ctx,
    onClose: () => server.close(),
  });
}

/** Runs a runner's main and exits with its code; an unexpected failure is printed and exits 1. */
export function exitWith(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
