/**
 * Browser tests of the options server's phone page (issue 13) in a real Chromium (Debian's package, driven
 * by playwright-core): the server is started BY THIS RUNNER in this process on 127.0.0.1 with port 0 and a
 * real SQLite file in a temporary folder, serving the built site (its own build folder, $TMPDIR/ks4-dist-
 * server-test by default, so the other suites' dist/ is left alone) and the API from one origin. Each test of
 * server-pupil.spec.ts runs in a fresh browser context (no cookies, empty storage).
 *
 *   npx tsx test/browser/server-run.ts                       build if the folder is missing, then test
 *   npx tsx test/browser/server-run.ts --build               rebuild first
 *   npx tsx test/browser/server-run.ts --dist=/tmp/dist-s2   test (and build into) another folder
 *   npx tsx test/browser/server-run.ts receipt               only tests whose name contains "receipt"
 *
 * Screenshots go to $SHOTS_DIR (default /tmp/shots). Ends with "N passed, N failed" for test/run-all.ts.
 * Without Chromium: a loud skip outside CI, a failure in CI.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildServer } from '../../server/app';
import { openDatabase } from '../../server/db';
import { hashAdminSecret } from '../../server/secrets';
import { ADMIN_SECRET } from '../server/harness';
import { chromiumMissing, exitWith, runSuite, SHOTS, siteReady } from './harness';
import { tests as pupilTests, type ServerPageCtx } from './server-pupil.spec';
import { tests as roundTests } from './round-e2e.spec';
import { tests as staffTests } from './server-staff.spec';

// The pupil suite runs last: its last test locks sign-in out for 127.0.0.1 (this database, 15 minutes), and the
// staff page's tests and the whole-round test sign pupils in from 127.0.0.1.
const tests = [...staffTests, ...roundTests, ...pupilTests];

const ROOT = resolve(import.meta.dirname, '../..');
const argv = process.argv.slice(2);
const distArg = argv.find((a) => a.startsWith('--dist='));
const DIST = resolve(distArg ? distArg.slice('--dist='.length) : join(tmpdir(), 'ks4-dist-server-test'));

async function main(): Promise<number> {
  const filter = argv.filter((a) => !a.startsWith('--'));
  const missing = chromiumMissing('options server browser tests', 'npx tsx test/browser/server-run.ts');
  if (missing !== null) return missing;
  if (!siteReady(ROOT, DIST, argv.includes('--build'))) return 1;
  mkdirSync(SHOTS, { recursive: true });

  const dir = mkdtempSync(join(tmpdir(), 'ks4-server-browser-'));
  const dbFile = join(dir, 'options.db');
  const db = openDatabase(dbFile);
  const app = await buildServer({ db, adminSecretHash: hashAdminSecret(ADMIN_SECRET), siteDir: DIST });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `${address}/`;
  console.log(`Options server on ${address} (database ${dbFile}, site ${DIST})`);
  return runSuite({
    tests,
    filter,
    url,
    label: 'options server browser tests',
    failPrefix: 'server-',
    contextOptions: (t) => ({ viewport: t.viewport, ...(t.serviceWorkers ? { serviceWorkers: t.serviceWorkers } : {}), ...(t.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) }),
    makeCtx: (base): ServerPageCtx => ({ ...base, api: address, db }),
    onClose: () => {
      void app.close().then(() => {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      });
    },
  });
}

exitWith(main);
