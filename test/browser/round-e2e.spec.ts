/**
 * The whole options round end to end in a real Chromium (issue 13), on the options server started by
 * server-run.ts (a real SQLite file; the built planner and the API on one origin, so the planner's round
 * panel leaves the server address blank): the planner opens a round for the sample school's 240 students,
 * the slips and the mail-merge CSV carry the codes, one pupil signs in on a phone-sized page with the code
 * read from their slip and submits, the staff page (?staff) shows the submission, the planner pulls it (the
 * student's choices are now those submitted, read back from the planner's own IndexedDB) and solves again.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { ADMIN_SECRET } from '../server/harness';
import type { ServerPageCtx, ServerPageTest } from './server-pupil.spec';

const SAMPLE = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../data/samples/sample-240.json'), 'utf8')) as { students: { id: string; name: string; choices: string[] }[] };
const PUPIL = SAMPLE.students[0]; // S0001, Priya Patel: CSC, ART, TSC, GEO, reserve HIS in the sample
const ROUND = 'Options evening 2027 (browser test)';
/** What the pupil submits on the phone: different from the sample's choices for them. */
const SUBMIT = { choices: [['HIS', 'History'], ['SPA', 'Spanish'], ['CSC', 'Computer Science'], ['ART', 'Art and Design']], reserves: [['GEO', 'Geography']] };

async function settled(page: Page, timeout = 60_000): Promise<void> {
  await page.getByRole('button', { name: 'Solve', exact: true }).waitFor({ timeout });
  await page.locator('[data-testid=figures]').first().waitFor({ timeout });
  await page.waitForFunction(() => !document.body.textContent?.includes('Re-seating students'), null, { timeout });
}

/** The current scenario's student as the planner saved it in this browser (IndexedDB ks4-planner, store records). */
async function savedStudent(page: Page, id: string): Promise<{ choices: string[]; reserves?: string[]; name?: string } | undefined> {
  return page.evaluate(
    (sid) =>
      new Promise<{ choices: string[]; reserves?: string[]; name?: string } | undefined>((done, fail) => {
        const open = indexedDB.open('ks4-planner');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['records', 'meta'], 'readonly');
          const meta = tx.objectStore('meta').get('meta');
          const all = tx.objectStore('records').getAll();
          tx.oncomplete = () => {
            const rec = (all.result as { id: string; scenario: { students: { id: string }[] } }[]).find((r) => r.id === (meta.result as { currentId: string }).currentId);
            done(rec?.scenario.students.find((s) => s.id === sid) as never);
          };
        };
      }),
    id,
  );
}

const localInput = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
};

export const tests: ServerPageTest[] = [
  {
    name: 'round end to end: the planner opens a round, a pupil submits with the code from the slips, the staff page sees it, the planner pulls it and solves',
    viewport: { width: 1280, height: 900 },
    async run(c: ServerPageCtx) {
      const { page } = c;
      // The planner, served by the options server: the sample school solves on first opening.
      await page.goto(`${c.url}#/blocks`);
      await settled(page);
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Student preview', exact: true }).click();
      const panel = page.getByTestId('round-panel');
      await panel.waitFor();
      assert.match((await page.getByTestId('round-invitees').textContent()) ?? '', /^240 pupils will be invited/);

      // Open the round: blank server address (this page's own origin), the secret, a name and a deadline two days on.
      await panel.getByLabel('Admin secret').fill(ADMIN_SECRET);
      await panel.getByLabel('Round name').fill(ROUND);
      await panel.getByLabel('Deadline (your local time)').fill(localInput(Date.now() + 2 * 24 * 3600_000 - ((Date.now() + 2 * 24 * 3600_000) % 3600_000)));
      await panel.scrollIntoViewIfNeeded();
      await panel.screenshot({ path: join(c.shots, 'round-planner-panel-form.png') });
      await panel.getByRole('button', { name: 'Open the round' }).click();
      const warning = page.getByTestId('round-codes');
      await warning.waitFor();
      assert.match((await warning.textContent()) ?? '', /The 240 access codes are shown only now/);
      assert.match((await page.getByTestId('round-facts').textContent()) ?? '', new RegExp(`${ROUND.replace(/[()]/g, '\\$&')} \\(open\\)`));
      await panel.scrollIntoViewIfNeeded();
      await panel.screenshot({ path: join(c.shots, 'round-planner-panel-opened.png') });

      // Until the codes are printed or saved, leaving the page asks first (its "beforeunload" is cancelled).
      const leavingAsks = () => page.evaluate(() => !window.dispatchEvent(new Event('beforeunload', { cancelable: true })));
      assert.equal(await leavingAsks(), true, 'leaving asks while the codes exist only in the page');

      // The mail-merge CSV: a row a pupil, formula-safe, with the link to ?round on this server.
      const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Save the mail-merge CSV' }).click()]);
      const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
      const lines = csv.trim().split('\r\n');
      assert.equal(lines[0], 'Adno,Name,Code,Link,Deadline');
      assert.equal(lines.length, 241);
      assert.match(lines[1], new RegExp(`^${PUPIL.id},${PUPIL.name},[0-9A-Z]{5}(-[0-9A-Z]{5}){3}-[0-9A-Z]{6},${c.url.replace(/\/$/, '')}/\\?round,`));
      assert.equal(await leavingAsks(), false, 'once the CSV is saved, leaving does not ask');

      // The slips: one a pupil; read this pupil's code from theirs.
      await panel.getByRole('button', { name: 'Print the slips (240)' }).click();
      const slips = page.getByTestId('round-slips');
      await slips.waitFor();
      assert.equal(await slips.locator('.rp-slip').count(), 240);
      const slip = slips.locator(`.rp-slip[data-adno="${PUPIL.id}"]`);
      assert.equal(await slip.locator('.rp-slip-name').textContent(), PUPIL.name);
      const code = ((await slip.getByTestId('slip-code').textContent()) ?? '').trim();
      assert.match(code, /^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}-[0-9A-Z]{6}$/);
      assert.ok(lines[1].includes(code), 'the slip and the mail-merge CSV carry the same code');
      assert.equal(await slip.locator('svg.sl-qr').count(), 1, 'each slip has the QR code of the link');
      // The link breaks, if at all, before "/?round": split inside it, a pupil typing the first line lands on the planner.
      const linkTail = slip.locator('.rp-slip-nowrap');
      assert.equal(await linkTail.textContent(), '/?round');
      assert.equal(await linkTail.evaluate((e) => e.getClientRects().length), 1, '"/?round" stays on one line');
      await page.screenshot({ path: join(c.shots, 'round-slips-screen.png') });
      // Printed: only the slips, eight to an A4 page (240 slips, 30 pages).
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: join(c.shots, 'round-slips-print.png') });
      await page.emulateMedia({ media: null }); // (media 'screen' would make the PDF below use the screen's CSS)
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      writeFileSync(join(c.shots, 'round-slips.pdf'), pdf);
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      assert.equal(pages, 30, `240 slips print on 30 A4 pages (8 a page), not ${pages}`);
      await slips.getByRole('button', { name: 'Close', exact: true }).click();
      await slips.waitFor({ state: 'detached' });

      // The pupil, on a phone, with the code from the slip.
      const phone = await c.context.browser()!.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      try {
        const pupil = await phone.newPage();
        await pupil.goto(`${c.url}?round`);
        await pupil.getByRole('heading', { name: 'Sign in with your code' }).waitFor();
        await pupil.getByRole('textbox', { name: 'Your code' }).fill(code);
        await pupil.getByRole('button', { name: 'Sign in' }).click();
        await pupil.locator('.sr-name').waitFor();
        assert.equal(await pupil.locator('.sr-name').textContent(), PUPIL.name);
        for (const [, name] of SUBMIT.choices) await pupil.getByRole('button', { name: `Choose ${name}`, exact: true }).click();
        for (const [, name] of SUBMIT.reserves) await pupil.getByRole('button', { name: `As reserve ${name}`, exact: true }).click();
        await pupil.getByRole('button', { name: 'Submit my choices' }).click();
        await pupil.getByTestId('sr-receipt').waitFor();
        await pupil.screenshot({ path: join(c.shots, 'round-e2e-phone-receipt.png') });
      } finally {
        await phone.close();
      }

      // The staff page on the same server sees the submission.
      const staff = await c.context.newPage();
      await staff.goto(`${c.url}?staff`);
      await staff.getByLabel('Admin secret').fill(ADMIN_SECRET);
      await staff.getByRole('button', { name: 'Sign in' }).click();
      await staff.getByRole('button', { name: ROUND }).click();
      await staff.getByTestId('st-submitted').filter({ hasText: '1 of 240 pupils have submitted' }).waitFor();
      await staff.screenshot({ path: join(c.shots, 'round-e2e-staff.png') });
      await staff.close();

      // The planner checks the round, then pulls: one student changed, the rest kept.
      await panel.getByRole('button', { name: 'Check the round' }).click();
      await page.getByTestId('round-submitted').filter({ hasText: /^1 of 240 pupils/ }).waitFor();
      const before = await savedStudent(page, PUPIL.id);
      assert.deepEqual(before?.choices, PUPIL.choices);
      await panel.getByRole('button', { name: 'Pull submissions' }).click();
      const note = page.getByTestId('round-note');
      await note.filter({ hasText: 'Pulled 1 submission' }).waitFor();
      assert.match((await note.textContent()) ?? '', /0 added, 1 changed, 0 unchanged; 239 not in the file kept\. Undo takes it back\./);
      let after = await savedStudent(page, PUPIL.id);
      for (let i = 0; i < 20 && JSON.stringify(after?.choices) === JSON.stringify(before?.choices); i++) {
        await page.waitForTimeout(100); // the planner writes to IndexedDB just after the change
        after = await savedStudent(page, PUPIL.id);
      }
      assert.deepEqual(after?.choices, SUBMIT.choices.map(([id]) => id));
      assert.deepEqual(after?.reserves, SUBMIT.reserves.map(([id]) => id));
      assert.equal(after?.name, PUPIL.name);
      await panel.scrollIntoViewIfNeeded();
      await panel.screenshot({ path: join(c.shots, 'round-planner-panel-pulled.png') });

      // Pulling again changes nothing, and says so.
      await panel.getByRole('button', { name: 'Pull submissions' }).click();
      await note.filter({ hasText: 'Nothing changed: the scenario already has these choices.' }).waitFor();

      // Solve with the pulled choices.
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Blocks', exact: true }).click();
      await page.getByRole('button', { name: 'Solve', exact: true }).click();
      await page.getByRole('progressbar', { name: 'Solve progress' }).waitFor({ state: 'detached', timeout: 60_000 });
      await settled(page);
      await page.screenshot({ path: join(c.shots, 'round-e2e-solved.png') });

      // The round's offer counts its own pupils' seats as free (web/round/round-offer.ts), so seats moving
      // inside the same groups change nothing pupils see; a new rule for every student does: publish it to the
      // round as version 2.
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Offer', exact: true }).click();
      const rulesBox = page.getByLabel('Rules for every student, one a line');
      await rulesBox.fill(`${await rulesBox.inputValue()}\nat most 3 from HIS, GEO, SPA, FRE (let pass)`.replace(/^\n/, ''));
      await rulesBox.blur();
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Student preview', exact: true }).click();
      await panel.waitFor();
      await page.getByTestId('round-offer-version').filter({ hasText: 'version 1: the offer here has changed since it was published.' }).waitFor();
      await panel.getByRole('button', { name: 'Publish the updated offer' }).click();
      await note.filter({ hasText: 'Offer version 2 is now live' }).waitFor();
      assert.match((await page.getByTestId('round-offer-version').textContent()) ?? '', /^version 2 \(the offer shown here\)$/);
      const roundRow = c.db.prepare('SELECT id FROM rounds WHERE name = ?').get(ROUND) as { id: string };
      const live = c.db.prepare('SELECT MAX(version) AS v FROM round_offers WHERE round_id = ?').get(roundRow.id) as { v: number };
      assert.equal(live.v, 2);

      // After a reload the planner still knows the round; the codes and the secret are gone with the page.
      await page.reload();
      await panel.waitFor();
      assert.match((await page.getByTestId('round-facts').textContent()) ?? '', /Options evening 2027 \(browser test\) \(open\)/);
      assert.equal(await page.getByTestId('round-codes').count(), 0, 'the codes are not kept past the page');
      assert.equal(await panel.getByLabel('Admin secret').inputValue(), '');
      assert.match((await page.getByTestId('round-submitted').textContent()) ?? '', /240 pupils invited; type the admin secret/);
      await panel.getByLabel('Admin secret').fill(ADMIN_SECRET);
      await panel.getByLabel('Admin secret').press('Enter');
      await page.getByTestId('round-submitted').filter({ hasText: /^1 of 240 pupils/ }).waitFor();
      assert.match((await page.getByTestId('round-offer-version').textContent()) ?? '', /^version 2 \(the offer shown here\)$/);
      await panel.scrollIntoViewIfNeeded();
      await panel.screenshot({ path: join(c.shots, 'round-planner-panel-after-reload.png') });

      // Close the round from the planner (it asks first).
      page.once('dialog', (d) => void d.accept());
      await panel.getByRole('button', { name: 'Close the round' }).click();
      await page.getByTestId('round-facts').filter({ hasText: '(closed)' }).waitFor();
      const closed = c.db.prepare('SELECT status FROM rounds WHERE id = ?').get(roundRow.id) as { status: string };
      assert.equal(closed.status, 'closed');

      // Once closed (and pulled), the round can be deleted from the server; the planner forgets it and offers a new one.
      page.once('dialog', (d) => void d.accept());
      await panel.getByRole('button', { name: 'Delete the round from the server' }).click();
      await note.filter({ hasText: 'was deleted from the options server' }).waitFor();
      await panel.getByRole('button', { name: 'Open the round' }).waitFor();
      assert.equal((c.db.prepare('SELECT COUNT(*) AS n FROM pupils WHERE round_id = ?').get(roundRow.id) as { n: number }).n, 0, 'its pupils are deleted with it');
    },
  },
];
