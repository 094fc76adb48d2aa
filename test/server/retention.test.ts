/**
 * Retention (server/retention.ts): with --delete-after-days N a round goes, with its pupils and every
 * submission, N days after it closed, or after its deadline when nobody closed it; nothing else is touched.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db';
import { closeRound, createRound } from '../../server/rounds';
import { DAY_MS, deleteExpiredRounds, retentionMessage } from '../../server/retention';
import { ADMIN_SECRET, tempDbFile, testOffer } from './harness';

const ROOT = join(import.meta.dirname, '..', '..');
let tmp: ReturnType<typeof tempDbFile>;
let db: Db;
beforeEach(() => {
  tmp = tempDbFile();
  db = openDatabase(tmp.file);
});
afterEach(() => {
  if (db.open) db.close();
  tmp.remove();
});

const T0 = Date.parse('2027-03-01T12:00:00Z');
function round(name: string, deadline: number, createdAt = deadline - 14 * DAY_MS) {
  return createRound(db, { name, offer: testOffer(), deadline: new Date(deadline).toISOString(), pupils: [{ admissionNumber: '1', name: 'Ada' }, { admissionNumber: '2', name: 'Bo' }] }, createdAt).round;
}
const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('deleting rounds after their time', () => {
  it('deletes a round N days after it closed, or after its deadline when open, with its pupils, offers and submissions', () => {
    const closedLongAgo = round('Closed in January', T0 - 60 * DAY_MS);
    closeRound(db, closedLongAgo.id, T0 - 45 * DAY_MS);
    const closedLastWeek = round('Deadline long ago, closed last week', T0 - 90 * DAY_MS);
    closeRound(db, closedLastWeek.id, T0 - 7 * DAY_MS);
    round('Never closed', T0 - 31 * DAY_MS);
    round('Running now', T0 + 10 * DAY_MS);
    db.prepare("INSERT INTO submissions (pupil_id, version, choices_json, reserves_json, submitted_at, offer_version, fits, broken_json, clash_json, receipt) SELECT id, 1, '[\"HIS\",\"ART\"]', '[]', ?, 1, 1, '[]', '[]', 'R' || id FROM pupils").run(T0 - 50 * DAY_MS);
    expect(count('pupils')).toBe(8);

    const deleted = deleteExpiredRounds(db, T0, 30);
    expect(deleted.map((r) => r.name)).toEqual(['Closed in January', 'Never closed']);
    expect(deleted[0].ended).toBe(new Date(T0 - 45 * DAY_MS).toISOString());
    const left = (db.prepare('SELECT name FROM rounds ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    expect(left).toEqual(['Deadline long ago, closed last week', 'Running now']);
    expect(count('pupils')).toBe(4);
    expect(count('submissions')).toBe(4);
    expect(count('round_offers')).toBe(2);
    expect(retentionMessage(deleted, 30)).toMatch(/^Deleted 2 rounds that ended more than 30 days ago, with all their pupils and submissions \(--delete-after-days\): "Closed in January" \(/);
    expect(deleteExpiredRounds(db, T0, 30)).toEqual([]);
    expect(retentionMessage([], 30)).toBeUndefined();
  });

  it('`npm run serve -- --delete-after-days N` deletes at start and says so; a bad N is refused with the reason', async () => {
    round('Options 2020', Date.now() - 400 * DAY_MS);
    round('Options next year', Date.now() + 200 * DAY_MS);
    db.close();
    const secretFile = join(tmp.dir, 'secret.txt');
    writeFileSync(secretFile, ADMIN_SECRET);
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'server', 'main.ts'), '--port', '0', '--no-site', '--db', tmp.file, '--admin-secret-file', secretFile, ...args], { cwd: ROOT });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => {
          out += d;
          if (/checked every hour/.test(out)) child.kill('SIGTERM');
        });
        child.stderr.on('data', (d) => (err += d));
        child.on('exit', (code) => resolve({ code, out, err }));
      });
    const bad = await run(['--delete-after-days', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--delete-after-days soon should be a whole number of days, at least 1/);
    const ok = await run(['--delete-after-days', '90']);
    expect(ok.out).toMatch(/Deleted 1 round that ended more than 90 days ago, with all their pupils and submissions \(--delete-after-days\): "Options 2020"/);
    expect(ok.out).toMatch(/Rounds are deleted 90 days after they close/);
    const after = openDatabase(tmp.file);
    expect((after.prepare('SELECT name FROM rounds').all() as { name: string }[]).map((r) => r.name)).toEqual(['Options next year']);
    after.close();
  }, 60_000);
});
