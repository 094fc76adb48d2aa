/**
 * The options server end to end over real HTTP on a real SQLite file: a round is created, pupils sign in
 * with their codes, submit, change, get receipts and their history; the deadline stops changes; the staff
 * status and the export see it all; the export goes through the planner's own Forms import; a restart on
 * the same file keeps everything acknowledged; a backup is a usable copy; closing and deleting work.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { guessStudentMapping, importStudents, readTable } from '../../data/io';
import { mergeImport } from '../../data/io/students';
import { backupDatabase, openDatabase, schemaVersion } from '../../server/db';
import { SCHEMA_VERSION } from '../../server/migrations';
import { call, clock, createRound, signIn, startServer, tempDbFile, testOffer, type Running } from './harness';

let tmp: ReturnType<typeof tempDbFile>;
let server: Running;

beforeEach(async () => {
  clock.now = Date.parse('2027-02-01T09:00:00Z');
  tmp = tempDbFile();
  server = await startServer(tmp.file);
});

afterEach(async () => {
  await server.close();
  tmp.remove();
});

const PUPILS = [
  { admissionNumber: '001234', name: 'Amira Khan' },
  { admissionNumber: '001235', name: 'Ben Ortiz' },
  { admissionNumber: '001236', name: 'Chloé Dubois' },
];

describe('options server: a round from start to export', () => {
  it('opens the database with WAL, foreign keys, full sync and the current schema version', () => {
    expect(server.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(server.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(server.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(schemaVersion(server.db)).toBe(SCHEMA_VERSION);
  });

  it('refuses a database file made by a newer server, naming both versions, and leaves it as it was', async () => {
    const other = tempDbFile();
    try {
      const raw = new Database(other.file);
      raw.pragma('user_version = 99');
      raw.close();
      expect(() => openDatabase(other.file)).toThrow(`The database ${other.file} has schema version 99, newer than this server's ${SCHEMA_VERSION}.`);
      const again = new Database(other.file, { readonly: true });
      expect(again.pragma('user_version', { simple: true })).toBe(99);
      expect(again.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
      again.close();
    } finally {
      other.remove();
    }
  });

  it('creates a round with one long random code per pupil, stored only as a hash', async () => {
    const { round, codes } = await createRound(server.url, PUPILS);
    expect(round.status).toBe('open');
    expect(codes.map((c) => c.admissionNumber)).toEqual(PUPILS.map((p) => p.admissionNumber));
    expect(new Set(codes.map((c) => c.code)).size).toBe(3);
    for (const c of codes) expect(c.code).toMatch(/^[0-7][0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{5}){3}-[0-9A-HJKMNP-TV-Z]{6}$/);
    // The database holds no code in plain text anywhere.
    const dump = server.db.prepare("SELECT group_concat(hex(code_hash)) AS h FROM pupils").get() as { h: string };
    for (const c of codes) {
      expect(dump.h).not.toContain(Buffer.from(c.code).toString('hex').toUpperCase());
      const raw = server.db.prepare('SELECT COUNT(*) AS n FROM pupils WHERE code_hash = ? OR CAST(code_hash AS TEXT) = ?').get(c.code, c.code) as { n: number };
      expect(raw.n).toBe(0);
    }
    const meta = server.db.prepare('SELECT COUNT(*) AS n FROM meta').get() as { n: number };
    expect(meta.n).toBe(0); // the harness gives the hash directly; main.ts stores only the scrypt hash
  });

  it('signs a pupil in with a cookie that is HttpOnly and SameSite=Strict, and shows the offer and no one else', async () => {
    const { codes } = await createRound(server.url, PUPILS);
    // The code as a pupil might type it: lower case, spaces instead of hyphens.
    const typed = codes[0].code.toLowerCase().replace(/-/g, ' ');
    const { reply, cookie } = await signIn(server.url, typed);
    const setCookie = reply.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).not.toMatch(/Secure/i); // plain HTTP on loopback; --secure-cookies behind HTTPS
    expect(reply.body.pupil).toEqual({ admissionNumber: '001234', name: 'Amira Khan' });
    expect(reply.body.offer).toEqual(testOffer());
    expect(reply.body.latest).toBeNull();
    expect(reply.text).not.toContain('Ben Ortiz');
    const me = await call(server.url, 'GET', '/api/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.body.pupil.admissionNumber).toBe('001234');
  });

  it('keeps every version with its time, gives a receipt, and records a combination that does not fit with its reasons', async () => {
    const { codes } = await createRound(server.url, PUPILS);
    const { cookie } = await signIn(server.url, codes[0].code);

    const first = await call(server.url, 'POST', '/api/submissions', { cookie, json: { choices: ['HIS', 'ART'], reserves: ['MUS'] } });
    expect(first.status).toBe(201);
    expect(first.body.submission).toMatchObject({ version: 1, choices: ['HIS', 'ART'], reserves: ['MUS'], fits: true, broken: [], clash: [], offerVersion: 1 });
    expect(first.body.submission.submittedAt).toBe('2027-02-01T09:00:00.000Z');
    expect(first.body.submission.receipt).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);

    // History and Geography are both only in block A: accepted, with the clash recorded in words.
    clock.now += 60_000;
    const second = await call(server.url, 'POST', '/api/submissions', { cookie, json: { choices: ['HIS', 'GEO'] } });
    expect(second.status).toBe(201);
    expect(second.body.submission).toMatchObject({ version: 2, choices: ['HIS', 'GEO'], reserves: [], fits: false });
    expect(second.body.submission.clash.join(' ')).toMatch(/History|Geography/);

    // Art with Music breaks the offer's rule: accepted, the rule recorded.
    clock.now += 60_000;
    const third = await call(server.url, 'POST', '/api/submissions', { cookie, json: { choices: ['ART', 'MUS'] } });
    expect(third.status).toBe(201);
    expect(third.body.submission.broken).toEqual(['Art and Music cannot be taken together.']);

    const history = await call(server.url, 'GET', '/api/submissions', { cookie });
    expect(history.body.submissions.map((s: { version: number; submittedAt: string }) => [s.version, s.submittedAt])).toEqual([
      [1, '2027-02-01T09:00:00.000Z'],
      [2, '2027-02-01T09:01:00.000Z'],
      [3, '2027-02-01T09:02:00.000Z'],
    ]);
    const receipts = new Set(history.body.submissions.map((s: { receipt: string }) => s.receipt));
    expect(receipts.size).toBe(3);

    // A receipt is the stored version itself, fetched again by its id.
    const one = await call(server.url, 'GET', `/api/submissions/${first.body.submission.id}`, { cookie });
    expect(one.status).toBe(200);
    expect(one.body.submission).toEqual(first.body.submission);

    const me = await call(server.url, 'GET', '/api/me', { cookie });
    expect(me.body.latest.version).toBe(3);
  });

  it('refuses changes once the deadline has passed, and keeps what was there', async () => {
    const { codes } = await createRound(server.url, PUPILS, '2027-02-14T17:00:00Z');
    const before = await signIn(server.url, codes[1].code);
    expect((await call(server.url, 'POST', '/api/submissions', { cookie: before.cookie, json: { choices: ['GEO', 'FRE'] } })).status).toBe(201);
    clock.now = Date.parse('2027-02-14T17:00:00Z');
    // Sessions last 12 hours, so the pupil signs in again; that is allowed after the deadline (to see the receipt).
    expect((await call(server.url, 'GET', '/api/me', { cookie: before.cookie })).status).toBe(401);
    const { cookie } = await signIn(server.url, codes[1].code);
    const late = await call(server.url, 'POST', '/api/submissions', { cookie, json: { choices: ['HIS', 'FRE'] } });
    expect(late.status).toBe(403);
    expect(late.body.error).toContain('The deadline for "Year 9 options 2027" was Sunday 14 February 2027, 17:00 (GMT)');
    const history = await call(server.url, 'GET', '/api/submissions', { cookie });
    expect(history.body.submissions.map((s: { choices: string[] }) => s.choices)).toEqual([['GEO', 'FRE']]);
    const me = await call(server.url, 'GET', '/api/me', { cookie });
    expect(me.body.round.closedReason).toContain('deadline');
  });

  it('lets staff move the deadline: earlier stops changes at once, later opens them again', async () => {
    const { round, codes } = await createRound(server.url, PUPILS, '2027-02-14T17:00:00Z');
    const { cookie } = await signIn(server.url, codes[0].code);
    const earlier = await call(server.url, 'PUT', `/api/staff/rounds/${round.id}/deadline`, { staff: true, json: { deadline: '2027-02-01T08:00:00Z' } });
    expect(earlier.body.round.deadline).toBe('2027-02-01T08:00:00.000Z');
    expect((await call(server.url, 'POST', '/api/submissions', { cookie, json: { choices: ['HIS', 'ART'] } })).status).toBe(403);
    await call(server.url, 'PUT', `/api/staff/rounds/${round.id}/deadline`, { staff: true, json: { deadline: '2027-02-20T17:00:00+01:00' } });
    const r = await call(server.url, 'POST', '/api/submissions', { cookie, json: { choices: ['HIS', 'ART'] } });
    expect(r.status).toBe(201);
    const rounds = await call(server.url, 'GET', '/api/staff/rounds', { staff: true });
    expect(rounds.body.rounds.map((x: { deadline: string }) => x.deadline)).toEqual(['2027-02-20T16:00:00.000Z']);
  });

  it('shows staff who has submitted, demand against places, and who does not fit or breaks a rule', async () => {
    const { round, codes } = await createRound(server.url, PUPILS);
    const a = await signIn(server.url, codes[0].code);
    const b = await signIn(server.url, codes[1].code);
    await call(server.url, 'POST', '/api/submissions', { cookie: a.cookie, json: { choices: ['HIS', 'ART'], reserves: ['FRE'] } });
    await call(server.url, 'POST', '/api/submissions', { cookie: b.cookie, json: { choices: ['HIS', 'GEO'] } });
    const refused = await call(server.url, 'GET', `/api/staff/rounds/${round.id}`);
    expect(refused.status).toBe(401);
    const s = await call(server.url, 'GET', `/api/staff/rounds/${round.id}`, { staff: true });
    expect(s.status).toBe(200);
    expect(s.body.pupils).toBe(3);
    expect(s.body.submitted).toBe(2);
    expect(s.body.notSubmitted).toEqual([{ admissionNumber: '001236', name: 'Chloé Dubois' }]);
    const demand = Object.fromEntries(s.body.demand.map((d: { course: string; chosen: number; reserve: number; places: number }) => [d.course, [d.chosen, d.reserve, d.places]]));
    expect(demand).toEqual({ HIS: [2, 0, 10], GEO: [1, 0, 8], ART: [1, 0, 5], FRE: [0, 1, 6], MUS: [0, 0, 7] });
    expect(s.body.notFitting.map((p: { admissionNumber: string }) => p.admissionNumber)).toEqual(['001235']);
    expect(s.body.breakingRules).toEqual([]);
  });

  it('exports the latest submissions as a CSV the planner\'s Forms import reads and merges by admission number', async () => {
    const { round, codes } = await createRound(server.url, PUPILS);
    const a = await signIn(server.url, codes[0].code);
    const c = await signIn(server.url, codes[2].code);
    await call(server.url, 'POST', '/api/submissions', { cookie: a.cookie, json: { choices: ['GEO', 'FRE'] } });
    clock.now += 1000;
    await call(server.url, 'POST', '/api/submissions', { cookie: a.cookie, json: { choices: ['HIS', 'ART'], reserves: ['MUS'] } });
    await call(server.url, 'POST', '/api/submissions', { cookie: c.cookie, json: { choices: ['GEO', 'MUS'] } });

    const csv = await call(server.url, 'GET', `/api/staff/rounds/${round.id}/export?format=csv`, { staff: true });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe('Timestamp,Adno,Name,Pathway,Choice 1,Choice 2,Reserve 1');

    const table = await readTable(new TextEncoder().encode(csv.text), 'submissions.csv');
    const mapping = guessStudentMapping(table.headers);
    const offer = testOffer();
    const courses = offer.courses.map((x) => ({ id: x.id, name: x.name, maxGroupSize: 30 }));
    const imported = importStudents(table, mapping, { courses: courses as never });
    expect(imported.complete).toBe(true);
    expect(imported.students.map((s) => [s.id, s.name, s.choices, s.reserves ?? []])).toEqual([
      ['001234', 'Amira Khan', ['HIS', 'ART'], ['MUS']],
      ['001236', 'Chloé Dubois', ['GEO', 'MUS'], []],
    ]);
    const merged = mergeImport([{ id: '001234', name: 'Amira Khan', choices: ['GEO', 'FRE'] }, { id: '009999', name: 'Zed', choices: ['HIS'] }], imported.students, { fields: 'update' });
    expect(merged.changed).toEqual(['001234']);
    expect(merged.added).toEqual(['001236']);
    expect(merged.keptMissing).toEqual(['009999']);

    // A retried pull gives the same result while nothing new arrives.
    const again = await call(server.url, 'GET', `/api/staff/rounds/${round.id}/export?format=csv`, { staff: true });
    expect(again.text).toBe(csv.text);
    const json = await call(server.url, 'GET', `/api/staff/rounds/${round.id}/export`, { staff: true });
    expect(json.body.format).toBe('ks4-round-submissions/1');
    expect(json.body.submissions.map((s: { admissionNumber: string; version: number }) => [s.admissionNumber, s.version])).toEqual([
      ['001234', 2],
      ['001236', 1],
    ]);
  });

  it('keeps everything acknowledged across a restart on the same file', async () => {
    const { round, codes } = await createRound(server.url, PUPILS);
    const a = await signIn(server.url, codes[0].code);
    const acknowledged = [];
    for (const choices of [['HIS', 'ART'], ['GEO', 'FRE'], ['HIS', 'MUS']]) {
      clock.now += 1000;
      const r = await call(server.url, 'POST', '/api/submissions', { cookie: a.cookie, json: { choices } });
      expect(r.status).toBe(201);
      acknowledged.push(r.body.submission);
    }
    const statusBefore = (await call(server.url, 'GET', `/api/staff/rounds/${round.id}`, { staff: true })).body;
    await server.close();

    server = await startServer(tmp.file);
    // The session survives (it is in the database), and so does every version.
    const history = await call(server.url, 'GET', '/api/submissions', { cookie: a.cookie });
    expect(history.status).toBe(200);
    expect(history.body.submissions).toEqual(acknowledged);
    expect((await call(server.url, 'GET', `/api/staff/rounds/${round.id}`, { staff: true })).body).toEqual(statusBefore);
    // The codes still work after the restart.
    const again = await signIn(server.url, codes[1].code);
    expect(again.reply.body.pupil.name).toBe('Ben Ortiz');
  });

  it('backs up the live database with the online backup API into a file that opens with the same data', async () => {
    const { codes } = await createRound(server.url, PUPILS);
    const a = await signIn(server.url, codes[0].code);
    await call(server.url, 'POST', '/api/submissions', { cookie: a.cookie, json: { choices: ['HIS', 'ART'] } });
    const out = `${tmp.dir}/backup.db`;
    await backupDatabase(server.db, out);
    const copy = new Database(out, { readonly: true });
    try {
      expect(copy.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect((copy.prepare('SELECT COUNT(*) AS n FROM pupils').get() as { n: number }).n).toBe(3);
      expect((copy.prepare('SELECT choices_json FROM submissions').get() as { choices_json: string }).choices_json).toBe('["HIS","ART"]');
    } finally {
      copy.close();
    }
  });

  it('publishes an updated offer during the round; later submissions are checked against it', async () => {
    const { round, codes } = await createRound(server.url, PUPILS);
    const a = await signIn(server.url, codes[0].code);
    const offer = testOffer();
    offer.groups.push({ id: 'GEO-2', course: 'GEO', blocks: ['B'], years: [10, 11], free: 5 });
    const put = await call(server.url, 'PUT', `/api/staff/rounds/${round.id}/offer`, { staff: true, json: { offer } });
    expect(put.body).toEqual({ offerVersion: 2 });
    const r = await call(server.url, 'POST', '/api/submissions', { cookie: a.cookie, json: { choices: ['HIS', 'GEO'] } });
    expect(r.body.submission).toMatchObject({ offerVersion: 2, fits: true });
  });

  it('re-checks, in the staff status, submissions made against an earlier offer, and drops a verdict the new offer settles', async () => {
    const { round, codes } = await createRound(server.url, PUPILS);
    const a = await signIn(server.url, codes[0].code);
    const b = await signIn(server.url, codes[1].code);
    await call(server.url, 'POST', '/api/submissions', { cookie: a.cookie, json: { choices: ['HIS', 'GEO'] } }); // no fit on version 1
    await call(server.url, 'POST', '/api/submissions', { cookie: b.cookie, json: { choices: ['HIS', 'FRE'] } }); // fits on version 1
    const before = (await call(server.url, 'GET', `/api/staff/rounds/${round.id}`, { staff: true })).body;
    expect(before.notFitting.map((p: { admissionNumber: string }) => p.admissionNumber)).toEqual(['001234']);
    // Version 2 adds a Geography group in B (so HIS+GEO fits) and drops French (so HIS+FRE cannot be read any more).
    const offer = testOffer();
    offer.groups.push({ id: 'GEO-2', course: 'GEO', blocks: ['B'], years: [10, 11], free: 5 });
    offer.courses = offer.courses.filter((c) => c.id !== 'FRE');
    offer.groups = offer.groups.filter((g) => g.course !== 'FRE');
    await call(server.url, 'PUT', `/api/staff/rounds/${round.id}/offer`, { staff: true, json: { offer } });
    const after = (await call(server.url, 'GET', `/api/staff/rounds/${round.id}`, { staff: true })).body;
    expect(after.round.offerVersion).toBe(2);
    expect(after.notFitting).toEqual([{ admissionNumber: '001235', name: 'Ben Ortiz', choices: ['HIS', 'FRE'], reasons: ['Course FRE (in the choices) is not in this offer. The codes are: HIS, GEO, ART, MUS.'] }]);
    // The stored submissions keep the verdict of the offer they were checked against.
    const history = await call(server.url, 'GET', '/api/submissions', { cookie: a.cookie });
    expect(history.body.submissions[0]).toMatchObject({ offerVersion: 1, fits: false });
  });

  it('closes a round (pupils signed out, no more changes) and deletes it with everything in it', async () => {
    const { round, codes } = await createRound(server.url, PUPILS);
    const a = await signIn(server.url, codes[0].code);
    await call(server.url, 'POST', '/api/submissions', { cookie: a.cookie, json: { choices: ['HIS', 'ART'] } });
    const closed = await call(server.url, 'POST', `/api/staff/rounds/${round.id}/close`, { staff: true });
    expect(closed.body.round.status).toBe('closed');
    expect((await call(server.url, 'POST', '/api/submissions', { cookie: a.cookie, json: { choices: ['GEO', 'ART'] } })).status).toBe(401);
    const back = await call(server.url, 'POST', '/api/session', { json: { code: codes[0].code } });
    expect(back.status).toBe(403);
    expect(back.body.error).toContain('closed');
    // Still exportable after closing.
    expect((await call(server.url, 'GET', `/api/staff/rounds/${round.id}/export`, { staff: true })).body.submissions).toHaveLength(1);

    const del = await call(server.url, 'DELETE', `/api/staff/rounds/${round.id}`, { staff: true });
    expect(del.body).toEqual({ deleted: round.id });
    for (const table of ['rounds', 'round_offers', 'pupils', 'sessions', 'submissions']) {
      expect((server.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n, table).toBe(0);
    }
    expect((await call(server.url, 'GET', `/api/staff/rounds/${round.id}`, { staff: true })).status).toBe(404);
  });
});
