/**
 * Problems in the user's terms (web/state/problems.ts): located by name, id and row, worded with what to
 * do, grouped by kind, and counted truly past parseScenario's cap of MAX_ISSUES.
 */
import { describe, expect, it } from 'vitest';
import sample from '../data/samples/sample-240.json';
import { MAX_ISSUES, parseScenario } from '../data/schema';
import type { Scenario } from '../solver/types';
import { allScenarioIssues, describeProblem, problemLines, problemReport } from '../web/state/problems';

const SAMPLE = sample as unknown as Scenario;

describe('problems in the user’s terms', () => {
  it('names the course, its id and its row, and says what to do about a missing room type', () => {
    const courses = SAMPLE.courses.map((c) => ({ ...c }));
    const id = courses[7].id;
    courses[7] = { ...courses[7], name: 'Food Prep & Nutrition', roomType: 'Food', site: undefined };
    const sc: Scenario = { ...SAMPLE, courses };
    const report = problemReport(sc);
    expect(report.total).toBe(1);
    expect(report.headline).toBe('1 problem');
    const p = report.groups[0].problems[0];
    expect(report.groups[0].title).toBe('Courses');
    expect(p.text).toBe(`Food Prep & Nutrition (course ${id}, row 8 of the course list): no room of type Food. Add one on the Rooms table, or change the course's room type? Maybe you meant food?`);
    expect(p.path).toBe('courses[7].roomType');
  });

  it('counts every problem past the cap, groups them by kind and sums up one cause', () => {
    // The course list lost: every choice of every student and every teacher's course names nothing.
    const sc: Scenario = { ...SAMPLE, courses: [] };
    const capped = parseScenario(sc);
    expect(capped.ok).toBe(false);
    if (capped.ok) return;
    expect(capped.errors.length).toBe(MAX_ISSUES + 1);
    const choices = SAMPLE.students.reduce((n, s) => n + s.choices.length + (s.reserves?.length ?? 0), 0);
    const teaching = (SAMPLE.staff ?? []).reduce((n, t) => n + t.courses.length, 0);
    const all = allScenarioIssues(sc);
    expect(all.filter((i) => /^students\[\d+\]\.(choices|reserves)/.test(i.path)).length).toBe(choices);
    expect(all.filter((i) => /^staff\[\d+\]\.courses/.test(i.path)).length).toBe(teaching);
    const report = problemReport(sc);
    expect(report.total).toBe(all.length);
    expect(report.total).toBeGreaterThan(MAX_ISSUES);
    const kinds = report.groups.map((g) => g.title);
    expect(kinds).toContain("Students' choices");
    expect(kinds).toContain('Teachers');
    expect(report.headline).toBe(`${report.total} problems in ${report.groups.length} kinds`);
    const students = report.groups.find((g) => g.kind === 'students')!;
    expect(students.count).toBe(choices);
    expect(students.summary[0]).toMatch(/no course list yet/);
    expect(students.summary.length).toBeGreaterThan(5);
    const lines = problemLines(report, 3);
    expect(lines[0]).toMatch(/^Courses|^Teachers|^Rooms/);
    expect(lines.some((l) => /more \(all listed on the Offer screen\)/.test(l))).toBe(true);
  });

  it('gives the same issues as parseScenario under the cap', () => {
    const sc: Scenario = { ...SAMPLE, students: SAMPLE.students.map((s, i) => (i === 3 ? { ...s, choices: [...s.choices.slice(0, -1), 'GEOG'] } : s)) };
    const all = allScenarioIssues(sc);
    const plain = parseScenario(sc);
    expect(plain.ok).toBe(false);
    if (!plain.ok) expect(all).toEqual(plain.errors);
    const p = describeProblem(sc, all[0]);
    expect(p.text).toMatch(new RegExp(`^${SAMPLE.students[3].name} \\(student ${SAMPLE.students[3].id}, row 4 of the students list\\): chose GEOG, which is not on the course list\\. Add course GEOG on the Courses table, or correct the choice\\?`));
    expect(p.kind).toBe('students');
  });

  it('counts duplicate ids across windows and shape problems past the cap', () => {
    const students = [...SAMPLE.students, { ...SAMPLE.students[0] }];
    const dup = allScenarioIssues({ ...SAMPLE, courses: [], students });
    expect(dup.some((i) => i.path === `students[${students.length - 1}].id` && /used twice/.test(i.message))).toBe(true);
    // Every course without a maximum group size: a shape problem, so the cross-checks never run.
    const shape: Scenario = { ...SAMPLE, courses: Array.from({ length: 260 }, (_, i) => ({ id: `C${i}`, name: `Course ${i}` }) as unknown as Scenario['courses'][number]) };
    const all = allScenarioIssues(shape);
    expect(all.length).toBe(260);
    expect(problemReport(shape).groups.map((g) => g.kind)).toEqual(['courses']);
  });

  it('words document fields as the Offer screen\'s columns, and the solve message keeps the path as a detail', () => {
    const sc: Scenario = { ...SAMPLE, courses: SAMPLE.courses.map((c, i) => (i === 0 ? { ...c, maxGroupSize: 0 } : c)) };
    const report = problemReport(sc);
    expect(report.total).toBe(1);
    const text = report.groups[0].problems[0].text;
    expect(text).toMatch(/^History \(course HIS, row 1 of the course list\): has max group size 0\./);
    expect(text).not.toMatch(/maxGroupSize/);
    expect(problemLines(report)).toEqual([`Courses: ${text} (courses[0].maxGroupSize)`]);
  });

  it('says where a repeat is in words, not by path', () => {
    const courses = [...SAMPLE.courses, { ...SAMPLE.courses[2] }];
    const students = SAMPLE.students.map((st, i) => (i === 0 ? { ...st, reserves: [st.choices[1]] } : st));
    const report = problemReport({ ...SAMPLE, courses, students });
    const texts = report.groups.flatMap((g) => g.problems.map((p) => p.text));
    expect(texts).toContain(`${SAMPLE.courses[2].name} (course ${SAMPLE.courses[2].id}, row ${courses.length} of the course list): Course id ${SAMPLE.courses[2].id} is used twice (also row 3 of the course list). Maybe one of them should have another id?`);
    expect(texts.some((t) => t.includes(`has course ${SAMPLE.students[0].choices[1]} both as a choice and as a reserve (also choice 2)`))).toBe(true);
  });
});
