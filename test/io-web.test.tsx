/**
 * The import and export components without a browser: their first render (server-side, static markup)
 * and the pure logic behind the wizard's buttons. Clicking through them in real Chromium belongs to the
 * browser suite.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Course } from '../solver/types';
import { guessStudentMapping, importStudents, readTable, readCsvText } from '../data/io';
import { ExportButtons, EXPORTS, ImportWizard, ListImport, Letters, TemplateLinks, fileStem, listIssuesByRow, runListImport, templateBytes } from '../web/io';
import { templateFiles } from '../data/io/templates';
import { acceptAllSuggestions, courseOptions, decideRows, issuesByRow, keepableRows } from '../web/io/wizard-logic';
import { parseOffer } from '../solver/offer';
import { result, scenario } from './fixtures/io/solved';

const dir = join(__dirname, 'fixtures', 'io');
const courses = (JSON.parse(readFileSync(join(dir, 'courses.json'), 'utf8')) as { courses: Course[] }).courses;

describe('ImportWizard', () => {
  it('opens on the file step with a CSV/.xlsx file input', () => {
    const html = renderToStaticMarkup(<ImportWizard courses={courses} onComplete={() => {}} onCancel={() => {}} />);
    expect(html).toContain('Import students and choices');
    expect(html).toContain('aria-current="step">Choose a file');
    expect(html).toMatch(/<input type="file" accept=".csv,.tsv,.txt,.xlsx"/);
    expect(html).toContain('Cancel');
    // The blank choices templates are linked from the first step.
    expect(html).toContain('data-template="choices-template.csv"');
    expect(html).toContain('data-template="choices-template.xlsx"');
    expect(html).not.toContain('data-template="offer-template.csv"');
  });
});

describe('blank templates in the app', () => {
  it('the export panel links every template, and the page makes the same files as data/templates/', async () => {
    const html = renderToStaticMarkup(<ExportButtons scenario={scenario} />);
    for (const t of templateFiles()) expect(html).toContain(`data-template="${t.name}"`);
    expect(renderToStaticMarkup(<TemplateLinks kinds={['offer']} />)).toContain('Blank offer (course list) template (.xlsx)');
    const { readSheet } = await import('read-excel-file/universal');
    for (const t of templateFiles()) {
      const made = await templateBytes(t);
      const committed = new Uint8Array(readFileSync(join(__dirname, '..', 'data', 'templates', t.name)));
      if (t.kind === 'csv') expect(made).toEqual(committed);
      else {
        for (const sheet of t.sheets!) {
          const a = await readSheet(made.slice().buffer as ArrayBuffer, sheet.name);
          const b = await readSheet(committed.slice().buffer as ArrayBuffer, sheet.name);
          expect(a).toEqual(b);
        }
      }
    }
  });
});

describe('wizard logic', () => {
  const load = async () => {
    const table = await readTable(new Uint8Array(readFileSync(join(dir, 'forms-export.csv'))), 'forms-export.csv');
    return { table, mapping: guessStudentMapping(table.headers) };
  };

  it('accepting every suggestion matches each near miss and leaves the unknown one', async () => {
    const { table, mapping } = await load();
    const first = importStudents(table, mapping, { courses });
    const aliases = acceptAllSuggestions(first, {});
    expect(aliases).toEqual({ geog: 'GEO', 'd and t': 'DT', spansh: 'SPA', 'computer sci': 'CSC', 'gcse history': 'HIS' });
    const second = importStudents(table, mapping, { courses }, { courseAliases: aliases });
    expect(second.courseTexts.filter((t) => t.how === 'none').map((t) => t.text)).toEqual(['Astronomy']);
    // Only rows without id problems can be kept in bulk.
    expect(keepableRows(second)).toEqual([6, 8]);
    const third = importStudents(table, mapping, { courses }, { courseAliases: aliases, rows: decideRows({}, keepableRows(second), { action: 'keep' }) });
    // Ben's two submissions (rows 3 and 7) are settled by keeping the later; they are listed as notices.
    expect(issuesByRow(third).map((g) => [g.row, g.decided])).toEqual([
      [5, false],
      [6, true],
      [8, true],
    ]);
    expect(third.notices.map((n) => [n.row, n.code])).toEqual([
      [3, 'duplicate-id'],
      [7, 'duplicate-id'],
    ]);
  });

  it('lists suggested courses first in the course menu', async () => {
    const { table, mapping } = await load();
    const r = importStudents(table, mapping, { courses });
    const geog = r.courseTexts.find((t) => t.text === 'Geog')!;
    const options = courseOptions(geog, courses);
    expect(options[0]).toEqual({ value: 'GEO', label: 'Geography (GEO) - suggested, abbreviation' });
    expect(options).toHaveLength(courses.length);
  });
});

describe('exports', () => {
  it('render a button per export, result exports disabled until there is a result', () => {
    const html = renderToStaticMarkup(<ExportButtons scenario={scenario} />);
    for (const e of EXPORTS) expect(html).toContain(e.label);
    expect(html).toMatch(/<button type="button" data-export="class-lists-csv" disabled=""/);
    expect(html).toMatch(/<button type="button" data-export="students-csv">/);
    const solved = renderToStaticMarkup(<ExportButtons scenario={scenario} result={result} />);
    expect(solved).not.toMatch(/data-export="class-lists-csv" disabled/);
    expect(solved).toContain('Print letters (4)');
  });

  it('every export makes a file whose name comes from the scenario', async () => {
    for (const e of EXPORTS) {
      const f = await e.make(scenario, result);
      expect(f.name.startsWith('Export-test')).toBe(true);
      expect(typeof f.data === 'string' ? f.data.length : f.data.byteLength).toBeGreaterThan(20);
    }
    const grid = await EXPORTS.find((e) => e.id === 'grid-csv')!.make(scenario, result);
    expect(readCsvText(new TextDecoder().decode(grid.data as Uint8Array)).headers).toEqual(['Block A', 'Block B']);
    const offer = await EXPORTS.find((e) => e.id === 'offer-json')!.make(scenario, result);
    const parsed = parseOffer(JSON.parse(offer.data as string));
    expect(parsed.ok).toBe(true);
    // The published offer never carries a student's name.
    expect(offer.data as string).not.toContain('Ada Lovelace');
    expect(fileStem('Year 9 options 2027, offer B')).toBe('Year-9-options-2027-offer-B');
  });

  it('letters: one section per student, a page break after each in print', () => {
    const html = renderToStaticMarkup(<Letters scenario={scenario} result={result} text={{ school: 'Hillside Academy' }} />);
    expect(html.match(/<section class="ks4-letter"/g)).toHaveLength(4);
    expect(html).toContain('page-break-after: always');
    expect(html).toContain('@media print');
    expect(html).toContain('History: History runs only in block A, where Art is not taught.');
    // React escapes text, so a formula-looking name is shown, never run.
    expect(html).toContain('=cmd|calc');
    expect(renderToStaticMarkup(<Letters scenario={scenario} result={result} studentIds={['S3']} />).match(/<section/g)).toHaveLength(1);
  });
});

describe('course and staff list import', () => {
  it('opens with a file input and the matching blank template', () => {
    const html = renderToStaticMarkup(<ListImport kind="courses" onComplete={() => {}} />);
    expect(html).toContain('Import a course list');
    expect(html).toMatch(/<input type="file" accept=".csv,.tsv,.txt,.xlsx"/);
    expect(html).toContain('data-template="offer-template.csv"');
    const staff = renderToStaticMarkup(<ListImport kind="staff" courses={courses} blocks={['A', 'B']} onComplete={() => {}} />);
    expect(staff).toContain('data-template="staff-template.csv"');
  });

  it('lists every unreadable row with row, column and reason until the user keeps or skips it', () => {
    const table = readCsvText('Course ID,Name,Max group size\r\nHIS,History,30\r\nGEO,Geography,lots\r\nHIS,History again,30\r\nART,"Art,24\r\nMUS,Music,24\r\n');
    const props = { kind: 'courses' as const, onComplete: () => {} };
    const first = runListImport(props, table, {});
    const groups = listIssuesByRow(first.issues);
    expect(groups.map((g) => [g.row, g.decided, g.issues.map((i) => [i.column, i.code])])).toEqual([
      [2, false, [['Course ID', 'duplicate-id']]],
      [3, false, [['Max group size', 'bad-value']]],
      [4, false, [['Course ID', 'duplicate-id']]],
      [5, false, expect.arrayContaining([['Name', 'unreadable-row']])],
    ]);
    expect(first.complete).toBe(false);
    expect(first.items.map((c) => c.id)).toEqual(['MUS']);
    const decided = runListImport(props, table, { 3: { action: 'skip' }, 4: { action: 'skip' }, 5: { action: 'keep' } });
    expect(decided.complete).toBe(true);
    expect(decided.items.map((c) => c.id)).toEqual(['HIS', 'ART', 'MUS']);
    // Every row listed before is still listed, now decided (the skipped duplicate too, so it can be undone).
    expect(listIssuesByRow(decided.issues).map((g) => [g.row, g.decided])).toEqual([
      [3, true],
      [4, true],
      [5, true],
    ]);
  });
});
