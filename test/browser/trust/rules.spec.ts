/**
 * Issue 9, items 2, 6 and 9: choice rules checked for every student, enforced or let pass; reserves in
 * order and only in place of a choice; case and accents. A school imports its own scenario (60 students,
 * 11 courses, 4 blocks, "Zoë Brontë", not together: BTEC Sport and PE with five students choosing both,
 * Triple Science only for prior "high" while the MIS writes "High"). The Offer screen says how many
 * students break a rule, the Students problem filter shows them with the rule, "zoe" finds Zoë, the solve
 * keeps the rule, Results lists them, and the exported files pass the independent checker. Then the
 * rule is let pass from the Offer screen and the solve places both courses.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { checkResult } from '../../../data/checker';
import type { Result, Scenario } from '../../../solver/types';
import { INELIGIBLE, NOT_TOGETHER_BREAKERS, rulesSchool } from '../../helpers/rules-school';
import { go, importScenario, open, settled, shot, type Ctx } from './common';

async function download(page: Page, button: string): Promise<string> {
  const [d] = (await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByRole('button', { name: button, exact: true }).click()])) as [Download, void];
  return readFileSync(await d.path(), 'utf8');
}

async function solveHere(c: Ctx): Promise<void> {
  await go(c, 'Blocks');
  await c.page.getByLabel('Time limit').selectOption('2');
  await c.page.getByRole('button', { name: 'Solve', exact: true }).click();
  await c.page.waitForFunction(() => /Solved "/.test(document.querySelector('[data-testid=message]')?.textContent ?? ''), null, { timeout: 90_000 });
  await settled(c.page);
}

/** Exports both files and checks them in Node, as `npm run check` would. */
async function checkedExport(c: Ctx): Promise<{ scenario: Scenario; result: Result; outcome: ReturnType<typeof checkResult> }> {
  const scenario = JSON.parse(await download(c.page, 'Export scenario')) as Scenario;
  const result = JSON.parse(await download(c.page, 'Export result')) as Result;
  return { scenario, result, outcome: checkResult(scenario, result) };
}

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ');

export const tests: { name: string; run: (c: Ctx) => Promise<void> }[] = [
  {
    name: 'rules: students breaking a rule are flagged on Offer, Students and Results; "zoe" finds Zoë; the solve enforces the rule and passes the checker',
    async run(c) {
      const { page } = c;
      await importScenario(c, rulesSchool(), 'bronte.scenario.json');

      // Offer: valid, but 8 students' choices break a rule; each rule line says how many and is enforced.
      await open(c, 'offer');
      const valid = await text(page, '[data-testid=valid]');
      assert.match(valid, /The scenario is valid, but 8 students' choices break a choice rule/);
      const controls = page.locator('#offer-rules [data-testid=rule-controls] li');
      assert.equal(await controls.count(), 2);
      assert.match((await controls.nth(0).textContent()) ?? '', /not together: BTS, PE.*5 students' choices break it/);
      assert.match((await controls.nth(1).textContent()) ?? '', /only prior in high: TSC.*3 students' choices break it/);
      assert.equal(await controls.nth(0).locator('select').inputValue(), 'enforce');
      await page.locator('#offer-rules').scrollIntoViewIfNeeded();
      await shot(c, 'rules-offer');

      // Students: the problem filter shows exactly the eight, each with the rule in words.
      await go(c, 'Students');
      assert.match(await text(page, '[data-testid=student-problems]'), /8 students' choices break a choice rule/);
      await page.getByRole('button', { name: 'Show only rows with problems' }).click();
      assert.match(await text(page, '[data-testid=student-count]'), /Showing 8 of 60 students/);
      const flagged = await page.locator('[data-testid=students-table] tbody tr').evaluateAll((trs) => trs.map((t) => (t as HTMLElement).dataset.student));
      assert.deepEqual(flagged, [...NOT_TOGETHER_BREAKERS, ...INELIGIBLE]);
      assert.match(await text(page, 'tr[data-student=S001] [data-testid=rule-breaches]'), /Breaks a rule: PE and BTEC Sport cannot be taken together; choose one of them\. \(enforced: the higher-ranked choice is kept\)/);
      assert.match(await text(page, 'tr[data-student=S006] [data-testid=rule-breaches]'), /Triple Science is open only to students whose prior is high \(this student's prior is Low\)/);
      await shot(c, 'rules-students-problems');

      // Search ignores case and accents.
      await page.getByRole('search', { name: 'Filter students' }).getByLabel('Show').selectOption('all');
      for (const q of ['zoe', 'BRONTE', 'Zoë']) {
        await page.getByRole('searchbox').fill(q);
        await page.waitForFunction(() => /Showing 1 of 60/.test(document.querySelector('[data-testid=student-count]')?.textContent ?? ''), null, { timeout: 5_000 });
        assert.match(await text(page, '[data-testid=students-table] tbody tr'), /Zoë Brontë/);
      }
      await shot(c, 'rules-students-search');

      // Solve: the rule is kept, and Results lists the students with the rule and what the solve did.
      await solveHere(c);
      await open(c, 'results');
      const section = page.locator('[data-testid=rule-breaches-section]');
      await section.waitFor();
      assert.match(await text(page, '#breaches-title'), /Choices that break a rule \(8\)/);
      const rows = section.locator('tbody tr');
      assert.equal(await rows.count(), 2);
      assert.match((await rows.nth(0).textContent()) ?? '', /cannot be taken together.*enforced: the higher-ranked choice is kept.*5:.*Zoë Brontë S001 \(placed: PE\)/);
      assert.match((await rows.nth(1).textContent()) ?? '', /Triple Science is open only.*enforced: the course is not placed.*3:/);
      await section.scrollIntoViewIfNeeded();
      await shot(c, 'rules-results');

      const { result, outcome } = await checkedExport(c);
      assert.deepEqual(outcome.violations, []);
      assert.equal(outcome.notices.filter((n) => /rules\[\d\]/.test(n)).length, 8);
      assert.deepEqual(outcome.notices.filter((n) => n.includes('was given reserve')), [], 'reserves are taken in order');
      for (const s of result.students) {
        assert.ok(!(s.placed.PE && s.placed.BTS), `${s.id} is not placed in both PE and BTEC Sport`);
        assert.ok(s.reserves.length <= s.unmet.length, `${s.id} holds no more reserves than unmet choices`);
      }
      const s004 = result.students.find((s) => s.id === 'S004')!;
      assert.ok(s004.reasons?.includes('BTEC Sport and PE may not be taken together: BTEC Sport, the higher-ranked choice, is kept.'), JSON.stringify(s004));
      console.log(`    ${result.summary.fullySatisfied}/60 fully satisfied; ${outcome.notices.length} checker notices, 0 violations`);
    },
  },
  {
    name: 'rules: "Let pass" on the Offer screen places both courses, and the checker passes with notices',
    async run(c) {
      const { page } = c;
      await importScenario(c, rulesSchool(), 'bronte.scenario.json');
      await open(c, 'offer');
      await page.getByLabel(/^Rule 1 \(not together: BTS, PE\): enforce or let pass$/).selectOption('pass');
      await page.waitForFunction(() => (document.querySelector<HTMLTextAreaElement>('#offer-rules textarea')?.value ?? '').includes('not together: BTS, PE (let pass)'), null, { timeout: 5_000 });
      assert.match(await text(page, '#offer-rules [data-testid=rule-controls] li'), /5 students' choices break it/);
      await page.locator('#offer-rules').scrollIntoViewIfNeeded();
      await shot(c, 'rules-offer-let-pass');

      await solveHere(c);
      await open(c, 'results');
      const rows = page.locator('[data-testid=rule-breaches-section] tbody tr');
      await rows.first().waitFor();
      assert.match((await rows.nth(0).textContent()) ?? '', /cannot be taken together.*let pass.*5:/);

      const { scenario, result, outcome } = await checkedExport(c);
      assert.deepEqual((scenario as unknown as { rules: unknown[] }).rules[0], { notTogether: ['BTS', 'PE'], enforce: false });
      assert.deepEqual(outcome.violations, []);
      const both = result.students.filter((s) => s.placed.PE && s.placed.BTS).map((s) => s.id);
      assert.ok(both.length >= 4, `most of the five are placed in both: ${both.join(', ')}`);
      assert.equal(outcome.notices.filter((n) => n.includes('let pass')).length, 5);
      console.log(`    let pass: ${both.length} of 5 placed in both PE and BTEC Sport`);
    },
  },
];
