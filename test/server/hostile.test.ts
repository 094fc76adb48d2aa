/**
 * Bad input against the options server, each refused or stored safely with nothing else changed:
 * wrong codes (lockout per address with a message, attempts per code), another pupil's submission id,
 * cross-site posts, a 10 MB body, malformed JSON, unknown courses, unknown fields, and SQL and script
 * strings as names and choices (stored verbatim, returned as JSON data, exported as text).
 * The server trusts X-Forwarded-For here (as behind the school's proxy) so a test can speak from
 * several addresses over loopback.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { guessStudentMapping, importStudents, readTable } from '../../data/io';
import { ADMIN_SECRET, call, clock, createRound, signIn, startServer, tempDbFile, testOffer, type Running } from './harness';

let tmp: ReturnType<typeof tempDbFile>;
let server: Running;

beforeEach(async () => {
  clock.now = Date.parse('2027-02-01T09:00:00Z');
  tmp = tempDbFile();
  server = await startServer(tmp.file, { trustProxy: true });
});

afterEach(async () => {
  await server.close();
  tmp.remove();
});

const PUPILS = [
  { admissionNumber: '1001', name: 'Dana Fox' },
  { admissionNumber: '1002', name: 'Eli Grant' },
];

/** Every row of every table, to show a refused request changed nothing. */
function snapshot(): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const t of ['rounds', 'round_offers', 'pupils', 'sessions', 'submissions']) out[t] = server.db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all();
  return out;
}

const from = (address: string) => ({ 'x-forwarded-for': address });

describe('options server: wrong codes', () => {
  it('locks an address out after 10 wrong codes with a message saying until when, and not other addresses', async () => {
    const { codes } = await createRound(server.url, PUPILS);
    for (let i = 1; i <= 9; i++) {
      const r = await call(server.url, 'POST', '/api/session', { json: { code: `WRONG-CODE-${i}` }, headers: from('10.0.0.7') });
      expect(r.status).toBe(401);
      expect(r.body.error).toContain(`${10 - i} more ${10 - i === 1 ? 'try' : 'tries'} before sign-in from this address is paused for 15 minutes`);
      expect(r.headers.getSetCookie()).toEqual([]);
    }
    const tenth = await call(server.url, 'POST', '/api/session', { json: { code: 'STILL-WRONG' }, headers: from('10.0.0.7') });
    expect(tenth.status).toBe(429);
    expect(tenth.body.error).toBe('Too many wrong codes from this address: sign-in is paused until 09:15 (GMT) (15 minutes). Check the code on your slip, or ask your school for a new one.');
    // Even the right code waits while the address is locked out...
    const right = await call(server.url, 'POST', '/api/session', { json: { code: codes[0].code }, headers: from('10.0.0.7') });
    expect(right.status).toBe(429);
    expect(right.headers.getSetCookie()).toEqual([]);
    // ...another address is not affected...
    expect((await call(server.url, 'POST', '/api/session', { json: { code: codes[1].code }, headers: from('10.0.0.8') })).status).toBe(200);
    // ...and the lockout ends when the wrong codes are 15 minutes old, restart or not.
    await server.close();
    server = await startServer(tmp.file, { trustProxy: true });
    clock.now += 14 * 60_000;
    expect((await call(server.url, 'POST', '/api/session', { json: { code: codes[0].code }, headers: from('10.0.0.7') })).status).toBe(429);
    clock.now += 60_000;
    expect((await call(server.url, 'POST', '/api/session', { json: { code: codes[0].code }, headers: from('10.0.0.7') })).status).toBe(200);
  });

  it('limits sign-ins with one code to 10 in 10 minutes, from any addresses', async () => {
    const { codes } = await createRound(server.url, PUPILS);
    for (let i = 0; i < 10; i++) expect((await call(server.url, 'POST', '/api/session', { json: { code: codes[0].code }, headers: from(`10.1.0.${i}`) })).status).toBe(200);
    const eleventh = await call(server.url, 'POST', '/api/session', { json: { code: codes[0].code }, headers: from('10.1.0.99') });
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.error).toMatch(/^This code has been tried too often: try again in \d+ minutes\.$/);
    expect((await call(server.url, 'POST', '/api/session', { json: { code: codes[1].code }, headers: from('10.1.0.99') })).status).toBe(200);
  });

  it('refuses staff requests without the admin secret or with a wrong one', async () => {
    expect((await call(server.url, 'GET', '/api/staff/rounds')).status).toBe(401);
    const wrong = await call(server.url, 'GET', '/api/staff/rounds', { headers: { authorization: `Bearer ${ADMIN_SECRET}x` } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('The admin secret is not right.');
    const post = await call(server.url, 'POST', '/api/staff/rounds', { headers: { authorization: 'Bearer nope' }, json: { offer: testOffer(), deadline: '2027-02-14T17:00:00Z', pupils: PUPILS } });
    expect(post.status).toBe(401);
    expect(server.db.prepare('SELECT COUNT(*) AS n FROM rounds').get()).toEqual({ n: 0 });
    // Each check costs a scrypt, so an address gets 20 in 10 minutes, then a 429 without one.
    for (let i = 0; i < 20; i++) expect((await call(server.url, 'GET', '/api/staff/rounds', { headers: { authorization: `Bearer guess-${i}`, ...from('10.2.0.1') } })).status).toBe(401);
    const over = await call(server.url, 'GET', '/api/staff/rounds', { headers: { authorization: `Bearer ${ADMIN_SECRET}`, ...from('10.2.0.1') } });
    expect(over.status).toBe(429);
    expect(over.body.error).toMatch(/^Too many wrong admin secrets from this address: try again in \d+ minutes\.$/);
    expect((await call(server.url, 'GET', '/api/staff/rounds', { headers: { authorization: `Bearer ${ADMIN_SECRET}`, ...from('10.2.0.2') } })).status).toBe(200);
  });
});

describe('options server: one pupil cannot reach another', () => {
  it('answers another pupil\'s submission id exactly as a missing one, and a pupil sees only their own history', async () => {
    const { codes } = await createRound(server.url, PUPILS);
    const dana = await signIn(server.url, codes[0].code);
    const eli = await signIn(server.url, codes[1].code);
    const hers = await call(server.url, 'POST', '/api/submissions', { cookie: dana.cookie, json: { choices: ['HIS', 'ART'] } });
    await call(server.url, 'POST', '/api/submissions', { cookie: eli.cookie, json: { choices: ['GEO', 'FRE'] } });
    const before = snapshot();
    const id = hers.body.submission.id;
    const peek = await call(server.url, 'GET', `/api/submissions/${id}`, { cookie: eli.cookie });
    const missing = await call(server.url, 'GET', '/api/submissions/999999', { cookie: eli.cookie });
    expect(peek.status).toBe(404);
    expect(peek.body.error).toBe(`You have no submission ${id}.`);
    expect(missing.status).toBe(404);
    expect(peek.text).not.toContain('HIS');
    const own = await call(server.url, 'GET', '/api/submissions', { cookie: eli.cookie });
    expect(own.body.submissions.map((s: { choices: string[] }) => s.choices)).toEqual([['GEO', 'FRE']]);
    // No way to write to another's: a submission always goes to the signed-in pupil, and ids in a body are refused.
    const smuggled = await call(server.url, 'POST', '/api/submissions', { cookie: eli.cookie, json: { choices: ['HIS'], pupil: '1001', id } });
    expect(smuggled.status).toBe(400);
    expect(smuggled.body.problems.join(' ')).toMatch(/pupil|id/);
    expect((await call(server.url, 'GET', `/api/submissions/${id}`)).status).toBe(401);
    expect((await call(server.url, 'GET', '/api/submissions/1', { cookie: 'ks4_session=forged-token' })).status).toBe(401);
    expect(snapshot()).toEqual(before);
  });
});

describe('options server: cross-site requests and bad bodies', () => {
  it('refuses a cross-site post (Origin of another site, Sec-Fetch-Site cross-site, or an HTML form body) and stores nothing', async () => {
    const { codes } = await createRound(server.url, PUPILS);
    const { cookie } = await signIn(server.url, codes[0].code);
    const before = snapshot();
    const evilOrigin = await call(server.url, 'POST', '/api/submissions', { cookie, json: { choices: ['HIS', 'ART'] }, headers: { origin: 'https://evil.example' } });
    expect(evilOrigin.status).toBe(403);
    expect(evilOrigin.body.error).toContain('came from https://evil.example');
    const crossSite = await call(server.url, 'POST', '/api/submissions', { cookie, json: { choices: ['HIS', 'ART'] }, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    const sameSiteOtherOrigin = await call(server.url, 'POST', '/api/submissions', { cookie, json: { choices: ['HIS', 'ART'] }, headers: { 'sec-fetch-site': 'same-site' } });
    expect(sameSiteOtherOrigin.status).toBe(403);
    // What an HTML form on another site can send: urlencoded, multipart or text/plain. None is parsed.
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const form = await call(server.url, 'POST', '/api/submissions', { cookie, body: 'choices=HIS&choices=ART', headers: { 'content-type': type } });
      expect(form.status, type).toBe(415);
    }
    // A sign-in posted from another site is refused too (no login CSRF).
    expect((await call(server.url, 'POST', '/api/session', { json: { code: codes[1].code }, headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect(snapshot()).toEqual(before);
    // The page's own origin is accepted.
    const own = await call(server.url, 'POST', '/api/submissions', { cookie, json: { choices: ['HIS', 'ART'] }, headers: { origin: server.url, 'sec-fetch-site': 'same-origin' } });
    expect(own.status).toBe(201);
  });

  it('a raw path through /api/staff/ ("..", encoded or not) reaches no pupil route: refused or not found, nothing changed', async () => {
    const { codes } = await createRound(server.url, PUPILS);
    const { cookie } = await signIn(server.url, codes[0].code);
    const before = snapshot();
    // fetch would tidy "..", so the request is written by hand on a socket.
    const { request } = await import('node:http');
    const { port } = new URL(server.url);
    for (const path of ['/api/staff/../submissions', '/api/staff/%2e%2e/submissions']) {
      const status = await new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ choices: ['HIS', 'ART'] });
        const req = request({ host: '127.0.0.1', port, method: 'POST', path, headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
        req.end(body);
      });
      expect([403, 404], path).toContain(status);
    }
    expect(snapshot()).toEqual(before);
  });

  it('limits all requests per address (here 30 a minute) with a message', async () => {
    await server.close();
    server = await startServer(tmp.file, { trustProxy: true, requestsPerMinute: 30 });
    for (let i = 0; i < 30; i++) expect((await call(server.url, 'GET', '/api/health', { headers: from('10.3.0.1') })).status).toBe(200);
    const over = await call(server.url, 'GET', '/api/health', { headers: from('10.3.0.1') });
    expect(over.status).toBe(429);
    expect(over.body.error).toMatch(/^Too many requests from this address: try again in \d+ (second|minute)/);
    expect((await call(server.url, 'GET', '/api/health', { headers: from('10.3.0.2') })).status).toBe(200);
  });

  it('answers CORS for the staff endpoints to the planner origins named, and to no one else or on pupil routes', async () => {
    await server.close();
    server = await startServer(tmp.file, { trustProxy: true, plannerOrigins: ['http://planner.test:5173'] });
    const planner = { origin: 'http://planner.test:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' };
    const preflight = await call(server.url, 'OPTIONS', '/api/staff/rounds', { headers: planner });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://planner.test:5173');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const evil = await call(server.url, 'OPTIONS', '/api/staff/rounds', { headers: { ...planner, origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const list = await call(server.url, 'GET', '/api/staff/rounds', { staff: true, headers: { origin: 'http://planner.test:5173' } });
    expect(list.status).toBe(200);
    expect(list.headers.get('access-control-allow-origin')).toBe('http://planner.test:5173');
    const pupilRoute = await call(server.url, 'GET', '/api/me', { headers: { origin: 'http://planner.test:5173' } });
    expect(pupilRoute.headers.get('access-control-allow-origin')).toBeNull();
    expect((await call(server.url, 'OPTIONS', '/api/submissions', { headers: planner })).status).toBe(404);
  });

  it('answers an unknown path with a 404 naming it', async () => {
    const r = await call(server.url, 'GET', '/api/nothing?x=1');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: 'There is no GET /api/nothing on this server.' });
  });

  it('refuses a 10 MB body with 413 before reading it, on pupil and staff routes, and keeps serving', async () => {
    const { codes, round } = await createRound(server.url, PUPILS);
    const { cookie } = await signIn(server.url, codes[0].code);
    const before = snapshot();
    const big = JSON.stringify({ choices: ['HIS'], reserves: [], padding: 'x'.repeat(10 * 1024 * 1024) });
    const r = await call(server.url, 'POST', '/api/submissions', { cookie, body: big, headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(413);
    expect(r.body.error).toBe('The request is too large: the limit is 256 KB.');
    const staff = await call(server.url, 'PUT', `/api/staff/rounds/${round.id}/offer`, { staff: true, body: big, headers: { 'content-type': 'application/json' } });
    expect(staff.status).toBe(413);
    expect(snapshot()).toEqual(before);
    expect((await call(server.url, 'POST', '/api/submissions', { cookie, json: { choices: ['HIS', 'ART'] } })).status).toBe(201);
  });

  it('refuses malformed JSON, wrong types and unknown fields with what was wrong', async () => {
    const { codes } = await createRound(server.url, PUPILS);
    const { cookie } = await signIn(server.url, codes[0].code);
    const before = snapshot();
    const broken = await call(server.url, 'POST', '/api/submissions', { cookie, body: '{"choices": ["HIS", ', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatch(/^The request body is not valid JSON/);
    const proto = await call(server.url, 'POST', '/api/submissions', { cookie, body: '{"choices":["HIS"],"__proto__":{"admin":true}}', headers: { 'content-type': 'application/json' } });
    expect(proto.status).toBe(400);
    const wrongType = await call(server.url, 'POST', '/api/submissions', { cookie, json: { choices: 'HIS,ART' } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.problems[0]).toMatch(/^choices: /);
    const empty = await call(server.url, 'POST', '/api/submissions', { cookie, json: { choices: [] } });
    expect(empty.status).toBe(400);
    const extra = await call(server.url, 'POST', '/api/submissions', { cookie, json: { choices: ['HIS'], comment: 'hi' } });
    expect(extra.status).toBe(400);
    expect(extra.body.problems.join(' ')).toContain('comment');
    const badRound = await call(server.url, 'POST', '/api/staff/rounds', { staff: true, json: { offer: { format: 'ks4-scenario/1' }, deadline: 'next Friday', pupils: [] } });
    expect(badRound.status).toBe(400);
    expect(badRound.body.problems.join('\n')).toMatch(/This is a scenario\. Publish it first/);
    expect(badRound.body.problems.join('\n')).toMatch(/deadline/);
    expect(snapshot()).toEqual(before);
  });

  it('refuses unknown courses, repeated courses and a reserve that is also a choice, naming the course', async () => {
    const { codes } = await createRound(server.url, PUPILS);
    const { cookie } = await signIn(server.url, codes[0].code);
    const before = snapshot();
    const unknown = await call(server.url, 'POST', '/api/submissions', { cookie, json: { choices: ['HIS', 'ARTT'] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.problems).toEqual(['Course ARTT (in the choices) is not in this offer. Maybe you meant ART (Art)?']);
    const twice = await call(server.url, 'POST', '/api/submissions', { cookie, json: { choices: ['HIS', 'HIS'] } });
    expect(twice.status).toBe(400);
    const both = await call(server.url, 'POST', '/api/submissions', { cookie, json: { choices: ['HIS', 'ART'], reserves: ['ART'] } });
    expect(both.status).toBe(400);
    expect(snapshot()).toEqual(before);
  });
});

describe('options server: hostile strings are data', () => {
  const NASTY = [
    { admissionNumber: "1'; DROP TABLE pupils;--", name: "Robert'); DROP TABLE submissions;--" },
    { admissionNumber: '2002', name: '<script>alert("x")</script><img src=x onerror=alert(1)>' },
    { admissionNumber: '2003', name: '=HYPERLINK("http://evil.example","click")' },
  ];

  it('stores SQL and script strings verbatim, returns them as JSON data, and exports them as text the import reads back', async () => {
    const { round, codes } = await createRound(server.url, NASTY);
    expect(codes.map((c) => c.name)).toEqual(NASTY.map((p) => p.name));
    for (const [i, c] of codes.entries()) {
      const { reply, cookie } = await signIn(server.url, c.code);
      expect(reply.headers.get('content-type')).toContain('application/json');
      expect(reply.body.pupil).toEqual(NASTY[i]);
      const s = await call(server.url, 'POST', '/api/submissions', { cookie, json: { choices: ['HIS', 'ART'] } });
      expect(s.status).toBe(201);
    }
    // A choice that is SQL or a script is refused as an unknown course, and nothing is dropped.
    const { cookie } = await signIn(server.url, codes[0].code);
    for (const choice of ["HIS'); DELETE FROM submissions;--", '<script>alert(1)</script>']) {
      const r = await call(server.url, 'POST', '/api/submissions', { cookie, json: { choices: [choice] } });
      expect(r.status).toBe(400);
      expect(r.body.problems[0]).toContain(`Course ${choice} (in the choices) is not in this offer.`);
    }
    expect(server.db.prepare('SELECT COUNT(*) AS n FROM submissions').get()).toEqual({ n: 3 });
    expect(server.db.prepare('SELECT admission_number, display_name FROM pupils ORDER BY id').all()).toEqual(NASTY.map((p) => ({ admission_number: p.admissionNumber, display_name: p.name })));

    const status = await call(server.url, 'GET', `/api/staff/rounds/${round.id}`, { staff: true });
    expect(status.headers.get('content-type')).toContain('application/json');
    expect(status.headers.get('x-content-type-options')).toBe('nosniff');

    const csv = await call(server.url, 'GET', `/api/staff/rounds/${round.id}/export?format=csv`, { staff: true });
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`); // neutralised: a spreadsheet shows it as text
    const table = await readTable(new TextEncoder().encode(csv.text), 'submissions.csv');
    const courses = testOffer().courses.map((x) => ({ id: x.id, name: x.name, maxGroupSize: 30 }));
    const imported = importStudents(table, guessStudentMapping(table.headers), { courses: courses as never });
    expect(imported.students.map((s) => [s.id, s.name])).toEqual(NASTY.map((p) => [p.admissionNumber, p.name]));
  });
});
