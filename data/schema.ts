/**
 * The zod schemas of the scenario and result documents (docs/format.md, version 1), and the only
 * parsers of those documents. Browser-safe: no Node APIs here (file reading is in data/load.ts).
 *
 * Two layers:
 * 1. Shape: `ScenarioSchema` and `ResultSchema` describe every field and its type and range. They are
 *    loose objects, so fields this version does not know ride along untouched, and they fill in no
 *    defaults: the solver applies defaults itself, and a load followed by a save gives back the same
 *    document. The JSON Schema files beside this module are generated from them (data/json-schema.ts).
 * 2. Sense: `crossCheckScenario` and `crossCheckResult` look across the document for what a shape
 *    cannot say: duplicate ids, references that do not resolve, minimum above maximum and the like.
 *    They run only once the shape is right, so they can trust every field's type. (Not to be confused
 *    with data/checker.ts, which checks a result against its scenario's rules.)
 *
 * Calling `ScenarioSchema.parse` directly checks the shape only, and returns a copy whose keys zod
 * has reordered; use `parseScenario` to load a document.
 *
 * `parseScenario` and `parseResult` run both layers and turn every problem into a `ValidationIssue`
 * naming the JSON path, the value found there and a plain-words message ending in a hint ("Maybe ...?").
 * On success they hand back the input object itself (zod would rebuild objects with their keys
 * reordered), typed as the document; nothing is added or removed.
 */
import * as z from 'zod';
import type {
  Course,
  Group,
  Pathway,
  Result,
  ResultGroup,
  ResultStudent,
  Room,
  Scenario,
  Staff,
  Student,
  Unavailability,
} from '../solver/types';
import { closest } from './suggest';
import { depthIssue, sizeIssue } from './document-text';

export const SCENARIO_FORMAT = 'ks4-scenario/1';
export const RESULT_FORMAT = 'ks4-result/1';
/** Years used when a scenario gives none (docs/format.md). */
export const DEFAULT_YEARS: readonly number[] = [10, 11];
/** School years a document may name: Year 7 to Year 14 (some schools start KS4 in Year 9). */
export const MIN_YEAR = 7;
export const MAX_YEAR = 14;
export const COURSE_KINDS = ['GCSE', 'BTEC', 'CambridgeNational', 'VCert', 'TechAward', 'Other'] as const;
/** At most this many issues are listed; the rest are counted in one final issue. */
export const MAX_ISSUES = 200;
/** The path given to problems with the document as a whole. */
export const DOCUMENT_PATH = '(document)';

// ---------------------------------------------------------------------------------------------
// Shape
// ---------------------------------------------------------------------------------------------

const Id = z.string().min(1);
const IdList = z.array(Id);
const Count = z.number().int().min(0);
const Year = z.number().int().min(MIN_YEAR).max(MAX_YEAR);

export const UnavailabilitySchema = z
  .looseObject({
    block: Id.meta({ description: 'Block label' }),
    year: Year.optional().meta({ description: 'Year; missing means every year' }),
  })
  .meta({ title: 'Unavailability', description: 'A block (and year) in which a teacher or room cannot be used' });

export const CourseSchema = z
  .looseObject({
    id: Id,
    name: z.string(),
    kind: z.enum(COURSE_KINDS).optional().meta({ description: 'Qualification type; default GCSE' }),
    years: z.array(Year).min(1).optional().meta({ description: "Years it is taught; default all of the scenario's years" }),
    span: z.literal([1, 2]).optional().meta({ description: 'Blocks one group occupies (a double option); default 1' }),
    maxGroupSize: z.number().int().min(1),
    minGroupSize: Count.optional().meta({ description: 'A group that runs has at least this many students; default 0' }),
    minGroups: Count.optional().meta({ description: 'Fewest groups of the course that run; default 0' }),
    maxGroups: Count.optional().meta({ description: 'Most groups of the course that run; default unlimited' }),
    maxGroupsPerBlock: z.number().int().min(1).optional().meta({ description: 'Cap on parallel groups of the course in one block' }),
    blocks: IdList.min(1).optional().meta({ description: 'Blocks its groups may occupy; default all' }),
    roomType: z.string().optional().meta({ description: 'Each group needs a room of this type (when rooms are listed)' }),
    rooms: IdList.optional().meta({ description: 'Or: the room ids a group may use' }),
    site: Id.optional().meta({ description: '"home" (default) or a site id: taught at a partner, needs no home teacher or room' }),
    places: Count.optional().meta({ description: "Cap on students across all its groups (a partner's quota)" }),
    department: z.string().optional(),
    tags: z.array(z.string()).optional().meta({ description: 'For pathway rules and accountability, e.g. language, humanity, science' }),
    discountCode: z.string().optional(),
  })
  .meta({ title: 'Course' });

export const StaffSchema = z
  .looseObject({
    id: Id,
    name: z.string().optional(),
    courses: IdList.meta({ description: 'Course ids they can teach' }),
    maxGroups: Count.optional().meta({ description: 'The most groups of this cohort they teach in one year' }),
    unavailable: z.array(UnavailabilitySchema).optional(),
  })
  .meta({ title: 'Staff' });

export const RoomSchema = z
  .looseObject({
    id: Id,
    name: z.string().optional(),
    type: z.string(),
    capacity: Count,
    unavailable: z.array(UnavailabilitySchema).optional(),
  })
  .meta({ title: 'Room' });

export const SiteSchema = z
  .looseObject({ id: Id, name: z.string() })
  .meta({ title: 'Site', description: 'A partner school or college' });

/** `"enforce": false` lets a rule pass in a solve (an addition of this project, solver/rules.ts and docs/rules.md). */
const Enforce = z
  .boolean()
  .optional()
  .meta({ description: 'Whether the solver enforces the rule (default true): false lets it pass, its breaches are only listed' });
const FromRuleSchema = z.looseObject({
  min: Count.optional(),
  max: Count.optional(),
  from: IdList.meta({ description: 'Course ids or "tag:NAME"' }),
  enforce: Enforce,
});
const NotTogetherRuleSchema = z.looseObject({
  notTogether: IdList.meta({ description: 'Course ids of which a student takes at most one' }),
  enforce: Enforce,
});
export const RuleSchema = z
  .union([FromRuleSchema, NotTogetherRuleSchema])
  .meta({ title: 'Rule', description: '{ min?, max?, from } or { notTogether }' });

const AttributeValueSchema = z.union([z.string(), z.number(), z.boolean()]);
/**
 * Eligibility on a student attribute (an addition of this project, solver/rules.ts): the listed courses
 * are open only to students whose attribute matches every condition given.
 */
const EligibilityRuleSchema = z.looseObject({
  eligible: z
    .looseObject({
      attribute: Id.meta({ description: 'A student attribute, such as "prior"' }),
      in: z.array(AttributeValueSchema).optional(),
      notIn: z.array(AttributeValueSchema).optional(),
      min: z.number().optional(),
      max: z.number().optional(),
    })
    .meta({ description: 'The condition on the attribute: any of in, notIn, min, max' }),
  courses: IdList.meta({ description: 'Course ids or "tag:NAME" open only to matching students' }),
  enforce: Enforce,
});
/** Every rule form: the two of docs/format.md and eligibility. Used by the scenario's top-level `rules`. */
export const ChoiceRuleSchema = z
  .union([FromRuleSchema, NotTogetherRuleSchema, EligibilityRuleSchema])
  .meta({ title: 'ChoiceRule', description: '{ min?, max?, from }, { notTogether } or { eligible, courses }' });

export const PathwaySchema = z
  .looseObject({
    id: Id,
    name: z.string(),
    choices: Count.optional().meta({ description: 'How many choices a student on it makes' }),
    rules: z.array(RuleSchema),
  })
  .meta({ title: 'Pathway' });

export const StudentSchema = z
  .looseObject({
    id: Id,
    name: z.string().optional(),
    surname: z.string().optional().meta({ description: 'Legal surname, as the MIS holds it' }),
    forename: z.string().optional().meta({ description: 'Legal forename, as the MIS holds it' }),
    preferredName: z.string().optional().meta({ description: 'Preferred forename' }),
    upn: z.string().optional().meta({ description: 'Unique Pupil Number' }),
    admissionNumber: z.string().optional().meta({ description: 'Admission number (Adno)' }),
    regGroup: z.string().optional().meta({ description: 'Registration group' }),
    choices: IdList.meta({ description: 'Course ids, most wanted first' }),
    reserves: IdList.optional().meta({ description: 'Course ids, in order' }),
    pathway: Id.optional(),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .meta({ title: 'Student' });

export const GroupSchema = z
  .looseObject({
    id: Id,
    course: Id,
    blocks: IdList.min(1).meta({ description: "Block labels, as many as the course's span" }),
    years: z.array(Year).min(1).optional(),
    staff: IdList.optional(),
    room: Id.nullable().optional(),
    students: IdList.optional().meta({ description: 'Student ids fixed in it' }),
  })
  .meta({ title: 'Group', description: 'A group fixed in place (build mode) or one of all the groups (fit mode)' });

/**
 * An extra beside docs/format.md's fields, read only by the accountability analysis
 * (solver/analysis/qualifications.ts, which checks it again with its own messages): the qualifications
 * every student is entered for outside the options. Left out: English language and literature, maths
 * and combined science.
 */
const CoreSchema = z
  .looseObject({
    english: z
      .literal([true, 'both', 'language', false, 'none'])
      .optional()
      .meta({ description: 'true or "both": English language and literature (default); "language": language only; false or "none": neither' }),
    maths: z.boolean().optional().meta({ description: 'Maths for everyone; default true' }),
    science: z
      .literal(['combined', 'triple', 'none', false])
      .optional()
      .meta({ description: '"combined" (default): combined science, a double award; "triple": biology, chemistry and physics for everyone; "none" or false' }),
  })
  .meta({
    title: 'Core',
    description: 'Qualifications every student takes beside the options, for the accountability analysis; default English language and literature, maths, combined science',
  });

export const ScenarioSchema = z
  .looseObject({
    format: z.literal(SCENARIO_FORMAT),
    name: z.string(),
    blocks: IdList.min(1).meta({ description: 'Labels of the option blocks, e.g. ["A","B","C","D"]' }),
    years: z.array(Year).min(1).optional().meta({ description: 'Years the cohort is planned over; default [10, 11]' }),
    periodsPerFortnight: z.number().positive().max(Number.MAX_SAFE_INTEGER).optional().meta({ description: 'Taught periods per group per fortnight; default 5' }),
    mode: z.enum(['build', 'fit']).optional().meta({ description: 'build (default): the solver decides the groups; fit: the groups are exactly those given' }),
    limits: z
      .looseObject({ maxGroups: Count.optional().meta({ description: 'The most groups running in any one year' }) })
      .optional(),
    courses: z.array(CourseSchema),
    staff: z.array(StaffSchema).optional(),
    rooms: z.array(RoomSchema).optional(),
    sites: z.array(SiteSchema).optional(),
    pathways: z.array(PathwaySchema).optional(),
    rules: z
      .array(ChoiceRuleSchema)
      .optional()
      .meta({ description: 'Choice rules for every student, whatever their pathway (an addition of this project; solver/rules.ts)' }),
    students: z.array(StudentSchema),
    groups: z.array(GroupSchema).optional(),
    core: CoreSchema.optional(),
  })
  .meta({ title: 'KS4 scenario', description: 'docs/format.md, "format": "ks4-scenario/1"' });

export const ResultGroupSchema = z
  .looseObject({
    id: Id,
    course: Id,
    blocks: IdList.min(1),
    years: z.array(Year).min(1),
    staff: IdList,
    room: Id.nullable().meta({ description: 'null where no room is needed' }),
    students: IdList,
    pinned: z.boolean().optional(),
  })
  .meta({ title: 'ResultGroup' });

export const ResultStudentSchema = z
  .looseObject({
    id: Id,
    placed: z.record(z.string(), Id).meta({ description: 'Course id -> group id for every course the student got' }),
    unmet: IdList.meta({ description: 'Choices not placed' }),
    reserves: IdList.meta({ description: 'Reserves placed' }),
    reasons: z.array(z.string()).optional(),
  })
  .meta({ title: 'ResultStudent' });

export const SummarySchema = z
  .looseObject({
    students: Count,
    fullySatisfied: Count,
    choices: Count,
    choicesMet: Count,
    reservesUsed: Count,
    groups: Count,
    upperBound: Count.optional().meta({ description: 'A proven upper bound on fullySatisfied' }),
    seconds: z.number().min(0),
    seed: z.number().int(),
    stoppedBy: z
      .enum(['work', 'time', 'optimal', 'perfect', 'cancelled'])
      .optional()
      .meta({ description: 'What stopped the solve: its reproducible work budget, the wall clock (the result may differ between runs), nothing left to improve, or a cancel' }),
    pupilsMoved: Count.optional().meta({
      description: 'Re-solve against a published blocking only: pupils in both results with a course they kept (a choice or reserve then and now) placed in another group or blocks (docs/reference.md)',
    }),
    groupsMoved: Count.optional().meta({
      description: 'Re-solve against a published blocking only: published groups not continued by a group with the same id, course and blocks (moved or cancelled)',
    }),
  })
  .meta({ title: 'Summary' });

export const ResultSchema = z
  .looseObject({
    format: z.literal(RESULT_FORMAT),
    scenario: z.string(),
    groups: z.array(ResultGroupSchema),
    students: z.array(ResultStudentSchema),
    summary: SummarySchema,
    diagnostics: z.array(z.string()).optional(),
  })
  .meta({ title: 'KS4 result', description: 'docs/format.md, "format": "ks4-result/1"' });

// ---------------------------------------------------------------------------------------------
// Issues
// ---------------------------------------------------------------------------------------------

export interface ValidationIssue {
  /** JSON path of the bad value, e.g. `courses[3].maxGroupSize`, or `(document)`. */
  path: string;
  /** The value found at the path (undefined when it is missing). */
  value: unknown;
  /** Plain words: what is wrong, then a hint starting "Maybe". */
  message: string;
}

export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };

type PathSegment = string | number;

/** `['courses', 3, 'maxGroupSize']` -> `courses[3].maxGroupSize`; odd keys are quoted: `placed["Art & Design"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return DOCUMENT_PATH;
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** A value as it would appear in the JSON file, shortened for one line. */
export function renderValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  // A number too large for JSON to hold (1e400 reads as Infinity) would otherwise be shown as null.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One line per issue: `courses[3].maxGroupSize: 0 — Course HIS has maxGroupSize 0. Maybe it should be at least 1?` */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues
    .map((issue) =>
      issue.path === DOCUMENT_PATH && issue.value === undefined
        ? `${issue.path}: ${issue.message}`
        : `${issue.path}: ${renderValue(issue.value)} — ${issue.message}`,
    )
    .join('\n');
}

/**
 * Collects issues up to MAX_ISSUES. Messages are built lazily, so a 5,000-student file with the same
 * mistake on every line costs only a count for issues past the cap (suggestions scan id lists).
 */
export class Issues {
  readonly list: ValidationIssue[] = [];
  extra = 0;

  add(path: readonly PathSegment[] | string, value: unknown, message: string | (() => string)): void {
    if (this.list.length >= MAX_ISSUES) {
      this.extra++;
      return;
    }
    this.list.push({
      path: typeof path === 'string' ? path : formatPath(path),
      value,
      message: typeof message === 'string' ? message : message(),
    });
  }

  get count(): number {
    return this.list.length + this.extra;
  }

  finish(): ValidationIssue[] {
    if (this.extra === 0) return this.list;
    return [
      ...this.list,
      {
        path: DOCUMENT_PATH,
        value: undefined,
        message: `...and ${this.extra} more issue${this.extra === 1 ? '' : 's'} not listed. Maybe fix the ones above first and load the file again?`,
      },
    ];
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment as string];
  }
  return node;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nouns for the items of each top-level list, used to name the owner of a bad field ("Course HIS"). */
const NOUNS: Record<string, string> = {
  courses: 'Course',
  staff: 'Teacher',
  rooms: 'Room',
  sites: 'Site',
  pathways: 'Pathway',
  students: 'Student',
  groups: 'Group',
};

/**
 * Who owns the field at `path`, and the field's name relative to that owner:
 * `['courses', 3, 'maxGroupSize']` -> { owner: 'Course HIS', field: 'maxGroupSize' }
 * `['pathways', 0, 'rules', 2, 'min']` -> { owner: 'Rule 3 of pathway EB', field: 'min' }.
 */
function describeOwner(root: unknown, path: readonly PropertyKey[], documentNoun: string): { owner: string; field: string } {
  let owner = documentNoun;
  let ownerEnd = 0;
  const list = path[0];
  if (typeof list === 'string' && NOUNS[list] && typeof path[1] === 'number' && path.length > 2) {
    // Inside an item of a top-level list: name the item by its id.
    const item = valueAt(root, path.slice(0, 2));
    const id = isPlainObject(item) && typeof item.id === 'string' && item.id !== '' ? item.id : undefined;
    owner = id !== undefined ? `${NOUNS[list]} ${id}` : `The ${NOUNS[list].toLowerCase()} at ${formatPath(path.slice(0, 2))}`;
    ownerEnd = 2;
    if (list === 'pathways' && path[2] === 'rules' && typeof path[3] === 'number') {
      owner = `Rule ${path[3] + 1} of ${owner.charAt(0).toLowerCase()}${owner.slice(1)}`;
      ownerEnd = 4;
    }
  } else if (list === 'rules' && typeof path[1] === 'number') {
    // The scenario's top-level choice rules, which apply to every student.
    owner = `Rule ${path[1] + 1} of the rules for every student`;
    ownerEnd = 2;
  }
  const field = formatPath(path.slice(ownerEnd));
  return { owner, field: field === DOCUMENT_PATH ? 'itself' : field };
}

function typePhrase(expected: string): string {
  switch (expected) {
    case 'int':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
    case 'record':
      return 'an object';
    case 'null':
      return 'null';
    default:
      return expected;
  }
}

function typeOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true or false';
  return typeof value;
}

/** A hint for a value of the wrong JSON type, tailored to the commonest slips. */
function typeHint(expected: string, value: unknown): string {
  if ((expected === 'number' || expected === 'int') && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return `Maybe write it without quotes: ${Number(value)}?`;
  }
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return `Maybe write it in quotes: "${String(value)}"?`;
  }
  if (expected === 'array' && typeof value === 'string') return `Maybe write it as a list: [${JSON.stringify(value)}]?`;
  if (expected === 'array' && isPlainObject(value)) return 'Maybe put it in square brackets as a list of items?';
  return `Maybe it should be ${typePhrase(expected)}?`;
}

function isYearField(path: readonly PropertyKey[]): boolean {
  const last = path[path.length - 1];
  const beforeLast = path[path.length - 2];
  return last === 'year' || (typeof last === 'number' && beforeLast === 'years');
}

function yearMessage(owner: string, value: unknown): string {
  const calendar = typeof value === 'number' && value > 1900 ? ' Years are school years, not calendar years.' : '';
  return `${owner} names year ${renderValue(value)}, which is not a school year from ${MIN_YEAR} to ${MAX_YEAR}.${calendar} Maybe you meant 10 or 11?`;
}

/** Enum and literal slips: the closest allowed value, compared case-insensitively. */
function choiceHint(value: unknown, allowed: readonly unknown[]): string {
  const strings = allowed.filter((v): v is string => typeof v === 'string');
  const near = typeof value === 'string' ? closest(value, strings) : undefined;
  if (near !== undefined) return `Maybe ${near}?`;
  return allowed.length === 1 ? `Maybe ${renderValue(allowed[0])}?` : `Maybe one of ${allowed.map((v) => renderValue(v)).join(', ')}?`;
}

/** Which branch of a rule union the author meant: the one whose key they wrote. */
function ruleBranchIssues(value: unknown, errors: z.core.$ZodIssue[][]): z.core.$ZodIssue[] | undefined {
  // Pathway rules have two branches (from, notTogether); the top-level rules a third (eligible).
  if (!isPlainObject(value) || (errors.length !== 2 && errors.length !== 3)) return undefined;
  if ('notTogether' in value && !('from' in value)) return errors[1];
  if ('from' in value || 'min' in value || 'max' in value) return errors[0];
  if (errors.length === 3 && ('eligible' in value || 'courses' in value)) return errors[2];
  return undefined;
}

function describeZodIssue(issue: z.core.$ZodIssue, root: unknown, documentNoun: string, out: Issues): void {
  const path = issue.path;
  const value = valueAt(root, path);
  const { owner, field } = describeOwner(root, path, documentNoun);
  const add = (message: string) => out.add(path as PathSegment[], value, message);

  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined) {
        const key = path[path.length - 1];
        add(`${owner} has no ${field}. Maybe add ${typeof key === 'string' ? `"${key}"` : 'it'} (${typePhrase(issue.expected)})?`);
      } else if (typeof value === 'number' && !Number.isFinite(value)) {
        add(`${owner} has ${field} written too large to be read as a number (it reads as ${value}). Maybe it should be a whole number no larger than ${Number.MAX_SAFE_INTEGER}?`);
      } else if (issue.expected === 'int' && typeof value === 'number') {
        if (isYearField(path)) add(yearMessage(owner, value));
        else add(`${owner} has ${field} ${renderValue(value)}, which is not a whole number. Maybe ${Math.max(0, Math.round(value))}?`);
      } else {
        add(`${owner} has ${field} ${renderValue(value)}, which is ${typeOfValue(value)}, not ${typePhrase(issue.expected)}. ${typeHint(issue.expected, value)}`);
      }
      return;
    }
    case 'too_small': {
      if (isYearField(path)) return add(yearMessage(owner, value));
      if (issue.origin === 'string') return add(`${owner} has an empty ${field}. Maybe give it a value?`);
      if (issue.origin === 'array') return add(`${owner} has an empty ${field} list. Maybe add at least one entry, or leave the field out?`);
      const bound = Number(issue.minimum);
      if (!issue.inclusive && bound === 0) return add(`${owner} has ${field} ${renderValue(value)}. Maybe it should be more than 0?`);
      return add(`${owner} has ${field} ${renderValue(value)}. Maybe it should be at least ${issue.inclusive ? bound : bound + 1}?`);
    }
    case 'too_big': {
      if (isYearField(path)) return add(yearMessage(owner, value));
      // Numbers past 2^53 - 1 cannot be held exactly: refused with the largest the documents accept.
      return add(`${owner} has ${field} ${renderValue(value)}; the largest accepted is ${String(issue.maximum)}. Maybe it should be at most that?`);
    }
    case 'invalid_value': {
      if (path.length === 1 && path[0] === 'format') return add(formatMessage(value, issue.values[0] as string));
      if (path[path.length - 1] === 'span') {
        return add(`${owner} has span ${renderValue(value)}; a group occupies 1 block or 2 (a double option). Maybe ${typeof value === 'number' && value > 2 ? 2 : 1}?`);
      }
      return add(
        `${owner} has ${field} ${renderValue(value)}, which is not one of ${issue.values.map((v) => renderValue(v)).join(', ')}. ${choiceHint(value, issue.values)}`,
      );
    }
    case 'invalid_union': {
      const meant = ruleBranchIssues(value, issue.errors);
      if (meant) {
        for (const inner of meant) describeZodIssue({ ...inner, path: [...path, ...inner.path] } as z.core.$ZodIssue, root, documentNoun, out);
        return;
      }
      if (path.length >= 4 && path[path.length - 2] === 'attributes') {
        return add(`${owner} has attribute ${String(path[path.length - 1])} = ${renderValue(value)}. Maybe make it a string, a number or true/false?`);
      }
      if (path[2] === 'rules') {
        return add(`${owner}, ${renderValue(value)}, is neither { "min", "max", "from": [...] } nor { "notTogether": [...] }. Maybe add "from" with the course ids or tags it counts?`);
      }
      if (path.length === 2 && path[0] === 'rules') {
        return add(
          `${owner}, ${renderValue(value)}, is none of { "min", "max", "from": [...] }, { "notTogether": [...] } or { "eligible": { "attribute", "in" }, "courses": [...] }. Maybe add "from" with the course ids or tags it counts?`,
        );
      }
      return add(`${owner} has ${field} ${renderValue(value)}, which does not fit any allowed form. Maybe check it against docs/format.md?`);
    }
    default:
      return add(`${owner} has ${field} ${renderValue(value)}: ${issue.message}. Maybe check it against docs/format.md?`);
  }
}

function formatMessage(value: unknown, expected: string): string {
  const other = expected === SCENARIO_FORMAT ? RESULT_FORMAT : SCENARIO_FORMAT;
  const what = expected === SCENARIO_FORMAT ? 'scenario' : 'result';
  if (value === undefined) return `The document has no "format". Maybe add "format": "${expected}" if it is a ${what}?`;
  if (value === other) {
    return `The format is ${other}, but a ${what} (${expected}) was expected. Maybe this is a ${other} document? Load it as a ${other === RESULT_FORMAT ? 'result' : 'scenario'} instead.`;
  }
  const near = typeof value === 'string' ? closest(value, [expected]) : undefined;
  return `The format ${renderValue(value)} is not ${expected}. Maybe ${near ?? expected}${near ? '' : ` (if this is a ${what})`}?`;
}

/** Shape check of `input` against `schema`; issues go into `out`. */
export function checkShape(schema: z.ZodType, input: unknown, documentNoun: string, out: Issues): boolean {
  const parsed = schema.safeParse(input);
  if (parsed.success) return true;
  for (const issue of parsed.error.issues) describeZodIssue(issue, input, documentNoun, out);
  return false;
}

/** Problems with the document as a whole: not an object, or the other kind of document. */
function checkDocument(input: unknown, expected: string, out: Issues): boolean {
  const what = expected === SCENARIO_FORMAT ? 'scenario' : 'result';
  if (!isPlainObject(input)) {
    out.add(
      DOCUMENT_PATH,
      input,
      `The ${what} is ${typeOfValue(input)}, not a JSON object. Maybe the file holds something else, or is wrapped in extra brackets?`,
    );
    return false;
  }
  const other = expected === SCENARIO_FORMAT ? RESULT_FORMAT : SCENARIO_FORMAT;
  if (input.format === other) {
    out.add(['format'], input.format, formatMessage(input.format, expected));
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Sense: cross-references and sanity
// ---------------------------------------------------------------------------------------------

/** Duplicate ids in one list: every repeat is an issue pointing back at the first. */
function checkUniqueIds(items: readonly { id: string }[] | undefined, list: string, noun: string, out: Issues): Set<string> {
  const first = new Map<string, number>();
  (items ?? []).forEach((item, i) => {
    const earlier = first.get(item.id);
    if (earlier !== undefined) {
      out.add([list, i, 'id'], item.id, `${noun} id ${item.id} is used twice (also ${list}[${earlier}]). Maybe one of them should have another id?`);
    } else first.set(item.id, i);
  });
  return new Set(first.keys());
}

function firstById<T extends { id: string }>(items: readonly T[] | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items ?? []) if (!map.has(item.id)) map.set(item.id, item);
  return map;
}

/** A reference that must be one of `known`; the hint names the closest known id. */
function checkRef(
  value: string,
  known: ReadonlySet<string>,
  path: PathSegment[],
  describe: string,
  whatList: string,
  out: Issues,
): void {
  if (known.has(value)) return;
  out.add(path, value, () => {
    if (known.size === 0) return `${describe} ${value}, but the document lists no ${whatList}. Maybe add ${whatList} or remove this reference?`;
    const near = closest(value, known);
    return `${describe} ${value}, which is not one of the ${whatList}. ${near !== undefined ? `Maybe you meant ${near}?` : `Maybe add it to the ${whatList}, or check the spelling?`}`;
  });
}

function checkYears(years: readonly number[] | undefined, allowed: ReadonlySet<number>, path: PathSegment[], owner: string, out: Issues): void {
  const seen = new Set<number>();
  (years ?? []).forEach((year, i) => {
    if (seen.has(year)) out.add([...path, i], year, `${owner} lists year ${year} twice. Maybe remove one?`);
    seen.add(year);
    if (!allowed.has(year)) {
      out.add(
        [...path, i],
        year,
        `${owner} names year ${year}, which is not one of the scenario's years (${[...allowed].join(', ')}). Maybe add ${year} to the scenario's "years", or remove it here?`,
      );
    }
  });
}

function checkUnavailable(
  list: readonly Unavailability[] | undefined,
  path: PathSegment[],
  owner: string,
  blocks: ReadonlySet<string>,
  years: ReadonlySet<number>,
  out: Issues,
): void {
  (list ?? []).forEach((cell, j) => {
    checkRef(cell.block, blocks, [...path, j, 'block'], `${owner} is unavailable in block`, 'blocks', out);
    if (cell.year !== undefined && !years.has(cell.year)) {
      out.add(
        [...path, j, 'year'],
        cell.year,
        `${owner} is unavailable in year ${cell.year}, which is not one of the scenario's years (${[...years].join(', ')}). Maybe leave "year" out to mean every year?`,
      );
    }
  });
}

function checkCourse(course: Course, i: number, ctx: ScenarioContext, out: Issues): void {
  const p: PathSegment[] = ['courses', i];
  const who = `Course ${course.id}`;
  checkYears(course.years, ctx.years, [...p, 'years'], who, out);
  const seenBlocks = new Set<string>();
  (course.blocks ?? []).forEach((block, j) => {
    if (seenBlocks.has(block)) out.add([...p, 'blocks', j], block, `${who} lists block ${block} twice. Maybe remove one?`);
    seenBlocks.add(block);
    checkRef(block, ctx.blocks, [...p, 'blocks', j], `${who} may use block`, 'blocks', out);
  });
  const span = course.span ?? 1;
  const usable = course.blocks ? seenBlocks.size : ctx.blocks.size;
  if (span > usable) {
    out.add([...p, 'span'], course.span, `${who} has span ${span} but only ${usable} block${usable === 1 ? '' : 's'} to use. Maybe span should be 1, or allow more blocks?`);
  }
  (course.rooms ?? []).forEach((room, j) => checkRef(room, ctx.rooms, [...p, 'rooms', j], `${who} may use room`, 'rooms', out));
  if (course.roomType !== undefined && ctx.roomTypes.size > 0 && !ctx.roomTypes.has(course.roomType) && (course.site ?? 'home') === 'home') {
    checkRef(course.roomType, ctx.roomTypes, [...p, 'roomType'], `${who} needs a room of type`, 'room types', out);
  }
  if (course.site !== undefined && course.site !== 'home' && !ctx.sites.has(course.site)) {
    out.add([...p, 'site'], course.site, () => {
      const near = closest(course.site as string, ['home', ...ctx.sites]);
      return `${who} is taught at site ${course.site}, which is neither "home" nor one of the sites. ${near !== undefined ? `Maybe you meant ${near}?` : 'Maybe add it to "sites", or use "home"?'}`;
    });
  }
  if (course.minGroupSize !== undefined && course.minGroupSize > course.maxGroupSize) {
    out.add(
      [...p, 'minGroupSize'],
      course.minGroupSize,
      `${who} has minGroupSize ${course.minGroupSize}, more than its maxGroupSize ${course.maxGroupSize}, so no group could run. Maybe minGroupSize should be at most ${course.maxGroupSize}?`,
    );
  }
  if (course.minGroups !== undefined && course.maxGroups !== undefined && course.minGroups > course.maxGroups) {
    out.add(
      [...p, 'minGroups'],
      course.minGroups,
      `${who} has minGroups ${course.minGroups}, more than its maxGroups ${course.maxGroups}. Maybe minGroups should be at most ${course.maxGroups}?`,
    );
  }
  (course.tags ?? []).forEach((tag, j) => {
    if (tag.trim() === '') out.add([...p, 'tags', j], tag, `${who} has an empty tag. Maybe remove it?`);
  });
}

interface ScenarioContext {
  blocks: ReadonlySet<string>;
  years: ReadonlySet<number>;
  courses: ReadonlyMap<string, Course>;
  courseIds: ReadonlySet<string>;
  rooms: ReadonlySet<string>;
  roomTypes: ReadonlySet<string>;
  staff: ReadonlySet<string>;
  staffById: ReadonlyMap<string, Staff>;
  roomsById: ReadonlyMap<string, Room>;
  sites: ReadonlySet<string>;
  pathways: ReadonlySet<string>;
  students: ReadonlyMap<string, Student>;
  studentIds: ReadonlySet<string>;
}

function checkStaff(member: Staff, i: number, ctx: ScenarioContext, out: Issues): void {
  const who = `Teacher ${member.id}`;
  member.courses.forEach((course, j) => checkRef(course, ctx.courseIds, ['staff', i, 'courses', j], `${who} can teach course`, 'courses', out));
  checkUnavailable(member.unavailable, ['staff', i, 'unavailable'], who, ctx.blocks, ctx.years, out);
}

function checkRoom(room: Room, i: number, ctx: ScenarioContext, out: Issues): void {
  checkUnavailable(room.unavailable, ['rooms', i, 'unavailable'], `Room ${room.id}`, ctx.blocks, ctx.years, out);
}

function checkPathway(pathway: Pathway, i: number, ctx: ScenarioContext, out: Issues): void {
  checkRules(pathway.rules, ['pathways', i, 'rules'], `of pathway ${pathway.id}`, ctx, out);
}

/** Course and tag references and min/max sense of a rule list (a pathway's, or the top-level one). */
function checkRules(rules: readonly Record<string, unknown>[], at: PathSegment[], of: string, ctx: ScenarioContext, out: Issues): void {
  rules.forEach((rule, j) => {
    const p: PathSegment[] = [...at, j];
    const who = `Rule ${j + 1} ${of}`;
    const checkList = (list: readonly string[], key: string, allowTags: boolean) =>
      list.forEach((entry, k) => {
        if (allowTags && entry.startsWith('tag:')) {
          if (entry.length === 4) out.add([...p, key, k], entry, `${who} names an empty tag "tag:". Maybe write the tag name after it, such as "tag:language"?`);
          return;
        }
        checkRef(entry, ctx.courseIds, [...p, key, k], `${who} names course`, 'courses', out);
      });
    if ('from' in rule && Array.isArray(rule.from)) {
      const from = rule.from as string[];
      checkList(from, 'from', true);
      const min = rule.min as number | undefined;
      const max = rule.max as number | undefined;
      if (min !== undefined && max !== undefined && min > max) {
        out.add([...p, 'min'], min, `${who} asks for at least ${min} but at most ${max}. Maybe min should be at most ${max}?`);
      }
      if (min !== undefined && !from.some((entry) => entry.startsWith('tag:')) && min > new Set(from).size) {
        out.add([...p, 'min'], min, `${who} asks for at least ${min} of only ${new Set(from).size} course(s). Maybe min should be at most ${new Set(from).size}?`);
      }
    } else if ('notTogether' in rule && Array.isArray(rule.notTogether)) {
      checkList(rule.notTogether as string[], 'notTogether', false);
    } else if ('eligible' in rule && Array.isArray(rule.courses)) {
      checkList(rule.courses as string[], 'courses', true);
      const e = rule.eligible as { in?: unknown; notIn?: unknown; min?: number; max?: number };
      if (e.in === undefined && e.notIn === undefined && e.min === undefined && e.max === undefined) {
        out.add([...p, 'eligible'], rule.eligible, `${who} has eligible ${renderValue(rule.eligible)}, which sets no condition on the attribute. Maybe add "in": ["high"]?`);
      }
      if (e.min !== undefined && e.max !== undefined && e.min > e.max) {
        out.add([...p, 'eligible', 'min'], e.min, `${who} asks for the attribute to be at least ${e.min} but at most ${e.max}. Maybe min should be at most ${e.max}?`);
      }
    }
  });
}

function checkStudent(student: Student, i: number, ctx: ScenarioContext, out: Issues): void {
  const who = `Student ${student.id}`;
  const chosen = new Map<string, PathSegment[]>();
  const visit = (list: readonly string[] | undefined, key: 'choices' | 'reserves') =>
    (list ?? []).forEach((course, j) => {
      const path: PathSegment[] = ['students', i, key, j];
      checkRef(course, ctx.courseIds, path, `${who} ${key === 'choices' ? 'chooses' : 'holds as a reserve'} course`, 'courses', out);
      const earlier = chosen.get(course);
      if (earlier) {
        const where = formatPath(earlier);
        out.add(
          path,
          course,
          earlier[2] === key
            ? `${who} lists course ${course} twice in ${key} (also ${where}). Maybe one of them should be another course?`
            : `${who} has course ${course} both as a choice and as a reserve (also ${where}). Maybe the reserve should be another course?`,
        );
      } else chosen.set(course, path);
    });
  visit(student.choices, 'choices');
  visit(student.reserves, 'reserves');
  if (student.pathway !== undefined) checkRef(student.pathway, ctx.pathways, ['students', i, 'pathway'], `${who} follows pathway`, 'pathways', out);
}

function checkGroup(group: Group, i: number, ctx: ScenarioContext, out: Issues): void {
  const p: PathSegment[] = ['groups', i];
  const who = `Group ${group.id}`;
  const course = ctx.courses.get(group.course);
  checkRef(group.course, ctx.courseIds, [...p, 'course'], `${who} is of course`, 'courses', out);
  const seen = new Set<string>();
  group.blocks.forEach((block, j) => {
    if (seen.has(block)) out.add([...p, 'blocks', j], block, `${who} lists block ${block} twice; a double option sits in two different blocks. Maybe use another block?`);
    seen.add(block);
    checkRef(block, ctx.blocks, [...p, 'blocks', j], `${who} sits in block`, 'blocks', out);
    if (course?.blocks && ctx.blocks.has(block) && !course.blocks.includes(block)) {
      out.add([...p, 'blocks', j], block, `${who} sits in block ${block}, but course ${course.id} may only use blocks ${course.blocks.join(', ')}. Maybe move it to one of those?`);
    }
  });
  if (course) {
    const span = course.span ?? 1;
    if (group.blocks.length !== span) {
      out.add(
        [...p, 'blocks'],
        group.blocks,
        `${who} sits in ${group.blocks.length} block${group.blocks.length === 1 ? '' : 's'} (${renderValue(group.blocks)}), but course ${course.id} has span ${span}. Maybe give it exactly ${span} block${span === 1 ? '' : 's'}?`,
      );
    }
  }
  const courseYears = new Set(course?.years ?? ctx.years);
  (group.years ?? []).forEach((year, j) => {
    if (!courseYears.has(year)) {
      out.add(
        [...p, 'years', j],
        year,
        `${who} runs in year ${year}, but ${course ? `course ${course.id}` : 'the scenario'} runs in ${[...courseYears].join(', ')}. Maybe leave "years" out to use the course's years?`,
      );
    }
  });
  (group.staff ?? []).forEach((id, j) => {
    checkRef(id, ctx.staff, [...p, 'staff', j], `${who} is taught by`, 'staff', out);
    const member = ctx.staffById.get(id);
    if (member && course && !member.courses.includes(course.id)) {
      out.add([...p, 'staff', j], id, `${who} is taught by ${id}, who is not listed to teach course ${course.id}. Maybe add ${course.id} to that teacher's courses?`);
    }
  });
  if (group.room !== undefined && group.room !== null) {
    checkRef(group.room, ctx.rooms, [...p, 'room'], `${who} is in room`, 'rooms', out);
    const room = ctx.roomsById.get(group.room);
    if (room && course) {
      const allowed = course.rooms ? course.rooms.includes(room.id) : course.roomType === undefined || course.roomType === room.type;
      if (!allowed) {
        const wanted = course.rooms ? `one of the rooms ${course.rooms.join(', ')}` : `a room of type ${course.roomType}`;
        out.add([...p, 'room'], group.room, `${who} is in room ${room.id} (type ${room.type}), but course ${course.id} needs ${wanted}. Maybe choose one of those?`);
      }
    }
  }
  const members = new Set<string>();
  (group.students ?? []).forEach((id, j) => {
    const path: PathSegment[] = [...p, 'students', j];
    if (members.has(id)) out.add(path, id, `${who} lists student ${id} twice. Maybe remove one?`);
    members.add(id);
    checkRef(id, ctx.studentIds, path, `${who} holds student`, 'students', out);
    const student = ctx.students.get(id);
    if (student && course && !student.choices.includes(course.id) && !(student.reserves ?? []).includes(course.id)) {
      out.add(path, id, `${who} holds student ${id}, who neither chose nor holds a reserve for course ${course.id}. Maybe add ${course.id} to their choices, or take them out of the group?`);
    }
  });
}

/**
 * Cross-reference and sanity checks of a scenario that already has the right shape.
 * Exported for the editor, which checks a document in memory without parsing it again.
 */
export function crossCheckScenario(scenario: Scenario): ValidationIssue[] {
  const out = new Issues();
  collectScenarioIssues(scenario, out);
  return out.finish();
}

function collectScenarioIssues(s: Scenario, out: Issues): void {
  const blocks = new Set<string>();
  s.blocks.forEach((block, i) => {
    if (blocks.has(block)) out.add(['blocks', i], block, `Block ${block} is listed twice. Maybe one of them should be another label?`);
    blocks.add(block);
  });
  const years = new Set<number>();
  (s.years ?? []).forEach((year, i) => {
    if (years.has(year)) out.add(['years', i], year, `Year ${year} is listed twice. Maybe remove one?`);
    years.add(year);
  });
  if (s.years === undefined) DEFAULT_YEARS.forEach((y) => years.add(y));

  const courseIds = checkUniqueIds(s.courses, 'courses', 'Course', out);
  const staff = checkUniqueIds(s.staff, 'staff', 'Teacher', out);
  const rooms = checkUniqueIds(s.rooms, 'rooms', 'Room', out);
  const sites = checkUniqueIds(s.sites, 'sites', 'Site', out);
  const pathways = checkUniqueIds(s.pathways, 'pathways', 'Pathway', out);
  const studentIds = checkUniqueIds(s.students, 'students', 'Student', out);
  checkUniqueIds(s.groups, 'groups', 'Group', out);
  (s.sites ?? []).forEach((site, i) => {
    if (site.id === 'home') out.add(['sites', i, 'id'], site.id, 'Site id "home" is reserved for courses taught at the school itself. Maybe call the partner something else?');
  });

  const ctx: ScenarioContext = {
    blocks,
    years,
    courses: firstById(s.courses),
    courseIds,
    rooms,
    roomTypes: new Set((s.rooms ?? []).map((r) => r.type)),
    staff,
    // First occurrence wins, as in checkUniqueIds, so a duplicate id is reported once, not again here.
    staffById: firstById(s.staff),
    roomsById: firstById(s.rooms),
    sites,
    pathways,
    students: firstById(s.students),
    studentIds,
  };
  s.courses.forEach((course, i) => checkCourse(course, i, ctx, out));
  (s.staff ?? []).forEach((member, i) => checkStaff(member, i, ctx, out));
  (s.rooms ?? []).forEach((room, i) => checkRoom(room, i, ctx, out));
  (s.pathways ?? []).forEach((pathway, i) => checkPathway(pathway, i, ctx, out));
  if (Array.isArray(s.rules)) checkRules(s.rules as Record<string, unknown>[], ['rules'], 'of the rules for every student', ctx, out);
  s.students.forEach((student, i) => checkStudent(student, i, ctx, out));
  (s.groups ?? []).forEach((group, i) => checkGroup(group, i, ctx, out));
}

/**
 * Internal consistency of a result that already has the right shape: unique group and student ids,
 * and every placement names a group that exists and is of the course it is filed under. Whether the
 * result keeps the rules of its scenario is the checker's business, not the parser's.
 */
export function crossCheckResult(result: Result): ValidationIssue[] {
  const out = new Issues();
  collectResultIssues(result, out);
  return out.finish();
}

function collectResultIssues(r: Result, out: Issues): void {
  checkUniqueIds(r.groups, 'groups', 'Group', out);
  checkUniqueIds(r.students, 'students', 'Student', out);
  const groups = new Map<string, ResultGroup>();
  for (const g of r.groups) if (!groups.has(g.id)) groups.set(g.id, g);
  const groupIds = new Set(groups.keys());
  r.students.forEach((student: ResultStudent, i) => {
    for (const [course, groupId] of Object.entries(student.placed)) {
      const path: PathSegment[] = ['students', i, 'placed', course];
      const group = groups.get(groupId);
      if (!group) {
        checkRef(groupId, groupIds, path, `Student ${student.id} is placed in ${course} group`, 'groups', out);
      } else if (group.course !== course) {
        out.add(path, groupId, `Student ${student.id} is placed for course ${course} in group ${groupId}, which is a group of ${group.course}. Maybe the key should be ${group.course}?`);
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------

/** Validate a scenario object (already parsed from JSON). On success the value is `input` itself. */
export function parseScenario(input: unknown): ParseOutcome<Scenario> {
  const out = new Issues();
  if (checkDocument(input, SCENARIO_FORMAT, out) && checkShape(ScenarioSchema, input, 'The scenario', out)) {
    collectScenarioIssues(input as Scenario, out);
  }
  return out.count === 0 ? { ok: true, value: input as Scenario } : { ok: false, errors: out.finish() };
}

/** Validate a result object (already parsed from JSON). On success the value is `input` itself. */
export function parseResult(input: unknown): ParseOutcome<Result> {
  const out = new Issues();
  if (checkDocument(input, RESULT_FORMAT, out) && checkShape(ResultSchema, input, 'The result', out)) {
    collectResultIssues(input as Result, out);
  }
  return out.count === 0 ? { ok: true, value: input as Result } : { ok: false, errors: out.finish() };
}

/**
 * Where and why text stops being JSON, found by a small scanner that follows the JSON grammar.
 * Used only after JSON.parse has failed, because engines word their errors differently and do not all
 * give a position (V8 sometimes does, Firefox gives line and column, Safari and newer V8 messages
 * often give neither). Returns the offset of the first character that cannot be right and a reason.
 */
export function findJsonError(text: string): { offset: number; reason: string } | undefined {
  let i = 0;
  const n = text.length;
  const fail = (reason: string, at = i) => {
    throw { offset: at, reason };
  };
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const describe = (at: number) => (at >= n ? 'the end of the file' : `\`${text[at]}\``);
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describe(i)}`);
  };
  const string = () => {
    const start = i++;
    while (i < n && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail(text[i] === '\n' ? 'a string runs past the end of its line (a closing " is missing)' : 'a control character inside a string');
      if (text[i] === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('a bad \\u escape in a string');
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) fail(`a bad escape \\${e ?? ''} in a string`);
        i += 2;
        continue;
      }
      i++;
    }
    if (i >= n) fail('a string is never closed (a closing " is missing)', start);
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail(`unexpected ${describe(i)}`);
    i += m![0].length;
  };
  // A loop over states with an explicit stack of open containers, not recursion, so neither deep
  // nesting nor a list of thousands of students can overflow the call stack.
  const stack: ('{' | '[')[] = [];
  let state: 'value' | 'firstValue' | 'firstKey' | 'key' | 'after' = 'value';
  try {
    for (;;) {
      ws();
      const c = text[i];
      switch (state) {
        case 'value':
          if (c === '{' || c === '[') {
            stack.push(c);
            i++;
            state = c === '{' ? 'firstKey' : 'firstValue';
            break;
          }
          if (c === '"') string();
          else if (c === 't') literal('true');
          else if (c === 'f') literal('false');
          else if (c === 'n') literal('null');
          else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
          else if (c === undefined) fail('the file ends where a value was expected');
          else if (c === "'") fail('a string is in single quotes; JSON needs double quotes');
          else fail(`unexpected ${describe(i)} where a value was expected`);
          state = 'after';
          break;
        case 'firstValue':
          if (c === ']') {
            stack.pop();
            i++;
            state = 'after';
          } else state = 'value';
          break;
        case 'firstKey':
          if (c === '}') {
            stack.pop();
            i++;
            state = 'after';
          } else state = 'key';
          break;
        case 'key':
          if (c !== '"') fail(`a name in an object must be in double quotes, found ${describe(i)}`);
          string();
          ws();
          if (text[i] !== ':') fail(`a ":" is missing after a name, found ${describe(i)}`);
          i++;
          state = 'value';
          break;
        case 'after': {
          const top = stack[stack.length - 1];
          if (top === undefined) {
            if (i < n) fail(`unexpected ${describe(i)} after the end of the document`);
            return undefined;
          }
          const end = top === '{' ? '}' : ']';
          if (c === end) {
            stack.pop();
            i++;
          } else if (c === ',') {
            const comma = i++;
            ws();
            if (text[i] === end) fail(`a comma is left over before "${end}"`, comma);
            state = top === '{' ? 'key' : 'value';
          } else if (c === undefined) {
            fail(`the file ends before this ${top === '{' ? 'object' : 'list'} is closed with "${end}"`);
          } else {
            fail(`a comma or "${end}" is missing before ${describe(i)}`);
          }
          break;
        }
      }
    }
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'offset' in error) return error as { offset: number; reason: string };
    throw error;
  }
}

/** A hint for the reasons findJsonError gives. */
function jsonHint(reason: string): string {
  if (reason.startsWith('a comma is left over')) return 'Maybe remove that comma (JSON allows none after the last item)?';
  if (reason.startsWith('a comma or')) return 'Maybe a comma is missing between two items?';
  if (reason.includes('single quotes')) return 'Maybe use double quotes?';
  if (reason.startsWith('a name in an object')) return 'Maybe put the name in double quotes?';
  if (reason.startsWith('the file ends')) return 'Maybe the file was cut short, or a closing bracket is missing?';
  if (reason.includes('closing " is missing')) return 'Maybe add the closing double quote?';
  return 'Maybe a comma is missing or left over, or a name or text is not in double quotes?';
}

/**
 * JSON.parse with a syntax error turned into an issue at `(document)` that gives the reason, the line
 * and column, and quotes the line. A UTF-8 byte-order mark, which some spreadsheet tools write, is
 * skipped first; a text over the size limit or nested too deep is refused before JSON.parse runs.
 */
export function parseJsonText(text: string): ParseOutcome<unknown> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Too large or too deeply nested for JSON.parse: refused before it runs (data/document-text.ts).
  const guard = sizeIssue(body.length, 'characters') ?? depthIssue(body);
  if (guard) return { ok: false, errors: [guard] };
  if (body.trim() === '') {
    return { ok: false, errors: [{ path: DOCUMENT_PATH, value: undefined, message: 'The file is empty. Maybe it was not saved completely, or the wrong file was chosen?' }] };
  }
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    const found = findJsonError(body);
    let reason: string;
    let where = '';
    let near = '';
    if (found) {
      reason = found.reason;
      const before = body.slice(0, found.offset);
      const line = before.split('\n').length;
      const column = found.offset - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${column}`;
      const quoted = (body.split('\n')[line - 1] ?? '').trim();
      if (quoted !== '') near = ` near \`${quoted.length > 60 ? `${quoted.slice(0, 57)}...` : quoted}\``;
    } else {
      // The scanner and the engine disagree (should not happen); fall back to the engine's words.
      reason = error instanceof Error ? error.message : String(error);
    }
    return {
      ok: false,
      errors: [
        {
          path: DOCUMENT_PATH,
          value: undefined,
          message: `The file is not valid JSON: ${reason}${where}${near}. ${jsonHint(reason)}`,
        },
      ],
    };
  }
}

/** Parse and validate the text of a scenario file. */
export function parseScenarioText(text: string): ParseOutcome<Scenario> {
  const json = parseJsonText(text);
  return json.ok ? parseScenario(json.value) : json;
}

/** Parse and validate the text of a result file. */
export function parseResultText(text: string): ParseOutcome<Result> {
  const json = parseJsonText(text);
  return json.ok ? parseResult(json.value) : json;
}
