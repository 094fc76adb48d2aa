/**
 * Issue 14 in a real Chromium, the published reference: a small school is solved and marked as published
 * (the date shown; still there after a reload), three pupils change a choice on the Students screen and a
 * course that ran two groups is cut to one on the Offer screen; a re-solve (the ordinary solve: it may
 * reshuffle) and the Results screen's "Changes since publishing" shows the scenario changes, the stability
 * figures and a change list that is TRUE: the rows are exactly the pupils and courses whose group or block
 * differs between the two result documents (exported and compared here in Node), the three pupils' dropped
 * and added choices are put down to their own change, and the cut course's pupils from a group that is gone
 * to the cancelled group. The filter shows one pupil's rows; the letters exported for the changed pupils
 * hold exactly their rows. A clone keeps the published blocking (the comparison shows pupils unchanged for
 * both); replace and un-publish ask first, and un-publishing survives a reload.
 * The second test re-solves with the fewest changes instead (the panel's action, stability first, after a
 * wrong cap is named and refused): the panel says beforehand which published group must go; the change list
 * is the true difference and names only the three pupils and the cancelled group's pupils, no other group
 * moves, pupils moved and groups moved stand beside the figures, and the letters hold exactly those pupils.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import Papa from 'papaparse';
import type { Result, Scenario } from '../../../solver/types';
import { smallSchool } from '../../helpers/small-school';
import { lowContrast, unnamedControls } from '../a11y';
import { go, importScenario, settled, shot, type Ctx } from './common';

/** A headline figure by its label (the stability figures follow the cost ones, which may be absent). */
async function figureNamed(page: Page, label: string): Promise<string> {
  return ((await page.locator('[data-testid=figures] .figure', { has: page.locator('dt', { hasText: label }) }).first().locator('.value').textContent()) ?? '').trim();
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [d] = (await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()])) as [Download, void];
  return { name: d.suggestedFilename(), text: readFileSync((await d.path())!, 'utf8') };
}

async function solve(page: Page, name: string): Promise<void> {
  await page.getByLabel('Time limit').selectOption('2');
  await page.getByRole('button', { name: 'Solve', exact: true }).click();
  await page.waitForFunction((n) => (document.querySelector('[data-testid=message]')?.textContent ?? '').includes(`Solved "${n}"`), name, { timeout: 60_000 });
  await settled(page);
}

/** Every (pupil, course) whose group or its blocks differ between two results, for pupils in both. */
function difference(a: Result, b: Result): string[] {
  const where = (r: Result, g: string | undefined) => (g === undefined ? '-' : `${g}@${r.groups.find((x) => x.id === g)?.blocks.join('+')}`);
  const out: string[] = [];
  for (const s of b.students) {
    const old = a.students.find((x) => x.id === s.id);
    if (!old) continue;
    for (const c of new Set([...Object.keys(old.placed), ...Object.keys(s.placed)])) if (where(a, old.placed[c]) !== where(b, s.placed[c])) out.push(`${s.id}|${c}`);
  }
  return out.sort();
}

/**
 * The late changes both tests make, through the screens: three pupils swap their first choice for a course they
 * neither chose nor hold as a reserve (Students), and the first course that ran two groups or more when
 * published now runs one fewer (Offer).
 */
async function lateChanges(c: Ctx, school: Scenario, published: Result) {
  const { page } = c;
  const counts = new Map<string, number>();
  for (const g of published.groups) counts.set(g.course, (counts.get(g.course) ?? 0) + 1);
  const [cut, ran] = [...counts].find(([, n]) => n >= 2)!;
  const cutName = school.courses.find((x) => x.id === cut)!.name;
  const changed = school.students.slice(0, 3);
  const swaps = changed.map((s) => ({ id: s.id, name: s.name!, from: s.choices[0], to: school.courses.map((x) => x.id).find((x) => !s.choices.includes(x) && !(s.reserves ?? []).includes(x) && x !== 'MUS')! }));
  await go(c, 'Students');
  for (const s of swaps) {
    await page.getByRole('button', { name: `Edit ${s.name}` }).click();
    const editor = page.getByRole('group', { name: `Editing ${s.name}` });
    await editor.getByLabel('Choices 1', { exact: true }).selectOption(s.to);
    await editor.getByRole('button', { name: 'Done' }).click();
  }
  await go(c, 'Offer');
  const cell = page.getByLabel(`${cut} max groups`, { exact: true });
  await cell.fill(String(ran - 1));
  await cell.blur();
  return { swaps, cut, ran, cutName };
}

export const tests: { name: string; run: (c: Ctx) => Promise<void> }[] = [
  {
    name: 'reference: publish, three pupils change a choice and a group is cut, re-solve; the change list is true, letters for the changed pupils only',
    async run(c) {
      const { page } = c;
      const school: Scenario = { ...smallSchool(), name: 'Published school' };
      await importScenario(c, school, 'published-school.scenario.json');
      await go(c, 'Blocks');
      await solve(page, school.name);
      const published = JSON.parse((await download(page, () => page.getByRole('button', { name: 'Export result' }).click())).text) as Result;

      // Mark as published: the date is shown, and kept across a reload.
      await go(c, 'Results');
      const section = page.locator('[data-testid=reference-section]');
      await section.getByRole('button', { name: 'Mark as published' }).click();
      const when = section.locator('[data-testid=published-at]');
      await when.waitFor();
      const today = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
      assert.match((await when.textContent()) ?? '', new RegExp(`^Published on ${today}, \\d\\d:\\d\\d$`));
      assert.match(await section.textContent() ?? '', /this is the blocking on screen/);
      assert.equal(await page.locator('[data-testid=change-list-empty]').count(), 1, 'nobody moved yet');
      assert.equal(await figureNamed(page, 'Pupils unchanged'), `${school.students.length} / ${school.students.length}`, 'pupils unchanged');
      await shot(c, 'reference-published');
      await page.reload();
      await page.locator('main h2').first().waitFor();
      await go(c, 'Results');
      await when.waitFor();
      assert.match((await when.textContent()) ?? '', new RegExp(`^Published on ${today}`));

      const { swaps, cut, ran, cutName } = await lateChanges(c, school, published);
      await go(c, 'Results');
      // Out of date until solved again: the scenario changes are listed already.
      const scenarioChanges = section.locator('[data-testid=scenario-changes]');
      await scenarioChanges.waitFor();
      assert.match((await section.locator('[data-testid=changes-pupils] summary').textContent()) ?? '', /0 joined, 0 left, 3 changed their choices/);
      assert.match((await section.locator('[data-testid=changes-courses] summary').textContent()) ?? '', /0 added, 0 removed, 1 changed/);
      await section.locator('[data-testid=changes-courses] summary').click();
      assert.match((await section.locator('[data-testid=changes-courses] li').first().textContent()) ?? '', new RegExp(`${cutName}: maximum groups not set → ${ran - 1}`));

      await go(c, 'Blocks');
      await solve(page, school.name);
      const after = JSON.parse((await download(page, () => page.getByRole('button', { name: 'Export result' }).click())).text) as Result;
      await go(c, 'Results');
      await section.locator('[data-testid=change-list]').waitFor();
      // The head of the panel as the user first sees it: scenario changes, groups, reasons, the first rows.
      await section.scrollIntoViewIfNeeded();
      const box = (await section.boundingBox())!;
      await page.screenshot({ path: `${c.shots}/reference-panel-top.png`, fullPage: true, clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 900) } });
      const showAll = section.getByRole('button', { name: /^Show all \d+$/ });
      if (await showAll.count()) await showAll.click();

      // The rows are exactly the difference between the two results.
      const rows = await section.locator('[data-testid=change-list] tbody tr').evaluateAll((trs) =>
        trs.map((tr) => ({ student: tr.getAttribute('data-student')!, course: tr.getAttribute('data-course')!, reason: tr.getAttribute('data-reason')!, text: tr.textContent ?? '' })),
      );
      assert.deepEqual(rows.map((r) => `${r.student}|${r.course}`).sort(), difference(published, after));
      // Sorted by pupil: each pupil's rows together, pupils by surname then forename.
      const order = [...new Set(rows.map((r) => r.student))];
      const surnameOf = (sid: string) => school.students.find((s) => s.id === sid)!.name!.split(' ').reverse().join(' ');
      const names = order.map(surnameOf);
      assert.deepEqual(names, [...names].sort((x, y) => x.localeCompare(y, 'en-GB', { sensitivity: 'base' })), 'pupils by surname');
      let runs = 0;
      rows.forEach((r, i) => (runs += i === 0 || rows[i - 1].student !== r.student ? 1 : 0));
      assert.equal(runs, order.length, 'each pupil once, their rows together');
      for (const s of swaps) {
        for (const r of rows.filter((x) => x.student === s.id && (x.course === s.from || x.course === s.to))) {
          assert.equal(r.reason, 'own-change', `${s.id} ${r.course}: ${r.text}`);
        }
        const dropped = rows.find((x) => x.student === s.id && x.course === s.from);
        assert.ok(dropped, `${s.id}'s dropped choice ${s.from} is listed`);
        assert.match(dropped.text, /they dropped .+ from their choices/);
      }
      const gone = rows.filter((r) => r.course === cut && !swaps.some((s) => s.id === r.student)).filter((r) => {
        const from = published.students.find((s) => s.id === r.student)!.placed[cut];
        return from !== undefined && !after.groups.some((g) => g.id === from && g.course === cut);
      });
      assert.ok(gone.length > 0, `someone was in the ${cutName} group that was cut`);
      for (const r of gone) {
        assert.equal(r.reason, 'group-cancelled', r.text);
        assert.match(r.text, new RegExp(`${cutName} now runs at most ${ran - 1} group`));
      }
      const reasons = (await section.locator('[data-testid=change-reasons]').textContent()) ?? '';
      assert.match(reasons, new RegExp(`^${rows.length} changes? for \\d+ pupils?:`));
      assert.match(reasons, /their own change of choices/);
      assert.match(reasons, /their group was cancelled/);
      // The stability figures beside the usual ones agree with the rows.
      const kept = (sid: string, course: string) => {
        const before = school.students.find((s) => s.id === sid)!;
        const now = { ...before, choices: swaps.find((x) => x.id === sid) ? [swaps.find((x) => x.id === sid)!.to, ...before.choices.slice(1)] : before.choices };
        const has = (s: typeof before) => s.choices.includes(course) || (s.reserves ?? []).includes(course);
        return has(before) && has(now);
      };
      const movedKept = new Set(rows.filter((r) => kept(r.student, r.course)).map((r) => r.student));
      assert.equal(await figureNamed(page, 'Pupils unchanged'), `${school.students.length - movedKept.size} / ${school.students.length}`);
      assert.deepEqual(await unnamedControls(page), [], 'unnamed controls on Results with the change list');
      assert.deepEqual(await lowContrast(page), [], 'text below WCAG AA contrast on Results with the change list');
      await shot(c, 'reference-changes');
      await section.screenshot({ path: `${c.shots}/reference-panel.png` });

      // One pupil's rows only.
      await section.locator('[data-testid=change-list-pupil]').selectOption(swaps[0].id);
      const one = await section.locator('[data-testid=change-list] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-student')));
      assert.ok(one.length > 0 && one.every((s) => s === swaps[0].id), `only ${swaps[0].id}: ${one.join(', ')}`);
      await section.screenshot({ path: `${c.shots}/reference-one-pupil.png` });

      // Letters for the changed pupils only: the mail-merge file's rows are exactly the pupils in the list.
      const letters = await download(page, () => section.getByRole('button', { name: /^Letters for mail merge \(CSV, \d+\)$/ }).click());
      assert.match(letters.name, /^Published-school-changed-pupils-letters-mail-merge\.csv$/);
      const table = Papa.parse<string[]>(letters.text.replace(/^\uFEFF/, '').replace(/\r\n$/, ''), { header: false }).data;
      assert.equal(table[0][0], 'studentId');
      const ids = new Set(rows.map((r) => r.student));
      assert.deepEqual(new Set(table.slice(1).map((r) => r[0])), ids);
      assert.equal(table.length - 1, ids.size, 'one letter per changed pupil');
      // Each letter lists the pupil's courses as the new result places them.
      const courseCol = table[0].indexOf('courses');
      for (const r of table.slice(1)) {
        const placed = after.students.find((s) => s.id === r[0])!.placed;
        assert.equal(r[courseCol].split('\n').filter(Boolean).length, Object.keys(placed).length, `${r[0]}'s letter lists their ${Object.keys(placed).length} courses`);
      }
      const lists = await download(page, () => section.getByRole('button', { name: 'Class lists (CSV, their rows)' }).click());
      const listRows = Papa.parse<string[]>(lists.text.replace(/^\uFEFF/, '').replace(/\r\n$/, ''), { header: false }).data;
      const idCol = listRows[0].indexOf('Student ID');
      assert.deepEqual(new Set(listRows.slice(1).map((r) => r[idCol])), ids);
      assert.equal(listRows.length - 1, [...ids].reduce((n, sid) => n + Object.keys(after.students.find((s) => s.id === sid)!.placed).length, 0), 'a row per changed pupil and group');

      // A clone keeps the published blocking: the comparison shows both scenarios' stability figures.
      await go(c, 'Scenarios');
      await page.getByRole('button', { name: `Clone ${school.name}` }).click();
      await page.getByRole('button', { name: 'Make copy' }).click();
      await page.getByLabel(`Compare ${school.name}`, { exact: true }).check();
      await page.getByLabel(`Compare ${school.name} (copy)`).check();
      const row = page.locator('[data-testid=compare-table] tr[data-row=pupils-unchanged]');
      await row.waitFor();
      const cells = await row.locator('td').allTextContents();
      const unchanged = `${school.students.length - movedKept.size}of ${school.students.length} in both`;
      assert.deepEqual(cells, [unchanged, unchanged]);
      await shot(c, 'reference-compare');

      // Replace asks first, then the blocking on screen is the published one; un-publish asks, and a reload keeps it gone.
      await go(c, 'Results');
      await section.getByRole('button', { name: 'Replace with this blocking' }).click();
      const ask = section.getByRole('alertdialog', { name: 'Replace the published blocking' });
      assert.match((await ask.textContent()) ?? '', /Changes will be listed against this one from now on/);
      await ask.getByRole('button', { name: 'Yes, replace' }).click();
      await section.getByText('this is the blocking on screen').waitFor();
      await section.locator('[data-testid=change-list-empty]').waitFor();
      assert.equal(await figureNamed(page, 'Pupils unchanged'), `${school.students.length} / ${school.students.length}`);
      await section.getByRole('button', { name: 'Un-publish' }).click();
      await section.getByRole('alertdialog', { name: 'Un-publish' }).getByRole('button', { name: 'Keep it' }).click();
      assert.equal(await section.locator('[data-testid=published-at]').count(), 1, 'Keep it keeps it');
      await section.getByRole('button', { name: 'Un-publish' }).click();
      await section.getByRole('alertdialog', { name: 'Un-publish' }).getByRole('button', { name: 'Yes, un-publish' }).click();
      await section.getByRole('button', { name: 'Mark as published' }).waitFor();
      assert.equal(await page.locator('[data-testid=figures] dt', { hasText: 'Pupils unchanged' }).count(), 0, 'no stability figure once un-published');
      await page.reload();
      await page.locator('main h2').first().waitFor();
      await go(c, 'Results');
      await section.getByRole('button', { name: 'Mark as published' }).waitFor();
    },
  },
  {
    name: 'reference: Re-solve with fewest changes after three pupils change a choice and a group is cut: only they and the cut group\'s pupils move; letters for exactly them',
    async run(c) {
      const { page } = c;
      const school: Scenario = { ...smallSchool(), name: 'Fewest changes school' };
      await importScenario(c, school, 'fewest-changes-school.scenario.json');
      await go(c, 'Blocks');
      await solve(page, school.name);
      const published = JSON.parse((await download(page, () => page.getByRole('button', { name: 'Export result' }).click())).text) as Result;
      await go(c, 'Results');
      const section = page.locator('[data-testid=reference-section]');
      await section.getByRole('button', { name: 'Mark as published' }).click();
      await section.locator('[data-testid=published-at]').waitFor();

      const { swaps, cut, ran, cutName } = await lateChanges(c, school, published);
      await go(c, 'Results');
      const action = section.getByRole('group', { name: 'Re-solve with fewest changes' });
      await action.waitFor();
      // Said before it runs: the cut course can no longer keep all its published groups.
      const cutGroups = published.groups.filter((g) => g.course === cut).map((g) => g.id);
      assert.match((await action.locator('[data-testid=not-honoured]').textContent()) ?? '', new RegExp(`${cutName} now runs at most ${ran - 1} groups? \\(${ran} were published\\): one of ${cutGroups.join(', ')} must be cancelled`));
      // The caps are for "satisfy the most pupils first", and a wrong one is named and stops the action.
      await action.getByLabel('Satisfy the most pupils first').check();
      const pupilsCap = action.getByLabel('At most … pupils moved');
      await pupilsCap.fill('-1');
      assert.match((await action.getByRole('alert').textContent()) ?? '', /At most … pupils moved: enter a whole number, 0 or more, or leave it empty for no cap \("-1" is not one\)/);
      assert.equal(await pupilsCap.getAttribute('aria-invalid'), 'true');
      assert.ok(await action.getByRole('button', { name: 'Re-solve with fewest changes' }).isDisabled(), 'a wrong cap stops the re-solve');
      await section.scrollIntoViewIfNeeded();
      await action.screenshot({ path: `${c.shots}/reference-fewest-action-cap.png` });
      await pupilsCap.fill('');
      await action.getByLabel('Keep pupils where they are first').check();
      assert.equal(await action.getByLabel('At most … pupils moved').count(), 0, 'no caps under stability first');
      await action.getByLabel('Re-solve time limit').selectOption('2');
      await action.screenshot({ path: `${c.shots}/reference-fewest-action.png` });
      assert.deepEqual(await unnamedControls(page), [], 'unnamed controls on Results with the re-solve action');

      await action.getByRole('button', { name: 'Re-solve with fewest changes' }).click();
      // Progress and Cancel as Solve shows them, while it runs.
      await section.locator('[data-testid=fewest-progress]').getByRole('button', { name: 'Cancel' }).waitFor({ timeout: 10_000 });
      await page.waitForFunction((n) => (document.querySelector('[data-testid=message]')?.textContent ?? '').includes(`Re-solved "${n}" with the fewest changes`), school.name, { timeout: 60_000 });
      await action.getByRole('button', { name: 'Re-solve with fewest changes' }).waitFor();
      assert.ok(await action.getByRole('button', { name: 'Re-solve with fewest changes' }).isEnabled(), 'the action is back once done');
      const message = (await page.locator('[data-testid=message]').textContent()) ?? '';
      assert.match(message, /\(keeping pupils where they are first\): \d+ of \d+ pupils moved, 1 of \d+ published groups moved or cancelled/);

      await go(c, 'Blocks');
      const after = JSON.parse((await download(page, () => page.getByRole('button', { name: 'Export result' }).click())).text) as Result;
      await go(c, 'Results');
      await section.locator('[data-testid=change-list]').waitFor();
      const showAll = section.getByRole('button', { name: /^Show all \d+$/ });
      if (await showAll.count()) await showAll.click();
      const rows = await section.locator('[data-testid=change-list] tbody tr').evaluateAll((trs) => trs.map((tr) => ({ student: tr.getAttribute('data-student')!, course: tr.getAttribute('data-course')!, text: tr.textContent ?? '' })));
      // The rows are exactly the difference between the two results, and name only the changed pupils and the
      // pupils of the one group that was cancelled (no other published group moved).
      assert.deepEqual(rows.map((r) => `${r.student}|${r.course}`).sort(), difference(published, after));
      const cancelled = published.groups.filter((g) => !after.groups.some((x) => x.id === g.id && x.course === g.course));
      assert.deepEqual(cancelled.map((g) => g.course), [cut], 'one group of the cut course cancelled');
      for (const g of published.groups) {
        const now = after.groups.find((x) => x.id === g.id);
        if (now) assert.deepEqual(now.blocks, g.blocks, `${g.id} stays in its blocks`);
      }
      const allowed = new Set([...swaps.map((s) => s.id), ...cancelled[0].students]);
      const named = new Set(rows.map((r) => r.student));
      assert.deepEqual([...named].filter((id) => !allowed.has(id)), [], 'nobody else moved');
      for (const sid of cancelled[0].students) assert.ok(named.has(sid), `${sid} of the cancelled ${cancelled[0].id} is listed`);
      // Pupils moved and groups moved beside the figures: the summary's, which are the change list's counts.
      assert.equal(typeof after.summary.pupilsMoved, 'number');
      assert.equal(await figureNamed(page, 'Pupils moved'), String(after.summary.pupilsMoved));
      assert.equal(await figureNamed(page, 'Groups moved'), '1');
      assert.equal(after.summary.groupsMoved, 1);
      assert.equal(await figureNamed(page, 'Pupils unchanged'), `${school.students.length - after.summary.pupilsMoved!} / ${school.students.length}`);
      assert.match((await section.locator('[data-testid=moved-figures]').textContent()) ?? '', new RegExp(`re-solved with the fewest changes: ${after.summary.pupilsMoved} pupils? moved, 1 published group moved or cancelled`));
      assert.deepEqual(await lowContrast(page), [], 'text below WCAG AA contrast on Results after the re-solve');
      await section.screenshot({ path: `${c.shots}/reference-fewest-after.png` });
      await shot(c, 'reference-fewest-after');

      // Letters for the changed pupils only: exactly the pupils the change list names.
      const letters = await download(page, () => section.getByRole('button', { name: /^Letters for mail merge \(CSV, \d+\)$/ }).click());
      const table = Papa.parse<string[]>(letters.text.replace(/^\uFEFF/, '').replace(/\r\n$/, ''), { header: false }).data;
      assert.equal(table[0][0], 'studentId');
      assert.deepEqual(new Set(table.slice(1).map((r) => r[0])), named);
      assert.equal(table.length - 1, named.size, 'one letter per changed pupil');
    },
  },
];
