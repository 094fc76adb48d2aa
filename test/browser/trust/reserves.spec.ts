/**
 * Issue 9 item 6 in a real Chromium: reserves are used in each student's order, and only in place of a choice
 * that could not be met. A small school of its own (not the sample): X takes two students, so two of the four
 * who chose it miss out; each holds reserves [R1, R2], and both R1 and R2 run (others chose them) with room in
 * the block the lost choice leaves free. Both must get R1, their first reserve; the two who got X hold no
 * reserve at all; the exported result passes the independent checker.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Download } from 'playwright-core';
import { checkResult } from '../../../data/checker';
import type { Result, Scenario } from '../../../solver/types';
import { go, importScenario, settled, shot, type Ctx } from './common';

function school(): Scenario {
  const course = (id: string, name: string, extra: Record<string, unknown> = {}) => ({ id, name, maxGroupSize: 30, ...extra });
  const students = [1, 2, 3, 4].map((i) => ({ id: `P${i}`, name: `Pupil ${i}`, choices: ['X', 'P', 'Q'], reserves: ['R1', 'R2'] }));
  // Others who take P and Q and one of R1 and R2, so both run, beside X, in the block P and Q leave free.
  for (let i = 5; i <= 24; i++) students.push({ id: `P${i}`, name: `Pupil ${i}`, choices: ['P', 'Q', i % 2 ? 'R1' : 'R2'], reserves: [] });
  return {
    format: 'ks4-scenario/1',
    name: 'Reserve order school',
    blocks: ['A', 'B', 'C'],
    courses: [
      course('X', 'Astronomy', { maxGroupSize: 2, maxGroups: 1 }),
      course('P', 'Physics'),
      course('Q', 'Geography'),
      course('R1', 'Photography'),
      course('R2', 'Music'),
    ],
    students,
  } as Scenario;
}

export const tests: { name: string; run: (c: Ctx) => Promise<void> }[] = [
  {
    name: 'reserves: used in the student\'s order and only in place of an unmet choice; the export passes the checker',
    async run(c) {
      const { page } = c;
      const scenario = school();
      await importScenario(c, scenario, 'reserve-order.scenario.json');
      await go(c, 'Blocks');
      await page.getByLabel('Time limit').selectOption('2');
      await page.getByRole('button', { name: 'Solve', exact: true }).click();
      await page.waitForFunction(() => /Solved "Reserve order school"/.test(document.querySelector('[data-testid=message]')?.textContent ?? ''), null, { timeout: 60_000 });
      await settled(page);
      await go(c, 'Results');
      await shot(c, 'reserves-results');
      const [d] = (await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByRole('button', { name: 'Export result' }).click()])) as [Download, void];
      const result = JSON.parse(readFileSync((await d.path())!, 'utf8')) as Result;
      assert.deepEqual(checkResult(scenario, result).violations.map((v) => v.message), []);

      const byId = new Map(result.students.map((s) => [s.id, s]));
      const chose = [1, 2, 3, 4].map((i) => byId.get(`P${i}`)!);
      const gotX = chose.filter((s) => s.unmet.length === 0);
      const missed = chose.filter((s) => s.unmet.length > 0);
      assert.equal(gotX.length, 2, 'Astronomy takes two');
      for (const s of gotX) assert.deepEqual(s.reserves, [], `${s.id} got every choice, so holds no reserve`);
      for (const s of missed) {
        assert.deepEqual(s.unmet, ['X']);
        assert.deepEqual(s.reserves, ['R1'], `${s.id} gets the first reserve, Photography, not Music`);
      }
      // Nobody anywhere holds more reserves than unmet choices.
      for (const s of result.students) assert.ok(s.reserves.length <= s.unmet.length, `${s.id} holds ${s.reserves.length} reserves for ${s.unmet.length} unmet`);
      // What the timetabler reads on the Students screen for one who missed out.
      await go(c, 'Students');
      await page.getByLabel('Search').fill(missed[0].id);
      const row = page.locator(`tr[data-student=${missed[0].id}]`);
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', /R1|Photography/);
      await shot(c, 'reserves-student');
    },
  },
];
