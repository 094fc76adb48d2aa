/**
 * Issue 13 in a real Chromium: an options round starts from the school's student list, before anyone has
 * chosen. A SIMS student list (title lines, accents, apostrophes, hyphens, no choice columns) is imported
 * through the Students screen with no column matched by hand and one notice instead of a row per pupil;
 * a Microsoft Forms export of choices for some of them is merged in; the Offer screen warns about the
 * rest, the Results figures say they count as fully satisfied by definition, and the link shows them on
 * the Students screen. And in a new school with no course list yet, the header's Import… takes the same
 * list to the Students import, saying it is a student list.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { go, message, open, settled, shot, type Ctx } from './common';

const WIZARD = '.ks4-io-wizard';

/** Adno, legal surname, legal forename, preferred forename, reg group. */
const PUPILS: [string, string, string, string, string][] = [
  ['008001', 'Ábrahám', 'Zoë', '', '9A'],
  ['008002', "O'Brien", 'Siobhán', 'Shiv', '9A'],
  ['008003', 'Smith-Jones', 'Jean-Luc', '', '9B'],
  ['008004', 'de la Cruz', 'Benjamin', 'Ben', '9B'],
  ['008005', "N'Diaye", 'Aïssatou', '', '9C'],
  ['008006', 'Nguyễn', 'Minh', '', '9C'],
  ['008007', 'Kowalczyk-Brown', 'Łucja', 'Lucy', '9A'],
  ['008008', 'Ó Súilleabháin', 'Cian', '', '9B'],
];

function simsList(): string {
  const lines = ['Year 9 Student List 2026/27', '"Printed 05/12/2026 by SIMS, Hillside"', '', 'Adno,UPN,Legal Surname,Legal Forename,Preferred Forename,Reg Group,Gender'];
  PUPILS.forEach(([adno, last, first, preferred, reg], i) => lines.push([adno, `H80130000000${i}`, last.includes(' ') ? `"${last}"` : last, first, preferred, reg, i % 2 ? 'M' : 'F'].join(',')));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

/** Three of them choose on a Microsoft Forms form; the names they type are not the MIS's. */
function formsExport(): string {
  const lines = ['ID,Start time,Completion time,Email,Name,Admission number,Option 1,Option 2,Option 3,Option 4'];
  lines.push('1,12/8/26 9:10:00,12/8/26 9:12:40,z.abraham@hillside.example,zoe abraham,008001,History,French,Art and Design,Music');
  lines.push('2,12/8/26 9:15:00,12/8/26 9:17:02,s.obrien@hillside.example,"OBRIEN, Siobhan",008002,Geography,Computer Science,Music,History');
  lines.push('3,12/8/26 10:01:00,12/8/26 10:03:30,a.ndiaye@hillside.example,Aissatou,008005,Art and Design,History,Geography,French');
  return lines.join('\r\n') + '\r\n';
}

async function startImport(page: Page, name: string, text: string): Promise<void> {
  await page.getByRole('button', { name: 'Import students from a spreadsheet or CSV…' }).click();
  await page.locator(WIZARD).waitFor();
  await page.locator(`${WIZARD} input[type=file]`).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.locator('[data-testid=recognised]').waitFor({ timeout: 20_000 });
}

async function addImported(page: Page, students: number, file: string): Promise<void> {
  await page.getByRole('button', { name: `Add ${students} students` }).click();
  await page.waitForFunction((f) => new RegExp(`Imported \\d+ students from ${f.replace('.', '\\.')}`).test(document.querySelector('[data-testid=message]')?.textContent ?? ''), file, { timeout: 20_000 });
}

export const tests: { name: string; run: (c: Ctx) => Promise<void> }[] = [
  {
    name: 'student list: a SIMS list with no choices is added without choices, a Forms export fills some in, and the figures say the rest have not chosen',
    async run(c) {
      const { page } = c;
      await open(c, 'students');
      const before = Number(((await page.locator('[data-testid=student-count]').textContent()) ?? '').match(/of (\d+) students/)?.[1]);
      assert.ok(before > 0, 'the sample school has students');

      // The student list: recognised with no hand matching, one notice, no course names, no row to check.
      await startImport(page, 'year9-list.csv', simsList());
      const recognised = (await page.locator('[data-testid=recognised]').textContent()) ?? '';
      assert.match(recognised, /Every column needed was recognised/);
      assert.match(recognised, /Choices: none \(a student list: the students are added without choices\)/);
      const notice = `No choice columns: the ${PUPILS.length} students are added without choices. They can choose online in an options round (Student preview → Options round), or import their choices later.`;
      assert.equal(await page.locator('[data-testid=no-choice-columns]').textContent(), notice);
      await shot(c, 'student-list-columns');
      await page.getByRole('button', { name: 'Next: course names' }).click();
      await page.getByText('The file has no choice columns, so there are no course names to match.').waitFor();
      await page.getByRole('button', { name: 'Next: rows to check' }).click();
      await page.getByText('Every row was read.').waitFor();
      assert.equal(await page.getByText('has no choices').count(), 0, 'no "has no choices" issue per row');
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      assert.equal(await page.locator('[data-testid=no-choice-columns]').textContent(), notice);
      assert.match((await page.locator('[data-testid=import-preview]').textContent()) ?? '', new RegExp(`Adding them: ${PUPILS.length} added, 0 changed, 0 unchanged`));
      await shot(c, 'student-list-finish');
      await addImported(page, PUPILS.length, 'year9-list.csv');
      assert.match((await page.locator('[data-testid=student-count]').textContent()) ?? '', new RegExp(`of ${before + PUPILS.length} students`));

      // Choices from a Forms export for three of them: their names stay the MIS's.
      await startImport(page, 'options-form.csv', formsExport());
      await page.getByRole('button', { name: 'Next: course names' }).click();
      await page.getByText('Every course name in the file matches a course').waitFor();
      await page.getByRole('button', { name: 'Next: rows to check' }).click();
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      assert.match((await page.locator('[data-testid=import-preview]').textContent()) ?? '', /Adding them: 0 added, 3 changed, 0 unchanged/);
      await addImported(page, 3, 'options-form.csv');
      assert.match(await message(page), /0 added, 3 changed/);

      // Only the students without choices, through the filter.
      await page.getByLabel('Show').selectOption('no-choices');
      assert.match((await page.locator('[data-testid=student-count]').textContent()) ?? '', new RegExp(`Showing ${PUPILS.length - 3} of ${before + PUPILS.length} students`));
      await page.getByLabel('Search').fill("O'Brien");
      assert.match((await page.locator('[data-testid=student-count]').textContent()) ?? '', /Showing 0 of/, "Shiv O'Brien has chosen");
      await page.getByLabel('Search').fill('Smith-Jones');
      await page.getByText('Jean-Luc Smith-Jones').first().waitFor();

      // The Offer screen warns, not as a problem to fix.
      await go(c, 'Offer');
      const warning = (await page.locator('[data-testid=without-choices-warning]').textContent()) ?? '';
      assert.match(warning, new RegExp(`^${PUPILS.length - 3} of ${before + PUPILS.length} students have made no choices yet\\. A blocking counts them fully satisfied by definition`));

      // Solve; Results says what the fully satisfied figure rests on, and the link shows them.
      await go(c, 'Blocks');
      await page.getByLabel('Time limit').selectOption('2');
      await page.getByRole('button', { name: 'Solve', exact: true }).click();
      await page.waitForFunction(() => /Solved "/.test(document.querySelector('[data-testid=message]')?.textContent ?? ''), null, { timeout: 90_000 });
      await settled(page);
      assert.match(await message(page), new RegExp(`students fully satisfied \\(${PUPILS.length - 3} of them have not chosen yet\\)`));
      await go(c, 'Results');
      const note = (await page.locator('[data-testid=without-choices]').first().textContent()) ?? '';
      assert.match(note, new RegExp(`^${PUPILS.length - 3} students have made no choices yet: they count as fully satisfied by definition, and the figures rest on the ${before + 3} who have\\. Show them on the Students screen\\.$`));
      assert.match((await page.locator('[data-testid=figures] [data-figure=fully] .hint').first().textContent()) ?? '', new RegExp(`${PUPILS.length - 3} of them not chosen yet`));
      await shot(c, 'student-list-results');
      await page.getByRole('link', { name: 'Show them on the Students screen' }).click();
      await page.locator('[data-testid=student-count]').waitFor();
      assert.equal(await page.getByLabel('Show').inputValue(), 'no-choices');
      assert.match((await page.locator('[data-testid=student-count]').textContent()) ?? '', new RegExp(`Showing ${PUPILS.length - 3} of`));
      // In the blocking, a student with no choices has nothing placed: "no choices yet", not "all choices".
      assert.equal(await page.getByRole('cell', { name: 'no choices yet', exact: true }).count(), PUPILS.length - 3);
      await shot(c, 'student-list-filtered');
    },
  },
  {
    name: 'student list: in a new school, the header Import… recognises a student list and adds its students without choices',
    async run(c) {
      const { page } = c;
      await page.goto(`${c.url}#/scenarios`);
      await page.locator('main h2').first().waitFor();
      await page.getByRole('button', { name: 'New school…' }).first().click();
      const form = page.getByRole('form', { name: 'New school' });
      await form.getByLabel('School or options round name').fill('Hillside options 2027');
      await form.getByRole('button', { name: 'Create the school' }).click();
      await page.locator('.offer-screen').waitFor();

      await page.locator('[data-testid=import-file]').setInputFiles({ name: 'Year 9 list.csv', mimeType: 'text/csv', buffer: Buffer.from(simsList()) });
      const pending = page.locator('[data-testid=pending-import]');
      await pending.waitFor();
      assert.equal(new URL(page.url()).hash, '#/students');
      const said = (await pending.locator('[data-testid=pending-import-message]').textContent()) ?? '';
      assert.match(said, /Recognised as students' choices: a student list with no choice columns, so its students are added without choices\./);
      assert.doesNotMatch(said, /kept as written/, 'no note about choices kept as written: there are none');
      await page.locator('[data-testid=no-choice-columns]').waitFor({ timeout: 20_000 });
      await shot(c, 'student-list-header-import');
      await page.getByRole('button', { name: 'Next: course names' }).click();
      await page.getByRole('button', { name: 'Next: rows to check' }).click();
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await page.getByRole('button', { name: `Add ${PUPILS.length} students` }).click();
      await page.waitForFunction(() => /Imported \d+ students from Year 9 list\.csv/.test(document.querySelector('[data-testid=message]')?.textContent ?? ''), null, { timeout: 20_000 });
      assert.match((await page.locator('[data-testid=student-count]').textContent()) ?? '', new RegExp(`Showing ${PUPILS.length} of ${PUPILS.length} students`));
      await page.getByText("Shiv O'Brien").first().waitFor();
      await page.getByText('Cian Ó Súilleabháin').first().waitFor();
      await go(c, 'Offer');
      assert.match((await page.locator('[data-testid=without-choices-warning]').textContent()) ?? '', new RegExp(`^None of the ${PUPILS.length} students has made any choices yet\\.`));
      await shot(c, 'student-list-new-school-offer');
    },
  },
];
