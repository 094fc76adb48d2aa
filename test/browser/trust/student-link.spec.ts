/**
 * Issue 10, item 4: the student page, ready to hand out. In the planner on the sample (it solves itself)
 * the Student preview shows the student link with the whole offer inside it and its QR code, and a
 * one-page print view. The link opens the student page on a phone-sized page; with the network cut it
 * still opens (reloaded, and in a new tab from the link alone), says how many courses and reserves to
 * choose, keeps the picks when reopened, and "Save my choice" gives a CSV that the planner's Students
 * import reads as it stands. Given the planner's scenario file, the page says whose file it is.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { guessStudentMapping } from '../../../data/io/mapping';
import { importStudents } from '../../../data/io/students';
import { readCsvText } from '../../../data/io/table';
import type { Offer } from '../../../solver/offer';
import { createPreviewer } from '../../../solver/preview';
import type { Scenario } from '../../../solver/types';
import { decodeOffer, offerPayload } from '../../../web/student/offer-link';
import { askCounts, askText } from '../../../web/student/saved-choice';
import { PLANNERS_FILE } from '../../../web/student/StudentPage';
import { open, type Ctx } from './common';

const PHONE = { width: 390, height: 844 };
const SAMPLE = join(import.meta.dirname, '../../../data/samples/sample-240.json');

async function shot(page: Page, dir: string, name: string): Promise<void> {
  await page.screenshot({ path: join(dir, `${name}.png`) });
  await page.screenshot({ path: join(dir, `${name}-full.png`), fullPage: true });
}

/** The first `n` courses in offer order that fit together and break no rule, with a reserve that is not among them. */
function fitting(offer: Offer, n: number): { choices: string[]; reserve: string } {
  const p = createPreviewer(offer);
  const ids = offer.courses.map((c) => c.id);
  let found: string[] | undefined;
  const rec = (start: number, picked: string[]): void => {
    if (found) return;
    if (picked.length === n) {
      const r = p.preview({ choices: picked });
      if (r.fits && r.broken.length === 0) found = [...picked];
      return;
    }
    for (let i = start; i < ids.length; i++) rec(i + 1, [...picked, ids[i]]);
  };
  rec(0, []);
  assert.ok(found, `the sample offer has ${n} courses that fit together`);
  return { choices: found, reserve: ids.find((id) => !found!.includes(id))! };
}

/** Parts of the student page wider than the phone's screen. */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const bad: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('.sp-page, .sp-page *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > width + 1 || r.left < -1)) bad.push(`${el.tagName}.${el.className} reaches ${Math.round(r.right)}px`);
    }
    return bad;
  });
}

export const tests = [
  {
    name: 'student-link: the offer inside the link, its QR code and print view; opened with the network cut it asks, keeps and saves the choice',
    async run(c: Ctx) {
      const { page, context } = c;
      await open(c, 'student');
      const linkBox = page.getByTestId('student-link');
      await linkBox.waitFor({ timeout: 90_000 });
      const link = await linkBox.inputValue();
      assert.ok(link.startsWith(`${c.url.replace(/\/$/, '')}/#offer=v1.`), `the link is the site's address with the offer in the fragment: ${link.slice(0, 80)}`);
      const qr = page.getByTestId('student-link-panel').getByTestId('student-qr');
      await qr.waitFor();
      assert.equal(await qr.evaluate((el) => el.tagName.toLowerCase()), 'svg');
      const qrBox = await qr.boundingBox();
      assert.ok(qrBox && qrBox.width >= 200, `the QR code is big enough to scan from the screen, got ${JSON.stringify(qrBox)}`);
      console.log(`    student link for the solved sample: ${link.length} characters`);
      await page.getByTestId('student-link-panel').scrollIntoViewIfNeeded();
      await shot(page, c.shots, 'student-link-panel');

      // The print view: the QR code and the link text, on one page.
      await page.getByRole('button', { name: 'Print view' }).click();
      const sheet = page.getByRole('dialog', { name: 'Print view' });
      await sheet.waitFor();
      assert.equal(await sheet.locator('.sl-print-link').textContent(), link);
      await shot(page, c.shots, 'student-link-print-view');
      await page.emulateMedia({ media: 'print' });
      await shot(page, c.shots, 'student-link-print');
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      assert.equal(pages, 1, `the print view is one page, got ${pages}`);
      await page.emulateMedia({ media: 'screen' });
      await page.keyboard.press('Escape');
      await sheet.waitFor({ state: 'detached' });

      // What the link carries, read the way the page reads it.
      const decoded = await decodeOffer(offerPayload(new URL(link).hash)!);
      if (!('offer' in decoded)) throw new Error(decoded.error);
      const offer = decoded.offer;
      const counts = askCounts(offer, undefined);
      assert.ok(counts.choices !== undefined, 'the published sample says how many courses to choose');
      const { choices, reserve } = fitting(offer, counts.choices!);

      // The student's phone (a browser that has never seen the planner): the page once from the link, then no
      // network. Its service worker keeps only the student page's own files, not the planner's solver.
      const student = await context.browser()!.newContext({ viewport: PHONE, acceptDownloads: true });
      const phone = await student.newPage();
      await phone.goto(link);
      await phone.getByRole('heading', { name: 'Choose your options' }).waitFor();
      const cached = await phone.evaluate(async () => {
        await navigator.serviceWorker.ready;
        // Until the page's own files are in the cache (the page tells the worker which after loading).
        let names: string[] = [];
        for (let i = 0; i < 150; i++) {
          const keys = await caches.keys();
          names = keys.length > 0 ? (await (await caches.open(keys[0])).keys()).map((r) => r.url) : [];
          if (names.some((u) => /StudentPage-.*\.js$/.test(u)) && navigator.serviceWorker.controller) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        return names;
      });
      assert.ok(cached.some((u) => /StudentPage-.*\.js$/.test(u)) && cached.some((u) => /\.css$/.test(u)), `the student page's files are kept: ${cached.join(' ')}`);
      assert.ok(!cached.some((u) => /\.wasm$|worker/.test(u)), `the planner's solver is not downloaded to a student's phone: ${cached.join(' ')}`);
      console.log(`    kept on the student's phone: ${cached.map((u) => u.replace(/^.*\//, '') || '/').join(', ')}`);
      await student.setOffline(true);
      try {
        await phone.reload();
        await phone.getByRole('heading', { name: 'Courses' }).waitFor();
        assert.equal((await phone.getByTestId('sp-ask').textContent())?.trim(), askText(offer, undefined));
        assert.match(askText(offer, undefined), /^Choose \d courses and \d reserves?\.$/);
        // No planner around the student's page.
        assert.equal(await phone.getByRole('navigation', { name: 'Screens' }).count(), 0);
        await shot(phone, c.shots, 'student-link-phone-offline');

        const nameOf = (id: string) => offer.courses.find((x) => x.id === id)!.name;
        for (const id of choices) await phone.getByRole('button', { name: `Choose ${nameOf(id)}`, exact: true }).click();
        await phone.getByRole('button', { name: `As reserve ${nameOf(reserve)}`, exact: true }).click();
        await phone.getByText('These courses fit together in the blocks.').waitFor();
        await phone.getByLabel('Your name').fill('Sam Student');
        await phone.getByLabel('Tutor group').fill('9X');
        await phone.getByLabel('Student number (if you know it)').fill('S0999');
        // Kinds written as people write them.
        const metas = (await phone.locator('.sp-meta').allTextContents()).join(' | ');
        assert.doesNotMatch(metas, /CambridgeNational|VCert|TechAward|Other/);
        if (offer.courses.some((x) => x.kind === 'CambridgeNational')) assert.match(metas, /Cambridge National/);

        // Reopened (still offline): the picks and the name are still there.
        await phone.reload();
        await phone.getByText('These courses fit together in the blocks.').waitFor();
        assert.deepEqual(
          await phone.locator('ol.sp-mine li').evaluateAll((lis) => lis.length),
          choices.length,
        );
        await phone.getByText(`Reserves: ${nameOf(reserve)}`, { exact: true }).waitFor();
        assert.equal(await phone.getByLabel('Your name').inputValue(), 'Sam Student');
        await phone.getByRole('heading', { name: 'Save or send your choice' }).scrollIntoViewIfNeeded();
        await shot(phone, c.shots, 'student-link-phone-kept');
        assert.deepEqual(await overflow(phone), []);

        // Printed, the choice carries the student's name (only on paper: the page itself does not repeat it).
        await phone.emulateMedia({ media: 'print' });
        assert.equal(await phone.getByText('Sam Student · 9X · S0999').isVisible(), true);
        await shot(phone, c.shots, 'student-link-phone-print');
        await phone.emulateMedia({ media: 'screen' });

        // Save my choice: a CSV the planner's Students import reads with no mapping by hand.
        const [download] = await Promise.all([phone.waitForEvent('download'), phone.getByRole('button', { name: 'Save my choice' }).click()]);
        assert.equal(download.suggestedFilename(), 'options-sam-student.csv');
        const csv = readFileSync((await download.path())!, 'utf8');
        const scenario = JSON.parse(readFileSync(SAMPLE, 'utf8')) as Scenario;
        const table = readCsvText(csv);
        const imported = importStudents(table, guessStudentMapping(table.headers), { courses: scenario.courses, pathways: scenario.pathways });
        assert.deepEqual(imported.issues, []);
        // As JSON: the importer builds attributes without a prototype, so an attribute named __proto__ is data too.
        assert.deepEqual(JSON.parse(JSON.stringify(imported.students)), [{ id: 'S0999', name: 'Sam Student', choices, reserves: [reserve], attributes: { tutorGroup: '9X' } }]);
        const paste = await phone.locator('#sp-paste').inputValue();
        assert.match(paste, new RegExp(`Choices: ${choices.map(nameOf).join('; ').replace(/[()]/g, '\\$&')}`));

        // A new tab from the link alone, network still cut: the same page, the same picks.
        const tab = await student.newPage();
        await tab.goto(link);
        await tab.getByText('These courses fit together in the blocks.').waitFor();
        assert.equal(await tab.locator('ol.sp-mine li').count(), choices.length);

        // The planner's scenario file given to the page instead of the offer.
        await tab.goto(`${c.url}?student`);
        const input = tab.getByLabel('Offer file');
        await input.waitFor({ state: 'attached' });
        await input.setInputFiles(SAMPLE);
        await tab.getByRole('alert').getByText(PLANNERS_FILE).waitFor();
        await shot(tab, c.shots, 'student-link-planners-file');
        // A link cut short says so.
        await tab.goto(link.slice(0, link.length - 40));
        await tab.getByRole('alert').getByText(/This link is not complete/).waitFor();
        await shot(tab, c.shots, 'student-link-cut');
        // The right link tapped in the same tab changes only the fragment (no reload): the page follows it.
        await tab.goto(link);
        await tab.getByText('These courses fit together in the blocks.').waitFor();
        assert.equal(await tab.locator('ol.sp-mine li').count(), choices.length);
      } finally {
        await student.close();
      }
    },
  },
];
