/**
 * Issue 9 items 2, 6 and 9: choice rules checked on the whole cohort, enforced (or let pass) by the solver,
 * refused by the checker when a result breaks an enforced one; reserves only in place of a choice and in
 * the student's order; attribute values compared without case.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkResult } from '../data/checker';
import { Augmenter } from '../solver/augment';
import { explainUnmet } from '../solver/explain';
import { seatExactly } from '../solver/exact/seating';
import { compile } from '../solver/model';
import { RuleBook, cohortBreaches } from '../solver/rules';
import { solve } from '../solver/solve';
import { State } from '../solver/state';
import type { Result, Scenario } from '../solver/types';
import { INELIGIBLE, NOT_TOGETHER_BREAKERS, rulesSchool } from './helpers/rules-school';
import { course, scenario } from './helpers/tiny';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw documents on purpose

const solved = new Map<boolean, Promise<Result>>();
function solveSchool(enforce: boolean): Promise<Result> {
  if (!solved.has(enforce)) solved.set(enforce, solve(rulesSchool({ enforce }), { timeSeconds: 2, seed: 1, assertIncremental: true }));
  return solved.get(enforce)!;
}

const reserveOrderNotices = (notices: string[]) => notices.filter((n) => n.includes('was given reserve'));

describe('the cohort check', () => {
  it('lists every student whose choices break a rule, with the rule in words and whether it is enforced', () => {
    const breaches = cohortBreaches(rulesSchool());
    expect(breaches.map((b) => b.id)).toEqual([...NOT_TOGETHER_BREAKERS, ...INELIGIBLE]);
    expect(breaches[0]).toMatchObject({ text: 'PE and BTEC Sport cannot be taken together; choose one of them.', source: 'rules[0]', kind: 'notTogether', enforced: true });
    expect(breaches[3].text).toBe('BTEC Sport and PE cannot be taken together; choose one of them.');
    expect(breaches[5]).toMatchObject({ kind: 'eligible', enforced: true, courses: ['TSC'] });
    expect(breaches[5].text).toBe("Triple Science is open only to students whose prior is high (this student's prior is Low).");
    const letPass = cohortBreaches(rulesSchool({ enforce: false }));
    expect(letPass.filter((b) => !b.enforced).map((b) => b.id)).toEqual(NOT_TOGETHER_BREAKERS);
  });

  it('checks pathway rules and the pathway choice count too, and marks min rules as flagged only', () => {
    const sc = {
      courses: [{ id: 'FRE', name: 'French', tags: ['language'] }, { id: 'SPA', name: 'Spanish', tags: ['language'] }, { id: 'ART', name: 'Art' }],
      pathways: [{ id: 'EB', name: 'EBacc', choices: 2, rules: [{ min: 1, from: ['tag:language'] }, { max: 1, from: ['tag:language'], enforce: false }] }],
      students: [
        { id: 'A', choices: ['ART'], pathway: 'EB' },
        { id: 'B', choices: ['FRE', 'SPA'], pathway: 'EB' },
        { id: 'C', choices: ['FRE', 'ART'], pathway: 'EB' },
      ],
    };
    const b = cohortBreaches(sc);
    expect(b.map((x) => `${x.id} ${x.kind} ${x.enforced}`)).toEqual(['A choices false', 'A min false', 'B max false']);
  });

  it('compares attribute values without case or surrounding spaces, and reads numbers written as text', () => {
    const book = new RuleBook({
      courses: [{ id: 'TSC', name: 'Triple Science' }, { id: 'FMA', name: 'Further Maths' }],
      rules: [{ eligible: { attribute: 'prior', in: ['high'] }, courses: ['TSC'] }, { eligible: { attribute: 'ks2', min: 105 }, courses: ['FMA'] }],
    });
    for (const prior of ['high', 'High', ' HIGH ']) expect(book.check({ choices: ['TSC'], attributes: { prior } }).broken).toEqual([]);
    expect(book.check({ choices: ['TSC'], attributes: { prior: 'Low' } }).broken).toHaveLength(1);
    expect(book.passes(['TSC'], { prior: 'High' })).toBe(true);
    expect(book.check({ choices: ['FMA'], attributes: { ks2: '110' } }).broken).toEqual([]);
    expect(book.check({ choices: ['FMA'], attributes: { ks2: '99' } }).broken).toHaveLength(1);
  });

  it('says which choices and reserves a solve may not place, keeping the higher-ranked choices', () => {
    const book = new RuleBook({
      courses: ['PE', 'BTS', 'ART', 'MUS', 'DRA', 'TSC'].map((id) => ({ id, name: id })),
      rules: [
        { notTogether: ['PE', 'BTS'] },
        { max: 1, from: ['ART', 'MUS', 'DRA'] },
        { eligible: { attribute: 'prior', in: ['high'] }, courses: ['TSC'] },
        { notTogether: ['ART', 'PE'], enforce: false },
      ],
    });
    const f = book.forbidden({ choices: ['BTS', 'ART', 'PE', 'MUS'], reserves: ['DRA', 'TSC', 'PE'], attributes: { prior: 'Middle' } });
    expect(f.map((x) => `${x.index} ${x.course}`)).toEqual(['2 PE', '3 MUS', '4 DRA', '5 TSC', '6 PE']);
    expect(f[0].reason).toBe('BTS and PE may not be taken together: BTS, the higher-ranked choice, is kept.');
    expect(f[1].reason).toBe('Choose at most 1 of ART, MUS or DRA: ART, the higher-ranked choice, is kept.');
  });
});

describe('enforcing a rule in a solve', () => {
  it('never places both courses of an enforced notTogether rule, keeps the higher-ranked one, gives the reason, and the checker passes', async () => {
    const sc = rulesSchool();
    const result = await solveSchool(true);
    const byId = new Map(result.students.map((s) => [s.id, s]));
    for (const id of NOT_TOGETHER_BREAKERS) {
      const s = byId.get(id)!;
      const student = sc.students.find((x: Json) => x.id === id);
      const ranked = student.choices.filter((c: string) => c === 'PE' || c === 'BTS');
      expect(Object.keys(s.placed).filter((c) => c === 'PE' || c === 'BTS').length).toBeLessThanOrEqual(1);
      expect(s.placed[ranked[1]]).toBeUndefined();
      expect(s.unmet).toContain(ranked[1]);
      const names: Record<string, string> = { PE: 'PE', BTS: 'BTEC Sport' };
      expect(s.reasons).toContain(`${names[ranked[0]]} and ${names[ranked[1]]} may not be taken together: ${names[ranked[0]]}, the higher-ranked choice, is kept.`);
    }
    for (const id of INELIGIBLE) {
      expect(byId.get(id)!.placed.TSC).toBeUndefined();
      expect(byId.get(id)!.reasons?.[0]).toMatch(/open only to students whose prior is high/);
    }
    // "High" in the MIS is "high" in the rule: those students keep Triple Science.
    const high = sc.students.filter((s: Json) => s.attributes.prior === 'High' && s.choices.includes('TSC'));
    expect(high.length).toBeGreaterThan(0);
    expect(high.filter((s: Json) => byId.get(s.id)!.placed.TSC).length).toBe(high.length);
    expect(result.diagnostics?.some((d) => d.startsWith('Choice rule rules[0]: 5 students'))).toBe(true);
    const check = checkResult(sc, result);
    expect(check.violations).toEqual([]);
    expect(check.notices.filter((n) => n.includes('rules[0]') && n.includes('enforced'))).toHaveLength(5);
    expect(reserveOrderNotices(check.notices)).toEqual([]);
  });

  it('the fix list explains a forbidden choice by its rule and never suggests placing it', async () => {
    const sc = rulesSchool();
    const result = await solveSchool(true);
    const why = explainUnmet(sc, result, 'S001');
    expect(why.facts[0]).toBe('PE and BTEC Sport may not be taken together: PE, the higher-ranked choice, is kept. To place BTEC Sport anyway, set the rule to “Let pass” on the Offer screen.');
    expect(why.changes.filter((c) => JSON.stringify(c.detail).includes('BTS'))).toEqual([]);
  });

  it('places both when the rule is let pass, and the checker passes with a notice', async () => {
    const sc = rulesSchool({ enforce: false });
    const result = await solveSchool(false);
    const both = result.students.filter((s) => NOT_TOGETHER_BREAKERS.includes(s.id) && s.placed.PE && s.placed.BTS);
    expect(both.length).toBeGreaterThanOrEqual(4);
    const check = checkResult(sc, result);
    expect(check.violations).toEqual([]);
    expect(check.notices.filter((n) => n.includes('let pass') && n.includes('placed: ')).length).toBe(5);
    expect(reserveOrderNotices(check.notices)).toEqual([]);
  });

  it('the checker refuses a result that breaks an enforced rule, naming the student and the rule', async () => {
    const letPass = await solveSchool(false);
    const check = checkResult(rulesSchool(), letPass);
    expect(check.ok).toBe(false);
    const rule8 = check.violations.filter((v) => v.rule === 8);
    const both = letPass.students.filter((s) => s.placed.PE && s.placed.BTS).map((s) => s.id);
    expect(rule8).toHaveLength(both.length);
    expect(rule8[0].message).toMatch(new RegExp(`^Student ${both[0]} is placed in .*rules\\[0\\] \\(not together: BTS, PE\\)`));
    // An ineligible placement too.
    const hacked = structuredClone(letPass) as Result;
    const sc = rulesSchool();
    const s6 = hacked.students.find((s) => s.id === 'S006')!;
    expect(s6.placed.TSC).toBeUndefined();
    const v = checkResult(sc, { ...hacked, groups: hacked.groups.map((g) => (g.course === 'TSC' ? { ...g, students: [...g.students, 'S006'] } : g)) }).violations;
    expect(v.some((x) => x.rule === 8 && x.message.includes('S006') && x.message.includes('rules[1] (only prior in high: TSC)'))).toBe(true);
  });
});

describe('the checker reads pathway rules, tags and eligibility itself', () => {
  const doc = (enforce: boolean): Json => ({
    format: 'ks4-scenario/1',
    name: 'tags',
    blocks: ['A', 'B', 'C'],
    courses: [course('FRE', { tags: ['language'] }), course('SPA', { tags: ['language'] }), course('TSC'), course('ART')],
    pathways: [{ id: 'V', name: 'Vocational', rules: [{ max: 1, from: ['tag:language'], ...(enforce ? {} : { enforce: false }) }] }],
    rules: [{ eligible: { attribute: 'prior', in: ['high'] }, courses: ['TSC'], ...(enforce ? {} : { enforce: false }) }],
    students: [
      { id: 'P1', choices: ['FRE', 'SPA', 'ART'], pathway: 'V' },
      { id: 'P2', choices: ['TSC', 'ART'], attributes: { prior: 'LOW ' } },
      { id: 'P3', choices: ['TSC', 'ART'], attributes: { prior: ' High' } },
    ],
  });
  const group = (id: string, c: string, block: string, students: string[]) => ({ id, course: c, blocks: [block], years: [10, 11], staff: [], room: null, students });
  const result: Json = {
    format: 'ks4-result/1',
    scenario: 'tags',
    groups: [group('FRE-1', 'FRE', 'A', ['P1']), group('SPA-1', 'SPA', 'B', ['P1']), group('ART-1', 'ART', 'C', ['P1', 'P2', 'P3']), group('TSC-1', 'TSC', 'A', ['P2', 'P3'])],
    students: [
      { id: 'P1', placed: { FRE: 'FRE-1', SPA: 'SPA-1', ART: 'ART-1' }, unmet: [], reserves: [] },
      { id: 'P2', placed: { TSC: 'TSC-1', ART: 'ART-1' }, unmet: [], reserves: [] },
      { id: 'P3', placed: { TSC: 'TSC-1', ART: 'ART-1' }, unmet: [], reserves: [] },
    ],
    summary: { students: 3, fullySatisfied: 3, choices: 7, choicesMet: 7, reservesUsed: 0, groups: 4 },
  };

  it('refuses placements against enforced rules and only notices them when they are let pass', () => {
    const refused = checkResult(doc(true), result);
    expect(refused.violations.map((v) => v.message)).toEqual([
      'Student P1 is placed in FRE, SPA, which break pathways[0].rules[0] (at most 1 from tag:language): at most 1 of them (rule 8)',
      'Student P2 is placed in TSC, which rules[0] (only prior in high: TSC) closes to them (their prior is "LOW ") (rule 8)',
    ]);
    const passed = checkResult(doc(false), result);
    expect(passed.violations).toEqual([]);
    expect(passed.notices).toEqual([
      'Student P1 chose FRE, SPA, which break pathways[0].rules[0] (at most 1 from tag:language; let pass); placed: FRE, SPA',
      'Student P2 chose TSC, which rules[0] (only prior in high: TSC; let pass) closes to them (their prior is "LOW "); placed: TSC',
    ]);
  });
});

describe('reserves only in place of a choice, and in order', () => {
  // Blocks A and B. S1 chose X and W, which both run only in A, so W is unmet; reserves Y then Z, both in B.
  const sc = (): Json =>
    scenario({
      blocks: ['A', 'B'],
      courses: [course('X'), course('W'), course('Y'), course('Z'), course('V')],
      students: [
        { id: 'S1', choices: ['X', 'W'], reserves: ['Y', 'Z'] },
        { id: 'S2', choices: ['X', 'Y'] },
        { id: 'S3', choices: ['W', 'Z'], reserves: ['V'] },
      ],
    });
  const group = (id: string, c: string, block: string, students: string[]) => ({ id, course: c, blocks: [block], years: [10, 11], staff: [], room: null, students });
  const result = (s1: { placed: Record<string, string>; unmet: string[]; reserves: string[] }, groups: Json[], s3: Json = { id: 'S3', placed: { W: 'W-1', Z: 'Z-1' }, unmet: [], reserves: [] }): Json => ({
    format: 'ks4-result/1',
    scenario: 'tiny',
    groups,
    students: [{ id: 'S1', ...s1 }, { id: 'S2', placed: { X: 'X-1', Y: 'Y-1' }, unmet: [], reserves: [] }, s3],
    summary: {
      students: 3,
      fullySatisfied: 2,
      choices: 6,
      choicesMet: 5,
      reservesUsed: s1.reserves.length + s3.reserves.length,
      groups: groups.length,
    },
  });

  it('refuses a student holding more reserves than unmet choices, naming the student', () => {
    // S3 is fully satisfied (W in A, Z in B) and also sits in their reserve V, in block C.
    const doc = result(
      { placed: { X: 'X-1', Y: 'Y-1' }, unmet: ['W'], reserves: ['Y'] },
      [group('X-1', 'X', 'A', ['S1', 'S2']), group('W-1', 'W', 'A', ['S3']), group('Y-1', 'Y', 'B', ['S1', 'S2']), group('Z-1', 'Z', 'B', ['S3']), group('V-1', 'V', 'C', ['S3'])],
      { id: 'S3', placed: { W: 'W-1', Z: 'Z-1', V: 'V-1' }, unmet: [], reserves: ['V'] },
    );
    const three: Json = { ...sc(), blocks: ['A', 'B', 'C'] };
    const check = checkResult(three, doc);
    expect(check.violations.map((v) => v.message)).toEqual([
      'Student S3 holds 1 reserve (V) but has no unmet choice; a reserve only stands in for an unmet choice (rule 3)',
    ]);
    // Without V, the same result passes.
    const fine = structuredClone(doc);
    fine.groups.pop();
    fine.students[2] = { id: 'S3', placed: { W: 'W-1', Z: 'Z-1' }, unmet: [], reserves: [] };
    fine.summary.reservesUsed = 1;
    fine.summary.groups = 4;
    expect(checkResult(three, fine).violations).toEqual([]);
  });

  it('notices a later reserve given while an earlier one had a free place in a block free for the student', () => {
    const groups = [group('X-1', 'X', 'A', ['S1', 'S2']), group('W-1', 'W', 'A', ['S3']), group('Y-1', 'Y', 'B', ['S2']), group('Z-1', 'Z', 'B', ['S1', 'S3'])];
    const late = checkResult(sc(), result({ placed: { X: 'X-1', Z: 'Z-1' }, unmet: ['W'], reserves: ['Z'] }, groups));
    expect(late.violations).toEqual([]);
    expect(reserveOrderNotices(late.notices)).toEqual(['Student S1 was given reserve Z (reserve 2) while reserve Y (reserve 1) had a free place in Y-1 (block B) in a block free for them']);
    // Y full: no notice.
    const full: Json = sc();
    full.courses[2].maxGroupSize = 1;
    expect(reserveOrderNotices(checkResult(full, result({ placed: { X: 'X-1', Z: 'Z-1' }, unmet: ['W'], reserves: ['Z'] }, groups)).notices)).toEqual([]);
    // Y forbidden to S1 by an enforced rule with a choice: no notice either.
    const ruled: Json = { ...sc(), rules: [{ notTogether: ['X', 'Y'] }] };
    expect(reserveOrderNotices(checkResult(ruled, result({ placed: { X: 'X-1', Z: 'Z-1' }, unmet: ['W'], reserves: ['Z'] }, groups)).notices)).toEqual([]);
  });

  it('the solver moves a student from a later reserve to an earlier one with a free place', () => {
    const doc: Scenario = { ...sc(), mode: 'fit', groups: [
      { id: 'X-1', course: 'X', blocks: ['A'] },
      { id: 'W-1', course: 'W', blocks: ['A'] },
      { id: 'Y-1', course: 'Y', blocks: ['B'] },
      { id: 'Z-1', course: 'Z', blocks: ['B'] },
    ] };
    const m = compile(doc);
    const st = new State(m);
    for (let g = 0; g < m.slotCount; g++) st.setPlacement(g, m.slotPinnedPlacement[g]);
    const slot = (id: string) => m.slotGroupId.indexOf(id);
    const w = m.seatWidth;
    st.setSeat(0 * w + 0, slot('X-1'));
    st.setSeat(0 * w + 3, slot('Z-1')); // S1's second reserve
    st.setSeat(1 * w + 0, slot('X-1'));
    st.setSeat(1 * w + 1, slot('Y-1'));
    expect(new Augmenter(m).orderReserves(st)).toBe(1);
    expect(st.seat[0 * w + 2]).toBe(slot('Y-1'));
    expect(st.seat[0 * w + 3]).toBe(-1);
  });

  it('the exact seating returns reserves in order even when it starts from a seating that is not', async () => {
    // Courses 0 X, 1 W (both in cell 0, so W is unmet), reserves 2 Y then 3 Z, both in cell 1 with room.
    const input = {
      students: [{ choices: [0, 1], reserves: [2, 3] }, { choices: [2], reserves: [] }],
      groups: [
        { course: 0, cells: [0], capacity: 5, minSize: 0, pinned: true },
        { course: 1, cells: [0], capacity: 5, minSize: 0, pinned: true },
        { course: 2, cells: [1], capacity: 5, minSize: 0, pinned: true },
        { course: 3, cells: [1], capacity: 5, minSize: 0, pinned: true },
      ],
      coursePlaces: [null, null, null, null],
    };
    const initial = [Int32Array.from([0, -1, -1, 3]), Int32Array.from([2])];
    const out = await seatExactly(input, { timeLimitSeconds: 2, balance: false, initial });
    expect(Array.from(out!.assignment[0])).toEqual([0, -1, 2, -1]);
    // A forbidden reserve is never used: Z takes the place.
    const ruled = await seatExactly({ ...input, students: [{ ...input.students[0], forbidden: [2] }, input.students[1]] }, { timeLimitSeconds: 2, balance: false });
    expect(Array.from(ruled!.assignment[0])).toEqual([0, -1, -1, 3]);
  });

  it('solved samples take reserves in order and never more reserves than unmet choices', async () => {
    const sample = JSON.parse(readFileSync(new URL('../data/samples/sample-120.json', import.meta.url), 'utf8'));
    const result = await solve(sample, { timeSeconds: 2, seed: 3 });
    const check = checkResult(sample, result);
    expect(check.violations).toEqual([]);
    expect(reserveOrderNotices(check.notices)).toEqual([]);
  });
});
