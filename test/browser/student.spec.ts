/**
 * The student page in a real browser, against the built site (student-run.ts serves it with a published
 * offer of the 240-student sample at /offers/offer.json). Combinations are picked from the offer itself
 * with the preview engine, so the tests hold whatever blocking the solver found.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { Offer } from '../../solver/offer';
import { createPreviewer } from '../../solver/preview';

export interface StudentCtx {
  page: Page;
  context: BrowserContext;
  url: string;
  shots: string;
  /** The published offer on disk (also served at /offers/offer.json). */
  offerFile: string;
  offersDir: string;
}

export interface StudentTest {
  name: string;
  viewport?: { width: number; height: number };
  /**
   * Emulate a phone's touch and mobile viewport. Not used yet: the planner's header around the page is
   * 525 px wide, so a mobile viewport zooms out and taps land off target (reported to the lead).
   */
  phone?: boolean;
  run: (c: StudentCtx) => Promise<void>;
}

const PHONE = { width: 390, height: 844 };

function loadOffer(c: StudentCtx): Offer {
  return JSON.parse(readFileSync(c.offerFile, 'utf8')) as Offer;
}

/** A combination of `n` courses that fits and breaks no rule (no pathway), and one that does not fit. */
function combinations(offer: Offer, n = 4): { fitting: string[]; clashing: string[] } {
  const p = createPreviewer(offer);
  const ids = offer.courses.map((c) => c.id);
  let fitting: string[] | undefined;
  let clashing: string[] | undefined;
  // Deterministic walk over combinations in course order: the first of each kind.
  const rec = (start: number, picked: string[]): void => {
    if (fitting && clashing) return;
    if (picked.length === n) {
      const r = p.preview({ choices: picked });
      if (r.fits && r.broken.length === 0) fitting ??= [...picked];
      if (!r.fits && r.broken.length === 0 && r.alternatives.some((a) => a.distance === 1)) clashing ??= [...picked];
      return;
    }
    for (let i = start; i < ids.length; i++) rec(i + 1, [...picked, ids[i]]);
  };
  rec(0, []);
  assert.ok(fitting && clashing, 'the sample offer has a fitting and a clashing combination');
  return { fitting, clashing };
}

const nameOf = (offer: Offer, id: string) => offer.courses.find((c) => c.id === id)!.name;

async function openWithLink(c: StudentCtx, file = 'offer.json'): Promise<void> {
  await c.page.goto(`${c.url}?offer=offers/${file}#/student`);
}

async function pick(page: Page, offer: Offer, ids: string[]): Promise<void> {
  for (const id of ids) await page.getByRole('button', { name: `Choose ${nameOf(offer, id)}`, exact: true }).click();
}

async function status(page: Page): Promise<string> {
  return ((await page.getByTestId('sp-status').textContent()) ?? '').trim();
}

async function shot(c: StudentCtx, name: string): Promise<void> {
  await c.page.screenshot({ path: join(c.shots, `${name}.png`) });
  await c.page.screenshot({ path: join(c.shots, `${name}-full.png`), fullPage: true });
}

/**
 * Parts of the student page wider than the window (a phone would scroll sideways to reach them). Only
 * the student page itself is checked: the planner's frame around it is the planner's business.
 */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const bad: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('.sp-page, .sp-page *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > width + 1 || r.left < -1)) bad.push(`${el.tagName}.${el.className} "${(el.textContent ?? '').trim().slice(0, 40)}" reaches ${Math.round(r.right)}px`);
    }
    return bad;
  });
}

export const tests: StudentTest[] = [
  {
    name: 'phone: opens the offer from a link, picks a fitting combination, sees it in the blocks, fits the screen',
    viewport: PHONE,
    async run(c) {
      const offer = loadOffer(c);
      const { fitting } = combinations(offer);
      await openWithLink(c);
      await c.page.getByRole('heading', { name: 'Choose your options' }).waitFor();
      assert.equal(await c.page.locator('.sp-sub').textContent(), offer.name);
      await shot(c, 'student-phone-empty');
      await pick(c.page, offer, fitting);
      await c.page.getByText('These courses fit together in the blocks.').waitFor();
      // While the course list fills the screen, the verdict stays in sight at the bottom.
      await c.page.getByRole('heading', { name: 'Courses' }).scrollIntoViewIfNeeded();
      const sticky = c.page.getByRole('button', { name: `${fitting.length} chosen: they fit` });
      const box = await sticky.boundingBox();
      assert.ok(box && box.y + box.height <= PHONE.height && box.y > PHONE.height / 2, `the verdict sits at the bottom of the screen, got ${JSON.stringify(box)}`);
      await shot(c, 'student-phone-picking');
      const look = await sticky.evaluate((el) => { const cs = getComputedStyle(el); return `${cs.backgroundColor} ${cs.color} ${cs.opacity}`; });
      assert.equal(look, 'rgb(11, 107, 43) rgb(255, 255, 255) 1');
      // Each chosen course shows its block in "Your choices", and its group is marked in the grid.
      const mine = c.page.locator('ol.sp-mine li');
      assert.equal(await mine.count(), fitting.length);
      for (let i = 0; i < fitting.length; i++) assert.match((await mine.nth(i).textContent()) ?? '', /block [A-E]/);
      assert.equal(await c.page.locator('.sp-mine-group').count(), fitting.length + offer.courses.filter((x) => fitting.includes(x.id) && x.span === 2).length);
      await c.page.getByRole('heading', { name: 'Your choices' }).scrollIntoViewIfNeeded();
      await shot(c, 'student-phone-fits');
      assert.deepEqual(await overflow(c.page), []);
      // Buttons big enough for a thumb.
      const small = await c.page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.sp-page button')].filter((b) => b.offsetParent && b.getBoundingClientRect().height < 44).map((b) => b.textContent),
      );
      assert.deepEqual(small, []);
    },
  },
  {
    name: 'a clash: says why, lists nearby combinations, and one click on an alternative makes it fit',
    viewport: PHONE,
    async run(c) {
      const offer = loadOffer(c);
      const { clashing } = combinations(offer);
      await openWithLink(c);
      await c.page.getByRole('heading', { name: 'Choose your options' }).waitFor();
      await pick(c.page, offer, clashing);
      await c.page.getByText('These courses cannot all be taken together.').waitFor();
      const why = await status(c.page);
      assert.match(why, /cannot all be taken|is full|no places left|both have places only/);
      const alts = c.page.getByRole('region', { name: 'Nearby combinations that work' });
      await alts.waitFor();
      await alts.scrollIntoViewIfNeeded();
      await shot(c, 'student-phone-clash');
      assert.deepEqual(await overflow(c.page), []);
      // At most five at first, best first; the rest on request.
      const uses = alts.getByRole('button', { name: /^Use / });
      const shown = await uses.count();
      assert.ok(shown >= 1 && shown <= 5, `shows 1 to 5 alternatives at first, got ${shown}`);
      const more = alts.getByRole('button', { name: /^Show all \d+/ });
      if ((await more.count()) > 0) {
        const total = Number(/\d+/.exec((await more.textContent()) ?? '')![0]);
        await more.click();
        assert.equal(await uses.count(), total);
      }
      await uses.first().click();
      await c.page.getByText('These courses fit together in the blocks.').waitFor();
      assert.equal(await c.page.locator('ol.sp-mine li').count(), clashing.length);
    },
  },
  {
    name: 'rules: a pathway that asks for a language says so in plain words, and a reserve can be set',
    async run(c) {
      const offer = loadOffer(c);
      const pw = offer.pathways.find((p) => p.rules.some((r) => 'from' in r && r.from.includes('tag:language')));
      assert.ok(pw, 'the sample has a pathway asking for a language');
      await openWithLink(c);
      await c.page.getByLabel('Pathway', { exact: true }).selectOption(pw.id);
      const noLanguage = offer.courses.filter((x) => !x.tags.includes('language') && offer.groups.some((g) => g.course === x.id && g.free > 0)).slice(0, 1);
      await pick(c.page, offer, noLanguage.map((x) => x.id));
      await c.page.getByText(/Choose at least 1 language course/).waitFor();
      assert.match(await status(c.page), new RegExp(`asks for ${pw.choices} choices`));
      const reserve = offer.courses.find((x) => x.tags.includes('language'))!;
      await c.page.getByRole('button', { name: `As reserve ${reserve.name}`, exact: true }).click();
      await c.page.getByText(`Reserves: ${reserve.name}`, { exact: true }).waitFor();
      await shot(c, 'student-rules');
    },
  },
  {
    name: 'save and print: the saved choice holds the courses in the shape the planner imports, and nothing about anyone else',
    async run(c) {
      const offer = loadOffer(c);
      const { fitting } = combinations(offer);
      await openWithLink(c);
      await pick(c.page, offer, fitting);
      await c.page.getByText('These courses fit together in the blocks.').waitFor();
      const [download] = await Promise.all([c.page.waitForEvent('download'), c.page.getByRole('button', { name: 'Save my choice' }).click()]);
      // One row for the planner's Students import: the header it recognises, the courses by name, in order.
      const [header, row, ...rest] = readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '').trim().split('\r\n');
      assert.match(header, /^Student ID,Name,Tutor group,Pathway,Choice 1,Choice 2,Choice 3,Choice 4(,Choice \d)*,Reserve 1/);
      assert.deepEqual(row.split(',').slice(4, 4 + fitting.length), fitting.map((id) => nameOf(offer, id)));
      assert.deepEqual(rest, []);
      // Print keeps the choice and the blocks, not the course picker.
      await c.page.emulateMedia({ media: 'print' });
      assert.equal(await c.page.getByRole('heading', { name: 'Courses' }).isVisible(), false);
      assert.equal(await c.page.getByRole('heading', { name: /^Your choices/ }).isVisible(), true);
      await shot(c, 'student-print');
    },
  },
  {
    name: 'offline: with no link the student opens the offer file; files that are not offers get a clear message',
    viewport: PHONE,
    async run(c) {
      await c.page.goto(`${c.url}#/student`);
      // Without ?offer= the planner shows its own preview; the file picker is the student's way in.
      await c.page.goto(`${c.url}?offer=#/student`);
      const input = c.page.getByLabel('Offer file');
      await input.waitFor({ state: 'attached' });
      await input.setInputFiles(join(c.offersDir, 'scenario.json'));
      await c.page.getByRole('alert').getByText(/This is the planner's file, not the options for students/).waitFor();
      await input.setInputFiles(join(c.offersDir, 'cut.json'));
      await c.page.getByRole('alert').getByText(/not valid JSON/).waitFor();
      await shot(c, 'student-phone-bad-file');
      await input.setInputFiles(c.offerFile);
      await c.page.getByRole('heading', { name: 'Courses' }).waitFor();
      assert.equal(await c.page.locator('.sp-sub').textContent(), loadOffer(c).name);
    },
  },
  {
    name: 'a link to a missing or broken offer says what is wrong',
    async run(c) {
      await openWithLink(c, 'nothing-here.json');
      await c.page.getByRole('alert').getByText(/Could not load the offer from offers\/nothing-here.json: the server answered 404/).waitFor();
      await openWithLink(c, 'scenario.json');
      await c.page.getByRole('alert').getByText(/This is the planner's file, not the options for students/).waitFor();
    },
  },
  {
    name: 'responds as the student clicks: each pick updates the verdict at once',
    async run(c) {
      const offer = loadOffer(c);
      const { clashing } = combinations(offer);
      await openWithLink(c);
      await c.page.getByRole('heading', { name: 'Courses' }).waitFor();
      const times: number[] = [];
      for (let i = 0; i < clashing.length; i++) {
        const t0 = Date.now();
        await c.page.getByRole('button', { name: `Choose ${nameOf(offer, clashing[i])}`, exact: true }).click();
        // The verdict for i + 1 courses: the list has them all and the status says fit or clash.
        await c.page.waitForFunction(
          (n) => document.querySelectorAll('ol.sp-mine li').length === n && /fit|cannot/.test(document.querySelector('[data-testid=sp-status]')?.textContent ?? ''),
          i + 1,
        );
        times.push(Date.now() - t0);
      }
      assert.match(await status(c.page), /cannot all be taken together/);
      // Reported, not asserted tightly: a shared machine's timing is noisy. A second would be a real fault.
      console.log(`    click to verdict: ${times.map((t) => `${t} ms`).join(', ')}`);
      assert.ok(Math.max(...times) < 1000, `every verdict within a second of the click, got ${times.join(', ')} ms`);
    },
  },
];
