/**
 * The short SIGKILL check (the full one, 1,000 pupils, is `npm run bench -- --only server-fault`): 150
 * pupils arriving over 4 s against the server as a child process on a real SQLite file; 2 s in, the server
 * is killed with SIGKILL. The file it left is checked at once: every submission acknowledged before the
 * kill is there with its exact choices and receipt, none half-written. The server is restarted on the same
 * file and port, the pupils whose requests got no answer send them again, and at the end every pupil has
 * finished, every acknowledgement is in the database, the versions per pupil run 1..n, integrity_check is
 * ok, and the staff export read after a dropped connection and twice more gives the same bytes.
 */
import { describe, expect, it } from 'vitest';
import { runLoad } from '../bench/server-load';

describe('the options server killed with SIGKILL under load and restarted', () => {
  it('keeps every acknowledged submission whole, and the pupils who retried finish', async () => {
    const report = await runLoad({ pupils: 150, spreadMs: 4000, concurrency: 150, thinkMs: [0, 300], changeMindShare: 0.3, seed: 11, requestsPerMinute: 10_000, staffPollMs: 1000, killAtMs: 2000 });
    expect(report.kill).toBeDefined();
    expect(report.kill!.problemsAfterKill).toEqual([]);
    // The kill came in the middle: some submissions were acknowledged before it, some pupils came after.
    expect(report.kill!.acknowledgedBefore).toBeGreaterThan(0);
    expect(report.kill!.acknowledgedBefore).toBeLessThan(report.acknowledged);
    expect(report.problems).toEqual([]);
    expect(report.pupilsDone).toBe(150);
    // Only "no answer" errors (the kill and the restart), never an error status from the server.
    for (const what of report.errors.keys()) expect(what).toMatch(/: no answer \(/);
    expect(report.rowsInDatabase).toBe(report.acknowledged + report.rowsNotAcknowledged);
    expect(report.rowsNotAcknowledged).toBeLessThanOrEqual(report.submissionsUnanswered);
    expect(report.exportSame).toBe(true);
  });
});
