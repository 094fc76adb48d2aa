/**
 * Nothing personal crosses (docs/consortium.md, "Each school's data stays its own"): every string in a demand
 * file and in a part is a course, block, column, member or site id, a fixed word of the format, or a random id
 * the school's key holds; no name, attribute, admission number, UPN or pathway of the member scenario appears
 * anywhere in them. The key is the only way back, and the merge gives the school its own ids.
 */
import { describe, expect, it } from 'vitest';
import { checkResult } from '../data/checker';
import { parseConsortium, parseDemand, resolveConsortium } from '../data/consortium';
import { exportDemand, mergePart } from '../data/consortium-demand';
import { realisticConsortium } from '../data/consortium-gen';
import { solveConsortium } from '../solver/consortium/solve';
import type { Scenario } from '../solver/types';
import { COURSE_KINDS } from '../data/schema';

/** Every string value and key in a JSON document. */
function strings(doc: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof doc === 'string') into.add(doc);
  else if (Array.isArray(doc)) for (const x of doc) strings(x, into);
  else if (doc && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) {
      into.add(k);
      strings(v, into);
    }
  }
  return into;
}

/** The object keys a document's fields use: field names, not data. */
const FIELD_NAMES = new Set([
  'format', 'consortium', 'member', 'scenario', 'name', 'blocks', 'years', 'mode', 'courses', 'id', 'kind', 'span', 'maxGroupSize', 'minGroupSize',
  'minGroups', 'maxGroups', 'maxGroupsPerBlock', 'roomType', 'rooms', 'site', 'places', 'staff', 'maxGroups', 'unavailable', 'block', 'year',
  'type', 'capacity', 'sites', 'students', 'choices', 'reserves', 'groups', 'course', 'room', 'result', 'placed', 'unmet', 'summary',
  'fullySatisfied', 'choicesMet', 'reservesUsed', 'seconds', 'seed', 'pinned', 'figures', 'travelling', 'placesUsed', 'alone',
]);

describe('privacy of the consortium split', async () => {
  const g = realisticConsortium(2);
  // A school's own scenario: the generator gives names and attributes; add what an MIS export carries too.
  const own: Scenario[] = g.scenarios.map((s, i) => ({
    ...s,
    students: s.students.map((st, k) => ({ ...st, upn: `A8230${i}${String(k).padStart(7, '0')}`, admissionNumber: `00${i}${k}`, regGroup: `10${'ABCD'[k % 4]}` })),
  }));
  const exports = g.consortium.members.map((m, i) => exportDemand(own[i], g.consortium, m.id));
  // The coordinator's view: the demand files alone, as JSON text that crossed a wire.
  const demands = exports.map((e) => parseDemand(JSON.parse(JSON.stringify(e.demand)), g.consortium));
  const scenarios = demands.map((d) => (d.ok ? d.value.scenario : (undefined as never)));
  const coordinator = { ...g.consortium, members: g.consortium.members.map((m) => ({ ...m, scenario: `${m.id}.demand.json` })) };
  const outcome = await solveConsortium(coordinator, scenarios, { timeSeconds: 6, seed: 3 });

  const allowed = new Set<string>([
    ...FIELD_NAMES,
    ...COURSE_KINDS,
    'home',
    'build',
    'fit',
    'ks4-scenario/1',
    'ks4-result/1',
    'ks4-consortium-demand/1',
    'ks4-consortium-part/1',
    g.consortium.id,
    ...g.consortium.members.map((m) => m.id),
    ...g.consortium.columns.map((c) => c.id),
    ...(g.consortium.sites ?? []).flatMap((s) => [s.id, s.name]),
    ...g.consortium.members.map((m) => m.name), // a host school's name, as a site of the member view
    ...g.consortium.sharedCourses.flatMap((c) => [c.id, c.name]),
    ...own.flatMap((s) => [...s.blocks, ...s.courses.map((c) => c.id), ...(s.sites ?? []).map((x) => x.id)]),
  ]);
  const isResultGroupId = (x: string): boolean => /^[A-Z0-9]+-\d+$/.test(x) && own.some((s) => s.courses.some((c) => x.startsWith(`${c.id}-`)));

  it('every demand file and part validates and the coordinator solved from them', () => {
    expect(demands.every((d) => d.ok)).toBe(true);
    expect(parseConsortium(JSON.parse(JSON.stringify(g.consortium))).ok).toBe(true);
    expect(resolveConsortium(g.consortium, scenarios)).toEqual([]);
    expect(outcome.parts).toHaveLength(4);
  });

  it('every string in a demand file or a part is an id of the plan, a word of the format or a random id of the key', () => {
    exports.forEach((e, i) => {
      const random = new Set([...Object.keys(e.key.students), ...Object.keys(e.key.staff), ...Object.keys(e.key.rooms), ...Object.keys(e.key.groups)]);
      for (const [what, doc] of [['demand', e.demand], ['part', outcome.parts[i]]] as const) {
        const strange = [...strings(doc)].filter((x) => !allowed.has(x) && !random.has(x) && !/^y[0-9a-f]{24}$/.test(x) && !isResultGroupId(x) && !/^\d+$/.test(x));
        expect(strange, `${what} of ${g.consortium.members[i].id}`).toEqual([]);
      }
    });
  });

  it('no name, attribute, UPN, admission number, form group or pathway of the school appears in them', () => {
    const text = JSON.stringify([...exports.map((e) => e.demand), ...outcome.parts]);
    let looked = 0;
    for (const s of own) {
      for (const st of s.students) {
        for (const v of [st.name, st.upn, st.admissionNumber, st.regGroup, st.id, st.pathway]) {
          if (typeof v !== 'string') continue;
          expect(text.includes(`"${v}"`), `${v}`).toBe(false);
          looked++;
        }
        for (const v of Object.values(st.attributes ?? {})) expect(text.includes(`"${String(v)}"`) && typeof v === 'string' && !allowed.has(v)).toBe(false);
      }
      for (const t of s.staff ?? []) {
        expect(text.includes(`"${t.id}"`)).toBe(false);
        if (t.name) expect(text.includes(t.name)).toBe(false);
      }
    }
    expect(looked).toBeGreaterThan(840 * 3);
  });

  it('random ids come from the CSPRNG: distinct, 96 bits, and unrelated between two exports of the same school', () => {
    const again = exportDemand(own[0], g.consortium, g.consortium.members[0].id);
    const first = Object.keys(exports[0].key.students);
    const second = Object.keys(again.key.students);
    expect(new Set(first).size).toBe(own[0].students.length);
    expect(first.every((x) => /^p[0-9a-f]{24}$/.test(x))).toBe(true);
    expect(first.filter((x) => second.includes(x))).toEqual([]);
  });

  it('each school merges its part by its own key into a result in its own ids that passes the checker', () => {
    g.consortium.members.forEach((m, i) => {
      const merged = mergePart(outcome.parts[i], own[i], exports[i].key);
      expect(merged.result.students.map((s) => s.id).sort()).toEqual(own[i].students.map((s) => s.id).sort());
      const check = checkResult(merged.scenario, merged.result);
      expect(check.violations, m.id).toEqual([]);
      expect(merged.result.summary.fullySatisfied).toBe(outcome.parts[i].figures.fullySatisfied);
    });
  });
});
