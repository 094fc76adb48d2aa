/**
 * Issue 10 item 3, "school-ready exports", in a real Chromium. A new school built here only from data (its
 * pupils carry UPN, admission number, surname, forename, registration group and attributes, as an MIS
 * export gives them) is imported, solved with a short time limit, and exported: the class lists (CSV, in
 * the MIS's shape, and .xlsx, a sheet per group) are read back in Node and compared pupil by pupil with
 * the result document (every pupil in each group, the group's block, teacher and room, sorted by surname,
 * the chosen attribute columns); the letters get the school's name, a date, a contact and an edited
 * template, the preview and the mail-merge CSV say what the result says; the letters print one a page and
 * the blocking grid prints on one landscape A4 page (Chromium's page.pdf, pages counted).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import Papa from 'papaparse';
import readXlsxFile from 'read-excel-file/universal';
import type { Result, Scenario } from '../../../solver/types';
import { generateScenario } from '../../../data/generate';
import { go, importScenario, settled, shot, type Ctx } from './common';

const FORENAMES = ['Amara', 'Ben', 'Chloë', 'Dev', 'Siân', 'José', 'Zoë', 'Renée', 'Oisín', 'Ffion', 'Kai', 'Mia', 'Noah', 'Aarav', 'Isla', 'Siobhán'];
const SURNAMES = ['Okafor', 'hughes', 'O’Brien', 'García', 'Müller', 'Nguyen', 'Patel', 'Smith', 'de la Cruz', 'Brontë', 'Kowalski', 'Ahmed', '=SUM(A1)'];
const COURSES: [string, string][] = [
  ['HIS', 'History'],
  ['GEO', 'Geography'],
  ['FRE', 'French'],
  ['SPA', 'Spanish'],
  ['CSC', 'Computer Science'],
  ['ART', 'Art and Design'],
  ['BUS', 'Business'],
  ['DRA', 'Drama'],
];

/** A 48-pupil school with MIS fields on every pupil, staff with names and rooms for every course. */
function school(): Scenario {
  let seed = 10;
  const r = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const students = Array.from({ length: 48 }, (_, i) => {
    const pool = COURSES.map((c) => c[0]);
    const pick = () => pool.splice(Math.floor(r() * pool.length), 1)[0];
    const choices = [pick(), pick(), pick()];
    const forename = FORENAMES[i % FORENAMES.length];
    const surname = SURNAMES[(i * 7) % SURNAMES.length];
    return {
      id: `P${String(i + 1).padStart(3, '0')}`,
      name: `${forename} ${surname}`,
      forename,
      surname,
      upn: `A8230001${String(i).padStart(5, '0')}`,
      admissionNumber: String(4100 + i),
      regGroup: `10${'ABCD'[i % 4]}`,
      choices,
      reserves: [pick()],
      attributes: { gender: i % 2 ? 'F' : 'M', pp: i % 5 === 0, sen: i % 7 === 0 ? 'K' : 'N' },
    };
  });
  return {
    format: 'ks4-scenario/1',
    name: 'Hillside options 2027',
    blocks: ['A', 'B', 'C'],
    // Drama runs one small group: some pupils cannot have it, so letters carry unmet choices with reasons.
    courses: COURSES.map(([id, name]) => ({ id, name, maxGroupSize: id === 'DRA' ? 6 : 24, roomType: 'class', ...(id === 'DRA' ? { maxGroups: 1 } : {}) })),
    staff: COURSES.map(([id], i) => ({ id: `T${i + 1}`, name: `Teacher ${id}`, courses: [id] })).concat(COURSES.map(([id], i) => ({ id: `U${i + 1}`, name: `Second ${id}`, courses: [id] }))),
    rooms: Array.from({ length: 10 }, (_, i) => ({ id: `R${i + 1}`, name: `Room ${i + 1}`, type: 'class', capacity: 30 })),
    students,
  } as Scenario;
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Uint8Array }> {
  const [d] = (await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()])) as [Download, void];
  return { name: d.suggestedFilename(), bytes: new Uint8Array(readFileSync(await d.path())) };
}

const csvRows = (bytes: Uint8Array) => Papa.parse<string[]>(new TextDecoder().decode(bytes.slice(3)).replace(/\r\n$/, ''), { header: false }).data;
/** What a spreadsheet shows after reading a neutralised cell back: the apostrophe goes. */
const restore = (x: string) => (/^'+[=+\-@\t\r]/.test(x) ? x.slice(1) : x);
const cmp = (a: string, b: string) => a.localeCompare(b, 'en-GB', { sensitivity: 'base', numeric: true });
/** PDF pages, counted in the file (Chromium writes one /Type /Page object per page). */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;

async function openDownloads(page: Page) {
  await page.getByRole('button', { name: /^Class lists, blocking grid/ }).click();
  const panel = page.getByRole('group', { name: 'Export', exact: true });
  await panel.waitFor();
  return panel;
}

export const tests: { name: string; run: (c: Ctx) => Promise<void> }[] = [
  {
    name: 'school-exports: a new school from files, solved, class lists read back pupil by pupil, letters, grid on one landscape page',
    async run(c) {
      const { page } = c;
      const scen = school();
      await importScenario(c, scen, 'hillside.scenario.json');
      await go(c, 'Blocks');
      await page.getByLabel('Time limit').selectOption('2');
      await page.getByRole('button', { name: 'Solve', exact: true }).click();
      await page.waitForFunction(() => /Solved "/.test(document.querySelector('[data-testid=message]')?.textContent ?? ''), null, { timeout: 90_000 });
      await settled(page);
      await go(c, 'Results');
      let panel = await openDownloads(page);
      const result = JSON.parse(new TextDecoder().decode((await download(page, () => panel.locator('[data-export=result-json]').click())).bytes)) as Result;
      assert.equal(result.students.length, 48);

      // Columns: tick Gender and SEN (remembered in this browser).
      const columns = panel.getByRole('group', { name: 'Columns: also include' });
      await columns.getByLabel('Gender').check();
      await columns.getByLabel('SEN').check();

      type Pupil = Scenario['students'][number] & { surname: string; forename: string; upn: string; admissionNumber: string; regGroup: string };
      const pupil = new Map(scen.students.map((s) => [s.id, s as Pupil]));
      const staffName = new Map(scen.staff!.map((t) => [t.id, t.name!]));
      const roomName = new Map(scen.rooms!.map((r) => [r.id, r.name!]));
      const header = ['Group', 'Course code', 'Course', 'Block(s)', 'Year(s)', 'Teacher', 'Room', 'UPN', 'Admission number', 'Surname', 'Forename', 'Reg group', 'Gender', 'SEN', 'Student ID', 'Chosen as'];
      /** The rows the result document says a group's class list has, by surname then forename. */
      const expectedRows = (g: Result['groups'][number]) =>
        [...g.students]
          .sort((a, b) => cmp(pupil.get(a)!.surname, pupil.get(b)!.surname) || cmp(pupil.get(a)!.forename, pupil.get(b)!.forename) || cmp(a, b))
          .map((sid) => {
            const p = pupil.get(sid)!;
            const rank = p.choices.indexOf(g.course) >= 0 ? `choice ${p.choices.indexOf(g.course) + 1}` : `reserve ${(p.reserves ?? []).indexOf(g.course) + 1}`;
            const course = scen.courses.find((x) => x.id === g.course)!;
            return [g.id, g.course, course.name, g.blocks.join(' '), g.years.join(' '), g.staff.map((t) => staffName.get(t)).join(', '), g.room ? roomName.get(g.room)! : '', p.upn, p.admissionNumber, p.surname, p.forename, p.regGroup, String(p.attributes!.gender), String(p.attributes!.sen), sid, rank];
          });

      // Class lists as CSV: one row per pupil and group, each group's rows as the result says, in surname order.
      const csv = await download(page, () => panel.locator('[data-export=class-lists-csv]').click());
      const rows = csvRows(csv.bytes);
      assert.deepEqual(rows[0], header);
      const body = rows.slice(1).map((r) => r.map(restore));
      assert.ok(rows.slice(1).some((r) => r[9] === "'=SUM(A1)"), 'the formula-looking surname is neutralised in the file');
      let compared = 0;
      for (const g of result.groups) {
        const got = body.filter((r) => r[0] === g.id);
        assert.deepEqual(got, expectedRows(g), `class list of ${g.id}`);
        compared += got.length;
      }
      assert.equal(body.length, compared, 'no row for a group the result does not have');
      assert.equal(compared, result.groups.reduce((n, g) => n + g.students.length, 0));
      // Groups in block order.
      const blockOrder = body.map((r) => scen.blocks.indexOf(r[3].split(' ')[0]));
      assert.deepEqual(blockOrder, [...blockOrder].sort((a, b) => a - b));

      // Class lists as .xlsx: "All groups" (the CSV's rows), then a sheet per group with exactly its pupils.
      const book = await download(page, () => panel.locator('[data-export=class-lists-xlsx]').click());
      const sheets = (await readXlsxFile(book.bytes.slice().buffer as ArrayBuffer)) as unknown as { sheet: string; data: unknown[][] }[];
      const str = (d: unknown[][]) => d.map((r) => r.map((x) => (x === null ? '' : restore(String(x)))));
      assert.equal(sheets[0].sheet, 'All groups');
      assert.deepEqual(str(sheets[0].data), [header, ...body]);
      assert.deepEqual(sheets.slice(1).map((s) => s.sheet).sort(), result.groups.map((g) => g.id).sort());
      for (const s of sheets.slice(1)) assert.deepEqual(str(s.data), [header, ...expectedRows(result.groups.find((g) => g.id === s.sheet)!)], `sheet ${s.sheet}`);
      console.log(`    class lists: ${result.groups.length} groups, ${compared} pupil rows compared in CSV and .xlsx (${sheets.length} sheets)`);
      await panel.locator('section[aria-label="Class lists"]').scrollIntoViewIfNeeded();
      await shot(c, 'school-exports-class-lists');

      // Letters: school name, date, contact and an edited template; the preview and the mail merge agree.
      await panel.getByRole('button', { name: 'Letter text and preview…' }).click();
      // The standard letter first: the scenario's name as the school's until one is typed.
      assert.equal(await panel.getByLabel('School name', { exact: true }).inputValue(), 'Hillside options 2027');
      await panel.getByTestId('letter-preview').scrollIntoViewIfNeeded();
      await shot(c, 'school-exports-letter-standard');
      await panel.getByLabel('School name', { exact: true }).fill('Hillside Academy');
      await panel.getByLabel('Date', { exact: true }).fill('2027-03-14');
      await panel.getByLabel('Contact', { exact: true }).fill('Mrs Patel, Head of Year 9');
      const template = 'Hillside letter for {forename} {surname} ({regGroup}), {date}\n\nYour courses:\n{courses}\n\nReserves used: {reserves}\n\nNot met:\n{unmet}\n\nQuestions? Ask {contact} at {school}.';
      await panel.getByLabel('Letter text', { exact: true }).fill(template);
      const who = result.students.find((s) => s.unmet.length > 0) ?? result.students[0];
      const p = pupil.get(who.id)!;
      await panel.getByLabel('Preview the letter to').selectOption(who.id);
      const preview = ((await panel.getByTestId('letter-preview').locator('section').textContent()) ?? '').replace(/\s+/g, ' ');
      assert.ok(preview.includes(`Hillside letter for ${p.forename} ${p.surname} (${p.regGroup}), 14 March 2027`), preview);
      assert.ok(preview.includes('Questions? Ask Mrs Patel, Head of Year 9 at Hillside Academy.'), preview);
      const blockOf = (gid: string) => result.groups.find((g) => g.id === gid)!.blocks[0];
      for (const [cid, gid] of Object.entries(who.placed)) assert.ok(preview.includes(`${scen.courses.find((x) => x.id === cid)!.name} (block ${blockOf(gid)})`), `${cid} with its block in: ${preview}`);
      assert.ok(who.unmet.length > 0, 'a pupil with an unmet choice to preview');
      if (who.unmet.length > 0) assert.ok(preview.includes(`${scen.courses.find((x) => x.id === who.unmet[0])!.name}: ${who.reasons?.[0] ?? ''}`.replace(/: $/, '')), preview);
      else assert.ok(!preview.includes('Not met:'), 'a paragraph whose fields are empty is left out');
      console.log(`    letter preview (${who.id}): ${preview.slice(0, 240)}…`);
      await panel.locator('section[aria-label="Letters to pupils"]').scrollIntoViewIfNeeded();
      await shot(c, 'school-exports-letters');

      const merge = csvRows((await download(page, () => panel.locator('[data-export=letters-csv]').click())).bytes);
      assert.deepEqual(merge[0], ['studentId', 'school', 'date', 'contact', 'name', 'forename', 'surname', 'preferredName', 'regGroup', 'upn', 'courses', 'reserves', 'unmet']);
      assert.equal(merge.length - 1, 48, 'a row per pupil');
      const bySurname = merge.slice(1).map((r) => restore(r[6]));
      assert.deepEqual(bySurname, [...bySurname].sort(cmp), 'rows by surname');
      for (const r of merge.slice(1)) {
        const rs = result.students.find((s) => s.id === r[0])!;
        const pp = pupil.get(r[0])!;
        assert.deepEqual([r[1], r[2], r[3], restore(r[6]), r[5], r[8], r[9]], ['Hillside Academy', '14 March 2027', 'Mrs Patel, Head of Year 9', pp.surname, pp.forename, pp.regGroup, pp.upn]);
        assert.equal(r[10].split('\n').length, Object.keys(rs.placed).length, `${r[0]} courses: ${r[10]}`);
        assert.equal(r[12] === '' ? 0 : r[12].split('\n').length, rs.unmet.length);
        assert.equal(r[11] === '' ? 0 : r[11].split('\n').length, rs.reserves.length);
      }

      // Printing the letters: one page per pupil (the print root the button makes, printed to PDF).
      await page.evaluate(() => {
        window.print = () => {
          const root = document.querySelector('.ks4-print-root');
          if (root) (window as unknown as { kept: Node }).kept = root.cloneNode(true);
        };
      });
      await panel.getByRole('button', { name: 'Print letters (48)' }).click();
      await page.waitForFunction(() => (window as unknown as { kept?: Node }).kept !== undefined);
      // The button takes its letters away once "printing" is done; then the copy goes on the page alone.
      await page.waitForFunction(() => document.querySelectorAll('body > .ks4-print-root').length === 0);
      await page.evaluate(() => document.body.appendChild((window as unknown as { kept: Node }).kept));
      const letterPdf = await page.pdf({ preferCSSPageSize: true });
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: join(c.shots, 'school-exports-letters-print.png') });
      await page.emulateMedia({ media: null });
      writeFileSync(join(c.shots, 'school-exports-letters.pdf'), letterPdf);
      console.log(`    letters: ${pdfPages(letterPdf)} pages for 48 pupils`);
      assert.equal(pdfPages(letterPdf), 48, 'one letter a page');
      await page.evaluate(() => document.querySelectorAll('body > .ks4-print-root').forEach((e) => e.remove()));

      // The blocking grid: previewed, then one landscape A4 page.
      await panel.getByRole('button', { name: 'Print blocking grid…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Blocking grid for printing' });
      await dialog.waitFor();
      const sheetText = (await dialog.getByTestId('grid-sheet').textContent()) ?? '';
      for (const g of result.groups) assert.ok(sheetText.includes(g.id), `${g.id} on the printed grid`);
      assert.ok(sheetText.includes('Hillside Academy: option blocks'));
      await shot(c, 'school-exports-grid-preview');
      const pdf = await page.pdf({ preferCSSPageSize: true });
      writeFileSync(join(c.shots, 'school-exports-grid.pdf'), pdf);
      const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
      console.log(`    grid: ${pdfPages(pdf)} page(s), MediaBox ${box?.[1]} x ${box?.[2]} pt, zoom ${await dialog.getByTestId('grid-sheet').getAttribute('data-zoom')}`);
      assert.equal(pdfPages(pdf), 1, 'the blocking grid prints on one page');
      assert.ok(box && Number(box[1]) > Number(box[2]), 'landscape');
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: 1123, height: 794 });
      await page.screenshot({ path: join(c.shots, 'school-exports-grid-print.png') });
      await page.emulateMedia({ media: null });
      await page.setViewportSize({ width: 1400, height: 900 });
      await dialog.getByRole('button', { name: 'Close' }).click();

      // The column choice is remembered after a reload.
      await page.reload();
      await page.locator('main h2').first().waitFor();
      panel = await openDownloads(page);
      assert.equal(await panel.getByRole('group', { name: 'Columns: also include' }).getByLabel('SEN').isChecked(), true);
      assert.equal(await panel.getByRole('group', { name: 'Columns: also include' }).getByLabel('PP').isChecked(), false);
    },
  },
  {
    name: 'school-exports: the blocking grid of a 1,500-pupil school (a double option, one-year courses) still prints on one landscape page',
    async run(c) {
      const { page } = c;
      const big = generateScenario({ students: 1500, seed: 3, accelerated: true, doubleOption: true, name: 'Big school' });
      await importScenario(c, big, 'big.scenario.json');
      await go(c, 'Blocks');
      await page.getByLabel('Time limit').selectOption('2');
      await page.getByRole('button', { name: 'Solve', exact: true }).click();
      await page.waitForFunction(() => /Solved "/.test(document.querySelector('[data-testid=message]')?.textContent ?? ''), null, { timeout: 120_000 });
      await settled(page, 120_000);
      await go(c, 'Results');
      const panel = await openDownloads(page);
      await panel.getByRole('button', { name: 'Print blocking grid…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Blocking grid for printing' });
      await dialog.waitFor();
      const sheet = dialog.getByTestId('grid-sheet');
      const items = await sheet.locator('li').count();
      await page.waitForTimeout(300);
      const zoom = Number(await sheet.getAttribute('data-zoom'));
      await shot(c, 'school-exports-big-grid-preview');
      const pdf = await page.pdf({ preferCSSPageSize: true });
      writeFileSync(join(c.shots, 'school-exports-big-grid.pdf'), pdf);
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: 1123, height: 794 });
      await page.screenshot({ path: join(c.shots, 'school-exports-big-grid-print.png') });
      console.log(`    big grid: ${items} entries, zoom ${zoom}, ${pdfPages(pdf)} page(s)`);
      assert.ok(items > 60, `a big grid (${items} entries)`);
      assert.ok(zoom < 1, 'scaled down to fit');
      assert.equal(pdfPages(pdf), 1, 'the blocking grid prints on one page');
    },
  },
];
