/**
 * The staff client (web/round/staff-api.ts) the planner's round panel and the staff page share, against the
 * real server on loopback with a real SQLite file: every answer is parsed by the wire schemas of
 * data/options-round.ts, and every failure comes back as a message, never a throw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../web/round/staff-api';
import { ADMIN_SECRET, startServer, tempDbFile, testOffer, type Running } from './harness';

describe('the staff client against a real options server', () => {
  const tmp = tempDbFile();
  let server: Running;
  let conn: api.StaffConnection;
  beforeAll(async () => {
    server = await startServer(tmp.file);
    conn = { server: api.serverAddress(`${server.url}/`), adminSecret: ADMIN_SECRET };
  });
  afterAll(async () => {
    await server.close();
    tmp.remove();
  });

  it('creates a round, reads its status and export, publishes an offer, moves the deadline, closes and deletes it', async () => {
    const created = await api.createRound(conn, {
      name: 'Options 2027',
      offer: testOffer(),
      deadline: '2027-02-14T17:00:00Z',
      pupils: [
        { admissionNumber: '1001', name: 'Ada <b>Lovelace</b>' },
        { admissionNumber: '1002', name: "Bobby'); DROP TABLE pupils;--" },
      ],
    });
    if (!created.ok) throw new Error(created.problem.message);
    expect(created.value.codes.map((c) => c.name)).toEqual(['Ada <b>Lovelace</b>', "Bobby'); DROP TABLE pupils;--"]);
    expect(created.value.codes[0].code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}-[0-9A-Z]{6}$/);
    const id = created.value.round.id;

    const listed = await api.listRounds(conn);
    expect(listed.ok && listed.value.map((r) => r.id)).toEqual([id]);

    const status = await api.roundStatus(conn, id);
    if (!status.ok) throw new Error(status.problem.message);
    expect(status.value.pupils).toBe(2);
    expect(status.value.submitted).toBe(0);
    expect(status.value.notSubmitted.map((p) => p.admissionNumber)).toEqual(['1001', '1002']);

    const first = await api.exportRound(conn, id);
    const again = await api.exportRound(conn, id);
    expect(first.ok && first.value.submissions).toEqual([]);
    expect(again).toEqual(first);

    const published = await api.publishOffer(conn, id, { ...testOffer(), name: 'Year 9 options 2027 (updated)' });
    expect(published).toEqual({ ok: true, value: 2 });

    const moved = await api.setDeadline(conn, id, '2027-02-21T17:00:00Z');
    expect(moved.ok && moved.value.deadline).toBe('2027-02-21T17:00:00.000Z');

    const csv = await api.exportCsv(conn, id);
    expect(csv.ok && csv.value.split('\r\n')[0]).toBe('Timestamp,Adno,Name,Pathway,Choice 1');

    const closed = await api.closeRound(conn, id);
    expect(closed.ok && closed.value.status).toBe('closed');
    expect(await api.deleteRound(conn, id)).toEqual({ ok: true, value: id });
    const gone = await api.roundStatus(conn, id);
    expect(gone.ok).toBe(false);
    if (!gone.ok) expect(gone.problem.status).toBe(404);
  });

  it('answers a wrong secret, a refused round and an unreachable server with a message', async () => {
    const wrong = await api.listRounds({ ...conn, adminSecret: 'not the secret at all' });
    expect(wrong).toMatchObject({ ok: false, problem: { status: 401, message: 'The admin secret is not right.' } });

    const refused = await api.createRound(conn, { offer: testOffer(), deadline: 'next Friday', pupils: [{ admissionNumber: '1', name: 'A' }] });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.problem.status).toBe(400);
      expect(refused.problem.problems.join('\n')).toMatch(/deadline/);
    }

    const nowhere = await api.listRounds({ server: 'http://127.0.0.1:9', adminSecret: ADMIN_SECRET });
    expect(nowhere.ok).toBe(false);
    if (!nowhere.ok) {
      expect(nowhere.problem.status).toBe(0);
      expect(nowhere.problem.message).toMatch(/Could not reach the options server at http:\/\/127\.0\.0\.1:9.*Nothing has been changed/);
    }
  });

  it('tidies a typed address to its origin', () => {
    expect(api.serverAddress(' https://options.school.example/ ')).toBe('https://options.school.example');
    expect(api.serverAddress('http://127.0.0.1:8080/?round')).toBe('http://127.0.0.1:8080');
    expect(api.serverAddress('')).toBe('');
    // Typed without a scheme, as people write addresses: HTTPS, or HTTP on this machine.
    expect(api.serverAddress('options.hillside.sch.uk')).toBe('https://options.hillside.sch.uk');
    expect(api.serverAddress('options.hillside.sch.uk/?round')).toBe('https://options.hillside.sch.uk');
    expect(api.serverAddress('localhost:8080')).toBe('http://localhost:8080');
    expect(api.serverAddress('127.0.0.1:8093/')).toBe('http://127.0.0.1:8093');
  });
});
