/**
 * From a scenario and one student's placements to the list of qualifications the student is entered for:
 * the core every student takes (set per scenario by the optional `core` field) plus a qualification for
 * each placed course. Built once per scenario as a catalogue, then looked up per student.
 *
 * The optional scenario field (an extra beside docs/format.md's fields, read here without zod):
 *   "core": { "english": true | "language" | false, "maths": true | false,
 *             "science": "combined" | "triple" | "none" }
 * Default { english: true, maths: true, science: "combined" }: English language and literature, maths
 * and combined science. `english: "language"` enters language only (English then counts single in
 * Attainment 8). `science: "triple"` enters every student for biology, chemistry and physics.
 *
 * Option courses (never technical awards):
 * - tagged `triple-science`: biology, chemistry and physics, three qualifications that replace the core's
 *   combined science for the students placed in it;
 * - tagged `biology`, `chemistry` or `physics`: that one separate science;
 * - tagged `computing` (computer science): an EBacc science and one of the three single sciences the
 *   EBacc accepts, but not a separate science;
 * - tagged `science` otherwise: one separate science qualification (a single science). A triple-science
 *   course tagged only `science` therefore counts as one more science beside the core's combined
 *   science: three science units and the same slot fill, but not the EBacc's three single sciences.
 *   The generator's catalogue tags its triple-science course `triple-science` and computer science
 *   `computing`.
 * Courses of kind TechAward, CambridgeNational, BTEC or VCert, or tagged `technical-award`, get the
 * `technical-award` tag, which keeps them out of EBacc and science slots.
 */
import type { Course, Scenario } from '../types';
import { recogniseCourse } from './recognise';
import { KNOWN_TAGS, TECHNICAL_AWARD_KINDS, type RuleSet, type Selector } from './rules';

export interface CoreSettings {
  english: 'both' | 'language' | 'none';
  maths: boolean;
  science: 'combined' | 'triple' | 'none';
}

export const DEFAULT_CORE: CoreSettings = { english: 'both', maths: true, science: 'combined' };

export interface Qualification {
  /** Unique within a student: `core:maths`, `course:HIS`, `course:TRI:biology`. */
  key: string;
  label: string;
  /** The option course it comes from; null for the core. */
  course: string | null;
  tags: string[];
  /** Slots it can fill: combined science is a double award and fills two. */
  size: 1 | 2;
  /** Qualifications sharing a code count once. Without a code in the scenario each has its own. */
  discountCode: string;
  /** The year it is entered (examined): the last year it is taught. */
  entryYear: number;
  technicalAward: boolean;
}

/** A problem in the scenario's accountability data, reported once however many students it touches. */
export interface DataNotice {
  kind: 'unknown-tag' | 'unknown-discount-code' | 'suspicious-discount-code' | 'science-option' | 'result'
    | 'no-type' | 'inferred-type' | 'tag-conflict';
  message: string;
  courses: string[];
}

export class AnalysisInputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'AnalysisInputError';
  }
}

export interface Catalogue {
  core: CoreSettings;
  years: number[];
  finalYear: number;
  coreQualifications: Qualification[];
  /** Per course id: the qualifications a student placed in it is entered for. */
  courseQualifications: Map<string, Qualification[]>;
  /** Courses whose separate sciences replace the core's combined science. */
  replacesCombined: Set<string>;
  courses: Map<string, Course>;
  /** Course id -> its index in scenario.courses. */
  courseOrder: Map<string, number>;
  notices: DataNotice[];
  /** Courses without tags whose type was recognised from the name (recognise.ts), in scenario order. */
  inferred: InferredType[];
  /** Courses without tags whose type could not be recognised: figures resting on them need data. */
  untyped: Set<string>;
}

/** A course type the analysis inferred because the scenario gives the course no tags. */
export interface InferredType {
  course: string;
  name: string;
  /** "GCSE History". */
  label: string;
  kind: NonNullable<Course['kind']>;
  tags: string[];
  discountCode?: string;
  department?: string;
  /** What in the name or id was recognised. */
  matched: string;
}

/** Tags that decide EBacc entry or which slots a course fills: a given list with none of them is checked against the name. */
const DECISIVE_TAGS = ['language', 'history', 'geography', 'triple-science', 'combined-science', 'computing', 'biology', 'chemistry', 'physics', 'science', 'statistics', 'humanity', 'no-qualification', 'technical-award'];

const show = (v: unknown) => JSON.stringify(v) ?? String(v);

/** Reads `scenario.core`, throwing AnalysisInputError with a path and a hint for a value it cannot use. */
export function readCore(scenario: Scenario): CoreSettings {
  const raw = scenario.core;
  if (raw === undefined) return { ...DEFAULT_CORE };
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new AnalysisInputError([
      `core is ${show(raw)}. It should be an object like {"english": true, "maths": true, "science": "combined"}, or left out.`,
    ]);
  }
  const c = raw as Record<string, unknown>;
  const core: CoreSettings = { ...DEFAULT_CORE };
  for (const key of Object.keys(c)) {
    if (!['english', 'maths', 'science'].includes(key)) {
      const near = ['english', 'maths', 'science'].find((k) => editDistance(key.toLowerCase(), k) <= 2);
      problems.push(`core.${key} is not a core setting. The core settings are english, maths and science.` + (near ? ` Maybe ${near}?` : ''));
    }
  }
  if (c.english !== undefined) {
    if (c.english === true || c.english === 'both') core.english = 'both';
    else if (c.english === 'language') core.english = 'language';
    else if (c.english === false || c.english === 'none') core.english = 'none';
    else problems.push(`core.english is ${show(c.english)}. Maybe it should be true (language and literature), "language" or false?`);
  }
  if (c.maths !== undefined) {
    if (typeof c.maths === 'boolean') core.maths = c.maths;
    else problems.push(`core.maths is ${show(c.maths)}. Maybe it should be true?`);
  }
  if (c.science !== undefined) {
    if (c.science === 'combined' || c.science === 'triple' || c.science === 'none') core.science = c.science;
    else if (c.science === false) core.science = 'none';
    else problems.push(`core.science is ${show(c.science)}. Maybe it should be "combined", "triple" or "none"?`);
  }
  if (problems.length > 0) throw new AnalysisInputError(problems);
  return core;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

function nearestTag(tag: string, knownTags: Iterable<string> = KNOWN_TAGS): string | null {
  let best: string | null = null;
  let bestD = Math.max(2, Math.floor(tag.length / 3)) + 1;
  for (const known of knownTags) {
    if (known === tag) continue;
    const d = editDistance(tag.toLowerCase(), known);
    if (d < bestD) { bestD = d; best = known; }
  }
  return best;
}

const SINGLE_SCIENCES = ['biology', 'chemistry', 'physics'] as const;
/** Areas used to spot discount codes shared by courses that have nothing in common (likely a typo). */
const SUBJECT_AREAS = ['language', 'history', 'geography', 'science', 'computing', 'creative', 'maths', 'english', 'statistics'];

export interface CatalogueOptions {
  /** When given, discount codes outside this list are reported (once each) as unknown. */
  knownDiscountCodes?: readonly string[];
  /**
   * Tags the rule sets in use select on, beyond KNOWN_TAGS: a custom rule set may give a tag of its own
   * ("arts") a meaning. Tags listed here are not reported as unknown.
   */
  ruleTags?: readonly string[];
}

/** Every tag the selectors of these rule sets name (buckets, full-weight needs, requirements, span areas). */
export function ruleSetTags(ruleSets: readonly RuleSet[]): string[] {
  const out = new Set<string>();
  const add = (sel: Selector | undefined) => {
    for (const list of [sel?.anyTag, sel?.allTag, sel?.noTag]) for (const t of list ?? []) out.add(t);
  };
  for (const r of ruleSets) {
    for (const b of r.buckets) {
      add(b.accepts);
      for (const sel of b.fullWeightNeeds?.selectors ?? []) add(sel);
    }
    for (const q of r.requirements) {
      if (q.kind === 'entered') for (const alt of q.anyOf) add(alt.select);
      else for (const area of q.areas) add(area.select);
    }
  }
  return [...out].sort();
}

export function compileCatalogue(scenario: Scenario, options: CatalogueOptions = {}): Catalogue {
  const core = readCore(scenario);
  const years = scenario.years && scenario.years.length > 0 ? [...scenario.years] : [10, 11];
  const finalYear = Math.max(...years);
  const notices: DataNotice[] = [];
  const knownTags = new Set([...KNOWN_TAGS, ...(options.ruleTags ?? [])]);

  const coreQualifications: Qualification[] = [];
  const coreQual = (key: string, label: string, tags: string[], size: 1 | 2 = 1): Qualification => ({
    key: `core:${key}`, label, course: null, tags, size, discountCode: `core:${key}`, entryYear: finalYear, technicalAward: false,
  });
  if (core.english !== 'none') coreQualifications.push(coreQual('english-language', 'English language', ['english', 'english-language']));
  if (core.english === 'both') coreQualifications.push(coreQual('english-literature', 'English literature', ['english', 'english-literature']));
  if (core.maths) coreQualifications.push(coreQual('maths', 'Maths', ['maths']));
  if (core.science === 'combined') {
    coreQualifications.push(coreQual('combined-science', 'Combined science', ['science', 'combined-science'], 2));
  } else if (core.science === 'triple') {
    for (const s of SINGLE_SCIENCES) {
      const q = coreQual(s, s[0].toUpperCase() + s.slice(1), ['science', 'separate-science', s]);
      q.discountCode = `science:${s}`;
      coreQualifications.push(q);
    }
  }

  const courses = new Map<string, Course>();
  const courseQualifications = new Map<string, Qualification[]>();
  const replacesCombined = new Set<string>();
  const unknownTags = new Map<string, string[]>();
  const codeCourses = new Map<string, Course[]>();
  const tripleInTripleCore: string[] = [];
  /** Courses tagged plain `science` whose names say what they are: tag hints, reported once each. */
  const namedTriple: string[] = [];
  const namedComputing: string[] = [];
  const inferred: InferredType[] = [];
  const untyped = new Set<string>();
  const conflicts: string[] = [];

  for (const given of scenario.courses) {
    courses.set(given.id, given);
    // A course without `tags` has not been typed by the school: its type is recognised from its name
    // and used (reported as inferred), or, when unrecognised, the course counts as missing data.
    // `tags: []` is the school's word that the course carries none.
    let course = given;
    if (given.tags === undefined) {
      const r = recogniseCourse(given);
      if (r) {
        inferred.push({
          course: given.id, name: given.name, label: r.label, kind: r.kind, tags: r.tags, matched: r.matched,
          ...(r.discountCode ? { discountCode: r.discountCode } : {}), ...(r.department ? { department: r.department } : {}),
        });
        // The catalogue's codes are the generator's defaults, not the DfE list: with a list of known
        // codes given, one outside it is not applied.
        const code = r.discountCode && (!options.knownDiscountCodes || options.knownDiscountCodes.includes(r.discountCode)) ? r.discountCode : undefined;
        course = { ...given, tags: r.tags, kind: given.kind ?? r.kind, ...(given.discountCode === undefined && code ? { discountCode: code } : {}) };
      } else untyped.add(given.id);
    } else if (!given.tags.some((t) => DECISIVE_TAGS.includes(t.trim()))) {
      const r = recogniseCourse(given);
      if (r && r.tags.some((t) => DECISIVE_TAGS.includes(t) && t !== 'technical-award') && !TECHNICAL_AWARD_KINDS.includes(given.kind ?? 'GCSE')) {
        conflicts.push(`${given.id} (${given.name}: ${r.tags.filter((t) => DECISIVE_TAGS.includes(t)).join(', ')})`);
      }
    }
    const ownTags = (course.tags ?? []).map((t) => t.trim()).filter((t) => t !== '');
    for (const t of ownTags) {
      if (!knownTags.has(t)) {
        const list = unknownTags.get(t) ?? [];
        list.push(course.id);
        unknownTags.set(t, list);
      }
    }
    const technicalAward = TECHNICAL_AWARD_KINDS.includes(course.kind ?? 'GCSE') || ownTags.includes('technical-award');
    const tags = [...new Set(technicalAward ? [...ownTags, 'technical-award'] : ownTags)];
    const courseYears = course.years && course.years.length > 0 ? course.years : years;
    const entryYear = Math.max(...courseYears);
    const code = course.discountCode?.trim();
    if (course.discountCode !== undefined) {
      const list = codeCourses.get(code ?? '') ?? [];
      list.push(course);
      codeCourses.set(code ?? '', list);
    }
    const single = SINGLE_SCIENCES.find((s) => tags.includes(s));
    if (!technicalAward && tags.includes('science') && single === undefined && !tags.includes('triple-science') && !tags.includes('computing')) {
      if (/triple|separate sciences|biology.*chemistry|chemistry.*physics/i.test(course.name)) namedTriple.push(course.id);
      else if (/computer science|computing/i.test(course.name)) namedComputing.push(course.id);
    }
    const isTriple = !technicalAward && tags.includes('triple-science');
    if (isTriple) {
      // Triple science as an option: three qualifications, each with the code of its science, so that a
      // student also entered for that science elsewhere counts it once.
      courseQualifications.set(course.id, SINGLE_SCIENCES.map((s) => ({
        key: `course:${course.id}:${s}`, label: `${course.name}: ${s}`, course: course.id,
        tags: [...new Set([...tags, 'science', 'separate-science', s])], size: 1 as const,
        discountCode: `science:${s}`, entryYear, technicalAward: false,
      })));
      if (core.science === 'combined') replacesCombined.add(course.id);
      if (core.science === 'triple') tripleInTripleCore.push(course.id);
    } else if (!technicalAward && tags.includes('combined-science')) {
      // Combined science as an option (beside triple science in a science choice): the double award,
      // sharing the core's code so that a student entered for it twice counts it once.
      courseQualifications.set(course.id, [{
        key: `course:${course.id}`, label: course.name, course: course.id, tags: [...new Set([...tags, 'science'])], size: 2,
        discountCode: code ? code : 'core:combined-science', entryYear, technicalAward: false,
      }]);
    } else {
      const separate = !technicalAward && (single !== undefined || (tags.includes('science') && !tags.includes('computing')));
      const extra = separate ? ['separate-science', 'science'] : [];
      courseQualifications.set(course.id, [{
        key: `course:${course.id}`, label: course.name, course: course.id,
        tags: [...new Set([...tags, ...extra])], size: 1,
        discountCode: code ? code : single && !technicalAward ? `science:${single}` : `course:${course.id}`,
        entryYear, technicalAward,
      }]);
    }
  }

  for (const [tag, ids] of [...unknownTags].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const near = nearestTag(tag, knownTags);
    notices.push({
      kind: 'unknown-tag', courses: ids,
      message: `Tag "${tag}" (on ${ids.join(', ')}) means nothing to the accountability rules, so it is ignored there.` +
        (near ? ` Maybe you meant "${near}"?` : ` Known tags: ${KNOWN_TAGS.join(', ')}.`),
    });
  }
  // A rule-set tag that is neither understood here nor carried by any course can never match: most
  // likely a typo in a rule file. Reported once per tag.
  const carried = new Set(scenario.courses.flatMap((c) => c.tags ?? []));
  for (const tag of options.ruleTags ?? []) {
    if (KNOWN_TAGS.includes(tag) || carried.has(tag)) continue;
    const near = nearestTag(tag, new Set([...KNOWN_TAGS, ...carried]));
    notices.push({
      kind: 'unknown-tag', courses: [],
      message: `The rule sets select on tag "${tag}", which no course carries and the analysis does not derive, so that part of the rules never matches.` +
        (near ? ` Maybe you meant "${near}"?` : ' Maybe tag the courses it is meant for?'),
    });
  }
  const known = options.knownDiscountCodes ? new Set(options.knownDiscountCodes) : null;
  for (const [code, list] of [...codeCourses].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const ids = list.map((c) => c.id);
    if (code === '') {
      notices.push({
        kind: 'unknown-discount-code', courses: ids,
        message: `Discount code is blank on ${ids.join(', ')}; each is counted as its own subject. Maybe fill it in or leave the field out?`,
      });
      continue;
    }
    if (known && !known.has(code)) {
      notices.push({
        kind: 'unknown-discount-code', courses: ids,
        message: `Discount code "${code}" (on ${ids.join(', ')}) is not in the list of known codes. Maybe it is mistyped?`,
      });
    }
    if (list.length > 1) {
      // Courses sharing a code usually share a subject (art variants, GCSE PE and a sport award). Flag a
      // code joining courses whose subject areas do not overlap at all.
      const areaSets = list.map((c) => (c.tags ?? []).filter((t) => SUBJECT_AREAS.includes(t)));
      const allTagged = areaSets.every((s) => s.length > 0);
      const overlap = areaSets.every((s) => s.some((t) => areaSets.every((o) => o.includes(t))));
      if (allTagged && !overlap) {
        notices.push({
          kind: 'suspicious-discount-code', courses: ids,
          message: `Discount code "${code}" is shared by ${ids.join(', ')}, which are different subjects; a student taking ` +
            `two of them counts only one. Maybe one of the codes is mistyped?`,
        });
      }
    }
  }
  if (tripleInTripleCore.length > 0) {
    notices.push({
      kind: 'science-option', courses: tripleInTripleCore,
      message: `${tripleInTripleCore.join(', ')} ${tripleInTripleCore.length === 1 ? 'is' : 'are'} tagged triple-science, but the core ` +
        `already enters everyone for separate sciences (core.science "triple"), so ${tripleInTripleCore.length === 1 ? 'it adds' : 'they add'} no ` +
        `qualification. Maybe core.science should be "combined"?`,
    });
  }
  if (namedTriple.length > 0) {
    notices.push({
      kind: 'science-option', courses: namedTriple,
      message: `${namedTriple.join(', ')} ${namedTriple.length === 1 ? 'looks' : 'look'} like triple science by name but ${namedTriple.length === 1 ? 'is' : 'are'} ` +
        `tagged only "science", so ${namedTriple.length === 1 ? 'it counts' : 'they count'} as one science beside the core's combined science, ` +
        `not as biology, chemistry and physics. Maybe tag ${namedTriple.length === 1 ? 'it' : 'them'} "triple-science"?`,
    });
  }
  if (namedComputing.length > 0) {
    notices.push({
      kind: 'science-option', courses: namedComputing,
      message: `${namedComputing.join(', ')} ${namedComputing.length === 1 ? 'looks' : 'look'} like computer science by name but ${namedComputing.length === 1 ? 'is' : 'are'} ` +
        `tagged "science", so ${namedComputing.length === 1 ? 'it counts' : 'they count'} as a separate science. Maybe tag ${namedComputing.length === 1 ? 'it' : 'them'} "computing"?`,
    });
  }
  if (untyped.size > 0) {
    const ids = [...untyped];
    notices.push({
      kind: 'no-type', courses: ids,
      message: `${ids.length} course${ids.length === 1 ? ' has' : 's have'} no qualification type (no tags, and the name is not one the planner recognises): ` +
        `accountability figures need them. Give ${ids.length === 1 ? 'it a type' : 'them types'} under "Course types" on the Offer screen, or tags in the scenario.`,
    });
  }
  if (inferred.length > 0) {
    notices.push({
      kind: 'inferred-type', courses: inferred.map((t) => t.course),
      message: `${inferred.length} course${inferred.length === 1 ? ' has' : 's have'} no tags; the figures use the type${inferred.length === 1 ? '' : 's'} read from ${inferred.length === 1 ? 'its name' : 'their names'} ` +
        `(${inferred.slice(0, 6).map((t) => `${t.course}: ${t.label}`).join('; ')}${inferred.length > 6 ? '; ...' : ''}). Confirm or change them under "Course types" on the Offer screen.`,
    });
  }
  if (conflicts.length > 0) {
    notices.push({
      kind: 'tag-conflict', courses: conflicts.map((c) => c.split(' ')[0]),
      message: `${conflicts.join('; ')}: the name says so but the tags do not, so the figures count ${conflicts.length === 1 ? 'it' : 'them'} as neither. Maybe add those tags?`,
    });
  }
  const courseOrder = new Map(scenario.courses.map((c, i) => [c.id, i]));
  return { core, years, finalYear, coreQualifications, courseQualifications, replacesCombined, courses, courseOrder, notices, inferred, untyped };
}

/**
 * The qualifications of a student placed in `placedCourses` (course ids), core first.
 * Unknown course ids are skipped here; analyse.ts checks the result against the scenario first.
 */
export function studentQualifications(cat: Catalogue, placedCourses: readonly string[]): Qualification[] {
  const dropCombined = placedCourses.some((c) => cat.replacesCombined.has(c));
  const out: Qualification[] = [];
  for (const q of cat.coreQualifications) {
    if (dropCombined && q.tags.includes('combined-science')) continue;
    out.push(q);
  }
  // Courses in the scenario's order, whatever order the result lists them in: the same set of courses
  // always gives the same list, so analyse.ts can reuse one evaluation for every student holding it.
  const order = [...placedCourses].sort((a, b) => (cat.courseOrder.get(a) ?? -1) - (cat.courseOrder.get(b) ?? -1));
  for (const c of order) {
    const qs = cat.courseQualifications.get(c);
    if (qs) for (const q of qs) out.push(q);
  }
  return out;
}
