/**
 * Issue 10 item 2 ("MIS conventions") in a real Chromium: a Microsoft Forms export of choices, made here
 * with the sample school's course names, imported through the Students screen with no column matched by
 * hand; a pupil who sent the form twice shown with both rows in full and their times, the later kept; a
 * pupil with three choices flagged and still imported. After a solve, importing the same file again says
 * "0 added, 0 changed, N unchanged" and the blocking stays current (no out-of-date banner).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import type { Scenario } from '../../../solver/types';
import { go, message, open, settled, shot, type Ctx } from './common';

const WIZARD = '.ks4-io-wizard';

const PUPILS: [string, string, string[], string][] = [
  ['Amara Okafor', 'amara.okafor', ['History', 'Geography', 'French', 'Music'], 'Drama'],
  ['Ben Hughes', 'ben.hughes', ['Computer Science', 'History', 'Business', 'Physical Education'], ''],
  ['Chloe Nguyen', 'chloe.nguyen', ['Spanish', 'Geography', 'Art and Design'], 'Music'],
  ['Dev Patel', 'dev.patel', ['Computer Science', 'History', 'Geography', 'Spanish'], 'Business'],
  ['Ellie Price', 'ellie.price', ['Drama', 'Music', 'History', 'French'], 'Photography'],
  ['Farah Ali', 'farah.ali', ['Health and Social Care', 'Food Preparation and Nutrition', 'Art and Design', 'Geography'], 'Music'],
  ['George Wood', 'george.wood', ['Business', 'Sport', 'History', 'Computer Science'], 'Geography'],
  ['Hana Kowalski', 'hana.kowalski', ['French', 'Spanish', 'History', 'Art and Design'], 'Drama'],
  ['Isaac Lee', 'isaac.lee', ['Geography', 'Computer Science', 'Physical Education', 'Business'], 'History'],
  ['Jade Morris', 'jade.morris', ['Photography', 'Media Studies', 'History', 'Spanish'], 'Drama'],
];

/** A SIMS report as exported to CSV: title lines above the header, legal and preferred names, Adno and UPN. */
function simsCsv(): string {
  const lines = [
    'Year 9 Options Choices 2027',
    'Printed 05/03/2027 by SIMS',
    '',
    'Adno,UPN,Legal Surname,Legal Forename,Preferred Forename,Reg Group,Year,Gender,Pupil Premium Indicator,SEN Status,KS2 Average Scaled Score,Option 1,Option 2,Option 3,Option 4,Reserve 1',
  ];
  PUPILS.forEach(([name, , choices, reserve], i) => {
    const [first, last] = name.split(' ');
    lines.push([String(7001 + i).padStart(6, '0'), `H8011${String(10000000 + i)}`, last, first, i === 1 ? 'Benji' : '', `9${'ABC'[i % 3]}`, '9', i % 2 ? 'M' : 'F', i % 3 ? 'N' : 'Y', i % 4 ? 'N' : 'K', String(95 + i * 2.5), ...[0, 1, 2, 3].map((k) => choices[k] ?? ''), reserve].join(','));
  });
  return lines.join('\r\n') + '\r\n';
}

/** A Microsoft Forms export: response number, times, e-mail, name, the questions. Ben sends it twice. */
function formsCsv(): string {
  const lines = ['ID,Start time,Completion time,Email,Name,Option 1,Option 2,Option 3,Option 4,Reserve 1'];
  let n = 0;
  const row = (p: (typeof PUPILS)[number], start: string, end: string, choices = p[2]) =>
    lines.push([String(++n), start, end, `${p[1]}@school.example`, p[0], ...[0, 1, 2, 3].map((i) => choices[i] ?? ''), p[3]].join(','));
  PUPILS.forEach((p, i) => row(p, `3/5/27 9:${String(10 + i).padStart(2, '0')}:00`, `3/5/27 9:${String(10 + i).padStart(2, '0')}:40`));
  // Ben changes his mind the same afternoon.
  row(PUPILS[1], '3/5/27 14:02:11', '3/5/27 14:05:40', ['Computer Science', 'History', 'Geography', 'Physical Education']);
  return lines.join('\r\n') + '\r\n';
}

async function importFile(page: Page, name: string, text: string): Promise<{ recognised: string; notices: string; preview: string }> {
  await page.getByRole('button', { name: 'Import students from a spreadsheet or CSV…' }).click();
  await page.locator(WIZARD).waitFor();
  await page.locator(`${WIZARD} input[type=file]`).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  const recognised = (await page.locator('[data-testid=recognised]').textContent({ timeout: 20_000 })) ?? '';
  assert.equal(await page.getByRole('button', { name: 'Next: course names' }).isEnabled(), true, 'no column needs matching by hand');
  await page.getByRole('button', { name: 'Next: course names' }).click();
  await page.getByText('Every course name in the file matches a course').waitFor();
  await page.getByRole('button', { name: 'Next: rows to check' }).click();
  await page.getByText('Every row was read.').waitFor();
  const notices = (await page.locator('[data-testid=import-notices]').textContent()) ?? '';
  return { recognised, notices, preview: '' };
}

async function finish(page: Page, students: number): Promise<string> {
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('button', { name: `Add ${students} students` }).waitFor();
  return (await page.locator('[data-testid=import-preview]').textContent()) ?? '';
}

export const tests: { name: string; run: (c: Ctx) => Promise<void> }[] = [
  {
    name: 'mis: a SIMS report is read with no hand mapping and the exported scenario keeps surname, forename, UPN, Adno and reg group',
    async run(c) {
      const { page } = c;
      await open(c, 'students');
      const r = await importFile(page, 'sims-options.csv', simsCsv());
      assert.match(r.recognised, /Every column needed was recognised/);
      for (const part of ['Student id: Adno', 'Admission number: Adno', 'UPN: UPN', 'Forename: Legal Forename', 'Surname: Legal Surname', 'Preferred forename: Preferred Forename', 'Registration group: Reg Group', 'Pupil Premium Indicator as pp', 'SEN Status as sen', 'KS2 Average Scaled Score as prior']) {
        assert.ok(r.recognised.includes(part), `recognised: ${part} (in ${r.recognised})`);
      }
      await page.getByLabel('replace the whole cohort').check();
      await finish(page, PUPILS.length);
      await page.getByRole('button', { name: `Add ${PUPILS.length} students` }).click();
      await page.waitForFunction(() => /Imported \d+ students from sims-options\.csv/.test(document.querySelector('[data-testid=message]')?.textContent ?? ''), null, { timeout: 20_000 });
      await shot(c, 'mis-sims-imported');
      const [d] = (await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByRole('button', { name: 'Export scenario' }).click()])) as [Download, void];
      const scenario = JSON.parse(readFileSync(await d.path(), 'utf8')) as Scenario;
      assert.equal(scenario.students.length, PUPILS.length);
      assert.deepEqual(scenario.students[1], {
        id: '007002',
        name: 'Benji Hughes',
        surname: 'Hughes',
        forename: 'Ben',
        preferredName: 'Benji',
        upn: 'H801110000001',
        admissionNumber: '007002',
        regGroup: '9B',
        choices: ['CSC', 'HIS', 'BUS', 'PE'],
        attributes: { year: 9, gender: 'M', pp: false, sen: 'N', prior: 97.5 },
      });
    },
  },
  {
    name: 'mis: a Forms export is read with no hand mapping, the duplicate shown with its times, the short pupil flagged; the same file again changes nothing',
    async run(c) {
      const { page } = c;
      await open(c, 'students');
      const before = Number(((await page.locator('[data-testid=student-count]').textContent()) ?? '').match(/of (\d+) students/)?.[1]);
      assert.ok(before > 0, 'the sample school has students');
      const csv = formsCsv();

      const first = await importFile(page, 'options-form.csv', csv);
      assert.match(first.recognised, /Every column needed was recognised/);
      assert.match(first.recognised, /Student id: Email/);
      assert.match(first.recognised, /Submitted at: Completion time/);
      assert.match(first.recognised, /Choices: Option 1 to Option 4 \(4\)/);
      assert.doesNotMatch(first.recognised, /Student id: ID/, 'the response number is not a pupil id');
      // Chloe chose three courses where the others chose four: flagged, not dropped.
      assert.match(first.notices, /1 pupil with fewer choices than asked for/);
      assert.match(first.notices, /Row 4: Chloe Nguyen \(chloe\.nguyen@school\.example\) made 3 choices, but most pupils in the file have 4/);
      // Ben sent the form twice: both rows in full, with their times, the later kept.
      const dup = page.locator('[data-duplicate="ben.hughes@school.example"]');
      const dupText = (await dup.textContent()) ?? '';
      assert.match(dupText, /3\/5\/27 9:11:40/);
      assert.match(dupText, /3\/5\/27 14:05:40/);
      assert.match(dupText, /Business/);
      assert.equal(await dup.getByLabel(/keep row 12 \(the later\)/).isChecked(), true);
      assert.equal(await dup.getByLabel(/keep row 3$/).isChecked(), false);
      await shot(c, 'mis-import-rows');
      // Keeping the earlier row, then going back to the later one.
      await dup.getByLabel(/keep row 3$/).check();
      assert.equal(await dup.getByLabel(/keep row 3$/).isChecked(), true);
      await dup.getByLabel(/keep row 12/).check();
      assert.equal(await dup.getByLabel(/keep row 12/).isChecked(), true);

      const preview = await finish(page, PUPILS.length);
      assert.match(preview, new RegExp(`Adding them: ${PUPILS.length} added, 0 changed, 0 unchanged; ${before} not in the file kept`));
      await shot(c, 'mis-import-finish');
      await page.getByRole('button', { name: `Add ${PUPILS.length} students` }).click();
      await page.waitForFunction(() => /Imported \d+ students from options-form\.csv/.test(document.querySelector('[data-testid=message]')?.textContent ?? ''), null, { timeout: 20_000 });
      assert.match(await message(page), new RegExp(`${PUPILS.length} added, 0 changed, 0 unchanged; ${before} not in the file kept`));
      assert.match((await page.locator('[data-testid=student-count]').textContent()) ?? '', new RegExp(`of ${before + PUPILS.length} students`));

      // Solve, so there is a blocking that could go out of date.
      await go(c, 'Blocks');
      await page.getByLabel('Time limit').selectOption('2');
      await page.getByRole('button', { name: 'Solve', exact: true }).click();
      await page.waitForFunction(() => /Solved "/.test(document.querySelector('[data-testid=message]')?.textContent ?? ''), null, { timeout: 90_000 });
      await settled(page);
      assert.equal(await page.locator('[data-testid=stale-banner]').count(), 0);

      // The same file again: nothing changes and the blocking stays current.
      await go(c, 'Students');
      const again = await importFile(page, 'options-form.csv', csv);
      assert.match(again.notices, /fewer choices than asked for/);
      const preview2 = await finish(page, PUPILS.length);
      assert.match(preview2, new RegExp(`Adding them: 0 added, 0 changed, ${PUPILS.length} unchanged; ${before} not in the file kept\\. Nothing would change, so the blocking stays current\\.`));
      await page.getByRole('button', { name: `Add ${PUPILS.length} students` }).click();
      await page.waitForFunction(() => /Imported \d+ students from options-form\.csv/.test(document.querySelector('[data-testid=message]')?.textContent ?? ''), null, { timeout: 20_000 });
      const said = await message(page);
      assert.match(said, new RegExp(`0 added, 0 changed, ${PUPILS.length} unchanged`));
      assert.match(said, /Nothing changed/);
      assert.equal(await page.locator('[data-testid=stale-banner]').count(), 0, 'no out-of-date banner after an import that changed nothing');
      assert.equal(await page.getByText('The scenario has changed since the blocking was made').count(), 0);
      await shot(c, 'mis-import-again');
      await go(c, 'Blocks');
      assert.equal(await page.locator('[data-testid=stale-banner]').count(), 0);
    },
  },
];
