/**
 * The short load check (the full one, 1,000 pupils with latency gates, is `npm run bench -- --only server`):
 * 200 pupils against the server as a child process on a real SQLite file, arriving over 3 s with up to 50
 * in flight, three in ten submitting twice. Every request is answered, every pupil finishes, and the
 * database holds exactly the acknowledged submissions. Latency is not asserted here: on a shared machine
 * it belongs to the bench, which reports it with the load average.
 *
 * The checker itself is tested too: given an acknowledgement the database does not hold, or one whose
 * choices differ, it must say so (otherwise "no problems" would prove nothing).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db';
import { checkDatabase, runLoad, type Ack } from '../bench/server-load';

describe('the options server under a short load (child process, real SQLite file)', () => {
  it('200 pupils sign in and submit: every request answered, no submission lost or altered, export read twice the same', async () => {
    const report = await runLoad({ pupils: 200, spreadMs: 3000, concurrency: 50, thinkMs: [0, 200], changeMindShare: 0.3, seed: 7, requestsPerMinute: 10_000, staffPollMs: 1000 });
    expect(report.problems).toEqual([]);
    expect([...report.errors]).toEqual([]);
    expect(report.retries).toBe(0);
    expect(report.pupilsDone).toBe(200);
    const submissions = report.rows.filter((r) => r.type === 'submit' || r.type === 'resubmit').reduce((n, r) => n + r.count, 0);
    expect(report.rows.find((r) => r.type === 'sign-in')?.count).toBe(200);
    // Some pupils changed their mind: more submissions than pupils, each one acknowledged and stored.
    expect(submissions).toBeGreaterThan(200);
    expect(report.acknowledged).toBe(submissions);
    expect(report.rowsInDatabase).toBe(submissions);
    expect(report.rowsNotAcknowledged).toBe(0);
    expect(report.exportSame).toBe(true);
  });
});

describe('the database checker', () => {
  it('reports an acknowledged submission that is missing, one stored differently, and rows nobody was told about', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks4-check-'));
    try {
      const file = join(dir, 'options.db');
      const db = openDatabase(file);
      db.prepare("INSERT INTO rounds (id, name, deadline, status, created_at) VALUES ('r1', 'R', 0, 'open', 0)").run();
      db.prepare("INSERT INTO pupils (id, round_id, admission_number, display_name, code_hash) VALUES (1, 'r1', 'A1', 'Ann', x'01')").run();
      const insert = db.prepare("INSERT INTO submissions (id, pupil_id, version, choices_json, reserves_json, submitted_at, offer_version, fits, broken_json, clash_json, receipt) VALUES (?, 1, ?, ?, '[]', 0, 1, 1, '[]', '[]', ?)");
      insert.run(10, 1, '["HIS","ART"]', 'AAAA-BBBB-CCCC');
      insert.run(11, 2, '["GEO","ART"]', 'DDDD-EEEE-FFFF');
      insert.run(12, 4, '["GEO"]', '1111-2222-3333');
      db.close();
      const told = (acks: Ack[]) => new Map([['A1', acks]]);
      const first: Ack = { id: 10, version: 1, choices: ['HIS', 'ART'], reserves: [], receipt: 'AAAA-BBBB-CCCC' };
      const second: Ack = { id: 11, version: 2, choices: ['GEO', 'ART'], reserves: [], receipt: 'DDDD-EEEE-FFFF' };
      const problems = (acks: Ack[], unanswered = 0) => checkDatabase(file, 'r1', told(acks), { unansweredSubmissions: unanswered }).problems.join('\n');
      // Version 4 after 2: a gap; and row 12 was never acknowledged.
      expect(problems([first, second], 1)).toMatch(/versions 1, 2, 4, not 1\.\.3/);
      expect(problems([first, second], 0)).toMatch(/1 submissions in the database were never acknowledged, but only 0 went unanswered/);
      expect(problems([first, second], 1)).toMatch(/latest stored submission is 12/);
      expect(problems([first, { ...second, id: 99 }], 2)).toMatch(/acknowledged submission 99 .* is not in the database/);
      expect(problems([first, { ...second, choices: ['ART', 'GEO'] }], 1)).toMatch(/submission 11 differs from its acknowledgement/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
