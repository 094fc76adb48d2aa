/**
 * What a blocking depends on, so a result is marked out of date only by an edit that could change it.
 *
 * The solver reads students' ids, choices and reserves; courses' years, span, sizes, group counts, blocks,
 * rooms, site and places; staff, rooms, blocks, years, the scenario's groups, limits and mode. Names,
 * tags used by no rule, departments, discount codes, kinds and the cost and analysis settings do not
 * change it. Choice rules and pathways, and the student attributes an eligibility rule reads, are counted
 * too (conservatively: they decide what a student may take).
 *
 * `basisKey` is a canonical string of those parts (memoised per scenario object: scenarios are never
 * mutated); `basisChanges` names the differences in a head's words ("2 students removed").
 */
import type { Course, Result, Scenario, Student } from '../../solver';

const COURSE_FIELDS = ['years', 'span', 'maxGroupSize', 'minGroupSize', 'minGroups', 'maxGroups', 'maxGroupsPerBlock', 'blocks', 'roomType', 'rooms', 'site', 'places', 'withdrawn'] as const;
const FIELD_WORDS: Record<string, string> = {
  years: 'years',
  span: 'span',
  maxGroupSize: 'maximum group size',
  minGroupSize: 'minimum group size',
  minGroups: 'minimum groups',
  maxGroups: 'maximum groups',
  maxGroupsPerBlock: 'maximum groups per block',
  blocks: 'allowed blocks',
  roomType: 'room type',
  rooms: 'rooms',
  site: 'site',
  places: 'places',
  withdrawn: 'withdrawal',
};

type Rec = Record<string, unknown>;

/** Attribute names an eligibility rule reads, anywhere in the scenario. */
function ruleAttributes(s: Scenario): Set<string> {
  const out = new Set<string>();
  const visit = (rules: unknown) => {
    if (!Array.isArray(rules)) return;
    for (const r of rules) {
      const a = (r as { eligible?: { attribute?: unknown } } | null)?.eligible?.attribute;
      if (typeof a === 'string') out.add(a);
    }
  };
  visit((s as Rec).rules);
  for (const p of s.pathways ?? []) visit(p.rules);
  return out;
}

/** Tags a rule names ("tag:NAME"): changing such a tag changes what the rule allows. */
function ruleTags(s: Scenario): Set<string> {
  const out = new Set<string>();
  const visit = (rules: unknown) => {
    if (!Array.isArray(rules)) return;
    for (const r of rules) {
      const o = r as Rec | null;
      for (const k of ['from', 'courses', 'notTogether']) {
        const list = o?.[k];
        if (Array.isArray(list)) for (const x of list) if (typeof x === 'string' && x.startsWith('tag:')) out.add(x.slice(4));
      }
    }
  };
  visit((s as Rec).rules);
  for (const p of s.pathways ?? []) visit(p.rules);
  return out;
}

// Keys may be ids (attribute names such as __proto__ or toString): own properties only, into an object without a prototype.
const pick = (o: unknown, keys: readonly string[]): Rec => {
  const out: Rec = Object.create(null);
  if (!o || typeof o !== 'object') return out;
  for (const k of keys) if (Object.hasOwn(o, k) && (o as Rec)[k] !== undefined) out[k] = (o as Rec)[k];
  return out;
};

function studentPart(st: Student, attrs: Set<string>): Rec {
  const out = pick(st, ['id', 'choices', 'reserves', 'pathway']);
  if (attrs.size > 0 && st.attributes) out.attributes = pick(st.attributes, [...attrs].sort());
  return out;
}

function coursePart(c: Course, tags: Set<string>): Rec {
  const out = pick(c, ['id', ...COURSE_FIELDS]);
  if (tags.size > 0 && Array.isArray(c.tags)) out.tags = c.tags.filter((t) => tags.has(t)).sort();
  return out;
}

/** The parts of the scenario the blocking depends on, as plain data. */
export function basisOf(s: Scenario): { students: Rec[]; courses: Rec[]; rest: Rec } {
  const attrs = ruleAttributes(s);
  const tags = ruleTags(s);
  return {
    students: (s.students ?? []).map((st) => studentPart(st, attrs)),
    courses: (s.courses ?? []).map((c) => coursePart(c, tags)),
    rest: {
      blocks: s.blocks,
      years: s.years,
      mode: s.mode ?? 'build',
      limits: s.limits?.maxGroups,
      staff: (s.staff ?? []).map((t) => pick(t, ['id', 'courses', 'maxGroups', 'unavailable'])),
      rooms: (s.rooms ?? []).map((r) => pick(r, ['id', 'type', 'capacity', 'unavailable'])),
      groups: (s.groups ?? []).map((g) => pick(g, ['id', 'course', 'blocks', 'years', 'staff', 'room', 'students'])),
      rules: (s as Rec).rules,
      pathways: (s.pathways ?? []).map((p) => pick(p, ['id', 'choices', 'rules'])),
    },
  };
}

const keyMemo = new WeakMap<Scenario, string>();

/** A canonical string of what the blocking depends on: equal keys, same blocking problem. */
export function basisKey(s: Scenario): string {
  let k = keyMemo.get(s);
  if (k === undefined) {
    k = JSON.stringify(basisOf(s));
    keyMemo.set(s, k);
  }
  return k;
}

/** Whether a result made for `made` still describes `now`. */
export function sameBasis(made: Scenario, now: Scenario): boolean {
  return made === now || basisKey(made) === basisKey(now);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * What changed between the scenario a result was made for and the scenario now, in the parts the
 * blocking depends on: "2 students removed", "1 course's maximum group size changed (MUS)".
 */
export function basisChanges(made: Scenario, now: Scenario): string[] {
  if (sameBasis(made, now)) return [];
  const a = basisOf(made);
  const b = basisOf(now);
  const out: string[] = [];
  const diffList = (before: Rec[], after: Rec[], noun: string, nouns: string, changedWhat: (x: Rec, y: Rec) => string[]) => {
    const am = new Map(before.map((x) => [String(x.id), x]));
    const bm = new Map(after.map((x) => [String(x.id), x]));
    const added = [...bm.keys()].filter((id) => !am.has(id));
    const removed = [...am.keys()].filter((id) => !bm.has(id));
    const ids = (l: string[]) => (l.length <= 5 ? ` (${l.join(', ')})` : ` (${l.slice(0, 5).join(', ')}, …)`);
    if (removed.length) out.push(`${plural(removed.length, noun, nouns)} removed${ids(removed)}`);
    if (added.length) out.push(`${plural(added.length, noun, nouns)} added${ids(added)}`);
    const byWhat = new Map<string, string[]>();
    for (const [id, x] of am) {
      const y = bm.get(id);
      if (!y || JSON.stringify(x) === JSON.stringify(y)) continue;
      for (const w of changedWhat(x, y)) byWhat.set(w, [...(byWhat.get(w) ?? []), id]);
    }
    for (const [w, list] of byWhat) out.push(`${list.length} ${list.length === 1 ? `${noun}'s` : `${nouns}'`} ${w} changed${ids(list)}`);
  };
  const fieldsChanged = (x: Rec, y: Rec, words: Record<string, string>) =>
    [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => k !== 'id' && JSON.stringify(x[k]) !== JSON.stringify(y[k])).map((k) => words[k] ?? k);
  diffList(a.students, b.students, 'student', 'students', (x, y) => fieldsChanged(x, y, { choices: 'choices', reserves: 'reserves', pathway: 'pathway', attributes: 'attributes' }));
  diffList(a.courses, b.courses, 'course', 'courses', (x, y) => fieldsChanged(x, y, { ...FIELD_WORDS, tags: 'tags used by a rule' }));
  const ra = a.rest;
  const rb = b.rest;
  const words: Record<string, string> = {
    blocks: 'the blocks',
    years: 'the years',
    mode: 'the mode (build or fit)',
    limits: 'the group budget',
    staff: 'the staff list',
    rooms: 'the rooms',
    groups: 'the fixed (pinned) groups',
    rules: 'the choice rules',
    pathways: 'the pathways',
  };
  for (const k of Object.keys(words)) if (JSON.stringify(ra[k]) !== JSON.stringify(rb[k])) out.push(`${words[k]} changed`);
  if (out.length === 0) out.push('the order of students or courses changed');
  return out;
}

/** "1 student removed and 1 course's maximum groups changed" for one line of text. */
export function changesSentence(changes: string[]): string {
  if (changes.length === 0) return '';
  const list = changes.slice(0, 4);
  const more = changes.length > 4 ? `, and ${changes.length - 4} more change${changes.length - 4 === 1 ? '' : 's'}` : '';
  return list.length === 1 ? list[0] + more : `${list.slice(0, -1).join(', ')}${more ? '' : ' and'} ${list[list.length - 1]}${more}`.replace(/ +/g, ' ');
}

/**
 * A result as the scenario now stands sees it: students no longer in the scenario are taken out of every
 * group and the students' list, so no export writes a removed pupil as a row with a blank name.
 */
export function resultForScenario(scenario: Scenario, result: Result): Result {
  const ids = new Set(scenario.students.map((s) => s.id));
  if (result.students.every((s) => ids.has(s.id)) && result.groups.every((g) => g.students.every((id) => ids.has(id)))) return result;
  return {
    ...result,
    groups: result.groups.map((g) => (g.students.every((id) => ids.has(id)) ? g : { ...g, students: g.students.filter((id) => ids.has(id)) })),
    students: result.students.filter((s) => ids.has(s.id)),
  };
}

/** The line every out-of-date export carries. */
export function staleNote(changes: string[]): string {
  return `OUT OF DATE: this blocking was made before the scenario changed (${changesSentence(changes)}). Re-seat or solve again before using it.`;
}

/** A result document marked out of date, for "Export anyway": the mark is an optional field docs/format.md allows. */
export function markedResult(result: Result, changes: string[]): Result {
  return { ...result, outOfDate: { note: staleNote(changes), changes } };
}

