/**
 * Issue 9, item 1: figures that depend on data the school has not given. Course types recognised from
 * the names schools write (solver/analysis/recognise.ts), and an analysis that says "needs data" instead
 * of 0.0% when a course has no type at all.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseOffer, DEFAULT_RULE_SETS, KNOWN_TAGS, recogniseCourse, ruleSetTags, TAG_MEANINGS, COURSE_TYPES } from '../solver/analysis';
import type { Result, Scenario } from '../solver/types';
import { COURSE_CATALOGUE } from '../data/catalogue';
import { main as analyseCli } from '../cli/analyse';

const rec = (name: string, id = 'X') => recogniseCourse({ id, name });

describe('recognising course types from names', () => {
  const cases: [string, string, string[]][] = [
    ['GCSE History', 'GCSE', ['humanity', 'history', 'ebacc']],
    ['Hist', 'GCSE', ['humanity', 'history', 'ebacc']],
    ['Geog', 'GCSE', ['humanity', 'geography', 'ebacc']],
    ['Separate Sciences', 'GCSE', ['triple-science', 'ebacc']],
    ['Triple Sci', 'GCSE', ['triple-science', 'ebacc']],
    ['Art & Design: Fine Art', 'GCSE', ['creative']],
    ['Art and Design (Photography)', 'GCSE', ['creative']],
    ['Food Preparation and Nutrition', 'GCSE', []],
    ['BTEC Tech Award in Sport', 'BTEC', ['technical-award', 'vocational']],
    ['Cambridge National Enterprise & Marketing', 'CambridgeNational', ['technical-award', 'vocational']],
    ['Cambridge National Sport Science', 'CambridgeNational', ['technical-award', 'vocational']],
    ['Religious Studies (full course)', 'GCSE', ['humanity', 'religious-studies']],
    ['RS', 'GCSE', ['humanity', 'religious-studies']],
    ['Philosophy & Ethics', 'GCSE', ['humanity', 'religious-studies']],
    ['GCSE Statistics', 'GCSE', ['statistics']],
    ['Spanish', 'GCSE', ['language', 'ebacc']],
    ['Español', 'GCSE', ['language', 'ebacc']],
    ['MFL - French', 'GCSE', ['language', 'ebacc']],
    ['German', 'GCSE', ['language', 'ebacc']],
    ['Mandarin Chinese', 'GCSE', ['language', 'ebacc']],
    ['Latin', 'GCSE', ['language', 'ebacc']],
    ['Computer Science', 'GCSE', ['computing', 'ebacc']],
    ['ICT', 'CambridgeNational', ['technical-award', 'vocational']],
    ['Creative iMedia', 'CambridgeNational', ['creative', 'technical-award', 'vocational']],
    ['GCSE PE', 'GCSE', []],
    ['Physical Education', 'GCSE', []],
    ['Hospitality & Catering', 'VCert', ['technical-award', 'vocational']],
    ['Design & Technology', 'GCSE', ['creative']],
    ['Music', 'GCSE', ['creative']],
    ['BTEC Music', 'BTEC', ['creative', 'technical-award', 'vocational']],
    ['Drama', 'GCSE', ['creative']],
    ['Dance', 'GCSE', ['creative']],
    ['Media Studies', 'GCSE', ['creative']],
    ['Film Studies', 'GCSE', ['creative']],
    ['Business Studies', 'GCSE', []],
    ['BTEC Enterprise', 'BTEC', ['technical-award', 'vocational']],
    ['Health & Social Care', 'TechAward', ['technical-award', 'vocational']],
    ['Child Development', 'CambridgeNational', ['technical-award', 'vocational']],
    ['Engineering', 'BTEC', ['technical-award', 'vocational']],
    ['Construction', 'VCert', ['technical-award', 'vocational']],
    ['Economics', 'GCSE', []],
    ['Psychology', 'GCSE', []],
    ['Sociology', 'GCSE', []],
    ['Citizenship', 'GCSE', []],
    ['Combined Science (Trilogy)', 'GCSE', ['combined-science', 'science', 'ebacc']],
    ['Biology', 'GCSE', ['biology', 'ebacc']],
  ];
  for (const [name, kind, tags] of cases) {
    it(`"${name}" is ${kind} [${tags.join(', ')}]`, () => {
      const r = rec(name);
      expect(r, name).not.toBeNull();
      expect(r!.kind).toBe(kind);
      expect(r!.tags).toEqual(tags);
    });
  }

  it('does not guess names that say nothing about a subject', () => {
    for (const name of ['Options Block A', 'Study Support', 'Duke of Edinburgh', 'Option 1', 'Free choice', 'Enrichment', 'Science', 'English', 'Maths support', 'Martial arts club']) {
      expect(rec(name, 'OPT1'), name).toBeNull();
    }
  });

  it('reads a common code in the id when the name says nothing, and the course kind over the name', () => {
    expect(rec('Option 3', 'GEO')?.type).toBe('geography');
    expect(recogniseCourse({ id: 'X', name: 'Sport', kind: 'CambridgeNational' })?.kind).toBe('CambridgeNational');
    // A course the school says is a BTEC whose subject is unknown is still a technical award.
    expect(recogniseCourse({ id: 'X', name: 'Applied Thing', kind: 'BTEC' })?.tags).toEqual(['technical-award', 'vocational']);
  });

  it('agrees with the generator catalogue on every course it ships', () => {
    for (const c of COURSE_CATALOGUE) {
      const r = recogniseCourse({ id: c.id, name: c.name });
      expect(r, c.name).not.toBeNull();
      expect([...r!.tags].sort(), c.name).toEqual([...c.tags].sort());
      expect(r!.kind, c.name).toBe(c.kind);
      expect(r!.discountCode, c.name).toBe(c.discountCode);
    }
  });

  it('uses only tags the analysis knows, and every tag the rule sets read has a meaning to show', () => {
    for (const e of COURSE_TYPES) for (const t of e.tags) expect(KNOWN_TAGS, `${e.id}: ${t}`).toContain(t);
    for (const t of ruleSetTags(DEFAULT_RULE_SETS)) expect(TAG_MEANINGS[t], t).toBeTruthy();
  });
});

/**
 * The 240-student sample with its tags (or without any), and a result placing every student in every
 * choice. `rename` gives courses an opaque id and name, as a school's "OPT1, Option 1" would be.
 */
function sample(strip: boolean, rename: Record<string, string> = {}): { scenario: Scenario; result: Result } {
  const raw = JSON.parse(readFileSync(join(import.meta.dirname, '../data/samples/sample-240.json'), 'utf8')) as Scenario;
  const id = (c: string) => (rename[c] ? `OPT${Object.keys(rename).indexOf(c) + 1}` : c);
  const scenario: Scenario = {
    ...raw,
    pathways: undefined,
    staff: raw.staff?.map((t) => ({ ...t, courses: t.courses.map(id) })),
    courses: raw.courses.map((c) => {
      const { tags, discountCode, kind, ...rest } = c;
      const base = strip ? rest : { ...rest, tags, discountCode, kind };
      return rename[c.id] ? { ...base, id: id(c.id), name: rename[c.id] } : base;
    }),
    students: raw.students.map(({ pathway: _, ...s }) => ({ ...s, choices: s.choices.map(id), reserves: s.reserves?.map(id) })),
  };
  const result: Result = {
    format: 'ks4-result/1',
    scenario: scenario.name,
    groups: scenario.courses.map((c) => ({
      id: `${c.id}-1`, course: c.id, blocks: [scenario.blocks[0]], years: c.years ?? [10, 11], staff: [], room: null,
      students: scenario.students.filter((s) => s.choices.includes(c.id)).map((s) => s.id),
    })),
    students: scenario.students.map((s) => ({ id: s.id, placed: Object.fromEntries(s.choices.map((c) => [c, `${c}-1`])), unmet: [], reserves: [] })),
    summary: { students: scenario.students.length, fullySatisfied: 0, choices: 0, choicesMet: 0, reservesUsed: 0, groups: scenario.courses.length, seconds: 0, seed: 1 },
  };
  return { scenario, result };
}

describe('analysis of a school that gave no tags', () => {
  it('infers the types from the names and reaches the figures of the tagged school, saying so', () => {
    const tagged = analyseOffer(...(Object.values(sample(false)) as [Scenario, Result]));
    const bare = analyseOffer(...(Object.values(sample(true)) as [Scenario, Result]));
    expect(tagged.courseTypes.inferred).toEqual([]);
    expect(tagged.totals.summary.inferredCourses).toBe(0);
    expect(bare.totals.summary.inferredCourses).toBe(26);
    expect(bare.totals.summary.ebaccHistoricRate).toBe(tagged.totals.summary.ebaccHistoricRate);
    expect(bare.totals.summary.ebaccHistoricRate).toBeGreaterThan(0.2);
    expect(bare.totals.summary.meanA8SlotFill).toBe(tagged.totals.summary.meanA8SlotFill);
    expect(bare.totals.summary.needsData).toBeNull();
    expect(bare.notices.find((n) => n.kind === 'inferred-type')?.message).toMatch(/26 courses have no tags; the figures use the types read from their names .*HIS: GCSE History/);
  });

  it('marks figures resting on untyped courses as needing data, naming the courses, never 0.0%', () => {
    const rename = { HIS: 'Option 1', GEO: 'Option 2', FRE: 'Option 3', SPA: 'Option block D' };
    const { scenario, result } = sample(true, rename);
    const a = analyseOffer(scenario, result);
    expect(a.courseTypes.untyped.map((u) => u.course)).toEqual(['OPT1', 'OPT2', 'OPT3', 'OPT4']);
    expect(a.courseTypes.untyped[0].students).toBe(scenario.students.filter((s) => s.choices.includes('OPT1')).length);
    const ebacc = a.totals.measures.find((m) => m.ruleSet === 'ebacc')!;
    expect(ebacc.missing).not.toBeNull();
    expect(ebacc.missing!.courses).toEqual(['OPT1', 'OPT2', 'OPT3', 'OPT4']);
    expect(ebacc.missing!.message).toMatch(/^4 courses have no qualification type \(OPT1, OPT2, OPT3, OPT4\): accountability figures need them; \d+ students could count/);
    expect(a.totals.summary.ebaccHistoricRate).toBeNull();
    expect(a.totals.summary.meanA8SlotFill).toBeNull();
    expect(a.totals.summary.needsData!.ruleSets).toEqual(['a8', 'ebacc', 'proposed']);
    expect(a.notices.find((n) => n.kind === 'no-type')?.courses).toEqual(['OPT1', 'OPT2', 'OPT3', 'OPT4']);
    // What is shown as known is a true lower bound: the tagged school's figure is at least as high.
    const full = analyseOffer(...(Object.values(sample(false)) as [Scenario, Result]));
    const fullEbacc = full.totals.measures.find((m) => m.ruleSet === 'ebacc')!;
    expect(ebacc.requirementsMetRate!).toBeLessThanOrEqual(fullEbacc.requirementsMetRate!);
    expect(ebacc.missing!.students).toBeGreaterThanOrEqual(Math.round((fullEbacc.requirementsMetRate! - ebacc.requirementsMetRate!) * scenario.students.length));
    // Students who hold an untyped course but meet everything anyway are not uncertain.
    for (const s of a.students) if (s.untyped.length === 0) expect(s.uncertain).toEqual([]);
  });

  it('keeps an explicit empty tag list as the school\'s word, but flags a name that says otherwise', () => {
    const { scenario, result } = sample(true);
    const withEmpty: Scenario = { ...scenario, courses: scenario.courses.map((c) => (c.id === 'FRE' ? { ...c, tags: [] } : c)) };
    const a = analyseOffer(withEmpty, result);
    expect(a.courseTypes.inferred.some((t) => t.course === 'FRE')).toBe(false);
    expect(a.notices.find((n) => n.kind === 'tag-conflict')?.message).toMatch(/FRE \(French: language\): the name says so but the tags do not.*Maybe add those tags\?/);
  });

  it('marks only the figures that could change: a full fill stays known while an unmet requirement needs data', () => {
    const c = (id: string, name: string, tags?: string[]) => ({ id, name, maxGroupSize: 30, ...(tags ? { tags } : {}) });
    const courses = [c('H', 'History', ['history', 'humanity']), c('G', 'Geography', ['geography', 'humanity']), c('A', 'Art', ['creative']), c('F', 'French', ['language']), c('X', 'Option X')];
    const pair = (placed: string[][]): [Scenario, Result] => {
      const students = placed.map((p, i) => ({ id: `P${i}`, choices: p }));
      const scenario: Scenario = { format: 'ks4-scenario/1', name: 'Per figure', blocks: ['A', 'B', 'C', 'D'], courses, students };
      return [scenario, {
        format: 'ks4-result/1', scenario: 'Per figure',
        groups: courses.map((k) => ({ id: `${k.id}-1`, course: k.id, blocks: ['A'], years: [10, 11], staff: [], room: null, students: students.filter((st) => st.choices.includes(k.id)).map((st) => st.id) })),
        students: students.map((st) => ({ id: st.id, placed: Object.fromEntries(st.choices.map((k) => [k, `${k}-1`])), unmet: [], reserves: [] })),
        summary: { students: students.length, fullySatisfied: students.length, choices: 0, choicesMet: 0, reservesUsed: 0, groups: courses.length, seconds: 0, seed: 1 },
      }];
    };
    // Every slot filled and the EBacc met without X: nothing rests on X.
    const all = analyseOffer(...pair([['H', 'F', 'A', 'X']]));
    expect(all.courseTypes.untyped.map((u) => u.course)).toEqual(['X']);
    expect(all.totals.measures.every((m) => m.missing === null)).toBe(true);
    expect(all.students[0].uncertain).toEqual([]);
    expect(all.totals.summary.ebaccHistoricRate).toBe(1);
    // Slots full, but no language: X might be one, so the EBacc needs data while the fill is known.
    const noLang = analyseOffer(...pair([['H', 'G', 'A', 'X']]));
    const a8 = noLang.totals.measures.find((m) => m.ruleSet === 'a8')!;
    const eb = noLang.totals.measures.find((m) => m.ruleSet === 'ebacc')!;
    expect(a8.missing).toBeNull();
    expect(noLang.totals.summary.meanA8SlotFill).toBe(8);
    expect(eb.missing).toMatchObject({ courses: ['X'], students: 1, fill: false, requirements: true });
    expect(noLang.totals.summary.ebaccHistoricRate).toBeNull();
    expect(noLang.totals.summary.needsData?.message).toMatch(/^EBacc entry \(historic\): needs data\. 1 course has no qualification type \(X\)/);
  });

  it('the analyse command says which figures need data, on stderr beside clean JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'types-'));
    const { scenario, result } = sample(true, { HIS: 'Option 1', GEO: 'Option 2', FRE: 'Option 3' });
    writeFileSync(join(dir, 's.json'), JSON.stringify(scenario));
    writeFileSync(join(dir, 'r.json'), JSON.stringify(result));
    const out: string[] = [];
    const err: string[] = [];
    const code = analyseCli([join(dir, 's.json'), join(dir, 'r.json'), '--summary'], (x) => out.push(x), (x) => err.push(x));
    expect(code, err.join('\n')).toBe(0);
    const summary = JSON.parse(out.join('\n'));
    expect(summary.ebaccHistoricRate).toBeNull();
    expect(summary.needsData.courses).toEqual(['OPT1', 'OPT2', 'OPT3']);
    const text = err.join('\n');
    expect(text).toMatch(/EBacc entry \(historic\): needs data: 3 courses have no qualification type \(OPT1, OPT2, OPT3\)/);
    expect(text).toMatch(/With what is known: at least \d+\.\d% met/);
    expect(text).toMatch(/Based on 23 course types inferred from course names/);
  });
});
