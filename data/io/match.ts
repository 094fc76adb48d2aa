/**
 * Matching the course names people type (in Microsoft Forms free text, in an MIS options module, in a
 * spreadsheet) to the scenario's course ids, and suggesting near misses ("Geog" -> Geography?) for the
 * user to confirm. Nothing is matched on a guess: only an id, a name or a remembered alias matches;
 * near misses are suggestions.
 */
import type { Course } from '../../solver/types';

/** A candidate course for a text that matched nothing exactly, best first. */
export interface CourseSuggestion {
  courseId: string;
  name: string;
  /** 0..1, higher is closer. */
  score: number;
  /** Why it is suggested, in plain words: "abbreviation", "spelling", "initials", "contains the name". */
  why: string;
}

export type MatchHow = 'id' | 'name' | 'alias' | 'ignored' | 'none';

export interface CourseMatch {
  /** The text as it appeared first in the file. */
  text: string;
  /** The normalised text: the key of `courseAliases`. */
  key: string;
  courseId: string | null;
  how: MatchHow;
  suggestions: CourseSuggestion[];
}

/**
 * Normalised form for comparing course texts: accents removed, lower case, "&" and "+" read as "and",
 * punctuation dropped, spaces collapsed. "Design & Technology", "design and technology " and
 * "Design-and-Technology" all become "design and technology".
 */
export function normaliseCourseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[&+]/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Texts people put in a choice cell to mean "no choice here". They match nothing and are not errors. */
const PLACEHOLDERS = new Set(['', 'none', 'n a', 'na', 'nil', 'no', 'no choice', 'no reserve', 'not applicable', 'tbc', 'x']);

export function isPlaceholder(key: string): boolean {
  return PLACEHOLDERS.has(key);
}

const STOP_WORDS = new Set(['and', 'of', 'the', 'in', 'for']);
/** Qualification words that schools add to course names in forms but not in their course lists. */
const NOISE_WORDS = new Set(['gcse', 'btec', 'tech', 'award', 'level', 'l1', 'l2', '1', '2', 'cambridge', 'national', 'vcert', 'course', 'option']);

function tokens(key: string): string[] {
  return key === '' ? [] : key.split(' ');
}

/** Optimal string alignment distance (Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prevPrev = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2] + 1);
      cur[j] = d;
    }
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[b.length];
}

/** Each token of `short` is a prefix of a distinct later token of `long`, in order ("comp sci" in "computer science"). */
function tokensArePrefixes(short: string[], long: string[]): boolean {
  if (short.length === 0 || short.length > long.length) return false;
  let j = 0;
  for (const t of short) {
    while (j < long.length && !long[j].startsWith(t)) j++;
    if (j === long.length) return false;
    j++;
  }
  return true;
}

function initials(words: string[]): string {
  return words.filter((w) => !STOP_WORDS.has(w)).map((w) => w[0]).join('');
}

/** How close `key` (a normalised text) is to one normalised course text, with the reason. */
function closeness(key: string, target: string): { score: number; why: string } {
  if (key === '' || target === '') return { score: 0, why: '' };
  const kt = tokens(key);
  const tt = tokens(target);
  let best = { score: 0, why: '' };
  const consider = (score: number, why: string) => {
    if (score > best.score) best = { score, why };
  };
  const compactKey = key.replace(/ /g, '');
  // "Geog" for "Geography", "Comp Sci" for "Computer Science", "Eng Lit" for "English Literature".
  if (compactKey.length >= 2 && tokensArePrefixes(kt, tt)) consider(0.75 + 0.2 * (compactKey.length / target.replace(/ /g, '').length), 'abbreviation');
  // "DT" for "Design and Technology", "RE" for "Religious Education".
  if (tt.length >= 2 && compactKey.length >= 2 && compactKey === initials(tt)) consider(0.85, 'initials');
  // "GCSE History" or "History (GCSE)" for "History".
  const meaningful = kt.filter((t) => !NOISE_WORDS.has(t) && !STOP_WORDS.has(t));
  const targetMeaningful = tt.filter((t) => !STOP_WORDS.has(t));
  if (meaningful.length > 0 && targetMeaningful.length > 0) {
    const inKey = targetMeaningful.every((t) => kt.includes(t));
    const sameWords = inKey && meaningful.every((t) => tt.includes(t));
    if (sameWords) consider(0.9, 'same words');
    else if (inKey) consider(0.7, 'contains the name');
  }
  // Spelling slips: "Histroy", "Geograpy", "Spansih".
  const d = editDistance(compactKey, target.replace(/ /g, ''));
  const longest = Math.max(compactKey.length, target.replace(/ /g, '').length);
  const sim = 1 - d / longest;
  if (d <= Math.max(1, Math.floor(longest / 3))) consider(0.55 + 0.35 * sim, 'spelling');
  return best;
}

/** Up to `limit` courses close to `text`, best first; ties keep the course list's order. */
export function suggestCourses(text: string, courses: readonly Course[], limit = 3): CourseSuggestion[] {
  const key = normaliseCourseText(text);
  const out: CourseSuggestion[] = [];
  for (const c of courses) {
    const byName = closeness(key, normaliseCourseText(c.name));
    const byId = closeness(key, normaliseCourseText(c.id));
    const b = byName.score >= byId.score ? byName : byId;
    if (b.score >= 0.5) out.push({ courseId: c.id, name: c.name, score: Math.round(b.score * 100) / 100, why: b.why });
  }
  out.sort((a, b) => b.score - a.score);
  return out.slice(0, limit);
}

/**
 * Matches course texts against a course list, caching per distinct text so that 5,000 rows with a
 * few dozen distinct texts cost a few dozen lookups. Order of matching: the exact id, then the id or
 * the name after normalising, then a remembered alias (the user's earlier answer: a course id, or ''
 * for "not a course, ignore it"), then a placeholder such as "None".
 */
export class CourseMatcher {
  private readonly exactId = new Map<string, string>();
  private readonly byKey = new Map<string, { id: string; how: 'id' | 'name' }>();
  private readonly cache = new Map<string, CourseMatch>();

  constructor(
    private readonly courses: readonly Course[],
    private readonly aliases: Readonly<Record<string, string>> = {},
  ) {
    for (const c of courses) this.exactId.set(c.id, c.id);
    // Ids win over names when a text could be either; earlier courses win ties.
    for (const c of courses) {
      const k = normaliseCourseText(c.id);
      if (k !== '' && !this.byKey.has(k)) this.byKey.set(k, { id: c.id, how: 'id' });
    }
    for (const c of courses) {
      const k = normaliseCourseText(c.name);
      if (k !== '' && !this.byKey.has(k)) this.byKey.set(k, { id: c.id, how: 'name' });
    }
  }

  match(text: string): CourseMatch {
    const cached = this.cache.get(text);
    if (cached) return cached;
    const key = normaliseCourseText(text);
    let m: CourseMatch;
    const exact = this.exactId.get(text);
    const known = this.byKey.get(key);
    const alias = Object.prototype.hasOwnProperty.call(this.aliases, key) ? this.aliases[key] : undefined;
    if (exact !== undefined) m = { text, key, courseId: exact, how: 'id', suggestions: [] };
    else if (known) m = { text, key, courseId: known.id, how: known.how, suggestions: [] };
    else if (alias !== undefined && (alias === '' || this.exactId.has(alias))) {
      m = { text, key, courseId: alias === '' ? null : alias, how: alias === '' ? 'ignored' : 'alias', suggestions: [] };
    } else if (isPlaceholder(key)) m = { text, key, courseId: null, how: 'ignored', suggestions: [] };
    else m = { text, key, courseId: null, how: 'none', suggestions: suggestCourses(text, this.courses) };
    this.cache.set(text, m);
    return m;
  }
}
