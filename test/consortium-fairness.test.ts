/**
 * The joint solve keeps each school's places in the search and never plans worse than by hand (issue 15):
 * - each member's places in a shared course are a per-year quota of the combined model (constraints/places.ts,
 *   attached by reduce.ts), so an ordinary solve of the combined scenario keeps them with no repair;
 * - the joint solve makes the plan by hand first (every shared course in its first common column, each school
 *   planning alone around it), never ends below it in total, and names every school it leaves worse off.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/consortium';
import { checkConsortium } from '../data/consortium-check';
import { plantedConsortium, realisticConsortium } from '../data/consortium-gen';
import { handPlaced, solveConsortium } from '../solver/consortium/solve';
import { allowedColumns, reduceConsortium, splitId } from '../solver/consortium/reduce';
import { compile } from '../solver/model';
import { solve } from '../solver/solve';
import { captureConsole } from './helpers/console-capture';

describe("each school's places in the search", () => {
  it('the combined model carries every member\'s places in every shared course as a per-year quota', () => {
    const g = realisticConsortium(1);
    const model = reduceConsortium(g.consortium, g.scenarios);
    const m = compile(model.scenario);
    expect(m.coursePlacesByYear).not.toBeNull();
    expect(m.studentPlacesYear).not.toBeNull();
    for (const course of g.consortium.sharedCourses) {
      const c = m.courseIndex.get(`*|${course.id}`)!;
      model.memberIds.forEach((id, member) => {
        const y = m.years.indexOf(1 + member);
        expect(m.coursePlacesByYear![c * m.yearCount + y], `${course.id} for ${id}`).toBe(course.places[id] ?? 0);
      });
    }
    // Every combined pupil counts in its own member's year.
    m.studentIds.forEach((id, s) => expect(m.years[m.studentPlacesYear![s]]).toBe(1 + splitId(id).member));
    // An ordinary scenario compiles without it.
    expect(compile(g.scenarios[0]).coursePlacesByYear).toBeNull();
  });

  it('an ordinary solve of the combined scenario keeps each member within its places, with no repair', async () => {
    const g = realisticConsortium(2);
    const model = reduceConsortium(g.consortium, g.scenarios);
    const result = await solve(model.scenario, { timeSeconds: 6, seed: 1 });
    const used = new Map<string, number>();
    for (const st of result.students) {
      const member = model.memberIds[splitId(st.id).member];
      for (const course of Object.keys(st.placed)) {
        const { member: owner, id } = splitId(course);
        if (owner === -1) used.set(`${id}/${member}`, (used.get(`${id}/${member}`) ?? 0) + 1);
      }
    }
    expect(used.size).toBeGreaterThan(10);
    for (const course of g.consortium.sharedCourses) {
      for (const id of model.memberIds) expect(used.get(`${course.id}/${id}`) ?? 0, `${course.id} for ${id}`).toBeLessThanOrEqual(course.places[id] ?? 0);
    }
  }, 30_000);
});

describe('never worse than planning by hand', () => {
  it('the plan by hand holds every shared course to its first usable column, and is null when nothing has a choice', () => {
    const g = realisticConsortium(1);
    const hand = handPlaced(g.consortium)!;
    for (const course of hand.sharedCourses) expect(course.columns).toEqual([allowedColumns(g.consortium, g.consortium.sharedCourses.find((c) => c.id === course.id)!)[0]]);
    expect(handPlaced(hand)).toBeNull();
  });

  it('the joint plan is at least the plan by hand in total, every part says its school\'s figure alone, and worse-off schools are named', async () => {
    const g = realisticConsortium(3);
    const outcome = await solveConsortium(g.consortium, g.scenarios, { timeSeconds: 12, seed: 1 });
    expect(outcome.aloneFullySatisfied).not.toBeNull();
    expect(outcome.fullySatisfied).toBeGreaterThanOrEqual(outcome.aloneFullySatisfied!);
    let alone = 0;
    for (const p of outcome.parts) {
      expect(p.figures.alone, p.member).toBe(outcome.alone![p.member]);
      alone += p.figures.alone!;
    }
    expect(alone).toBe(outcome.aloneFullySatisfied);
    expect(outcome.worseOff).toEqual(outcome.parts.filter((p) => p.figures.fullySatisfied < p.figures.alone!).map((p) => p.member));
    expect(checkConsortium(g.consortium, g.scenarios, outcome.parts).ok).toBe(true);
    // The places are the search's: the repair took no seat over a school's places.
    expect(outcome.repair.overPlaces).toBe(0);
  }, 60_000);

  it('a stop heard during the joint solve keeps its plan, checked, and makes no plan by hand', async () => {
    const g = realisticConsortium(1);
    let polls = 0;
    const outcome = await solveConsortium(g.consortium, g.scenarios, { timeSeconds: 20, seed: 1, shouldStop: () => ++polls > 3 });
    expect(outcome.aloneFullySatisfied).toBeNull();
    expect(outcome.worseOff).toEqual([]);
    expect(outcome.seconds).toBeLessThan(15);
    expect(checkConsortium(g.consortium, g.scenarios, outcome.parts).ok).toBe(true);
  }, 60_000);

  it('a consortium the joint solve satisfies in full makes no plan by hand', async () => {
    const g = plantedConsortium({ schools: 3, seed: 1, pupils: 60 });
    const outcome = await solveConsortium(g.consortium, g.scenarios, { timeSeconds: 20, seed: 1 });
    expect(outcome.fullySatisfied).toBe(outcome.students);
    expect(outcome.alone).toBeNull();
    expect(outcome.parts.every((p) => p.figures.alone === undefined)).toBe(true);
  }, 60_000);
});

describe('the realistic consortium with pupils wanting two shared courses', () => {
  it('differs from the plain one only where a pupil takes their own school\'s hosted course too, and every course holds its places', () => {
    const plain = realisticConsortium(2);
    const pairs = realisticConsortium(2, { pairs: true });
    let two = 0;
    pairs.scenarios.forEach((sc, m) => {
      const member = pairs.consortium.members[m].id;
      const hosted = pairs.consortium.sharedCourses.find((c) => c.host === member)!.id;
      sc.students.forEach((st, i) => {
        const before = plain.scenarios[m].students[i];
        expect(st.id).toBe(before.id);
        const changed = st.choices.flatMap((c, k) => (c === before.choices[k] ? [] : [k]));
        if (changed.length === 0) return;
        expect(changed).toEqual([st.choices.length - 2]);
        expect(st.choices[st.choices.length - 2]).toBe(hosted);
        two++;
      });
    });
    expect(two).toBeGreaterThan(50);
    for (const c of pairs.consortium.sharedCourses) {
      expect(Object.values(c.places).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(c.maxGroupSize * c.maxGroups!);
    }
  });

  it('the joint plan beats the plan by hand clearly (the two shared courses in different columns)', async () => {
    const g = realisticConsortium(1, { pairs: true });
    const outcome = await solveConsortium(g.consortium, g.scenarios, { timeSeconds: 12, seed: 1 });
    expect(outcome.fullySatisfied).toBeGreaterThan(outcome.aloneFullySatisfied! + 10);
    expect(checkConsortium(g.consortium, g.scenarios, outcome.parts).ok).toBe(true);
  }, 60_000);
});

describe('ks4 consortium solve shows each school beside its figure alone', () => {
  it('prints the plan by hand, each school\'s figure alone and its change, and names the schools worse off when any', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks4-consortium-fair-'));
    try {
      const g = realisticConsortium(1, { pairs: true });
      writeFileSync(join(dir, 'c.json'), JSON.stringify(g.consortium));
      const { code, out: text } = await captureConsole(() => main(['solve', join(dir, 'c.json'), '--out', join(dir, 'parts'), '--time', '8', '--seed', '1']));
      expect(code).toBe(0);
      const total = /: (\d+) of 840 pupils fully satisfied/.exec(text);
      const alone = /planning alone \(shared courses by hand in their first common column\): (\d+); the joint plan (gains|loses) (\d+)/.exec(text);
      expect(total, text).not.toBeNull();
      expect(alone, text).not.toBeNull();
      expect(Number(alone![1]) + (alone![2] === 'gains' ? 1 : -1) * Number(alone![3])).toBe(Number(total![1]));
      const worse: string[] = [];
      for (const member of ['north', 'east', 'south', 'west']) {
        const line = new RegExp(`  ${member}: (\\d+) of \\d+ \\([\\d.]+%\\), alone (\\d+) \\(([+-]?\\d+)\\)`).exec(text);
        expect(line, `${member} in\n${text}`).not.toBeNull();
        expect(Number(line![1]) - Number(line![2])).toBe(Number(line![3]));
        if (Number(line![1]) < Number(line![2])) worse.push(member);
      }
      if (worse.length > 0) expect(text).toContain(`worse off than planning alone: ${worse[0]} (`);
      else expect(text).not.toContain('worse off than planning alone');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
