/**
 * The staff page (`/?staff`, web/staff/) served by the options server that server-run.ts starts in this
 * process (real SQLite file, the built site and the API on one origin). Rounds are opened through the staff
 * API as the planner does, and pupils sign in with their codes and submit through the pupil API, as their
 * phones do; the page is then read as a head of year would read it. The offer is test/server/harness.ts's
 * small one (History and Geography only in block A, so together they do not fit; Art and Music may not be
 * taken together), with Geography cut to 2 places so demand goes over.
 *
 * These run before server-pupil.spec.ts's tests: its last one locks sign-in out for 127.0.0.1, and these
 * sign pupils in from 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ADMIN_SECRET, call, sessionCookie, testOffer } from '../server/harness';
import { lowContrast, unnamedControls } from './a11y';
import type { ServerPageCtx, ServerPageTest } from './server-pupil.spec';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
/** Markup and script in names must show as these very characters, never run or render. */
const IMG_NAME = '<img src=x onerror=alert(1)>';
const SCRIPT_NAME = '<script>alert("staff")</script> Kim';
const RULE = 'Art and Music cannot be taken together.';

interface Opened {
  round: { id: string; name: string };
  codes: { admissionNumber: string; name: string; code: string }[];
}

async function openRound(api: string, name: string, pupils: { admissionNumber: string; name: string }[]): Promise<Opened> {
  const offer = testOffer();
  offer.groups = offer.groups.map((g) => (g.course === 'GEO' ? { ...g, free: 2 } : g));
  const deadline = new Date(Date.now() + (2 * 24 + 3) * 3600_000).toISOString();
  const r = await call(api, 'POST', '/api/staff/rounds', { staff: true, json: { name, offer, deadline, pupils } });
  assert.equal(r.status, 201, r.text);
  return r.body as Opened;
}

/** One pupil signs in with their code and submits, as the phone page does (same calls, no browser). */
async function submitAs(api: string, opened: Opened, admissionNumber: string, choices: string[], reserves: string[] = []): Promise<void> {
  const code = opened.codes.find((c) => c.admissionNumber === admissionNumber)!.code;
  const signIn = await call(api, 'POST', '/api/session', { json: { code } });
  assert.equal(signIn.status, 200, signIn.text);
  const sent = await call(api, 'POST', '/api/submissions', { cookie: sessionCookie(signIn), json: { choices, reserves } });
  assert.equal(sent.status, 201, sent.text);
}

async function shot(c: ServerPageCtx, name: string): Promise<void> {
  await c.page.screenshot({ path: join(c.shots, `${name}.png`) });
  await c.page.screenshot({ path: join(c.shots, `${name}-full.png`), fullPage: true });
}

/** Any alert(), confirm() or prompt() would mean a name ran as script: recorded so the test can fail on it. */
function watchDialogs(page: Page): string[] {
  const seen: string[] = [];
  page.on('dialog', (d) => {
    seen.push(d.message());
    void d.dismiss();
  });
  return seen;
}

async function signInAndOpen(page: Page, url: string, roundName: string): Promise<void> {
  await page.goto(`${url}?staff`);
  await page.getByRole('heading', { name: 'Staff sign-in' }).waitFor();
  await page.getByLabel('Admin secret', { exact: true }).fill(ADMIN_SECRET);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Rounds on this server' }).waitFor();
  await page.getByRole('button', { name: roundName, exact: true }).click();
  await page.getByTestId('st-submitted').waitFor();
}

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s+/g, ' ').trim();

async function a11yChecks(page: Page, where: string): Promise<void> {
  assert.deepEqual(await unnamedControls(page), [], `every control is named (${where})`);
  assert.deepEqual(await lowContrast(page), [], `text keeps AA contrast (${where})`);
  // Nothing but a table's own scroll box may scroll sideways: the page fits the window.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the window (${where})`);
}

export const tests: ServerPageTest[] = [
  {
    name: 'staff desktop: a wrong secret gives the server\'s message; the round\'s counts, who has not submitted (names as text), demand over places, the clash grouped with its count, the rule breaker; refresh, stale figures, CSV, deadline, close',
    viewport: DESKTOP,
    async run(c) {
      const dialogs = watchDialogs(c.page);
      const roundName = `Staff view round ${Date.now()}`;
      const opened = await openRound(c.api, roundName, [
        { admissionNumber: 'S001', name: 'Ada Fit' },
        { admissionNumber: 'S002', name: 'Ben Clash' },
        { admissionNumber: 'S003', name: 'Cara Clash' },
        { admissionNumber: 'S004', name: 'Dan Rule' },
        { admissionNumber: 'S005', name: SCRIPT_NAME },
        { admissionNumber: 'S006', name: 'Eve Late' },
        { admissionNumber: 'S007', name: IMG_NAME },
      ]);
      await submitAs(c.api, opened, 'S001', ['HIS', 'ART'], ['FRE']);
      await submitAs(c.api, opened, 'S002', ['HIS', 'GEO']);
      await submitAs(c.api, opened, 'S003', ['GEO', 'HIS'], ['MUS']);
      await submitAs(c.api, opened, 'S004', ['HIS', 'ART']);
      await submitAs(c.api, opened, 'S004', ['ART', 'MUS']); // changed mind: the latest version counts
      await submitAs(c.api, opened, 'S005', ['HIS', 'GEO']);

      // A wrong secret: the server's own message, and the box keeps what was typed.
      await c.page.goto(`${c.url}?staff`);
      await c.page.getByRole('heading', { name: 'Staff sign-in' }).waitFor();
      assert.equal(await c.page.getByLabel('Admin secret', { exact: true }).getAttribute('type'), 'password');
      await c.page.getByLabel('Admin secret', { exact: true }).fill('not the secret at all');
      await c.page.getByRole('button', { name: 'Sign in' }).click();
      await c.page.getByRole('alert').filter({ hasText: 'The admin secret is not right.' }).waitFor();
      assert.equal(await c.page.getByLabel('Admin secret', { exact: true }).inputValue(), 'not the secret at all');
      await shot(c, 'server-staff-wrong-secret');
      // Nothing of the secret is kept in the browser's storage.
      await c.page.getByLabel('Admin secret', { exact: true }).fill(ADMIN_SECRET);
      await c.page.getByRole('button', { name: 'Sign in' }).click();
      await c.page.getByRole('heading', { name: 'Rounds on this server' }).waitFor();
      const stored = await c.page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
      assert.ok(!stored.includes(ADMIN_SECRET), 'the admin secret is not in localStorage, sessionStorage or a cookie');
      await shot(c, 'server-staff-rounds');
      await c.page.getByRole('button', { name: roundName, exact: true }).click();
      await c.page.getByTestId('st-submitted').waitFor();
      assert.match(c.page.url(), new RegExp(`\\?staff=${opened.round.id}$`), 'the round shown is in the address');

      // The count, the bar and the deadline.
      assert.equal(await text(c.page, 'st-submitted'), '5 of 7 pupils have submitted');
      const bar = c.page.getByRole('progressbar', { name: '5 of 7 pupils have submitted' });
      assert.equal(await bar.getAttribute('value'), '5');
      assert.equal(await bar.getAttribute('max'), '7');
      assert.match(await text(c.page, 'st-deadline'), /^Deadline: .*2 days 2 hours left$/);
      assert.match(await text(c.page, 'st-refresh-status'), /^Updated \d\d:\d\d:\d\d\. Refreshes every 15 s/);

      // Who has not submitted: the names exactly as stored, as text.
      const pending = c.page.getByTestId('st-not-submitted');
      assert.deepEqual(await pending.locator('tbody td.st-name').allTextContents(), [IMG_NAME, 'Eve Late'], 'sorted by name');
      assert.equal(await c.page.locator('img').count(), 0, 'a name is never markup');
      await c.page.getByRole('button', { name: 'Admission number' }).click();
      await c.page.getByRole('button', { name: 'Admission number' }).click();
      assert.deepEqual(await pending.locator('tbody tr td:nth-child(2)').allTextContents(), ['S007', 'S006'], 'sorted by admission number, descending');
      assert.equal(await pending.getByRole('columnheader', { name: /Admission number/ }).getAttribute('aria-sort'), 'descending');
      await c.page.getByLabel('Find a pupil by name or admission number').fill('eve');
      assert.deepEqual(await pending.locator('tbody td.st-name').allTextContents(), ['Eve Late']);
      await c.page.getByLabel('Find a pupil by name or admission number').fill('');

      // Demand against places: Geography (2 places) is chosen by 3, and says so in words.
      const demand = c.page.getByTestId('st-demand');
      const cells = async (course: string) => (await demand.getByRole('row', { name: new RegExp(course) }).locator('th, td').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
      assert.deepEqual(await cells('Geography'), ['Geography GEO', '3', '0', '2', 'Over by 1 place']);
      assert.deepEqual(await cells('History'), ['History HIS', '4', '0', '10', '6 places left']);
      assert.deepEqual(await cells('Music'), ['Music MUS', '1', '1', '7', '6 places left']);
      assert.equal(await demand.locator('tr.st-over').count(), 1, 'only Geography is over its places');

      // The combination that does not fit, once, with its count and the clash the server recorded.
      const clash = (c.db.prepare("SELECT s.clash_json FROM submissions s JOIN pupils p ON p.id = s.pupil_id WHERE p.round_id = ? AND p.admission_number = 'S002'").get(opened.round.id) as { clash_json: string }).clash_json;
      const reasons = JSON.parse(clash) as string[];
      assert.ok(reasons.length > 0, 'the server recorded why History with Geography does not fit');
      const groups = c.page.getByTestId('st-not-fitting').locator(':scope > li');
      assert.equal(await groups.count(), 1, 'HIS+GEO and GEO+HIS are one combination');
      const group = groups.first();
      assert.equal(await group.locator('.st-combination').textContent(), 'Geography + History');
      assert.equal(await group.locator('.st-count').textContent(), '3 pupils');
      assert.deepEqual(await group.locator('.st-reasons li').allTextContents(), reasons);
      const pupilsInGroup = group.locator('.st-pupils .st-name');
      assert.equal(await pupilsInGroup.first().isVisible(), false, 'the pupils are folded away until asked for');
      await group.getByText('Show the 3 pupils').click();
      assert.deepEqual(await pupilsInGroup.allTextContents(), ['Ben Clash', 'Cara Clash', SCRIPT_NAME]);

      // The rule breaker, with the rule, on their latest version only.
      const rules = c.page.getByTestId('st-rules');
      assert.equal(await rules.locator('tbody tr').count(), 1);
      assert.deepEqual(await rules.locator('tbody td').allTextContents(), ['Dan Rule', 'S004', 'Art, Music', RULE]);

      await a11yChecks(c.page, 'desktop, round');
      await c.page.evaluate(() => window.scrollTo(0, 0));
      await shot(c, 'server-staff-desktop');

      // Another pupil submits: the page refreshes itself within 15 s.
      await submitAs(c.api, opened, 'S006', ['HIS', 'FRE']);
      await c.page.getByTestId('st-submitted').filter({ hasText: '6 of 7 pupils have submitted' }).waitFor({ timeout: 20_000 });
      assert.equal(await text(c.page, 'st-announce'), '1 more pupil has submitted: 6 of 7.', 'a screen reader hears the news');
      assert.deepEqual(await pending.locator('tbody td.st-name').allTextContents(), [IMG_NAME]);

      // A refresh that fails keeps the figures and says they are stale and why; the next one recovers.
      await c.page.route('**/api/staff/rounds/*', (r) => r.abort());
      await submitAs(c.api, opened, 'S007', ['GEO', 'MUS']);
      await c.page.getByRole('button', { name: 'Refresh', exact: true }).click();
      await c.page.getByTestId('st-refresh-status').filter({ hasText: 'Could not refresh' }).waitFor();
      assert.match(await text(c.page, 'st-refresh-status'), /^Could not refresh at \d\d:\d\d:\d\d: Could not reach the options server\..* The figures below are from \d\d:\d\d:\d\d and may be out of date\.$/);
      assert.equal(await text(c.page, 'st-submitted'), '6 of 7 pupils have submitted', 'the last figures stay');
      // Screen readers hear the failure once (a live region of news), not "Updated …" every 15 s.
      assert.equal(await c.page.getByTestId('st-refresh-status').getAttribute('aria-live'), null);
      assert.equal(await c.page.getByTestId('st-announce').getAttribute('aria-live'), 'polite');
      assert.match(await text(c.page, 'st-announce'), /^Could not refresh: Could not reach the options server/);
      await shot(c, 'server-staff-stale');
      await c.page.unroute('**/api/staff/rounds/*');
      await c.page.getByRole('button', { name: 'Refresh', exact: true }).click();
      await c.page.getByTestId('st-submitted').filter({ hasText: '7 of 7 pupils have submitted' }).waitFor();
      assert.match(await text(c.page, 'st-refresh-status'), /^Updated /);
      await c.page.getByText('Every invited pupil has submitted.').waitFor();

      // The submissions file.
      const [download] = await Promise.all([c.page.waitForEvent('download'), c.page.getByRole('button', { name: 'Download the submissions (CSV)' }).click()]);
      assert.match(download.suggestedFilename(), /^staff-view-round-\d+-submissions\.csv$/);
      const csv = readFileSync(await download.path(), 'utf8');
      assert.match(csv, /^Timestamp,Adno,Name,Pathway,Choice 1,Choice 2/);
      for (const adno of ['S001', 'S002', 'S003', 'S004', 'S005', 'S006', 'S007']) assert.ok(csv.includes(adno), `${adno} is in the file`);
      await c.page.getByRole('status').filter({ hasText: /^Downloaded staff-view-round-\d+-submissions\.csv: 7 pupils, each with their latest submission\./ }).waitFor();

      // Move the deadline: typed in local time, the server's answer shown, stored as that instant.
      const newLocal = await c.page.evaluate(() => {
        const d = new Date(Date.now() + 5 * 24 * 3600_000);
        const p = (n: number) => String(n).padStart(2, '0');
        return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T17:30`;
      });
      await c.page.getByLabel('New deadline (your local time)').fill(newLocal);
      await c.page.getByRole('button', { name: 'Move the deadline' }).click();
      await c.page.getByRole('status').filter({ hasText: 'The server moved the deadline to' }).waitFor();
      const expected = await c.page.evaluate((v) => new Date(v).getTime(), newLocal);
      const row = c.db.prepare('SELECT deadline, status FROM rounds WHERE id = ?').get(opened.round.id) as { deadline: number; status: string };
      assert.equal(row.deadline, expected);
      await c.page.getByTestId('st-deadline').filter({ hasText: /5 days|4 days/ }).waitFor();

      // Close: asked twice, then the server's answer; pupils can no longer submit.
      await c.page.getByRole('button', { name: 'Close the round…' }).click();
      await c.page.getByRole('button', { name: 'Close the round now' }).click();
      await c.page.getByRole('status').filter({ hasText: 'The server closed the round at' }).waitFor();
      assert.equal((c.db.prepare('SELECT status FROM rounds WHERE id = ?').get(opened.round.id) as { status: string }).status, 'closed');
      await c.page.getByTestId('st-deadline').filter({ hasText: 'The round is closed' }).waitFor();
      const code = opened.codes.find((x) => x.admissionNumber === 'S001')!.code;
      const late = await call(c.api, 'POST', '/api/session', { json: { code } });
      assert.equal(late.status, 403, 'a closed round signs no pupil in');
      await shot(c, 'server-staff-closed');
      assert.deepEqual(dialogs, [], 'no name ran as script');
    },
  },
  {
    name: 'staff phone width: the round reads in one column at 390 px, and deleting needs the round\'s name typed; the server unreachable says so',
    viewport: PHONE,
    phone: true,
    async run(c) {
      const dialogs = watchDialogs(c.page);
      const roundName = `Staff phone round ${Date.now()}`;
      const opened = await openRound(c.api, roundName, [
        { admissionNumber: 'P001', name: 'Fay Fit' },
        { admissionNumber: 'P002', name: 'Gus Clash' },
        { admissionNumber: 'P003', name: IMG_NAME },
        { admissionNumber: 'P004', name: 'Ida Clash' },
        { admissionNumber: 'P005', name: 'Jo Clash' },
      ]);
      await submitAs(c.api, opened, 'P001', ['HIS', 'FRE']);
      for (const adno of ['P002', 'P004', 'P005']) await submitAs(c.api, opened, adno, ['HIS', 'GEO']);

      // The server cannot be reached at sign-in: said so, nothing else happens.
      await c.page.route('**/api/staff/rounds', (r) => r.abort());
      await c.page.goto(`${c.url}?staff`);
      await c.page.getByLabel('Admin secret', { exact: true }).fill(ADMIN_SECRET);
      await c.page.getByRole('button', { name: 'Sign in' }).click();
      await c.page.getByRole('alert').filter({ hasText: 'Could not reach the options server' }).waitFor();
      await c.page.unroute('**/api/staff/rounds');

      await signInAndOpen(c.page, c.url, roundName);
      assert.equal(await text(c.page, 'st-submitted'), '4 of 5 pupils have submitted');
      assert.deepEqual(await c.page.getByTestId('st-not-submitted').locator('tbody td.st-name').allTextContents(), [IMG_NAME]);
      assert.equal(await c.page.getByTestId('st-not-fitting').locator('.st-count').textContent(), '3 pupils');
      // Demand reads whole on a phone, the words "Over by 1 place" included, without scrolling sideways.
      const demand = c.page.getByRole('region', { name: 'Table: demand per course' });
      assert.ok(await demand.getByText('Over by 1 place').isVisible());
      const sideways = await demand.evaluate((el) => el.scrollWidth - el.clientWidth);
      assert.ok(sideways <= 0, `the demand table is ${sideways}px wider than its box at 390 px`);
      await a11yChecks(c.page, 'phone, round');
      await shot(c, 'server-staff-phone');

      // A tab in the background asks the server nothing; brought back after more than 15 s, it refreshes at once.
      // (Headless Chromium's page is always "visible": the property is overridden and the event sent, as a browser does.)
      const polls: string[] = [];
      c.page.on('request', (r) => {
        if (r.url().endsWith(`/api/staff/rounds/${opened.round.id}`)) polls.push(r.url());
      });
      await c.page.evaluate(() => {
        const w = window as unknown as { testVisibility: string };
        w.testVisibility = 'hidden';
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => w.testVisibility });
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await submitAs(c.api, opened, 'P003', ['HIS', 'ART']);
      await c.page.waitForTimeout(16_500);
      assert.equal(polls.length, 0, 'no refresh while the tab is hidden');
      assert.equal(await text(c.page, 'st-submitted'), '4 of 5 pupils have submitted');
      await c.page.evaluate(() => {
        (window as unknown as { testVisibility: string }).testVisibility = 'visible';
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await c.page.getByTestId('st-submitted').filter({ hasText: '5 of 5 pupils have submitted' }).waitFor({ timeout: 3000 });
      assert.equal(polls.length, 1, 'one refresh on coming back');

      // Delete: the button waits for the exact name; then back to the list, with the server's answer.
      const confirm = c.page.getByLabel(/To delete, type the round's name/);
      const del = c.page.getByRole('button', { name: 'Delete the round' });
      await confirm.fill(roundName.toLowerCase());
      assert.equal(await del.isDisabled(), true, 'a name that is not exactly the round\'s does not delete');
      await confirm.fill(roundName);
      await del.click();
      await c.page.getByRole('heading', { name: 'Rounds on this server' }).waitFor();
      await c.page.getByRole('status').filter({ hasText: `The round "${roundName}" was deleted` }).waitFor();
      assert.equal(await c.page.getByRole('button', { name: roundName, exact: true }).count(), 0);
      assert.equal((c.db.prepare('SELECT COUNT(*) AS n FROM rounds WHERE id = ?').get(opened.round.id) as { n: number }).n, 0, 'the round is gone from the database');
      assert.equal((c.db.prepare('SELECT COUNT(*) AS n FROM pupils WHERE round_id = ?').get(opened.round.id) as { n: number }).n, 0, 'its pupils went with it');
      assert.match(c.page.url(), /\?staff$/);
      await a11yChecks(c.page, 'phone, rounds');
      await shot(c, 'server-staff-phone-deleted');

      // Signing out forgets the secret: the sign-in comes back, empty.
      await c.page.getByRole('button', { name: 'Sign out' }).click();
      await c.page.getByText('Signed out. The admin secret has been forgotten by this page.').waitFor();
      assert.equal(await c.page.getByLabel('Admin secret', { exact: true }).inputValue(), '');
      assert.deepEqual(dialogs, [], 'no name ran as script');
    },
  },
];
