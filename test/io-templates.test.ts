import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSheet } from 'read-excel-file/universal';
import { describe, expect, it } from 'vitest';
import { guessStudentMapping, importCourses, importStudents, readCsvText, readTable, toCsvBytes } from '../data/io';
import { templateFiles } from '../data/io/templates';

const dir = join(__dirname, '..', 'data', 'templates');
const committed = (name: string) => new Uint8Array(readFileSync(join(dir, name)));

describe('blank templates in data/templates', () => {
  it('are up to date with templates.ts (rerun data/io/write-templates.ts if not)', async () => {
    for (const t of templateFiles()) {
      if (t.kind === 'csv') expect(committed(t.name)).toEqual(toCsvBytes(t.rows!));
      else {
        for (const s of t.sheets!) {
          const rows = await readSheet(committed(t.name).slice().buffer as ArrayBuffer, s.name);
          expect(rows.map((r) => r.map((c) => c ?? ''))).toEqual(s.rows.map((r) => r.map((c) => c ?? '')));
        }
      }
    }
  });

  it('a filled-in choices template imports with no column matching', async () => {
    const table = await readTable(committed('choices-template.xlsx'), 'choices-template.xlsx');
    const mapping = guessStudentMapping(table.headers);
    expect(mapping).toMatchObject({
      id: 'Student ID',
      firstName: 'First name',
      lastName: 'Last name',
      tutorGroup: 'Tutor group',
      pathway: 'Pathway',
      choices: ['Choice 1', 'Choice 2', 'Choice 3', 'Choice 4'],
      reserves: ['Reserve 1', 'Reserve 2'],
    });
    expect(mapping.attributes.map((a) => a.name)).toEqual(['gender', 'pp', 'sen', 'prior']);
    const csv = new TextDecoder().decode(committed('choices-template.csv')) + 'S1,Ann,Lee,9A,,History,GEO,Art and Design,French,Music,,F,Y,N,high\r\n';
    const r = importStudents(readCsvText(csv), mapping, {
      courses: [
        { id: 'HIS', name: 'History', maxGroupSize: 30 },
        { id: 'GEO', name: 'Geography', maxGroupSize: 30 },
        { id: 'ART', name: 'Art and Design', maxGroupSize: 24 },
        { id: 'FRE', name: 'French', maxGroupSize: 30 },
        { id: 'MUS', name: 'Music', maxGroupSize: 30 },
      ],
    });
    expect(r.issues).toEqual([]);
    expect(r.students).toEqual([
      { id: 'S1', name: 'Ann Lee', forename: 'Ann', surname: 'Lee', choices: ['HIS', 'GEO', 'ART', 'FRE'], reserves: ['MUS'], attributes: { tutorGroup: '9A', gender: 'F', pp: true, sen: 'N', prior: 'high' } },
    ]);
  });

  it('the offer template has every course column the importer knows', async () => {
    const table = await readTable(committed('offer-template.csv'), 'offer-template.csv');
    const r = importCourses(table);
    expect(r.unusedColumns).toEqual([]);
    expect(Object.keys(r.columns)).toHaveLength(table.headers.length);
  });
});
