/**
 * Issue 9 items 3, 4, 5 (edits that cannot change the blocking), 7 and 8 in a real Chromium, on a small
 * school's own scenario imported through the header (a music course that allows one group, a single
 * design and technology teacher): illegal hand edits refused with the reason and the exported result
 * accepted by the independent checker (run here in Node on the downloaded file), add then remove giving
 * the figure back, undo after a reload, an out-of-date export asking first, a tag edit not marking the
 * blocking out of date, and dropping a subject each of the three ways.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { checkResult } from '../../../data/checker';
import type { Result, Scenario } from '../../../solver/types';
import { smallSchool } from '../../helpers/small-school';
import { figure, go, importScenario, message, settled, shot, type Ctx } from './common';

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [d] = (await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()])) as [Download, void];
  return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
}

/** Imports the small school, solves it on the Blocks screen and waits for the blocking. */
async function solvedSchool(c: Ctx): Promise<void> {
  await importScenario(c, smallSchool(), 'hillside.scenario.json');
  await go(c, 'Blocks');
  await c.page.getByLabel('Time limit').selectOption('2');
  await c.page.getByRole('button', { name: 'Solve', exact: true }).click();
  await c.page.waitForFunction(() => /Solved "/.test(document.querySelector('[data-testid=message]')?.textContent ?? ''), null, { timeout: 60_000 });
  await settled(c.page);
}

/** The cards' group ids of a course, with the block each sits in. */
async function cardsOf(page: Page, course: string): Promise<{ id: string; block: string }[]> {
  return page.evaluate((course) => {
    const out: { id: string; block: string }[] = [];
    for (const card of document.querySelectorAll<HTMLElement>('[data-group]')) {
      const id = card.dataset.group!;
      if (!id.startsWith(`${course}-`)) continue;
      out.push({ id, block: card.closest<HTMLElement>('[data-block]')!.dataset.block! });
    }
    return out;
  }, course);
}

/** Exports the scenario and the result from the header and runs the checker on the two files. */
async function checkedExport(c: Ctx): Promise<{ result: Result; violations: string[] }> {
  const sc = await download(c.page, () => c.page.getByRole('button', { name: 'Export scenario' }).click());
  const res = await download(c.page, () => c.page.getByRole('button', { name: 'Export result' }).click());
  const outcome = checkResult(JSON.parse(sc.text) as Scenario, JSON.parse(res.text));
  return { result: JSON.parse(res.text) as Result, violations: outcome.violations.map((v) => v.message) };
}

/** Chooses a block in a card's "Move to…" list and confirms with its Move button (when the card has one). */
async function moveCard(page: Page, id: string, block: string): Promise<void> {
  await page.getByLabel(`Move ${id} to block`).selectOption(block);
  const button = page.getByRole('button', { name: `Move ${id}`, exact: true });
  if ((await button.count()) > 0) await button.click();
}

async function waitMessage(page: Page, re: RegExp, timeout = 20_000): Promise<string> {
  await page.waitForFunction((src) => new RegExp(src).test(document.querySelector('[data-testid=message]')?.textContent ?? ''), re.source, { timeout });
  return message(page);
}

export const tests: { name: string; run: (c: Ctx) => Promise<void> }[] = [
  {
    name: 'edits: adding a second group of a one-group course is refused with the reason',
    async run(c) {
      await solvedSchool(c);
      const mus = await cardsOf(c.page, 'MUS');
      assert.equal(mus.length, 1);
      const groups = await figure(c.page, 'groups');
      const form = c.page.getByRole('form', { name: 'Add a group' });
      await form.getByLabel('Add a group of').selectOption('MUS');
      await form.getByLabel('in block').selectOption(['A', 'B', 'C', 'D'].find((b) => b !== mus[0].block)!);
      await form.getByRole('button', { name: 'Add group' }).click();
      const text = await waitMessage(c.page, /No group was added/);
      assert.match(text, /Music allows at most 1 group and runs 1 already\. Raise its maximum on the Offer screen\?/);
      assert.equal(await figure(c.page, 'groups'), groups);
      assert.equal((await cardsOf(c.page, 'MUS')).length, 1);
      await shot(c, 'edits-add-refused');
      const { violations } = await checkedExport(c);
      assert.deepEqual(violations, []);
    },
  },
  {
    name: 'edits: moving DT into the block where the only DT teacher teaches is refused; the export passes the checker',
    async run(c) {
      await solvedSchool(c);
      const dt = await cardsOf(c.page, 'DT');
      assert.equal(dt.length, 2, 'the school needs two DT groups');
      await moveCard(c.page, dt[0].id, dt[1].block);
      const text = await waitMessage(c.page, /was not made/);
      assert.match(text, new RegExp(`No Design and technology teacher is free in block ${dt[1].block}: Mr Shaw teaches ${dt[1].id} there`));
      await settled(c.page);
      assert.deepEqual(await cardsOf(c.page, 'DT'), dt, 'the cards went back where they were');
      await shot(c, 'edits-move-refused');
      const { violations } = await checkedExport(c);
      assert.deepEqual(violations, []);
      // A legal move is made, and its export passes the checker too.
      const his = await cardsOf(c.page, 'HIS');
      for (const to of ['A', 'B', 'C', 'D'].filter((b) => b !== his[0].block)) {
        await moveCard(c.page, his[0].id, to);
        await waitMessage(c.page, /Moved|was not made/);
        await settled(c.page);
        if (/^Moved/.test(await message(c.page))) break;
      }
      const after = await checkedExport(c);
      assert.deepEqual(after.violations, []);
    },
  },
  {
    name: 'edits: adding then removing a group gives the figure back exactly; undo restores it',
    async run(c) {
      await solvedSchool(c);
      const fully = await figure(c.page, 'fully');
      const choices = await figure(c.page, 'choices');
      const before = (await cardsOf(c.page, 'HIS')).map((g) => g.id);
      const form = c.page.getByRole('form', { name: 'Add a group' });
      let added: string | undefined;
      for (const b of ['A', 'B', 'C', 'D']) {
        await form.getByLabel('Add a group of').selectOption('HIS');
        await form.getByLabel('in block').selectOption(b);
        await form.getByRole('button', { name: 'Add group' }).click();
        await waitMessage(c.page, /Added|No group was added|was not made/);
        await settled(c.page);
        added = (await cardsOf(c.page, 'HIS')).map((g) => g.id).find((id) => !before.includes(id));
        if (added) break;
      }
      assert.ok(added, 'a history group could be added somewhere');
      await shot(c, 'edits-added');
      await c.page.getByRole('button', { name: `Remove ${added}` }).click();
      await waitMessage(c.page, new RegExp(`Removed ${added}`));
      await settled(c.page);
      assert.equal(await figure(c.page, 'fully'), fully);
      assert.equal(await figure(c.page, 'choices'), choices);
      await c.page.getByRole('button', { name: 'Undo' }).click();
      await c.page.getByRole('button', { name: 'Undo' }).click();
      assert.equal(await figure(c.page, 'fully'), fully);
      assert.equal(await figure(c.page, 'choices'), choices);
    },
  },
  {
    name: 'edits: undo survives a reload',
    async run(c) {
      await solvedSchool(c);
      const fully = await figure(c.page, 'fully');
      const his = await cardsOf(c.page, 'HIS');
      let moved = false;
      for (const to of ['A', 'B', 'C', 'D'].filter((b) => b !== his[0].block)) {
        await moveCard(c.page, his[0].id, to);
        await waitMessage(c.page, /Moved|was not made/);
        await settled(c.page);
        if (/^Moved/.test(await message(c.page))) {
          moved = true;
          break;
        }
      }
      assert.ok(moved, 'a history group could be moved');
      const movedTo = (await cardsOf(c.page, 'HIS')).find((g) => g.id === his[0].id)!.block;
      assert.notEqual(movedTo, his[0].block);
      await c.page.waitForTimeout(500); // the save is a few IndexedDB writes
      await c.page.reload();
      await settled(c.page);
      const undoButton = c.page.getByRole('button', { name: 'Undo' });
      assert.ok(await undoButton.isEnabled(), 'Undo is available after the reload');
      await undoButton.click();
      await waitMessage(c.page, /Undone: moved/);
      assert.equal((await cardsOf(c.page, 'HIS')).find((g) => g.id === his[0].id)!.block, his[0].block);
      assert.equal(await figure(c.page, 'fully'), fully);
      await shot(c, 'edits-undo-after-reload');
    },
  },
  {
    name: 'edits: a tag edit does not mark the blocking out of date; removing a pupil does, and exporting asks first',
    async run(c) {
      await solvedSchool(c);
      await go(c, 'Offer');
      const tags = c.page.getByLabel('ART tags');
      await tags.fill('creative, practical');
      await tags.blur();
      await c.page.getByLabel('ART name').fill('Art and design');
      await c.page.waitForTimeout(200);
      assert.equal(await c.page.locator('[data-testid=stale-banner]').count(), 0, 'no out-of-date banner after tag and name edits');
      await go(c, 'Students');
      await c.page.getByRole('button', { name: 'Edit Amy Khan' }).click();
      await c.page.getByRole('button', { name: 'Remove student' }).click();
      const banner = c.page.locator('[data-testid=stale-banner]');
      await banner.waitFor();
      assert.match((await banner.textContent()) ?? '', /This blocking is out of date: 1 student removed \(P001\) since it was made/);
      await go(c, 'Results');
      await banner.waitFor();
      await shot(c, 'edits-stale-banner');
      // The header's result export asks first and names the change.
      await c.page.getByRole('button', { name: 'Export result' }).click();
      const dialog = c.page.getByRole('dialog', { name: 'This blocking is out of date' });
      await dialog.waitFor();
      assert.match((await dialog.textContent()) ?? '', /1 student removed \(P001\)/);
      await shot(c, 'edits-stale-export-dialog');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      // Class lists from the Results screen's downloads ask too; "anyway" marks the file and leaves out the removed pupil.
      const panel = c.page.locator('.ks4-io-exports');
      if ((await panel.count()) === 0) await c.page.getByRole('button', { name: /^Class lists, blocking grid/ }).click();
      await panel.waitFor({ timeout: 20_000 });
      await panel.locator('[data-export=class-lists-csv]').click();
      await dialog.waitFor();
      const marked = await download(c.page, () => dialog.getByRole('button', { name: 'Export anyway, marked out of date' }).click());
      assert.match(marked.name, /OUT-OF-DATE/);
      assert.match(marked.text.split('\n')[0], /OUT OF DATE: .*1 student removed \(P001\)/);
      const rows = marked.text.split('\n').slice(1);
      assert.ok(rows.length > 30, 'the class lists follow the note');
      assert.ok(!rows.some((r) => r.includes('P001')), 'the removed pupil is in no class list (only the note names them)');
      // Columns: Group, Course code, Course, Block(s), Year(s), Teacher, Room, UPN, Admission number, Surname, ... (no commas in this school's values).
      const pupils = rows.filter((r) => /^[A-Z]+-\d+,/.test(r)).map((r) => r.split(','));
      assert.ok(pupils.length >= 100 && pupils.every((cells) => cells[9]?.trim()), 'every pupil row has a name');
      // Re-seat then export: an up-to-date result the checker accepts.
      await c.page.getByRole('button', { name: 'Export result' }).click();
      await dialog.waitFor();
      const fresh = await download(c.page, () => dialog.getByRole('button', { name: 'Re-seat then export' }).click());
      assert.doesNotMatch(fresh.name, /OUT-OF-DATE/);
      await banner.waitFor({ state: 'hidden' });
      const sc = await download(c.page, () => c.page.getByRole('button', { name: 'Export scenario' }).click());
      const outcome = checkResult(JSON.parse(sc.text), JSON.parse(fresh.text));
      assert.deepEqual(outcome.violations, []);
      assert.ok(!fresh.text.includes('"P001"'));
      await shot(c, 'edits-reseated');
    },
  },
  {
    name: 'edits: dropping a subject offers the next reserve, an unmet choice, or a move, each undoable',
    async run(c) {
      await solvedSchool(c);
      await go(c, 'Offer');
      const dialog = c.page.getByRole('dialog', { name: /Remove Religious studies/ });
      await c.page.getByRole('button', { name: 'Remove course RS' }).click();
      await dialog.waitFor();
      assert.match((await dialog.textContent()) ?? '', /\d+ pupils chose it/);
      await shot(c, 'edits-drop-dialog');
      await dialog.getByRole('button', { name: 'Remove RS' }).click();
      let text = await waitMessage(c.page, /Dropped Religious studies/);
      assert.match(text, /\d+ pupils affected: \d+ pupils took their next reserve/);
      assert.equal(await c.page.locator('.issues li').count(), 0, 'no errors left behind');
      await c.page.getByRole('button', { name: 'Undo' }).click();

      await c.page.getByRole('button', { name: 'Remove course RS' }).click();
      await dialog.getByLabel(/leave the choice unmet/).check();
      await dialog.getByRole('button', { name: 'Remove RS' }).click();
      text = await waitMessage(c.page, /Withdrew Religious studies/);
      assert.match(text, /keep it as a choice that cannot be met/);
      await c.page.getByRole('button', { name: 'Undo' }).click();

      await c.page.getByRole('button', { name: 'Remove course RS' }).click();
      await dialog.getByLabel(/Move these pupils/).check();
      await dialog.getByLabel('Course to move them to').selectOption('CS');
      await dialog.getByRole('button', { name: 'Remove RS' }).click();
      text = await waitMessage(c.page, /Dropped Religious studies/);
      assert.match(text, /moved to CS/);
      await go(c, 'Blocks');
      await c.page.getByRole('button', { name: 'Solve', exact: true }).click();
      await waitMessage(c.page, /Solved "/, 60_000);
      await settled(c.page);
      const { violations } = await checkedExport(c);
      assert.deepEqual(violations, []);
      await shot(c, 'edits-dropped-solved');
    },
  },
  {
    name: 'edits: dropping a subject in a clone, then the comparison shows who lost it',
    async run(c) {
      await solvedSchool(c);
      const name = 'Hillside options 2027';
      await go(c, 'Scenarios');
      await c.page.getByRole('button', { name: `Clone ${name}` }).click();
      await c.page.getByLabel(`Name of the copy of ${name}`).fill('Without RS');
      await c.page.getByRole('button', { name: 'Make copy' }).click();
      await waitMessage(c.page, /Cloned as "Without RS"/);
      await go(c, 'Offer');
      await c.page.getByRole('button', { name: 'Remove course RS' }).click();
      await c.page.getByRole('dialog', { name: /Remove Religious studies/ }).getByRole('button', { name: 'Remove RS' }).click();
      await waitMessage(c.page, /Dropped Religious studies/);
      await go(c, 'Blocks');
      await c.page.getByRole('button', { name: 'Solve', exact: true }).click();
      await waitMessage(c.page, /Solved "Without RS"/, 60_000);
      await settled(c.page);
      await go(c, 'Scenarios');
      await c.page.getByLabel(`Compare ${name}`).check();
      await c.page.getByLabel('Compare Without RS').check();
      const table = c.page.locator('[data-testid=changes-table]');
      await table.waitFor();
      const loses = await table.locator('tbody tr td:nth-child(3)').allTextContents();
      assert.ok(loses.length > 0 && loses.every((t) => t.includes('Religious studies')), `every listed pupil lost RS: ${loses.join(' | ')}`);
      await shot(c, 'edits-compare-dropped');
    },
  },
  {
    name: 'edits: a result that breaks a rule (imported from elsewhere) is marked in a banner and is not exported',
    async run(c) {
      await solvedSchool(c);
      const res = await download(c.page, () => c.page.getByRole('button', { name: 'Export result' }).click());
      const doc = JSON.parse(res.text) as Result;
      const dt = doc.groups.find((g) => g.course === 'DT')!;
      dt.staff = [];
      await c.page.locator('[data-testid=import-file]').setInputFiles({ name: 'edited.result.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
      assert.match(await waitMessage(c.page, /Imported the result/), /but it breaks 1 rule of the scenario/);
      const banner = c.page.locator('[data-testid=broken-banner]');
      await banner.waitFor();
      assert.match((await banner.textContent()) ?? '', new RegExp(`breaks 1 rule.*Group ${dt.id} \\(DT\\) is taught at home but has no teacher`));
      await shot(c, 'edits-broken-banner');
      await c.page.getByRole('button', { name: 'Export result' }).click();
      const text = await waitMessage(c.page, /was not exported/);
      assert.match(text, /breaks 1 rule of the scenario/);
      // The Results screen's result download refuses it too.
      await go(c, 'Results');
      const panel = c.page.locator('.ks4-io-exports');
      if ((await panel.count()) === 0) await c.page.getByRole('button', { name: /^Class lists, blocking grid/ }).click();
      await panel.locator('[data-export=result-json]').click();
      await panel.getByRole('alert').waitFor();
      assert.match((await panel.getByRole('alert').textContent()) ?? '', /could not be made: it breaks 1 rule of the scenario \(Group DT-\d \(DT\) is taught at home but has no teacher/);
      await c.page.getByRole('button', { name: 'Undo' }).click();
      await banner.waitFor({ state: 'hidden' });
    },
  },
];
