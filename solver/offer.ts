/**
 * The published offer, `"format": "ks4-offer/1"`: what students see when they preview a combination.
 * It is made from a scenario and its result by solver/publish.ts and read by solver/preview.ts and the
 * student page. It carries the blocks, every group with its blocks, years and free places, the courses and
 * the choice rules, and nothing about any student: no names, ids, attributes or choices, no staff or rooms.
 *
 * {
 *   "format": "ks4-offer/1",
 *   "name": "Year 9 options 2027, offer B",
 *   "blocks": ["A", "B", "C", "D", "E"],
 *   "years": [10, 11],
 *   "courses": [ { "id": "HIS", "name": "History", "kind": "GCSE", "tags": ["humanity"], "department": "Humanities",
 *                  "years": [10, 11], "span": 1, "site": "home", "discountCode"?: "DA1", "placesLeft"?: 3 } ],
 *   "groups":  [ { "id": "HIS-1", "course": "HIS", "blocks": ["A"], "years": [10, 11], "free": 4 } ],
 *   "pathways": [ { "id": "EB", "name": "EBacc", "choices"?: 4, "rules": [ ...choice rules... ] } ],
 *   "rules": [ ...choice rules for every student... ],
 *   "sites": [ { "id": "COL", "name": "Town College" } ],
 *   "ask"?: { "choices"?: 4, "reserveChoices"?: 2 }
 * }
 *
 * `free` is the group's maxGroupSize less the students seated in it; `placesLeft` is a course's `places`
 * quota (a partner's) less the students placed on it, present only when the course has a quota.
 * Choice rules are described in solver/rules.ts.
 *
 * This module also validates an offer read from a file or link (hand-written: the solver layer does not
 * use zod). Every problem names the JSON path and the value, with a hint.
 */
import { RuleBook, suggest, type ChoiceRule } from './rules';

export const OFFER_FORMAT = 'ks4-offer/1';

export interface OfferCourse {
  id: string;
  name: string;
  kind: string;
  tags: string[];
  department?: string;
  years: number[];
  span: 1 | 2;
  /** "home" or a partner site id. */
  site: string;
  discountCode?: string;
  /** Places left on the course's quota; absent when the course has no quota. */
  placesLeft?: number;
}

export interface OfferGroup {
  id: string;
  course: string;
  /** As many block labels as the course's span. */
  blocks: string[];
  years: number[];
  /** Places still free in the group. */
  free: number;
}

export interface OfferPathway {
  id: string;
  name: string;
  choices?: number;
  rules: ChoiceRule[];
}

export interface Offer {
  format: typeof OFFER_FORMAT;
  name: string;
  blocks: string[];
  years: number[];
  courses: OfferCourse[];
  groups: OfferGroup[];
  pathways: OfferPathway[];
  rules: ChoiceRule[];
  sites?: { id: string; name: string }[];
  /**
   * How many courses the page asks a student for (when no pathway says otherwise) and how many reserves.
   * Optional (older offers lack it); added by this project, published from the cohort's usual counts.
   */
  ask?: OfferAsk;
}

export interface OfferAsk {
  choices?: number;
  reserveChoices?: number;
}

export interface OfferIssue {
  path: string;
  value: unknown;
  message: string;
}

export type OfferOutcome = { ok: true; value: Offer } | { ok: false; errors: OfferIssue[] };

export function formatOfferIssues(issues: readonly OfferIssue[]): string {
  return issues.map((i) => `- ${i.message}`).join('\n');
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v !== '';
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Check that `input` is a published offer and return it typed, or every problem found. */
export function parseOffer(input: unknown): OfferOutcome {
  const errors: OfferIssue[] = [];
  const bad = (path: string, value: unknown, message: string) => errors.push({ path, value, message });
  if (!isObj(input)) {
    bad('', input, `This is not a published offer: expected a JSON object with "format": "${OFFER_FORMAT}", found ${Array.isArray(input) ? 'a list' : typeof input}.`);
    return { ok: false, errors };
  }
  if (input.format !== OFFER_FORMAT) {
    const hint =
      input.format === 'ks4-scenario/1'
        ? ' This is a scenario. Publish it first: npm run --silent publish -- SCENARIO.json RESULT.json --out OFFER.json'
        : input.format === 'ks4-result/1'
          ? ' This is a solver result. Publish it with its scenario: npm run --silent publish -- SCENARIO.json RESULT.json --out OFFER.json'
          : '';
    bad('format', input.format, `This is not a published offer: "format" is ${JSON.stringify(input.format)}, expected "${OFFER_FORMAT}".${hint}`);
    return { ok: false, errors };
  }
  if (typeof input.name !== 'string') bad('name', input.name, `The offer's "name" should be a string (name).`);

  const blocks = input.blocks;
  const blockSet = new Set<string>();
  if (!Array.isArray(blocks) || blocks.length === 0) {
    bad('blocks', blocks, `The offer's "blocks" should be a non-empty list of block labels such as ["A","B","C","D"] (blocks).`);
  } else {
    blocks.forEach((b, i) => {
      if (!isStr(b)) bad(`blocks[${i}]`, b, `Block label ${JSON.stringify(b)} should be a non-empty string (blocks[${i}]).`);
      else if (blockSet.has(b)) bad(`blocks[${i}]`, b, `Block ${b} is listed twice (blocks[${i}]). Maybe one should be renamed?`);
      else blockSet.add(b);
    });
  }
  const years = input.years;
  const yearSet = new Set<number>();
  if (!Array.isArray(years) || years.length === 0 || !years.every(isInt)) {
    bad('years', years, `The offer's "years" should be a non-empty list of whole numbers such as [10, 11] (years).`);
  } else for (const y of years) yearSet.add(y);

  const courseIds: string[] = [];
  const spans = new Map<string, number>();
  if (!Array.isArray(input.courses)) {
    bad('courses', input.courses, `The offer's "courses" should be a list (courses).`);
  } else {
    input.courses.forEach((c, i) => {
      const p = `courses[${i}]`;
      if (!isObj(c)) return bad(p, c, `${p} should be a course object.`);
      if (!isStr(c.id)) return bad(`${p}.id`, c.id, `Course ${p} has no id (${p}.id).`);
      if (spans.has(c.id)) bad(`${p}.id`, c.id, `Course ${c.id} is listed twice (${p}.id).`);
      courseIds.push(c.id);
      spans.set(c.id, c.span === 2 ? 2 : 1);
      if (typeof c.name !== 'string') bad(`${p}.name`, c.name, `Course ${c.id} has no name (${p}.name).`);
      if (c.span !== 1 && c.span !== 2) bad(`${p}.span`, c.span, `Course ${c.id} has span ${JSON.stringify(c.span)} (${p}.span). Maybe it should be 1, or 2 for a double option?`);
      if (!Array.isArray(c.tags) || !c.tags.every((t) => typeof t === 'string')) bad(`${p}.tags`, c.tags, `Course ${c.id} should have a list of tags, possibly empty (${p}.tags).`);
      if (!Array.isArray(c.years) || !c.years.every((y) => isInt(y) && yearSet.has(y))) {
        bad(`${p}.years`, c.years, `Course ${c.id} has years ${JSON.stringify(c.years)} (${p}.years). Maybe they should be among the offer's years ${JSON.stringify(years)}?`);
      }
      if (typeof c.site !== 'string') bad(`${p}.site`, c.site, `Course ${c.id} should name its site, "home" or a partner id (${p}.site).`);
      if (c.placesLeft !== undefined && !(isInt(c.placesLeft) && c.placesLeft >= 0)) {
        bad(`${p}.placesLeft`, c.placesLeft, `Course ${c.id} has placesLeft ${JSON.stringify(c.placesLeft)} (${p}.placesLeft). Maybe it should be a whole number, 0 or more?`);
      }
    });
  }

  if (!Array.isArray(input.groups)) {
    bad('groups', input.groups, `The offer's "groups" should be a list (groups).`);
  } else {
    const seen = new Set<string>();
    input.groups.forEach((g, i) => {
      const p = `groups[${i}]`;
      if (!isObj(g)) return bad(p, g, `${p} should be a group object.`);
      if (!isStr(g.id)) bad(`${p}.id`, g.id, `Group ${p} has no id (${p}.id).`);
      else if (seen.has(g.id)) bad(`${p}.id`, g.id, `Group ${g.id} is listed twice (${p}.id).`);
      else seen.add(g.id);
      const name = isStr(g.id) ? g.id : p;
      if (!isStr(g.course) || !spans.has(g.course)) {
        const hint = isStr(g.course) ? suggest(g.course, courseIds) : undefined;
        bad(`${p}.course`, g.course, `Group ${name} names course ${JSON.stringify(g.course)}, which is not in the offer's courses (${p}.course).${hint ? ` Maybe you meant ${hint}?` : ''}`);
      }
      if (!Array.isArray(g.blocks) || !g.blocks.every((b) => typeof b === 'string' && blockSet.has(b))) {
        bad(`${p}.blocks`, g.blocks, `Group ${name} sits in ${JSON.stringify(g.blocks)}, not all of which are offer blocks ${JSON.stringify(blocks)} (${p}.blocks).`);
      } else {
        if (new Set(g.blocks).size !== g.blocks.length) bad(`${p}.blocks`, g.blocks, `Group ${name} lists a block twice (${p}.blocks).`);
        const span = isStr(g.course) ? spans.get(g.course) : undefined;
        if (span !== undefined && g.blocks.length !== span) {
          bad(`${p}.blocks`, g.blocks, `Group ${name} sits in ${g.blocks.length} block(s) but course ${String(g.course)} has span ${span} (${p}.blocks).`);
        }
      }
      if (!Array.isArray(g.years) || g.years.length === 0 || !g.years.every((y) => isInt(y) && yearSet.has(y))) {
        bad(`${p}.years`, g.years, `Group ${name} has years ${JSON.stringify(g.years)} (${p}.years). Maybe they should be among the offer's years ${JSON.stringify(years)}?`);
      }
      if (!isInt(g.free) || g.free < 0) bad(`${p}.free`, g.free, `Group ${name} has free ${JSON.stringify(g.free)} (${p}.free). Maybe it should be a whole number, 0 or more?`);
    });
  }

  if (!Array.isArray(input.pathways)) bad('pathways', input.pathways, `The offer's "pathways" should be a list, possibly empty (pathways).`);
  else
    input.pathways.forEach((pw, i) => {
      if (!isObj(pw) || !isStr(pw.id) || typeof pw.name !== 'string' || !Array.isArray(pw.rules)) {
        bad(`pathways[${i}]`, pw, `pathways[${i}] should be { "id", "name", "choices"?, "rules": [...] }.`);
      }
    });
  if (!Array.isArray(input.rules)) bad('rules', input.rules, `The offer's "rules" should be a list, possibly empty (rules).`);
  if (input.ask !== undefined) {
    const ask = input.ask;
    if (!isObj(ask)) bad('ask', ask, `The offer's "ask" should be an object such as { "choices": 4, "reserveChoices": 1 } (ask).`);
    else
      for (const k of ['choices', 'reserveChoices'] as const) {
        if (ask[k] !== undefined && !(isInt(ask[k]) && (ask[k] as number) >= 0)) bad(`ask.${k}`, ask[k], `The offer's ask.${k} is ${JSON.stringify(ask[k])} (ask.${k}). Maybe it should be a whole number, 0 or more?`);
      }
  }

  if (errors.length === 0) {
    // Rules refer to courses and tags: the rule engine resolves them and reports what does not resolve.
    const book = new RuleBook(input as unknown as Offer);
    for (const issue of book.issues) errors.push(issue);
  }
  return errors.length === 0 ? { ok: true, value: input as unknown as Offer } : { ok: false, errors };
}
