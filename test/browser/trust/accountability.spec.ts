/**
 * Issue 9, item 1: figures that depend on data the school has not given. A school imports its own
 * scenario (about 200 students, 20 courses named as schools name them, no tags at all), solves it, and
 * finds on the Results screen no "0.0%" EBacc but "needs data" with the reason and a link to the Offer
 * screen's Course types panel. There the types read from the names are shown; the user gives the two
 * courses the planner cannot recognise a type, confirms all the suggestions, and Results then shows an
 * EBacc figure equal to what the command-line analysis computes from the exported scenario and result.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { analyseOffer } from '../../../solver/analysis';
import type { Course, Result, Scenario, Student } from '../../../solver/types';
import { rng, message, open, setTimeLimit, shot, type Ctx } from './common';
import { lowContrast, unnamedControls } from '../a11y';

/** Courses as a school's MIS export names them: opaque ids, names in the school's own words, no tags. */
const COURSES: [string, string, number][] = [
  ['4HI', 'GCSE History', 0.42],
  ['4GG', 'Geog', 0.4],
  ['4FR', 'MFL - French', 0.2],
  ['4SP', 'Spanish', 0.2],
  ['4GE', 'German', 0.06],
  ['4TS', 'Triple Sci', 0.22],
  ['4CS', 'Computer Science', 0.13],
  ['4AR', 'Art & Design: Fine Art', 0.26],
  ['4PH', 'Photography', 0.08],
  ['4DT', 'Design & Technology', 0.13],
  ['4FN', 'Food Preparation and Nutrition', 0.09],
  ['4SB', 'BTEC Tech Award in Sport', 0.1],
  ['4PE', 'GCSE PE', 0.12],
  ['4EM', 'Cambridge National Enterprise & Marketing', 0.08],
  ['4BS', 'Business Studies', 0.18],
  ['4RS', 'Religious Studies (full course)', 0.1],
  ['4ST', 'GCSE Statistics', 0.05],
  ['4DR', 'Drama', 0.08],
  ['4SS', 'Study Support', 0.06],
  ['4DE', 'Duke of Edinburgh', 0.04],
];
const UNRECOGNISED = ['4SS', '4DE'];

/** About 200 students with four choices each, drawn by entry rate; about half take a language and a humanity. */
export function untaggedSchool(students = 200): Scenario {
  const r = rng(9);
  const courses: Course[] = COURSES.map(([id, name]) => ({ id, name, maxGroupSize: 30 }));
  const pick = (ids: string[], taken: Set<string>) => {
    const free = COURSES.filter(([id]) => ids.includes(id) && !taken.has(id));
    let x = r() * free.reduce((a, [, , w]) => a + w, 0);
    for (const [id, , w] of free) if ((x -= w) <= 0) return id;
    return free[free.length - 1][0];
  };
  const all = COURSES.map(([id]) => id);
  const list: Student[] = [];
  for (let i = 0; i < students; i++) {
    const taken = new Set<string>();
    if (r() < 0.55) {
      taken.add(pick(['4HI', '4GG'], taken));
      taken.add(pick(['4FR', '4SP', '4GE'], taken));
    }
    while (taken.size < 4) taken.add(pick(all, taken));
    list.push({ id: `S${String(i + 1).padStart(4, '0')}`, choices: [...taken] });
  }
  return { format: 'ks4-scenario/1', name: 'Untagged school options', blocks: ['A', 'B', 'C', 'D'], courses, students: list };
}



async function download(page: Page, button: string): Promise<unknown> {
  const [d] = (await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByRole('button', { name: button, exact: true }).click()])) as [Download, void];
  return JSON.parse(readFileSync(await d.path(), 'utf8'));
}

/** The text of the EBacc entry figure on the Results screen. */
async function ebaccFigure(page: Page): Promise<string> {
  return ((await page.locator('[data-rule-set=ebacc] [data-figure=ebacc-met]').textContent()) ?? '').trim();
}

async function importAndSolve(c: Ctx, scenario: Scenario): Promise<void> {
  await open(c, 'scenarios');
  await c.page.locator('[data-testid=import-file]').setInputFiles({ name: 'untagged.scenario.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(scenario)) });
  await c.page.waitForFunction(() => /Imported scenario/.test(document.querySelector('[data-testid=message]')?.textContent ?? ''), null, { timeout: 20_000 });
  await open(c, 'blocks');
  await setTimeLimit(c.page, 2);
  await c.page.getByRole('button', { name: 'Solve', exact: true }).click();
  await c.page.waitForFunction(() => /^Solved /.test(document.querySelector('[data-testid=message]')?.textContent ?? ''), null, { timeout: 90_000 });
}

export const tests: { name: string; run: (c: Ctx) => Promise<void> }[] = [
  {
    name: 'accountability: untagged courses give "needs data", not 0.0%, until their types are confirmed',
    run: async (c) => {
      const { page } = c;
      const scenario = untaggedSchool();
      await importAndSolve(c, scenario);
      assert.match(await message(page), /Solved "Untagged school options"/);

      // Results: the EBacc is not shown as a number; the reason and the link are.
      await open(c, 'results');
      const acc = page.locator('[data-testid=accountability]');
      await acc.waitFor();
      const before = await ebaccFigure(page);
      assert.match(before, /needs data/, `EBacc shows "needs data": ${before}`);
      assert.doesNotMatch(before, /^0\.0%/, 'no 0.0% EBacc');
      const note = page.locator('[data-testid=needs-data]');
      assert.match((await note.textContent()) ?? '', /2 courses have no qualification type: accountability figures need them\..*Study Support \(4SS\).*Duke of Edinburgh \(4DE\)/);
      assert.match((await page.locator('[data-testid=inferred-note]').textContent()) ?? '', /Based on 18 course types read from course names/);
      assert.match((await page.locator('[data-testid=missing-ebacc]').textContent()) ?? '', /Needs data: 2 courses have no qualification type \(4SS, 4DE\)/);
      const notices = (await page.locator('[data-testid=data-notices]').textContent()) ?? '';
      assert.doesNotMatch(notices, /raise no questions/, 'the notices do not say all is well');
      assert.deepEqual(await unnamedControls(page), [], 'unnamed controls on Results');
      assert.deepEqual(await lowContrast(page), [], 'text below WCAG AA contrast on Results');
      await acc.scrollIntoViewIfNeeded();
      await shot(c, 'accountability-needs-data');

      // The Node-side analysis of the same pair agrees that the figure is not known.
      const result = (await download(page, 'Export result')) as Result;
      const node = analyseOffer(scenario, result);
      assert.equal(node.totals.summary.ebaccHistoricRate, null);
      assert.deepEqual(node.courseTypes.untyped.map((u) => u.course), UNRECOGNISED);

      // The link opens the Offer screen at the Course types panel.
      await note.getByRole('link').click();
      await page.waitForFunction(() => location.hash === '#/offer');
      const panel = page.locator('[data-testid=course-types]');
      await panel.waitFor();
      await page.waitForFunction(() => document.activeElement?.id === 'course-types-title', null, { timeout: 5_000 });
      const rows = panel.locator('[data-testid=course-types-table] tbody tr');
      assert.equal(await rows.count(), 20);
      assert.equal(await panel.locator('tr[data-status=inferred]').count(), 18);
      assert.deepEqual(await panel.locator('tr[data-status=untyped]').evaluateAll((trs) => trs.map((t) => (t as HTMLElement).dataset.course)), UNRECOGNISED);
      const triple = panel.locator('tr[data-course="4TS"]');
      assert.match((await triple.textContent()) ?? '', /triple-science, ebacc.*suggested from “triple sci”/);
      assert.match((await panel.locator('tr[data-course="4SB"]').textContent()) ?? '', /BTEC.*technical-award, vocational/);
      assert.match((await panel.locator('[data-testid=rule-tags] summary').textContent()) ?? '', /The tags the accountability rules use \(\d+\)/);
      assert.deepEqual(await unnamedControls(page), [], 'unnamed controls on Offer');
      assert.deepEqual(await lowContrast(page), [], 'text below WCAG AA contrast on Offer');
      await shot(c, 'accountability-course-types');

      // The user says what the two unknown courses are, then confirms every suggestion at once.
      for (const id of UNRECOGNISED) await panel.locator(`tr[data-course="${id}"] select`).selectOption('none');
      await panel.getByRole('button', { name: 'Confirm all 18 suggested types' }).click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=course-types] tr[data-status=given]').length === 20);
      assert.match((await panel.locator('[data-testid=course-types-summary]').textContent()) ?? '', /20 courses typed by the school, 0 read from their names \(to confirm\), 0 with no type/);
      await panel.locator('[data-testid=rule-tags] summary').click();
      await panel.scrollIntoViewIfNeeded();
      await shot(c, 'accountability-confirmed');

      // Results now show the EBacc figure, the one the command-line analysis computes for the same files.
      await open(c, 'results');
      await acc.waitFor();
      const after = await ebaccFigure(page);
      const confirmed = (await download(page, 'Export scenario')) as Scenario;
      const result2 = (await download(page, 'Export result')) as Result;
      assert.deepEqual(result2.groups, result.groups, 'confirming types does not change the blocking');
      assert.deepEqual(confirmed.courses.find((x) => x.id === '4FR')?.tags, ['language', 'ebacc']);
      assert.deepEqual(confirmed.courses.find((x) => x.id === '4SS')?.tags, ['no-qualification']);
      const a = analyseOffer(confirmed, result2);
      assert.equal(a.courseTypes.inferred.length, 0);
      assert.equal(a.courseTypes.untyped.length, 0);
      const rate = a.totals.summary.ebaccHistoricRate;
      assert.ok(rate !== null && rate > 0.3, `a real EBacc rate: ${rate}`);
      assert.equal(after.replace(/\s*historic$/, ''), `${(Math.round(rate * 1000) / 10).toFixed(1)}%`);
      assert.equal(await page.locator('[data-testid=needs-data]').count(), 0);
      assert.equal(await page.locator('[data-testid=inferred-note]').count(), 0);
      console.log(`    EBacc entry: "${before}" before, ${after} after confirming (Node: ${rate})`);
      await acc.scrollIntoViewIfNeeded();
      await shot(c, 'accountability-after');
    },
  },
];
