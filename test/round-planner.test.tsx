/**
 * The planner's side of an options round (web/round/): who is invited, the mail-merge CSV, the deadline
 * in local time, and "Pull submissions" against the real options server in this process (port 0, a real
 * SQLite file, test/server/harness.ts) with the planner's real store, solver and Students import: one undo
 * step, nothing the second time, nothing on a dropped connection or a cut body, and a retry that gives what
 * one clean pull gives. The round's whereabouts survive a reload; the admin secret and codes do not. The
 * panel's first render (static markup) says who is invited and refuses a student the server would refuse.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sample from '../data/samples/sample-240.json';
import { cellText, readCsvText } from '../data/io/table';
import { publishOffer, type Offer, type Scenario } from '../solver';
import { createSolverApi } from '../solver/worker-api';
import { currentRecord, editScenario, flushSaves, initPlanner, setOptionsRound, setTimeLimit, solveCurrent, undo } from '../web/state/actions';
import { offeredScenario } from '../web/state/drop';
import { memoryPersistence } from '../web/state/persist';
import { plannerStore } from '../web/state/store';
import { invitedPupils, shownName } from '../web/round/invite';
import { OptionsRoundPanel } from '../web/round/OptionsRoundPanel';
import { roundOffer } from '../web/round/round-offer';
import { mergeSubmissions, pullRound } from '../web/round/pull';
import { deadlineInWords, linkLines, localInputToIso, mailMergeCsv, MAIL_MERGE_HEADER, roundLink, staffLink, toLocalInput } from '../web/round/slips';
import { rememberSecret } from '../web/round/memory';
import * as api from '../web/round/staff-api';
import { ADMIN_SECRET, call, signIn, startServer, tempDbFile, type Running } from './server/harness';

const SAMPLE = sample as unknown as Scenario;
let tick = 1_800_000_000_000;
const now = () => (tick += 10);

describe('who is invited to a round', () => {
  const offer = { pathways: [{ id: 'EBACC' }] } as unknown as Offer;

  it('invites every student of the sample school under their id, with their name and pathway', () => {
    const { pupils, refused } = invitedPupils(SAMPLE.students, { pathways: SAMPLE.pathways ?? [] } as unknown as Offer);
    expect(refused).toEqual([]);
    expect(pupils).toHaveLength(SAMPLE.students.length);
    const withPathway = SAMPLE.students.findIndex((s) => s.pathway);
    const s = SAMPLE.students[withPathway];
    expect(pupils[withPathway]).toEqual({ admissionNumber: s.id, name: s.name, pathway: s.pathway });
  });

  it('refuses, with the reason, a student the server would refuse or who has no name to show', () => {
    const { pupils, refused } = invitedPupils(
      [
        { id: 'A1', name: 'Ann Lee', choices: [] },
        { id: '', name: 'No Id', choices: [] },
        { id: 'A2', choices: [] },
        { id: 'A3', name: '   ', choices: [] },
        { id: 'X'.repeat(33), name: 'Long Id', choices: [] },
        { id: 'A1', name: 'Ann Again', choices: [] },
        { id: ' A4', name: 'Spaced', choices: [] },
        { id: 'A5', name: 'Far Route', pathway: 'VOC', choices: [] },
        { id: 'A6', forename: 'Jo', preferredName: 'Joey', surname: 'Bloggs', choices: [] } as never,
      ],
      offer,
    );
    expect(pupils).toEqual([
      { admissionNumber: 'A1', name: 'Ann Lee' },
      { admissionNumber: 'A6', name: 'Joey Bloggs' },
    ]);
    expect(refused.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^Student 2 in the list: has no id/),
      expect.stringMatching(/^Student A2: has no name to show/),
      expect.stringMatching(/^Student A3: has no name to show/),
      expect.stringMatching(/^Student X{33}: the id is 33 characters long; the options server takes admission numbers of at most 32/),
      expect.stringMatching(/^Student A1: the id is also used by student 1 in the list/),
      expect.stringMatching(/^Student  A4: the id " A4" has spaces at its start or end/),
      expect.stringMatching(/^Student A5: is on pathway "VOC", which the published offer does not have \(EBACC\)/),
    ]);
    expect(shownName({ id: 'Z', choices: [] })).toBe('');
  });
});

describe('slips and the mail-merge CSV', () => {
  it('writes Adno, Name, Code, Link, Deadline with formula triggers neutralised, and reads back verbatim', () => {
    const codes = [
      { admissionNumber: '1001', name: '=HYPERLINK("http://x","y")', code: '1QH4K-2MXAB-CDEFG-HJKMN-PQRSTV' },
      { admissionNumber: '1002', name: 'Zoë, "Jo" Smith', code: 'ABCDE-FGHJK-MNPQR-STVWX-YZ0123' },
    ];
    const bytes = mailMergeCsv(codes, 'https://options.school.example/?round', 'Sunday 14 February 2027 at 17:00');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe(MAIL_MERGE_HEADER.join(','));
    expect(lines[1]).toBe(`1001,"'=HYPERLINK(""http://x"",""y"")",1QH4K-2MXAB-CDEFG-HJKMN-PQRSTV,https://options.school.example/?round,Sunday 14 February 2027 at 17:00`);
    const table = readCsvText(text);
    expect(table.rows.map((r) => r.map(cellText))).toEqual([
      ['1001', '=HYPERLINK("http://x","y")', codes[0].code, 'https://options.school.example/?round', 'Sunday 14 February 2027 at 17:00'],
      ['1002', 'Zoë, "Jo" Smith', codes[1].code, 'https://options.school.example/?round', 'Sunday 14 February 2027 at 17:00'],
    ]);
  });

  it('links to ?round on the server, or on this page when the address is blank', () => {
    expect(roundLink('https://options.school.example')).toBe('https://options.school.example/?round');
    expect(roundLink('', 'http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/?round');
    expect(staffLink('https://options.school.example', 'r 1')).toBe('https://options.school.example/?staff=r%201');
    expect(staffLink('', 'r1', 'http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/?staff=r1');
  });

  it('prints the link broken, if at all, before "/?round", never inside it', () => {
    expect(linkLines('https://options.school.example/?round')).toEqual(['https://options.school.example', '/?round']);
    expect(linkLines('http://127.0.0.1:8093/?round')).toEqual(['http://127.0.0.1:8093', '/?round']);
    expect(linkLines('odd')).toEqual(['odd', '']);
  });

  it('turns the local deadline into ISO with its zone and back into words in local time', () => {
    const iso = localInputToIso('2027-02-14T17:00')!;
    expect(iso).toMatch(/^2027-02-1[45]T\d\d:00:00\.000Z$/);
    expect(new Date(iso).getHours()).toBe(17); // the machine's own 17:00, whatever its zone
    expect(toLocalInput(Date.parse(iso))).toBe('2027-02-14T17:00');
    expect(localInputToIso('14/02/2027 5pm')).toBeUndefined();
    expect(deadlineInWords('2027-02-14T17:00:00Z', 'Europe/London')).toBe('Sunday 14 February 2027 at 17:00');
    expect(deadlineInWords('2027-07-14T16:00:00Z', 'Europe/London')).toBe('Wednesday 14 July 2027 at 17:00');
  });
});

describe('the pull, read by the Students import', () => {
  const exported = (submissions: { admissionNumber: string; name: string; pathway?: string; choices: string[]; reserves: string[] }[]) =>
    ({
      format: 'ks4-round-submissions/1',
      round: { id: 'r1', name: 'R', deadline: '2027-02-14T17:00:00.000Z', status: 'open', offerVersion: 1 },
      submissions: submissions.map((x) => ({ ...x, submittedAt: '2027-02-10T10:00:00.000Z', version: 1, offerVersion: 1, fits: true, broken: [], clash: [], receipt: 'ABCD-EF01-2345' })),
    }) as const;

  it('keeps names with formula triggers verbatim, and leaves out (naming it) a submission naming a course no longer in the scenario', () => {
    const scenario = { ...SAMPLE, students: SAMPLE.students.slice(0, 3) } as Scenario;
    const [a, b] = scenario.students;
    const removed = SAMPLE.courses[0].id;
    const kept = SAMPLE.courses.filter((c) => c.id !== removed).map((c) => c.id);
    const withoutCourse = { ...scenario, courses: scenario.courses.filter((c) => c.id !== removed) };
    const out = mergeSubmissions(withoutCourse, exported([
      { admissionNumber: 'NEW1', name: "=HYPERLINK(\"http://x\")", choices: kept.slice(0, 3), reserves: [] },
      { admissionNumber: a.id, name: a.name ?? '', choices: [removed, ...kept.slice(0, 2)], reserves: [] },
      { admissionNumber: b.id, name: 'A different name on the server', choices: kept.slice(3, 6), reserves: [] },
    ]) as never);
    expect(out.counts).toBe('1 added, 1 changed, 0 unchanged; 2 not in the file kept');
    expect(out.merge.students.find((s) => s.id === 'NEW1')!.name).toBe('=HYPERLINK("http://x")');
    expect(out.merge.students.find((s) => s.id === b.id)!).toMatchObject({ name: b.name, choices: kept.slice(3, 6) });
    expect(out.merge.students.find((s) => s.id === a.id)).toBe(a);
    expect(out.notPulled).toEqual([expect.stringMatching(new RegExp(`^Row 3, column "Choice 1": "${removed}" is not a course in this scenario`))]);
  });
});

describe('pulling a round into the scenario, against a real options server', () => {
  const tmp = tempDbFile();
  let server: Running;
  let conn: api.StaffConnection;
  let offer: Offer;
  let roundId: string;
  let codes: { admissionNumber: string; code: string }[];
  const persistence = memoryPersistence();
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    server = await startServer(tmp.file);
    conn = { server: api.serverAddress(server.url), adminSecret: ADMIN_SECRET };
    const engine = createSolverApi();
    await initPlanner({ solver: { solve: (s, o, p) => engine.solve(s, o, p), cancel: () => engine.cancel(), reseat: (s, g, o) => engine.reseat(s, g, o) }, persistence, sample: () => structuredClone(SAMPLE), now });
    setTimeLimit(1);
    await solveCurrent();
    const rec = currentRecord()!;
    offer = publishOffer(offeredScenario(rec.scenario), rec.result!);
    const invite = invitedPupils(rec.scenario.students, offer);
    expect(invite.refused).toEqual([]);
    const created = await api.createRound(conn, { name: 'Year 9 options 2027', offer, deadline: '2027-02-14T17:00:00Z', pupils: invite.pupils });
    if (!created.ok) throw new Error(created.problem.message);
    roundId = created.value.round.id;
    codes = created.value.codes;
    expect(codes).toHaveLength(SAMPLE.students.length);
    setOptionsRound(rec.id, { server: conn.server, roundId, name: 'Year 9 options 2027', deadline: created.value.round.deadline, pupils: codes.length, offerVersion: 1, publishedOffer: JSON.stringify(offer), openedAt: now() });
  }, 60_000);
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await server.close();
    tmp.remove();
  });

  const submit = async (adno: string, choices: string[], reserves: string[]) => {
    const { cookie } = await signIn(server.url, codes.find((c) => c.admissionNumber === adno)!.code);
    const r = await call(server.url, 'POST', '/api/submissions', { cookie, json: { choices, reserves }, headers: { origin: server.url } });
    expect(r.status, r.text).toBe(201);
  };
  const student = (id: string) => currentRecord()!.scenario.students.find((s) => s.id === id);
  const undoSteps = () => plannerStore.getState().history[currentRecord()!.id]?.past.length ?? 0;

  it('publishes to the round with the invited pupils’ own seats free: a pupil seated in a full group is not told it is full', () => {
    const rec = currentRecord()!;
    const result = rec.result!;
    const size = new Map(rec.scenario.courses.map((c) => [c.id, c.maxGroupSize] as const));
    const ids = rec.scenario.students.map((s) => s.id);
    const everyone = roundOffer(rec.scenario, result, ids)!;
    // The whole cohort invited: every group offers its full size, whatever the draft seats in it.
    expect(everyone.groups.map((g) => g.free)).toEqual(everyone.groups.map((g) => size.get(g.course)));
    expect(offer.groups.some((g) => g.free < size.get(g.course)!), 'the preview offer counts the cohort’s seats as taken').toBe(true);
    // A student left out of the round keeps their seat taken; the rest of the offer is the preview's.
    const group = result.groups.find((g) => g.students.length > 0)!;
    const kept = group.students[0];
    const someone = roundOffer(rec.scenario, result, ids.filter((id) => id !== kept))!;
    const taken = size.get(group.course)! * result.groups.filter((g) => g.course === group.course).length - 1;
    expect(someone.groups.filter((g) => g.course === group.course).reduce((n, g) => n + g.free, 0)).toBe(taken);
    const apart = (o: Offer) => ({ ...o, groups: o.groups.map((g) => ({ ...g, free: 0 })), courses: o.courses.map((c) => ({ ...c, placesLeft: undefined })) });
    expect(apart(someone)).toEqual(apart(offer));
    // A course's quota (a partner college's places) likewise: the preview offer had it used up by the same pupils.
    const quota = rec.scenario.courses.find((c) => c.places !== undefined && offer.courses.find((o) => o.id === c.id)!.placesLeft! < c.places)!;
    expect(everyone.courses.find((c) => c.id === quota.id)!.placesLeft).toBe(quota.places);
    expect(roundOffer(rec.scenario, null, ids)).toBeUndefined();
  });

  it('merges the submissions by admission number as one undo step, and the second pull changes nothing', async () => {
    const before = currentRecord()!.scenario;
    const s1 = student('S0001')!;
    // S0001 changes their mind (a different third choice, no reserves); S0002 submits what the scenario already has.
    const other = offer.courses.map((c) => c.id).find((c) => !s1.choices.includes(c) && !(s1.reserves ?? []).includes(c))!;
    await submit('S0001', [s1.choices[0], s1.choices[1], other], []);
    const s2 = student('S0002')!;
    await submit('S0002', [...s2.choices], [...(s2.reserves ?? [])]);

    const steps = undoSteps();
    const first = await pullRound(conn, roundId, currentRecord()!.id);
    expect(first).toMatchObject({ ok: true, submissions: 2, changed: true });
    expect(first.text).toBe(`Pulled 2 submissions from round “Year 9 options 2027”: 0 added, 1 changed, 1 unchanged; ${SAMPLE.students.length - 2} not in the file kept. Undo takes it back.`);
    expect(student('S0001')!.choices).toEqual([s1.choices[0], s1.choices[1], other]);
    expect(student('S0001')!.reserves).toEqual([]);
    expect(student('S0001')!.name).toBe(s1.name);
    expect(student('S0001')!.attributes).toEqual(s1.attributes);
    expect(student('S0002')).toBe(s2); // unchanged: the very object
    expect(undoSteps()).toBe(steps + 1);
    expect(currentRecord()!.resultStale).toBe(true);

    const second = await pullRound(conn, roundId, currentRecord()!.id);
    expect(second).toMatchObject({ ok: true, submissions: 2, changed: false });
    expect(second.text).toMatch(/0 added, 0 changed, 2 unchanged.*Nothing changed: the scenario already has these choices\./);
    expect(undoSteps()).toBe(steps + 1);

    undo();
    expect(currentRecord()!.scenario.students).toBe(before.students);
  });

  it('a dropped connection or a cut body changes nothing; the retry gives what one clean pull gives', async () => {
    // Every pupil of the round submits now, so the pull has plenty to do.
    const s3 = student('S0003')!;
    await submit('S0003', [...s3.choices].reverse(), []);
    const before = currentRecord()!.scenario;
    const clean = await api.exportRound(conn, roundId);
    if (!clean.ok) throw new Error(clean.problem.message);
    const expected = mergeSubmissions(before, clean.value).merge.students;

    let calls = 0;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls++;
      if (calls === 1) throw new TypeError('fetch failed'); // the connection drops before an answer
      const res = await realFetch(input, init);
      if (calls === 2) {
        // The answer is cut off half-way through its body.
        const text = await res.text();
        return new Response(text.slice(0, Math.floor(text.length / 2)), { status: res.status, headers: res.headers });
      }
      return res;
    }) as typeof fetch;
    try {
      const steps = undoSteps();
      const dropped = await pullRound(conn, roundId, currentRecord()!.id);
      expect(dropped.ok).toBe(false);
      expect(dropped.text).toMatch(/^Pulling the submissions failed: Could not reach the options server at http:\/\/127\.0\.0\.1:\d+.*The scenario was not changed\. Press “Pull submissions” again/);
      expect(currentRecord()!.scenario).toBe(before);
      const cut = await pullRound(conn, roundId, currentRecord()!.id);
      expect(cut.ok).toBe(false);
      expect(cut.text).toMatch(/not the options server's JSON.*The scenario was not changed/);
      expect(currentRecord()!.scenario).toBe(before);
      expect(undoSteps()).toBe(steps);

      const retried = await pullRound(conn, roundId, currentRecord()!.id);
      expect(retried).toMatchObject({ ok: true, submissions: 3, changed: true });
      expect(currentRecord()!.scenario.students).toEqual(expected);
      expect(undoSteps()).toBe(steps + 1);
      expect(calls).toBe(3);
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('adds back a pupil no longer in the scenario under the name the round has, and leaves the rest to the import’s rules', async () => {
    editScenario('remove S0004', (s) => ({ ...s, students: s.students.filter((x) => x.id !== 'S0004') }));
    const courses = offer.courses.map((c) => c.id);
    await submit('S0004', courses.slice(0, 3), [courses[3]]);
    const out = await pullRound(conn, roundId, currentRecord()!.id);
    expect(out.ok && out.text).toMatch(/1 added/);
    const back = student('S0004')!;
    expect(back).toMatchObject({ id: 'S0004', name: SAMPLE.students.find((s) => s.id === 'S0004')!.name, choices: courses.slice(0, 3), reserves: [courses[3]] });
  });

  it('keeps where the round is across a reload, but never the admin secret or a code', async () => {
    await flushSaves();
    const stored = JSON.stringify([...persistence.records.values()]);
    expect(stored).toContain(roundId);
    expect(stored).not.toContain(ADMIN_SECRET);
    for (const c of codes.slice(0, 20)) expect(stored).not.toContain(c.code);
    const again = memoryPersistence();
    for (const r of persistence.records.values()) await again.putRecord(r);
    again.meta = persistence.meta;
    await initPlanner({ solver: { solve: async () => { throw new Error('not used'); }, cancel: () => undefined, reseat: async () => { throw new Error('not used'); } }, persistence: again, sample: () => structuredClone(SAMPLE), now }, { autoSolve: false });
    const round = currentRecord()!.optionsRound!;
    expect(round).toMatchObject({ server: conn.server, roundId, offerVersion: 1, pupils: SAMPLE.students.length });
    const status = await api.roundStatus(conn, round.roundId);
    expect(status.ok && [status.value.submitted, status.value.pupils]).toEqual([4, SAMPLE.students.length]);
  });
});

describe('the round panel, first render', () => {
  const offline = { solve: async () => { throw new Error('not used'); }, cancel: () => undefined, reseat: async () => { throw new Error('not used'); } };
  const offer = { format: 'ks4-offer/1', name: 'Year 9 options 2027', blocks: ['A'], years: [10, 11], courses: [], groups: [], pathways: (SAMPLE.pathways ?? []).map((p) => ({ id: p.id, name: p.name, rules: [] })), rules: [] } as unknown as Offer;

  it('counts the invited pupils, and refuses to open while a student has no name, naming them', async () => {
    await initPlanner({ solver: offline, persistence: memoryPersistence(), sample: () => structuredClone(SAMPLE), now }, { autoSolve: false });
    const ready = renderToStaticMarkup(<OptionsRoundPanel offer={offer} />);
    expect(ready).toContain(`${SAMPLE.students.length} pupils will be invited`);
    expect(ready).toContain('<input type="password" autoComplete="off" data-testid="round-secret" value=""/>');
    expect(ready).toMatch(/<button type="button">Open the round<\/button>/);

    editScenario('unname S0005', (s) => ({ ...s, students: s.students.map((x) => (x.id === 'S0005' ? { id: x.id, choices: x.choices } : x)) }));
    const refused = renderToStaticMarkup(<OptionsRoundPanel offer={offer} />);
    expect(refused).toContain(`${SAMPLE.students.length - 1} pupils will be invited`);
    expect(refused).toContain('1 cannot be invited as they stand:');
    expect(refused).toContain('Student S0005: has no name to show on the slip and the phone page.');
    expect(refused).toMatch(/<button type="button" disabled="">Open the round<\/button>/);
  });

  it('shows a remembered round without its codes, and asks for the secret to check it', async () => {
    await initPlanner({ solver: offline, persistence: memoryPersistence(), sample: () => structuredClone(SAMPLE), now }, { autoSolve: false });
    setOptionsRound(currentRecord()!.id, { server: 'https://options.school.example', roundId: 'r1', name: 'Options 2027', deadline: '2027-02-14T17:00:00.000Z', pupils: 240, offerVersion: 2, publishedOffer: JSON.stringify(offer), openedAt: 1 });
    const html = renderToStaticMarkup(<OptionsRoundPanel offer={offer} />);
    expect(html).toContain('Options 2027 (open)');
    expect(html).toContain('<code>https://options.school.example/?round</code>');
    expect(html).toContain('version 2 (the offer shown here)');
    expect(html).toContain('240 pupils invited; type the admin secret and check the round');
    expect(html).not.toContain('access codes are shown only now');
    expect(html).toMatch(/<button type="button" disabled="">Pull submissions<\/button>/);
    // Where the head of year watches it, opened on this round.
    expect(html).toContain('<code>https://options.school.example/?staff=r1</code>');
    // With the secret already typed, the panel does not ask for it again.
    rememberSecret('typed already, twelve+');
    try {
      const typed = renderToStaticMarkup(<OptionsRoundPanel offer={offer} />);
      expect(typed).toContain('240 pupils invited; press Check the round to see how many have submitted.');
      expect(typed).not.toContain('type the admin secret');
    } finally {
      rememberSecret('');
    }
  });
});
