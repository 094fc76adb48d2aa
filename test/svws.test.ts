import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../data/schema';
import { convertSvws, courseTypeOfChoice, parseBlockRules, parseDelimited } from '../data/svws';
import type { Group, Scenario } from '../solver/types';
import { checkBlocking } from './support/blocking-check';

// The SVWS exports live in the repository, with their licences (data/benchmarks/svws/README.md).
const ROOT = join(import.meta.dirname, '..', 'data', 'benchmarks', 'svws');

/**
 * The smallest possible faithfulness check, written here from scratch: every choice of every student
 * is seated in exactly one group of that course, and no student sits in two groups sharing a block.
 */
function clashesAndMisses(scenario: Scenario, groups: Group[]): { missing: number; clashes: number; extra: number } {
  let missing = 0;
  let clashes = 0;
  let extra = 0;
  const seats = new Map<string, Group[]>();
  for (const g of groups) for (const s of g.students ?? []) seats.set(s, [...(seats.get(s) ?? []), g]);
  for (const st of scenario.students) {
    const mine = seats.get(st.id) ?? [];
    for (const c of st.choices) if (mine.filter((g) => g.course === c).length !== 1) missing++;
    extra += mine.filter((g) => !st.choices.includes(g.course)).length;
    const blocks = mine.flatMap((g) => g.blocks);
    clashes += blocks.length - new Set(blocks).size;
  }
  return { missing, clashes, extra };
}

describe('parseDelimited', () => {
  it('reads quoted ;-separated text with a BOM, CRLF, doubled quotes and separators or line breaks inside quotes', () => {
    const text = '\ufeff"a";"b";"c"\r\n1;"x;y";"say ""hi"""\r\n"";"two\nlines";3\n';
    expect(parseDelimited(text)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x;y', 'say "hi"'],
      ['', 'two\nlines', '3'],
    ]);
  });

  it('keeps an empty last field and a last line without a line break', () => {
    expect(parseDelimited('a;b;\n1;2;')).toEqual([
      ['a', 'b', ''],
      ['1', '2', ''],
    ]);
  });

  it('names the file and line of malformed quoting', () => {
    expect(() => parseDelimited('a;"open\n', 'Kurse.txt')).toThrow(/Kurse\.txt: a quoted field .* never closed/);
    expect(() => parseDelimited('a;b"c\n', 'Kurse.txt')).toThrow(/Kurse\.txt, line 1: a quote in the middle/);
    expect(() => parseDelimited('"a"b;c\n', 'X.txt')).toThrow(/X\.txt, line 1: text "b" after a closing quote/);
  });
});

describe('course types of choices', () => {
  it('maps LK1/LK2 to LK, GKS/GKM to GK and keeps the rest', () => {
    expect(['LK1', 'LK2', 'GKS', 'GKM', 'PJK', 'VTF'].map(courseTypeOfChoice)).toEqual(['LK', 'LK', 'GK', 'GK', 'PJK', 'VTF']);
  });
});

describe('block rules', () => {
  const kurse = [
    { name: 'D-LK1', fach: 'D', kursart: 'LK', span: 1, gesperrt: [] },
    { name: 'SP-GK1', fach: 'SP', kursart: 'GK', span: 1, gesperrt: [] },
    { name: 'I0-GK1', fach: 'I0', kursart: 'GK', span: 2, gesperrt: [] },
  ];
  it('reads the forms the publishers use and refuses others', () => {
    const rules = parseBlockRules('Schiene  1 nur LKs\n    Schiene 12 nur die drei Sportkurse\nSchiene 14 nur I0-GK1', kurse);
    expect(rules.map((r) => r.block)).toEqual([0, 11, 13]);
    expect(kurse.map((k) => rules.filter((r) => r.admits(k)).map((r) => r.block))).toEqual([[0], [11], [13]]);
    expect(() => parseBlockRules('Schiene 3 nur montags', kurse)).toThrow(/cannot read the block rule "Schiene 3 nur montags"/);
    expect(() => parseBlockRules('Schiene 3 nur XX-GK1', kurse)).toThrow(/names course XX-GK1/);
  });
});

describe.each([
  { folder: 'blockung001', students: 137, choices: 1146, kurse: 69, spanning: 9, year: 11 },
  { folder: 'gymabi-ef2018', students: 99, choices: 1159, kurse: 61, spanning: 2, year: 10 },
])('convertSvws($folder)', ({ folder, students, choices, kurse, spanning, year }) => {
  const { scenario, referenceGroups } = convertSvws(join(ROOT, folder));

  it('keeps every student, choice and course of the export', () => {
    expect(scenario.students).toHaveLength(students);
    expect(scenario.students.reduce((n, s) => n + s.choices.length, 0)).toBe(choices);
    expect(referenceGroups).toHaveLength(kurse);
    expect(referenceGroups.filter((g) => g.blocks.length === 2)).toHaveLength(spanning);
    expect(scenario.blocks).toHaveLength(14);
    expect(scenario.years).toEqual([year]);
    for (const c of scenario.courses) {
      const n = referenceGroups.filter((g) => g.course === c.id).length;
      expect(c.minGroups).toBe(n);
      expect(c.maxGroups).toBe(n);
    }
  });

  it('has a reference blocking that seats every choice with no clash', () => {
    expect(clashesAndMisses(scenario, referenceGroups)).toEqual({ missing: 0, clashes: 0, extra: 0 });
    // The fuller check: spans, allowed blocks, sizes and group counts as well.
    expect(checkBlocking(scenario, referenceGroups, { requireAllChoices: true })).toEqual([]);
  });

  it('sets maxGroupSize to the largest reference course plus 3', () => {
    const largest = Math.max(...referenceGroups.map((g) => g.students!.length));
    for (const c of scenario.courses) expect(c.maxGroupSize).toBe(largest + 3);
    expect(convertSvws(join(ROOT, folder), { sizeMargin: 0 }).scenario.courses[0].maxGroupSize).toBe(largest);
  });

  it('passes the schema', () => {
    const parsed = parseScenario(scenario);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  });
});

describe('blockung001 block rules', () => {
  const { scenario } = convertSvws(join(ROOT, 'blockung001'));
  const allowed = (id: string) => scenario.courses.find((c) => c.id === id)!.blocks ?? scenario.blocks;
  it('puts advanced courses in blocks 1-2, sport in 12, the project in 13, I0 and S0 partly in 14', () => {
    for (const c of scenario.courses.filter((x) => x.id.endsWith('-LK'))) expect(allowed(c.id)).toEqual(['1', '2']);
    expect(allowed('SP-GK')).toEqual(['12']);
    expect(allowed('PXSP-PJK')).toEqual(['13']);
    expect(allowed('I0-GK')).toContain('14');
    expect(allowed('D-GK')).not.toContain('14');
    expect(allowed('D-GK')).not.toContain('1');
  });
});

describe('convertSvws errors', () => {
  it('names a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'svws-'));
    expect(() => convertSvws(dir)).toThrow(/Kurse\.txt is missing\. Maybe .* is not a Kurs42 export folder/);
  });

  it('names a choice whose course type has no course', () => {
    const dir = mkdtempSync(join(tmpdir(), 'svws-'));
    writeFileSync(join(dir, 'Kurse.txt'), '\ufeff"KursId";"Fach";"Name";"Lehrer";"Std";"Raum";"Kursart";"Schulnummer";"Schienenzahl";"Gesperrt";"Blocken"\n1;"D";"D-GK1";"L1";3;"--";"GK";0;1;"[]";1\n');
    writeFileSync(join(dir, 'Blockplan.txt'), '\ufeff"Schiene";"Kursbezeichnung";"Fixiert"\n0;"D-GK1";0\n');
    writeFileSync(join(dir, 'Schueler.txt'), '\ufeff"Name";"Vorname";"GebDat";"Geschlecht";"Jahrgang";"Status"\n"A";"B";"01.01.2004";3;"Q1";2\n');
    writeFileSync(join(dir, 'Fachwahlen.txt'), '\ufeff"Name";"Vorname";"GebDat";"Fachkrz";"Kursart";"Kurs"\n"A";"B";"01.01.2004";"D";"LK1";"D-GK1"\n');
    expect(() => convertSvws(dir)).toThrow(/Fachwahlen\.txt, row 2: student A, B \(01\.01\.2004\) chose D as LK1 \(course D-LK\), but Kurse\.txt has no LK course of D/);
  });
});
