/**
 * The pupils' phone page served by the options server (server-run.ts starts the server in this process
 * with a real SQLite file and the built site on one origin). The round is opened through the staff API,
 * as the planner does; the offer is test/server/harness.ts's small one (blocks A and B; History and
 * Geography only in A, so the two together do not fit; Art and Music may not be taken together).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { Db } from '../../server/db';
import { call, testOffer } from '../server/harness';

export interface ServerPageCtx {
  page: Page;
  context: BrowserContext;
  /** The page's address: the server's origin with a trailing slash. */
  url: string;
  /** The server's origin, for staff calls. */
  api: string;
  db: Db;
  shots: string;
}

export interface ServerPageTest {
  name: string;
  viewport: { width: number; height: number };
  phone?: boolean;
  /**
   * 'block' keeps the page's service worker from starting: Playwright's page.route does not see requests a
   * service worker handles, so a test that cuts the network for a GET must block it.
   */
  serviceWorkers?: 'block';
  run: (c: ServerPageCtx) => Promise<void>;
}

const PHONE = { width: 390, height: 844 };
/** Stored verbatim and shown as text: markup in a name must never become markup on the page. */
const TRICKY_NAME = 'Zoë <b>O\'Brien</b> "=1+1"';

async function openRound(api: string, pupils: { admissionNumber: string; name: string; pathway?: string }[], deadline = new Date(Date.now() + 24 * 3600_000).toISOString(), offer = testOffer()) {
  const r = await call(api, 'POST', '/api/staff/rounds', { staff: true, json: { name: 'Year 9 options 2027', offer, deadline, pupils } });
  assert.equal(r.status, 201, r.text);
  return r.body as { round: { id: string }; codes: { admissionNumber: string; code: string }[] };
}

async function shot(c: ServerPageCtx, name: string): Promise<void> {
  await c.page.screenshot({ path: join(c.shots, `${name}.png`) });
  await c.page.screenshot({ path: join(c.shots, `${name}-full.png`), fullPage: true });
}

async function signInWith(page: Page, code: string): Promise<void> {
  await page.getByRole('heading', { name: 'Sign in with your code' }).waitFor();
  await page.getByRole('textbox', { name: 'Your code' }).fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const status = async (page: Page) => ((await page.getByTestId('sp-status').textContent()) ?? '').trim();

export const tests: ServerPageTest[] = [
  {
    name: 'phone: signs in with the code, a combination that does not fit is flagged and submitted with its reasons, changed, signed out; the export has the latest',
    viewport: PHONE,
    phone: true,
    async run(c) {
      const { round, codes } = await openRound(c.api, [
        { admissionNumber: 'A001', name: TRICKY_NAME },
        { admissionNumber: 'A002', name: 'Sam Patel' },
      ]);
      await c.page.goto(`${c.url}?round`);
      await signInWith(c.page, codes[0].code.toLowerCase().replaceAll('-', ' '));
      // The name is shown exactly as stored, as text.
      const shownName = c.page.locator('.sr-name');
      await shownName.waitFor();
      assert.equal(await shownName.textContent(), TRICKY_NAME);
      assert.equal(await c.page.locator('.sr-bar b').count(), 0, 'markup in a name stays text');
      assert.match((await c.page.locator('.sr-bar').textContent()) ?? '', /you can change your choices until/);
      await shot(c, 'server-phone-signed-in');

      // History and Geography are both only in block A: flagged live, and the page says it may still be sent.
      await c.page.getByRole('button', { name: 'Choose History', exact: true }).click();
      await c.page.getByRole('button', { name: 'Choose Geography', exact: true }).click();
      await c.page.getByRole('button', { name: 'As reserve Music', exact: true }).click();
      assert.match(await status(c.page), /These courses cannot all be taken together\./);
      await c.page.getByText("You can still submit; the blocks are built from everyone's choices").waitFor();
      // Nearest alternatives are offered as today.
      await c.page.getByRole('heading', { name: 'Nearby combinations that work' }).waitFor();

      // The connection drops while sending: the page says so and keeps the picks.
      await c.page.route('**/api/submissions', (r) => r.abort());
      await c.page.getByRole('button', { name: 'Submit my choices' }).click();
      await c.page.getByRole('alert').filter({ hasText: 'Could not reach the options server' }).waitFor();
      assert.equal(await c.page.locator('ol.sp-mine li').count(), 2, 'the picks are still there');
      await c.page.unroute('**/api/submissions');

      await c.page.getByRole('button', { name: 'Submit my choices' }).click();
      const receipt = c.page.getByTestId('sr-receipt');
      await receipt.waitFor();
      // The button is gone once sent: the focus is on the news that replaced it, not lost to the page's body.
      await c.page.getByTestId('sr-sent').waitFor();
      assert.equal(await c.page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'sr-sent', 'the focus follows the submission');
      const stored1 = c.db.prepare('SELECT receipt, choices_json, reserves_json, fits, clash_json FROM submissions ORDER BY id DESC LIMIT 1').get() as { receipt: string; choices_json: string; reserves_json: string; fits: number; clash_json: string };
      assert.deepEqual(JSON.parse(stored1.choices_json), ['HIS', 'GEO']);
      assert.deepEqual(JSON.parse(stored1.reserves_json), ['MUS']);
      assert.equal(stored1.fits, 0);
      const receiptText = (await receipt.textContent()) ?? '';
      assert.ok(receiptText.includes(stored1.receipt), `the receipt shows the stored code ${stored1.receipt}: ${receiptText}`);
      for (const reason of JSON.parse(stored1.clash_json) as string[]) assert.ok(receiptText.includes(reason), `the receipt shows the recorded reason "${reason}"`);
      assert.match(receiptText, /History.*Geography/);
      assert.match(receiptText, /Reserves: Music/);
      assert.match(receiptText, /because the blocks are built from everyone's choices/);
      await receipt.scrollIntoViewIfNeeded();
      await shot(c, 'server-phone-receipt-not-fitting');

      // Change it: French instead of Geography fits; a second version is kept.
      await c.page.getByRole('button', { name: 'Chosen Geography', exact: true }).click();
      await c.page.getByRole('button', { name: 'Choose French', exact: true }).click();
      assert.match(await status(c.page), /These courses fit together in the blocks\./);
      await c.page.getByText('Your choices now differ from what you submitted').waitFor();
      await c.page.getByRole('button', { name: 'Submit my changed choices' }).click();
      await c.page.getByText('Submitted. Your receipt is below.').waitFor();
      const stored2 = c.db.prepare('SELECT receipt, version FROM submissions ORDER BY id DESC LIMIT 1').get() as { receipt: string; version: number };
      assert.equal(stored2.version, 2);
      await receipt.getByText(stored2.receipt).waitFor();
      assert.match((await receipt.textContent()) ?? '', /change number 1/);
      assert.equal(await c.page.locator('.sr-reasons').count(), 0, 'a fitting version records no reasons');
      await shot(c, 'server-phone-receipt-changed');

      // A reload keeps the session (the cookie) and shows the last receipt.
      await c.page.reload();
      await c.page.getByTestId('sr-receipt').getByText(stored2.receipt).waitFor();
      const cookies = await c.context.cookies();
      const session = cookies.find((k) => k.name === 'ks4_session');
      assert.ok(session && session.httpOnly && session.sameSite === 'Strict', `session cookie HttpOnly and SameSite=Strict: ${JSON.stringify(session)}`);

      await c.page.getByRole('button', { name: 'Sign out' }).click();
      await c.page.getByRole('heading', { name: 'Sign in with your code' }).waitFor();
      await c.page.getByText('You have signed out.').waitFor();
      assert.equal((await c.context.cookies()).filter((k) => k.name === 'ks4_session').length, 0, 'signing out removes the cookie');
      const me = await c.page.evaluate(async () => (await fetch('/api/me')).status);
      assert.equal(me, 401);
      // Nothing personal stays on the phone: the service worker's offline copy holds no answer of the API.
      const cached = await c.page.evaluate(async () => {
        const urls: string[] = [];
        for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) urls.push(req.url);
        return urls;
      });
      assert.ok(cached.length > 0, 'the service worker kept the page for offline use');
      assert.deepEqual(cached.filter((u) => u.includes('/api/')), [], 'no API answer in the cache');

      // The staff export has the latest version only, for this pupil.
      const exported = await call(c.api, 'GET', `/api/staff/rounds/${round.id}/export`, { staff: true });
      assert.equal(exported.status, 200, exported.text);
      const mine = (exported.body.submissions as { admissionNumber: string; choices: string[]; reserves: string[]; version?: number; receipt?: string }[]).filter((s) => s.admissionNumber === 'A001');
      assert.equal(mine.length, 1, JSON.stringify(exported.body.submissions));
      assert.deepEqual(mine[0].choices, ['HIS', 'FRE']);
      assert.deepEqual(mine[0].reserves, ['MUS']);
    },
  },
  {
    name: 'phone: a wrong code says so and how many tries are left, and keeps what was typed',
    viewport: PHONE,
    phone: true,
    async run(c) {
      await openRound(c.api, [{ admissionNumber: 'B001', name: 'Ali Khan' }]);
      await c.page.goto(`${c.url}?round`);
      const typed = '1QH4K-2MXAB-ZZZZZ-ZZZZZ-ZZZZZZ';
      await signInWith(c.page, typed);
      const alert = c.page.getByRole('alert');
      await alert.waitFor();
      assert.match((await alert.textContent()) ?? '', /That code is not right\. Check it against your slip.*more tr(y|ies) before sign-in from this address is paused/);
      assert.equal(await c.page.getByRole('textbox', { name: 'Your code' }).inputValue(), typed);
      await shot(c, 'server-phone-wrong-code');
    },
  },
  {
    name: 'phone: after the deadline the page is read-only with the last receipt and says why; a change sent then is refused with the reason',
    viewport: PHONE,
    phone: true,
    async run(c) {
      const { round, codes } = await openRound(c.api, [{ admissionNumber: 'C001', name: 'Mia Jones' }]);
      await c.page.goto(`${c.url}?round`);
      await signInWith(c.page, codes[0].code);
      await c.page.getByRole('button', { name: 'Choose History', exact: true }).click();
      await c.page.getByRole('button', { name: 'Choose Art', exact: true }).click();
      await c.page.getByRole('button', { name: 'Submit my choices' }).click();
      await c.page.getByText('Submitted. Your receipt is below.').waitFor();
      const first = c.db.prepare('SELECT receipt FROM submissions ORDER BY id DESC LIMIT 1').get() as { receipt: string };
      await c.page.getByRole('button', { name: 'Chosen Art', exact: true }).click();
      await c.page.getByRole('button', { name: 'Choose French', exact: true }).click();
      // The school moves the deadline into the past while the page is open: the server refuses, the page says so.
      const moved = await call(c.api, 'PUT', `/api/staff/rounds/${round.id}/deadline`, { staff: true, json: { deadline: new Date(Date.now() - 60_000).toISOString() } });
      assert.equal(moved.status, 200, moved.text);
      await c.page.getByRole('button', { name: 'Submit my changed choices' }).click();
      const closed = c.page.locator('.sr-closed');
      await closed.waitFor();
      assert.match((await closed.textContent()) ?? '', /The deadline for "Year 9 options 2027" was .* so choices can no longer be changed\..*The submission below is the one your school has\./);
      await c.page.getByTestId('sr-receipt').getByText(first.receipt).waitFor();
      // Read-only: no submit button and no picking that could not be sent.
      assert.equal(await c.page.getByRole('button', { name: /^Submit/ }).count(), 0, 'no submit button after the deadline');
      assert.equal(await c.page.getByRole('button', { name: 'Choose Geography', exact: true }).count(), 0, 'no picking after the deadline');
      // Opened again after the deadline: read-only from the start.
      await c.page.reload();
      await c.page.locator('.sr-closed').waitFor();
      await c.page.getByTestId('sr-receipt').getByText(first.receipt).waitFor();
      assert.match((await c.page.locator('.sr-bar').textContent()) ?? '', /closed for changes/);
      await shot(c, 'server-phone-after-deadline');
      const count = c.db.prepare('SELECT COUNT(*) AS n FROM submissions s JOIN pupils p ON p.id = s.pupil_id WHERE p.round_id = ?').get(round.id) as { n: number };
      assert.equal(count.n, 1, 'the change sent after the deadline is not stored');
    },
  },
  {
    name: "phone: a pupil's pathway is the school's, its rule is checked live, and a combination breaking it is submitted with the rule recorded",
    viewport: PHONE,
    phone: true,
    async run(c) {
      const rule = 'The EBacc pathway needs a language: choose French.';
      const offer = { ...testOffer(), pathways: [{ id: 'EB', name: 'EBacc', rules: [{ min: 1, from: ['FRE'], message: rule }] }] };
      const { round, codes } = await openRound(c.api, [{ admissionNumber: 'D001', name: 'Noor Ali', pathway: 'EB' }], undefined, offer);
      await c.page.goto(`${c.url}?round`);
      await signInWith(c.page, codes[0].code);
      // Shown, not chosen: the server checks with the pathway the school set.
      const pathway = c.page.getByRole('region', { name: 'Your pathway' });
      await pathway.getByText('EBacc').waitFor();
      assert.equal(await c.page.getByRole('combobox', { name: 'Pathway' }).count(), 0);
      await c.page.getByRole('button', { name: 'Choose History', exact: true }).click();
      await c.page.getByRole('button', { name: 'Choose Art', exact: true }).click();
      const verdict = await status(c.page);
      assert.match(verdict, /These courses fit in the blocks, but break a rule:/);
      assert.ok(verdict.includes(rule), verdict);
      await c.page.getByText('These courses break a rule (see above). You can still submit').waitFor();
      await c.page.getByRole('button', { name: 'Submit my choices' }).click();
      const receipt = c.page.getByTestId('sr-receipt');
      await receipt.waitFor();
      assert.ok(((await receipt.textContent()) ?? '').includes(rule), 'the receipt shows the rule recorded');
      await shot(c, 'server-phone-pathway-rule');
      // The staff status lists the pupil among those breaking a rule.
      const st = await call(c.api, 'GET', `/api/staff/rounds/${round.id}`, { staff: true });
      assert.equal(st.status, 200, st.text);
      assert.ok(JSON.stringify(st.body.breakingRules).includes('D001'), JSON.stringify(st.body.breakingRules));
    },
  },
  {
    name: 'phone: the school closes the round while a pupil is choosing: sending says why the sign-in may have ended, and signing in again says the round is closed',
    viewport: PHONE,
    phone: true,
    async run(c) {
      const { round, codes } = await openRound(c.api, [{ admissionNumber: 'F001', name: 'Ola Nowak' }]);
      await c.page.goto(`${c.url}?round`);
      await signInWith(c.page, codes[0].code);
      await c.page.getByRole('button', { name: 'Choose History', exact: true }).click();
      await c.page.getByRole('button', { name: 'Choose Art', exact: true }).click();
      // Closing signs every pupil out, so the server can only answer 401: the page must not promise a sign-in that works.
      const closed = await call(c.api, 'POST', `/api/staff/rounds/${round.id}/close`, { staff: true });
      assert.equal(closed.status, 200, closed.text);
      await c.page.getByRole('button', { name: 'Submit my choices' }).click();
      await c.page.getByRole('heading', { name: 'Sign in with your code' }).waitFor();
      await c.page.getByText('your school may have closed the round, or your sign-in ran out').waitFor();
      await signInWith(c.page, codes[0].code);
      await c.page.getByText('has been closed by the school, so choices can no longer be changed').waitFor();
      await shot(c, 'server-phone-closed-while-choosing');
    },
  },
  {
    name: 'desktop: the server answers the site only inside its folder, and the API keeps its own 404s',
    viewport: { width: 1280, height: 900 },
    async run(c) {
      const index = await fetch(c.url);
      assert.equal(index.status, 200);
      assert.match(index.headers.get('content-type') ?? '', /text\/html/);
      assert.equal(index.headers.get('x-frame-options'), 'DENY');
      assert.match(index.headers.get('content-security-policy') ?? '', /script-src 'self' 'wasm-unsafe-eval'; .*frame-ancestors 'none'/);
      for (const path of ['/%2e%2e/package.json', '/..%2fpackage.json', '/%2e%2e%2f%2e%2e%2fetc/passwd', '/.vite/manifest.json']) {
        const r = await fetch(c.api + path);
        assert.equal(r.status, 404, `${path} answered ${r.status}`);
      }
      const api = await fetch(`${c.api}/api/nothing-here`);
      assert.equal(api.status, 404);
      assert.match(((await api.json()) as { error: string }).error, /There is no GET \/api\/nothing-here/);
      // Not signed in: the round link shows the sign-in, not the file picker.
      await c.page.goto(`${c.url}?round`);
      await c.page.getByRole('heading', { name: 'Sign in with your code' }).waitFor();
      assert.equal(await c.page.locator('input[type=file]').count(), 0);
      await shot(c, 'server-desktop-sign-in');
    },
  },
  {
    name: 'phone: the server unreachable on opening says what to do and recovers; too many wrong codes pause sign-in until a time, keeping the code typed',
    viewport: PHONE,
    phone: true,
    serviceWorkers: 'block',
    async run(c) {
      await c.page.route('**/api/me', (r) => r.abort());
      await c.page.goto(`${c.url}?round`);
      await c.page.getByRole('alert').filter({ hasText: 'Could not reach the options server' }).waitFor();
      await shot(c, 'server-phone-unreachable');
      await c.page.unroute('**/api/me');
      await c.page.getByRole('button', { name: 'Try again' }).click();
      // Runs last: this locks sign-in out for 127.0.0.1 on this server's database for 15 minutes.
      const typed = 'ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZZ';
      await signInWith(c.page, typed);
      const alert = c.page.getByRole('alert');
      let text = '';
      for (let attempt = 0; attempt < 12 && !/paused until/.test(text); attempt++) {
        if (attempt > 0) await c.page.getByRole('button', { name: 'Sign in' }).click();
        await c.page.getByRole('button', { name: 'Sign in' }).and(c.page.locator(':enabled')).waitFor();
        text = (await alert.textContent()) ?? '';
      }
      assert.match(text, /Too many wrong codes from this address: sign-in is paused until \d\d:\d\d \((GMT|BST)\) \(\d+ minutes?\)\. Check the code on your slip, or ask your school for a new one\./);
      assert.equal(await c.page.getByRole('textbox', { name: 'Your code' }).inputValue(), typed);
      await shot(c, 'server-phone-locked-out');
    },
  },
];
