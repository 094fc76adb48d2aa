/**
 * Column mappings: which column of a school's file holds what. A mapping names columns by their header
 * text, so a mapping saved from last term's export applies to this term's export of the same report
 * even when its columns move. The planner keeps the last mapping (and the user's answers about course
 * names) between imports; `adaptMapping` fits a saved one to a new file's headers.
 */

/** How the text of an attribute column becomes a value: 'auto' looks at the whole column. */
export type AttributeType = 'auto' | 'text' | 'number' | 'yes/no';

export interface AttributeColumn {
  column: string;
  /** The attribute's name in the scenario, e.g. "pp", "sen", "gender". */
  name: string;
  type: AttributeType;
}

export interface StudentMapping {
  id?: string;
  /** One column with the whole name ... */
  name?: string;
  /** ... or first and last names in two columns (joined "First Last"), kept as the student's `forename` and `surname`. */
  firstName?: string;
  lastName?: string;
  /** Preferred forename (SIMS, Bromcom, Arbor): the display name uses it before the legal forename. Kept as `preferredName`. */
  preferredName?: string;
  /** Unique Pupil Number, kept as `upn`. */
  upn?: string;
  /** Admission number (Adno), kept as `admissionNumber`. */
  admissionNumber?: string;
  /** Registration group, kept as `regGroup`. */
  regGroup?: string;
  /** Stored as the attribute `tutorGroup`. */
  tutorGroup?: string;
  /** A form's submission time (Google "Timestamp", Microsoft "Completion time"): which of two submissions is later. */
  timestamp?: string;
  /** A form's e-mail column: the id when the file has no other. */
  email?: string;
  pathway?: string;
  /** Choice columns in order of preference: choice 1, choice 2, ... */
  choices: string[];
  /** Or one column holding every choice, separated by semicolons, commas or line breaks, in order. */
  choicesList?: string;
  reserves: string[];
  reservesList?: string;
  attributes: AttributeColumn[];
}

/** What the import wizard remembers between imports (the web app persists it). */
export interface SavedImportSettings {
  version: 1;
  students: StudentMapping;
  /** Normalised course text (see normaliseCourseText) -> course id, or '' for "not a course: ignore". */
  courseAliases: Record<string, string>;
}

export function emptyStudentMapping(): StudentMapping {
  return { choices: [], reserves: [], attributes: [] };
}

function key(h: string): string {
  return h.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/*
 * Headers as the systems schools use write them (matched after lower-casing and turning punctuation into
 * spaces, so "Adm. No." is "adm no"):
 *   SIMS:      Adno, UPN, Legal Surname, Legal Forename, Preferred Forename, Reg Group, Year, Gender,
 *              Pupil Premium Indicator, SEN Status, KS2 ... (title lines above the header)
 *   Arbor:     Student (the name), First Name, Last Name, Preferred First Name, UPN, Registration Form,
 *              Tutor Group, Year Group, Pupil Premium, SEN Status
 *   Bromcom:   Admission No, UPN, Legal Surname, Preferred Surname, Forename, Preferred Forename, Reg Group,
 *              Tutor Group, PP, SEN
 *   Microsoft Forms: ID (the response number, never a pupil), Start time, Completion time, Email, Name,
 *              Last modified time, then the questions ("Option 1", "First choice", "Reserve 1")
 *   Google Forms: Timestamp, Email address, then the questions ("Surname", "First name",
 *              "Option choice 1 [Block A]", "Which subject is your first choice?")
 * An explicit id column wins; else the admission number, else the UPN, else the form's e-mail.
 */
const ID_HEADERS = ['student id', 'pupil id', 'student no', 'pupil no', 'student number', 'pupil number', 'candidate number', 'mis id', 'learner id', 'id'];
const ADNO_HEADERS = ['adno', 'admission no', 'admission number', 'adm no', 'admissions number', 'admissions no', 'admission num', 'adm number'];
const UPN_HEADERS = ['upn', 'unique pupil number', 'pupil upn'];
const EMAIL_HEADERS = ['email', 'email address', 'e mail', 'e mail address', 'student email', 'pupil email', 'username'];
const TIMESTAMP_HEADERS = ['timestamp', 'completion time', 'submitted', 'submission time', 'submitted at', 'date submitted', 'last modified time', 'start time'];
const NAME_HEADERS = ['name', 'student name', 'pupil name', 'full name', 'student', 'pupil', 'preferred name', 'display name', 'your name', 'what is your name'];
const FIRST_HEADERS = ['legal forename', 'forename', 'first name', 'legal first name', 'given name', 'firstname', 'first names', 'your first name'];
const LAST_HEADERS = ['legal surname', 'surname', 'last name', 'legal last name', 'family name', 'lastname', 'preferred surname', 'your surname', 'your last name'];
const PREFERRED_HEADERS = ['preferred forename', 'preferred first name', 'chosen forename', 'known as'];
const REG_HEADERS = ['reg group', 'registration group', 'reg', 'registration form', 'reg form', 'registration', 'reg grp'];
const TUTOR_HEADERS = ['tutor group', 'form', 'form group', 'tutor', 'class', 'tutor grp'];
const PATHWAY_HEADERS = ['pathway', 'route', 'pathway id'];
const LIST_HEADERS = ['choices', 'options', 'subjects', 'option choices', 'subject choices', 'courses'];
const RESERVE_LIST_HEADERS = ['reserves', 'reserve choices', 'reserve subjects', 'backup choices'];
/**
 * Header words that are usually worth keeping as attributes, the attribute name to use and how to read
 * it. SEN codes (N, K, E), gender and attainment bands are text even when a column happens to hold only
 * "N" (which 'auto' would read as "no"); the others are decided from their values.
 */
const ATTRIBUTE_HEADERS: [RegExp, string, AttributeType][] = [
  [/^(gender|sex|legal sex)$/, 'gender', 'text'],
  [/^(pp|pupil premium|pupil premium indicator|pp indicator|pupil premium eligible|disadvantaged|disadvantaged pupil|fsm|fsm ever 6|ever 6 fsm|fsm6)$/, 'pp', 'yes/no'],
  [/^(sen|send|sen status|send status|sen need|sen provision|sen code|sen stage)$/, 'sen', 'text'],
  [/^(eal|english as an additional language)$/, 'eal', 'auto'],
  [/^(prior|prior attainment|prior attainment band|ks2 prior attainment|ks2 prior attainment band|ks2 pa band|ks2 band|attainment band|band|ability band|ks2 average scaled score|ks2 average|ks2 scaled score|ks2 aps|ks2 .*|ks2)$/, 'prior', 'auto'],
  [/^(year|year group|nc year|curriculum year)$/, 'year', 'auto'],
  [/^(house)$/, 'house', 'text'],
];

function findHeader(headers: readonly string[], names: readonly string[], used: Set<string>): string | undefined {
  for (const n of names) {
    const h = headers.find((x) => !used.has(x) && key(x) === n);
    if (h) return h;
  }
  return undefined;
}

/** Ordinal number written in a choice header: "Choice 2", "2nd choice", "Option 3", "Second choice", "Subject choice 4". */
function ordinalIn(k: string): number | undefined {
  const m = /(?:^|\s)(\d{1,2})(?:st|nd|rd|th)?(?:\s|$)/.exec(k);
  if (m) return Number(m[1]);
  const words = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'];
  for (let i = 0; i < words.length; i++) if (new RegExp(`(^|\\s)${words[i]}(\\s|$)`).test(k)) return i + 1;
  // A Google Forms grid question, one column per block: "Option choice [Block A]".
  const b = /(?:^|\s)block ([a-h])(?:\s|$)/.exec(k);
  if (b) return b[1].charCodeAt(0) - 96;
  return undefined;
}

/**
 * A first guess at the mapping from the headers of a students-and-choices file. Choice and reserve
 * columns are recognised by words and ordinals ("Choice 1", "1st option", "Reserve 2", "Second reserve
 * choice"); a single choices column by its name; common attribute columns (gender, pupil premium,
 * SEN, EAL, prior attainment) are proposed as attributes. Every other column is left unmapped.
 */
export function guessStudentMapping(headers: readonly string[]): StudentMapping {
  const used = new Set<string>();
  const take = (h: string | undefined) => {
    if (h !== undefined) used.add(h);
    return h;
  };
  const m = emptyStudentMapping();
  // Choices and reserves first, so "Option 1" is not taken for anything else.
  const choices: [number, string][] = [];
  const reserves: [number, string][] = [];
  for (const h of headers) {
    const k = key(h);
    const n = ordinalIn(k);
    if (n === undefined) continue;
    if (/\b(reserve|backup|back up|alternative)\b/.test(k)) reserves.push([n, h]);
    else if (/\b(choices?|options?|subjects?|preferences?|pref)\b/.test(k)) choices.push([n, h]);
  }
  choices.sort((a, b) => a[0] - b[0]);
  reserves.sort((a, b) => a[0] - b[0]);
  m.choices = choices.map(([, h]) => take(h)!);
  m.reserves = reserves.map(([, h]) => take(h)!);
  if (m.reserves.length === 0) {
    // A single "Reserve" column, or one question asking for it ("Which subject is your reserve?").
    const r =
      headers.find((h) => !used.has(h) && /^(reserve|reserve choice|reserve subject|reserve option)$/.test(key(h))) ??
      (() => {
        const asked = headers.filter((h) => !used.has(h) && /\breserve\b/.test(key(h)) && !/\b(reserves|choices)\b/.test(key(h)));
        return asked.length === 1 ? asked[0] : undefined;
      })();
    if (r) m.reserves = [take(r)!];
  }
  if (m.choices.length === 0) m.choicesList = take(findHeader(headers, LIST_HEADERS, used));
  if (m.reserves.length === 0) m.reservesList = take(findHeader(headers, RESERVE_LIST_HEADERS, used));
  m.preferredName = take(findHeader(headers, PREFERRED_HEADERS, used));
  m.firstName = take(findHeader(headers, FIRST_HEADERS, used));
  m.lastName = take(findHeader(headers, LAST_HEADERS, used));
  // A full-name column (Arbor's "Student", a form's "Name") is the display name when there is one;
  // forename and surname are still kept beside it.
  m.name = take(findHeader(headers, NAME_HEADERS, used));
  if (m.name === undefined && (m.firstName === undefined || m.lastName === undefined) && m.preferredName === undefined) {
    // One of the two alone is not a name.
    if (m.firstName) used.delete(m.firstName);
    if (m.lastName) used.delete(m.lastName);
    m.firstName = undefined;
    m.lastName = undefined;
  }
  // Microsoft Forms numbers its responses in a column headed "ID": a response number, never a pupil's id.
  const forms = headers.some((h) => ['start time', 'completion time', 'timestamp'].includes(key(h)));
  m.admissionNumber = take(findHeader(headers, ADNO_HEADERS, used));
  m.upn = take(findHeader(headers, UPN_HEADERS, used));
  m.email = take(findHeader(headers, EMAIL_HEADERS, used));
  m.timestamp = take(findHeader(headers, TIMESTAMP_HEADERS, used));
  m.id = take(findHeader(headers, forms ? ID_HEADERS.filter((h) => h !== 'id') : ID_HEADERS, used)) ?? m.admissionNumber ?? m.upn ?? m.email;
  m.regGroup = take(findHeader(headers, REG_HEADERS, used));
  m.tutorGroup = take(findHeader(headers, TUTOR_HEADERS, used));
  m.pathway = take(findHeader(headers, PATHWAY_HEADERS, used));
  for (const h of headers) {
    if (used.has(h)) continue;
    const k = key(h);
    for (const [re, name, type] of ATTRIBUTE_HEADERS) {
      if (re.test(k) && !m.attributes.some((a) => a.name === name)) {
        m.attributes.push({ column: take(h)!, name, type });
        break;
      }
    }
  }
  return m;
}

/**
 * A saved mapping fitted to a new file: every column it names that the file still has is kept, and the
 * rest is filled from a fresh guess. Returns the fitted mapping and the saved columns now missing, so
 * the wizard can say "Column 'Reg' is no longer in the file".
 */
export function adaptMapping(saved: StudentMapping | undefined, headers: readonly string[]): { mapping: StudentMapping; missing: string[] } {
  const guess = guessStudentMapping(headers);
  if (!saved) return { mapping: guess, missing: [] };
  const has = new Set(headers);
  const missing: string[] = [];
  const keep = (h: string | undefined) => {
    if (h === undefined) return undefined;
    if (has.has(h)) return h;
    missing.push(h);
    return undefined;
  };
  const m: StudentMapping = {
    id: keep(saved.id),
    name: keep(saved.name),
    firstName: keep(saved.firstName),
    lastName: keep(saved.lastName),
    preferredName: keep(saved.preferredName),
    upn: keep(saved.upn),
    admissionNumber: keep(saved.admissionNumber),
    regGroup: keep(saved.regGroup),
    tutorGroup: keep(saved.tutorGroup),
    timestamp: keep(saved.timestamp),
    email: keep(saved.email),
    pathway: keep(saved.pathway),
    choices: saved.choices.map(keep).filter((h): h is string => h !== undefined),
    choicesList: keep(saved.choicesList),
    reserves: saved.reserves.map(keep).filter((h): h is string => h !== undefined),
    reservesList: keep(saved.reservesList),
    attributes: saved.attributes.filter((a) => keep(a.column) !== undefined),
  };
  // Fill what the saved mapping left unset (or lost) from the guess, without using a column twice.
  const used = new Set(mappedColumns(m));
  const fill = <K extends 'id' | 'tutorGroup' | 'pathway' | 'upn' | 'admissionNumber' | 'regGroup' | 'timestamp' | 'email'>(k: K) => {
    // The id may share its column with the admission number, UPN or e-mail.
    const g = guess[k];
    const shared = k === 'id' ? [m.admissionNumber, m.upn, m.email].includes(g) : IDENTITY_KEYS.includes(k as (typeof IDENTITY_KEYS)[number]) && m.id === g;
    if (m[k] === undefined && g !== undefined && (!used.has(g) || shared)) {
      m[k] = g;
      used.add(g);
    }
  };
  for (const k of ['admissionNumber', 'upn', 'email', 'id', 'regGroup', 'tutorGroup', 'pathway', 'timestamp'] as const) fill(k);
  if (m.name === undefined && m.firstName === undefined && m.lastName === undefined) {
    m.name = guess.name;
    m.firstName = guess.firstName;
    m.lastName = guess.lastName;
    if (m.preferredName === undefined) m.preferredName = guess.preferredName;
  }
  if (m.choices.length === 0 && m.choicesList === undefined) {
    m.choices = guess.choices.filter((h) => !used.has(h));
    m.choicesList = guess.choicesList;
  }
  if (m.reserves.length === 0 && m.reservesList === undefined) {
    m.reserves = guess.reserves.filter((h) => !used.has(h));
    m.reservesList = guess.reservesList;
  }
  return { mapping: m, missing };
}

/** True when the mapping names a choice column (several, or one listing every choice). */
export function hasChoiceColumns(m: StudentMapping): boolean {
  return m.choices.length > 0 || m.choicesList !== undefined;
}

/** The mapping's keys that may name the same column as the id. */
const IDENTITY_KEYS = ['id', 'admissionNumber', 'upn', 'email'] as const;

/** Every column a mapping uses, in a stable order (the id's column once, even when it is also the Adno, UPN or e-mail). */
export function mappedColumns(m: StudentMapping): string[] {
  const out: string[] = [];
  for (const h of [m.id, m.name, m.firstName, m.lastName, m.preferredName, m.tutorGroup, m.regGroup, m.pathway, m.choicesList, m.reservesList, m.timestamp]) if (h) out.push(h);
  for (const h of [m.admissionNumber, m.upn, m.email]) if (h && h !== m.id) out.push(h);
  out.push(...m.choices, ...m.reserves, ...m.attributes.map((a) => a.column));
  return out;
}

/**
 * Problems that make a mapping unusable for a file, in plain words: no id column, a column mapped
 * twice, a mapped column the file does not have, neither choice columns nor names. A mapping with names
 * and no choice columns is a student list (an MIS export before the options round): it is accepted.
 */
export function checkStudentMapping(m: StudentMapping, headers: readonly string[]): string[] {
  const problems: string[] = [];
  const has = new Set(headers);
  if (!m.id) problems.push('Choose the column that holds each student\'s id (admission number, UPN or the school\'s own id). Every student needs one.');
  // A student list from the MIS before the options round has no choice columns: it is imported with no
  // choices (the pupils choose online, or their Forms export is merged in later), but then the names are
  // what the list is for, so a list with neither choices nor names is not one.
  if (!hasChoiceColumns(m) && m.name === undefined && m.firstName === undefined && m.lastName === undefined && m.preferredName === undefined) {
    problems.push('Choose the choice columns (choice 1, choice 2, ...) or the one column that lists every choice. For a list of students who have not chosen yet, choose their name columns instead.');
  } else if (!hasChoiceColumns(m) && m.timestamp !== undefined) {
    // A file with a submission time is a form's responses: its choices are in it, in a column not yet named
    // (a Forms question the planner cannot guess). Taking it as a student list would add every pupil with no
    // choices without a word of what they chose.
    problems.push(`This file has a time of submission ("${m.timestamp}"), so it holds a form's answers: choose the column that lists every choice (the form's question), or the choice columns. To import it as a list of students without choices, set "Submitted at" to none.`);
  }
  const seen = new Map<string, number>();
  for (const h of mappedColumns(m)) {
    if (!has.has(h)) problems.push(`Column "${h}" is not in this file. Maybe it was renamed? Choose it again.`);
    seen.set(h, (seen.get(h) ?? 0) + 1);
  }
  for (const [h, n] of seen) if (n > 1) problems.push(`Column "${h}" is mapped ${n} times. Each column can hold one thing.`);
  const names = new Map<string, number>();
  for (const a of m.attributes) {
    if (a.name.trim() === '') problems.push(`Attribute column "${a.column}" needs a name (such as "pp" or "gender").`);
    names.set(a.name, (names.get(a.name) ?? 0) + 1);
  }
  for (const [n, c] of names) if (c > 1 && n.trim() !== '') problems.push(`Attribute name "${n}" is used for ${c} columns. Give each its own name.`);
  if ((m.firstName === undefined) !== (m.lastName === undefined) && m.name === undefined && m.preferredName === undefined) {
    problems.push('Choose both the first-name and the last-name columns, or one full-name column.');
  }
  return problems;
}
