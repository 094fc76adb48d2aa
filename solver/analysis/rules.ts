/**
 * Accountability rule sets as plain data. A rule set says which qualifications may fill which slots and
 * which entry requirements a student's set of qualifications must meet; measures.ts interprets any rule
 * set the same way, so a change in policy is a new object here (or a JSON file), never a new code path.
 *
 * Qualifications are matched by tags. A qualification's tags are its course's `tags` from the scenario,
 * plus tags derived by qualifications.ts: `technical-award` for the vocational kinds, and the core's own
 * tags (`english`, `english-language`, `english-literature`, `maths`, `science`, `combined-science`,
 * `separate-science`, `biology`, `chemistry`, `physics`).
 */

/** Which qualifications a bucket or requirement accepts. An empty selector accepts every qualification. */
export interface Selector {
  /** Matches only a qualification carrying at least one of these tags. Omitted: any qualification. */
  anyTag?: string[];
  /** Matches only a qualification carrying every one of these tags (`humanity` and `ebacc`: history, geography). */
  allTag?: string[];
  /** Never matches a qualification carrying any of these tags. */
  noTag?: string[];
}

/** A group of slots filled by qualifications the selector accepts; each slot holds one qualification unit. */
export interface Bucket {
  id: string;
  label: string;
  slots: number;
  /** How much a filled slot counts (English and maths count double in Attainment 8). */
  weight: number;
  accepts: Selector;
  /**
   * The weight drops to `otherwiseWeight` unless the student takes, for each selector, a qualification it
   * accepts. Attainment 8 counts English double only for a student entered for both language and literature.
   */
  fullWeightNeeds?: { selectors: Selector[]; otherwiseWeight: number };
}

/** Met when, for at least one alternative, `min` distinct qualifications (after discounting) match. */
export interface EnteredRequirement {
  kind: 'entered';
  id: string;
  label: string;
  anyOf: { select: Selector; min: number }[];
}

/**
 * Met when the qualifications counted in `bucket` cover at least `min` of the areas, each area by a
 * different qualification (the proposed breadth slots must span two of humanities, creative, languages).
 */
export interface SpanRequirement {
  kind: 'span';
  id: string;
  label: string;
  bucket: string;
  min: number;
  areas: { id: string; label: string; select: Selector }[];
}

export type Requirement = EnteredRequirement | SpanRequirement;

export interface RuleSet {
  id: string;
  name: string;
  /** `historic`: reported for comparison only (the EBacc leaves the performance tables in 2026). */
  status: 'current' | 'historic' | 'proposed';
  note: string;
  buckets: Bucket[];
  requirements: Requirement[];
}

/** Tags the shipped rule sets and the qualification model understand; any other tag is reported once. */
export const KNOWN_TAGS: readonly string[] = [
  'english', 'english-language', 'english-literature', 'maths', 'statistics',
  'science', 'triple-science', 'combined-science', 'separate-science', 'biology', 'chemistry', 'physics', 'computing',
  'language', 'humanity', 'history', 'geography', 'religious-studies',
  'creative', 'technical-award', 'vocational', 'practical', 'sport', 'ebacc',
  'no-qualification',
];

/** Course kinds that are technical awards: they count only in the open (or breadth) slots. */
export const TECHNICAL_AWARD_KINDS: readonly string[] = ['TechAward', 'CambridgeNational', 'BTEC', 'VCert'];

const NOT_A_QUALIFICATION = ['no-qualification'];
/** `ebacc` marks an EBacc subject directly (the generator's catalogue tags history and geography so). */
const EBACC_SUBJECTS = ['ebacc', 'science', 'computing', 'history', 'geography', 'language'];

/** Attainment 8 and Progress 8 as they stand (DfE secondary accountability guidance, 2025). */
export const ATTAINMENT_8: RuleSet = {
  id: 'a8',
  name: 'Attainment 8 / Progress 8',
  status: 'current',
  note:
    'English and maths count double (English only when both language and literature are taken); three ' +
    'EBacc slots (sciences, computing, history, geography, languages; combined science fills two); three ' +
    'open slots for any approved qualification, the only place technical awards count; qualifications ' +
    'sharing a discount code count once.',
  buckets: [
    {
      id: 'english', label: 'English', slots: 1, weight: 2,
      accepts: { anyTag: ['english'], noTag: NOT_A_QUALIFICATION },
      fullWeightNeeds: {
        selectors: [{ anyTag: ['english-language'] }, { anyTag: ['english-literature'] }],
        otherwiseWeight: 1,
      },
    },
    { id: 'maths', label: 'Maths', slots: 1, weight: 2, accepts: { anyTag: ['maths'], noTag: ['statistics', ...NOT_A_QUALIFICATION] } },
    {
      id: 'ebacc', label: 'EBacc slots', slots: 3, weight: 1,
      accepts: { anyTag: EBACC_SUBJECTS, noTag: ['technical-award', ...NOT_A_QUALIFICATION] },
    },
    { id: 'open', label: 'Open slots', slots: 3, weight: 1, accepts: { noTag: NOT_A_QUALIFICATION } },
  ],
  requirements: [],
};

/** The English Baccalaureate entry measure: historic, leaving the performance tables in 2026. */
export const EBACC_HISTORIC: RuleSet = {
  id: 'ebacc',
  name: 'EBacc entry (historic)',
  status: 'historic',
  note:
    'Entered for English language and literature, maths, combined science or three single sciences ' +
    '(from biology, chemistry, physics and computer science), history or geography (tag history, geography, or humanity with ebacc), and a language. Withdrawn from the 2026 tables; kept ' +
    'to compare offers with earlier years.',
  buckets: [],
  requirements: [
    {
      kind: 'entered', id: 'english', label: 'English language and literature',
      anyOf: [{ select: { anyTag: ['english-language', 'english-literature'], noTag: ['technical-award'] }, min: 2 }],
    },
    { kind: 'entered', id: 'maths', label: 'Maths', anyOf: [{ select: { anyTag: ['maths'], noTag: ['statistics'] }, min: 1 }] },
    {
      kind: 'entered', id: 'science', label: 'Sciences',
      anyOf: [
        { select: { anyTag: ['combined-science'] }, min: 1 },
        // Three single sciences from biology, chemistry, physics and computer science (DfE: "3 single
        // sciences at GCSE – pupils choose 3 subjects from biology, chemistry, physics and computer science").
        { select: { anyTag: ['separate-science', 'computing'], noTag: ['technical-award'] }, min: 3 },
      ],
    },
    {
      kind: 'entered', id: 'humanity', label: 'History or geography',
      anyOf: [
        { select: { anyTag: ['history', 'geography'], noTag: ['technical-award'] }, min: 1 },
        { select: { allTag: ['humanity', 'ebacc'], noTag: ['technical-award'] }, min: 1 },
      ],
    },
    {
      kind: 'entered', id: 'language', label: 'A language',
      anyOf: [{ select: { anyTag: ['language'], noTag: ['technical-award'] }, min: 1 }],
    },
  ],
};

/**
 * The structure the government proposed in November 2025 (response to the Curriculum and Assessment
 * Review): English, maths, two science slots (combined or separate sciences, computing) and four breadth
 * slots that must include subjects from two of humanities, creative subjects and languages.
 */
export const PROPOSED_2025: RuleSet = {
  id: 'proposed',
  name: 'Proposed Progress 8 (2025 consultation)',
  status: 'proposed',
  note:
    'English and maths as now; two science slots (combined science fills both); four breadth slots for any ' +
    'approved qualification, spanning at least two of humanities, creative subjects and languages.',
  buckets: [
    {
      id: 'english', label: 'English', slots: 1, weight: 2,
      accepts: { anyTag: ['english'], noTag: NOT_A_QUALIFICATION },
      fullWeightNeeds: {
        selectors: [{ anyTag: ['english-language'] }, { anyTag: ['english-literature'] }],
        otherwiseWeight: 1,
      },
    },
    { id: 'maths', label: 'Maths', slots: 1, weight: 2, accepts: { anyTag: ['maths'], noTag: ['statistics', ...NOT_A_QUALIFICATION] } },
    {
      id: 'science', label: 'Science slots', slots: 2, weight: 1,
      accepts: { anyTag: ['science', 'computing'], noTag: ['technical-award', ...NOT_A_QUALIFICATION] },
    },
    { id: 'breadth', label: 'Breadth slots', slots: 4, weight: 1, accepts: { noTag: NOT_A_QUALIFICATION } },
  ],
  requirements: [
    {
      kind: 'span', id: 'breadth-span', label: 'Breadth spans two of humanities, creative, languages',
      bucket: 'breadth', min: 2,
      areas: [
        { id: 'humanities', label: 'Humanities', select: { anyTag: ['humanity', 'history', 'geography', 'religious-studies'] } },
        { id: 'creative', label: 'Creative', select: { anyTag: ['creative'] } },
        { id: 'languages', label: 'Languages', select: { anyTag: ['language'] } },
      ],
    },
  ],
};

/** The rule sets analysed by default, in the order they are reported. */
export const DEFAULT_RULE_SETS: readonly RuleSet[] = [ATTAINMENT_8, EBACC_HISTORIC, PROPOSED_2025];

/**
 * Checks a rule set read from JSON (no zod in solver/): returns one message per problem, naming the path
 * and the value, with a hint. An empty list means it is usable.
 */
export function checkRuleSet(input: unknown, path = 'ruleSet'): string[] {
  const problems: string[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const show = (v: unknown) => JSON.stringify(v) ?? String(v);
  const checkSelector = (s: unknown, p: string) => {
    if (!isObj(s)) { problems.push(`${p} is ${show(s)}. It should be an object like {"anyTag": ["language"]}.`); return; }
    for (const key of ['anyTag', 'allTag', 'noTag'] as const) {
      const v = s[key];
      if (v !== undefined && !(Array.isArray(v) && v.every((t) => typeof t === 'string'))) {
        problems.push(`${p}.${key} is ${show(v)}. It should be a list of tag names.`);
      }
    }
  };
  if (!isObj(input)) return [`${path} is ${show(input)}. A rule set is an object with id, name, buckets and requirements.`];
  if (typeof input.id !== 'string' || input.id === '') problems.push(`${path}.id is ${show(input.id)}. Give the rule set a short id such as "a8".`);
  if (typeof input.name !== 'string') problems.push(`${path}.name is ${show(input.name)}. Give it a name to show in reports.`);
  if (!['current', 'historic', 'proposed'].includes(input.status as string)) {
    problems.push(`${path}.status is ${show(input.status)}. Maybe it should be "current", "historic" or "proposed"?`);
  }
  const bucketIds = new Set<string>();
  if (!Array.isArray(input.buckets)) problems.push(`${path}.buckets is ${show(input.buckets)}. It should be a list (possibly empty).`);
  else if (input.buckets.length > 30) problems.push(`${path}.buckets has ${input.buckets.length} buckets. At most 30 are supported; maybe merge some?`);
  else input.buckets.forEach((b, i) => {
    const p = `${path}.buckets[${i}]`;
    if (!isObj(b)) { problems.push(`${p} is ${show(b)}. A bucket is an object with id, slots, weight and accepts.`); return; }
    if (typeof b.id !== 'string' || b.id === '') problems.push(`${p}.id is ${show(b.id)}. Give the bucket an id.`);
    else if (bucketIds.has(b.id)) problems.push(`${p}.id "${b.id}" is used twice. Bucket ids must be unique.`);
    else bucketIds.add(b.id);
    if (!Number.isInteger(b.slots) || (b.slots as number) < 1) problems.push(`${p}.slots is ${show(b.slots)}. Maybe it should be at least 1?`);
    if (typeof b.weight !== 'number' || !(b.weight > 0)) problems.push(`${p}.weight is ${show(b.weight)}. Maybe it should be 1?`);
    checkSelector(b.accepts, `${p}.accepts`);
    if (b.fullWeightNeeds !== undefined) {
      const f = b.fullWeightNeeds;
      if (!isObj(f) || !Array.isArray(f.selectors) || typeof f.otherwiseWeight !== 'number') {
        problems.push(`${p}.fullWeightNeeds is ${show(f)}. It should be {"selectors": [...], "otherwiseWeight": 1}.`);
      } else f.selectors.forEach((s, j) => checkSelector(s, `${p}.fullWeightNeeds.selectors[${j}]`));
    }
  });
  if (!Array.isArray(input.requirements)) problems.push(`${path}.requirements is ${show(input.requirements)}. It should be a list (possibly empty).`);
  else input.requirements.forEach((r, i) => {
    const p = `${path}.requirements[${i}]`;
    if (!isObj(r)) { problems.push(`${p} is ${show(r)}. A requirement is an object with kind "entered" or "span".`); return; }
    if (typeof r.id !== 'string' || r.id === '') problems.push(`${p}.id is ${show(r.id)}. Give the requirement an id.`);
    if (r.kind === 'entered') {
      if (!Array.isArray(r.anyOf) || r.anyOf.length === 0) problems.push(`${p}.anyOf is ${show(r.anyOf)}. List at least one {"select": {...}, "min": 1}.`);
      else r.anyOf.forEach((a, j) => {
        if (!isObj(a) || !Number.isInteger(a.min) || (a.min as number) < 1) problems.push(`${p}.anyOf[${j}] is ${show(a)}. It needs "min" of at least 1.`);
        else checkSelector(a.select, `${p}.anyOf[${j}].select`);
      });
    } else if (r.kind === 'span') {
      if (typeof r.bucket !== 'string' || !bucketIds.has(r.bucket)) {
        problems.push(`${p}.bucket is ${show(r.bucket)}. It should name one of the buckets: ${[...bucketIds].join(', ') || '(none)'}.`);
      }
      if (!Array.isArray(r.areas) || r.areas.length === 0) problems.push(`${p}.areas is ${show(r.areas)}. List the areas to span.`);
      else {
        r.areas.forEach((a, j) => {
          if (!isObj(a) || typeof a.id !== 'string') problems.push(`${p}.areas[${j}] is ${show(a)}. An area is {"id", "label", "select"}.`);
          else checkSelector(a.select, `${p}.areas[${j}].select`);
        });
        if (!Number.isInteger(r.min) || (r.min as number) < 1 || (r.min as number) > r.areas.length) {
          problems.push(`${p}.min is ${show(r.min)}. Maybe it should be between 1 and ${r.areas.length}?`);
        }
      }
    } else problems.push(`${p}.kind is ${show(r.kind)}. Maybe it should be "entered" or "span"?`);
  });
  return problems;
}
