/**
 * Browser tests of the student page (issue 4) in a real Chromium (Debian's package, driven by
 * playwright-core), in the style of run.ts. Builds the site only when dist/ is missing (or with --build),
 * solves data/samples/sample-240.json with `npm run solve` (3 s), publishes the offer, serves dist/ and
 * the offer from one tiny static server on 127.0.0.1, and runs the tests of student.spec.ts, each in a
 * fresh browser context. Screenshots go to $SHOTS_DIR (default /tmp/shots).
 *
 *   npx tsx test/browser/student-run.ts              build if needed, then test
 *   npx tsx test/browser/student-run.ts --build      rebuild first
 *   npx tsx test/browser/student-run.ts phone        only tests whose name contains "phone"
 *
 * Ends with "N passed, N failed" like run.ts, so test/run-all.ts can add it up. Without Chromium: skipped
 * loudly outside CI, a failure in CI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromiumMissing, runSuite, serve, SHOTS } from './harness';
import { tests, type StudentCtx } from './student.spec';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist');
const SAMPLE = join(ROOT, 'data/samples/sample-240.json');



function npm(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('npm', ['run', '--silent', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const filter = argv.filter((a) => !a.startsWith('--'));
  const missing = chromiumMissing('student page browser tests', 'npx tsx test/browser/student-run.ts');
  if (missing !== null) return missing;
  if (argv.includes('--build') || !existsSync(join(DIST, 'index.html'))) {
    const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) {
      console.error('FAIL: vite build failed');
      return 1;
    }
  }
  // The offer a school would publish: the sample solved by the command line, then published by it.
  const offers = mkdtempSync(join(tmpdir(), 'ks4-student-'));
  const solved = npm(['solve', '--', SAMPLE, '--out', join(offers, 'result.json'), '--time', '3', '--seed', '1']);
  if (!solved.ok) {
    console.error(`FAIL: npm run solve failed:\n${solved.out}`);
    return 1;
  }
  const published = npm(['publish', '--', SAMPLE, join(offers, 'result.json'), '--out', join(offers, 'offer.json')]);
  if (!published.ok) {
    console.error(`FAIL: npm run publish failed:\n${published.out}`);
    return 1;
  }
  // Files that are not offers, for the bad-input tests.
  writeFileSync(join(offers, 'scenario.json'), readFileSync(SAMPLE));
  writeFileSync(join(offers, 'cut.json'), readFileSync(join(offers, 'offer.json'), 'utf8').slice(0, 200));

  mkdirSync(SHOTS, { recursive: true });
  const { server, url } = await serve(DIST, { '/offers/': offers });
  return runSuite({
    tests,
    filter,
    url,
    label: 'student page browser tests',
    failPrefix: 'student-',
    contextOptions: (t) => ({ viewport: t.viewport ?? { width: 1280, height: 900 }, acceptDownloads: true, ...(t.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) }),
    makeCtx: (base): StudentCtx => ({ ...base, offerFile: join(offers, 'offer.json'), offersDir: offers }),
    onClose: () => server.close(),
  });
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
