/**
 * What the staff page works out from a round's status (GET /api/staff/rounds/:id, data/options-round.ts
 * RoundStatusWire) before showing it: the combinations that do not fit grouped (what a timetabler acts on
 * is "7 pupils want History with Geography, both only in block A", not seven rows), demand against places
 * in words, the not-submitted list sorted and filtered, and times in words. Pure: no DOM, no React, the
 * clock passed in, so test/staff-page.test.ts checks it all directly.
 */
import type { CourseDemandWire, PupilProblemWire, RoundStatusWire } from '../../data/options-round';

export interface CombinationGroup {
  /** The chosen course ids, sorted: pupils who ranked the same courses differently want the same combination. */
  courses: string[];
  /** "History + Geography" (course names where the offer knows them, else the id). */
  label: string;
  count: number;
  /**
   * The clash in words, each distinct reason once, in the order first seen (a pathway can add one for some
   * pupils). The previewer words a clash in the pupil's ranking ("History (HIS) and Geography (GEO) ..." for
   * one, "Geography (GEO) and History (HIS) ..." for another): a reason made of the same words as one already
   * kept is the same reason and is not repeated.
   */
  reasons: string[];
  pupils: PupilProblemWire[];
}

/** Sorted course ids joined with a separator no course id contains (ids are trimmed words from the offer). */
const combinationKey = (courses: readonly string[]) => [...courses].sort().join('\u0000');

/** A reason's words, sorted, without case or punctuation: the same for the same clash worded in another order. */
const reasonKey = (reason: string) =>
  reason
    .toLocaleLowerCase('en-GB')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
    .sort()
    .join(' ');

/**
 * The pupils whose latest choices do not fit the blocks, one group per combination, the largest first (ties
 * by label, so the order does not jump between refreshes). Within a group the pupils are in the server's
 * order (invitation order).
 */
export function groupByCombination(notFitting: readonly PupilProblemWire[], courseName: (id: string) => string): CombinationGroup[] {
  const groups = new Map<string, CombinationGroup>();
  const reasonKeys = new Map<CombinationGroup, Set<string>>();
  for (const p of notFitting) {
    const key = combinationKey(p.choices);
    let g = groups.get(key);
    if (!g) {
      const courses = [...p.choices].sort();
      g = { courses, label: courses.map(courseName).join(' + '), count: 0, reasons: [], pupils: [] };
      groups.set(key, g);
      reasonKeys.set(g, new Set());
    }
    g.count++;
    g.pupils.push(p);
    const seen = reasonKeys.get(g)!;
    for (const r of p.reasons) {
      const k = reasonKey(r);
      if (seen.has(k)) continue;
      seen.add(k);
      g.reasons.push(r);
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'en-GB'));
}

/** A course name from the status's demand list (every course of the current offer), or the id itself. */
export function courseNamer(demand: readonly CourseDemandWire[]): (id: string) => string {
  const names = new Map(demand.map((d) => [d.course, d.name]));
  return (id) => names.get(id) ?? id;
}

export interface DemandRow extends CourseDemandWire {
  /** Pupils choosing it beyond its places (0 when it has room). */
  over: number;
  /** Chosen as a share of places for the bar, 0..1 (1 when full or over, and when there are no places but demand). */
  fill: number;
  /** The state in words, so it never rests on colour: "Over by 3 places", "Full", "12 places left", "No places offered; 2 pupils chose it". */
  words: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Demand against places, course by course, in the offer's order. */
export function demandRows(demand: readonly CourseDemandWire[]): DemandRow[] {
  return demand.map((d) => {
    const over = Math.max(0, d.chosen - d.places);
    const fill = d.places > 0 ? Math.min(1, d.chosen / d.places) : d.chosen > 0 ? 1 : 0;
    let words: string;
    // No places at all is not "over": the draft blocks do not run the course (or its quota is used up).
    if (d.places === 0) words = d.chosen > 0 ? `No places offered; ${plural(d.chosen, 'pupil')} chose it` : 'No places offered';
    else if (over > 0) words = `Over by ${plural(over, 'place')}`;
    else if (d.chosen === d.places) words = 'Full';
    else words = `${plural(d.places - d.chosen, 'place')} left`;
    return { ...d, over, fill, words };
  });
}

export type PupilSort = 'name' | 'admissionNumber';

/**
 * The not-submitted list filtered by what was typed (in the name or the admission number, ignoring case and
 * accents) and sorted. Admission numbers sort as numbers where they are ("A9" before "A10").
 */
export function notSubmittedView(pupils: RoundStatusWire['notSubmitted'], filter: string, sort: PupilSort, descending: boolean): RoundStatusWire['notSubmitted'] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('en-GB');
  const q = fold(filter.trim());
  const shown = q === '' ? [...pupils] : pupils.filter((p) => fold(p.name).includes(q) || fold(p.admissionNumber).includes(q));
  const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });
  shown.sort((a, b) => {
    const primary = sort === 'name' ? collator.compare(a.name, b.name) : collator.compare(a.admissionNumber, b.admissionNumber);
    const tie = sort === 'name' ? collator.compare(a.admissionNumber, b.admissionNumber) : collator.compare(a.name, b.name);
    return (descending ? -1 : 1) * (primary || tie);
  });
  return shown;
}

/** Submitted as a whole percentage, rounded down so "100%" means every pupil. */
export function submittedPercent(submitted: number, pupils: number): number {
  return pupils === 0 ? 0 : Math.floor((100 * submitted) / pupils);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration in the two largest units that matter: "2 days 4 hours", "3 hours 12 minutes", "12 minutes". */
export function durationWords(ms: number): string {
  const minutes = Math.floor(ms / MINUTE);
  if (minutes < 1) return 'less than a minute';
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const mins = Math.floor((ms % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${plural(days, 'day')} ${plural(hours, 'hour')}` : plural(days, 'day');
  if (hours > 0) return mins > 0 ? `${plural(hours, 'hour')} ${plural(mins, 'minute')}` : plural(hours, 'hour');
  return plural(mins, 'minute');
}

/** How long is left before the deadline, or how long ago it passed; a closed round says so instead. */
export function timeLeftWords(deadline: string, status: string, now: number): string {
  if (status === 'closed') return 'The round is closed: pupils can no longer change their choices.';
  const left = Date.parse(deadline) - now;
  if (left <= 0) return `The deadline passed ${durationWords(-left)} ago: pupils can no longer change their choices.`;
  return `${durationWords(left)} left`;
}

/**
 * A moment in the viewer's own time zone, with the zone named (a projected page may be read by someone who
 * assumes UTC): "Sunday 14 February 2027, 17:00 GMT". `timeZone` is for tests; the page uses the browser's.
 */
export function localWhen(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', ...(timeZone ? { timeZone } : {}) });
}

/** A clock time for "Updated 17:42:10", in the viewer's time zone. */
export function clockTime(ms: number, timeZone?: string): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, ...(timeZone ? { timeZone } : {}) });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The value a datetime-local input shows for a moment: the browser's local wall time, to the minute ("2027-02-14T17:00"). */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * A datetime-local input's value (local wall time, no zone) as the ISO 8601 instant the server wants, or a
 * message saying what is wrong with it. `new Date("YYYY-MM-DDTHH:MM")` reads the form as local time.
 */
export function fromLocalInput(value: string): { ok: true; iso: string } | { ok: false; message: string } {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return { ok: false, message: 'Give the new deadline as a date and a time.' };
  const t = new Date(value).getTime();
  if (Number.isNaN(t)) return { ok: false, message: `"${value}" is not a date and time this page can read.` };
  return { ok: true, iso: new Date(t).toISOString() };
}

/** A file name for the CSV download from the round's name: letters, digits and hyphens only ("Year 9 options 2027" → year-9-options-2027-submissions.csv). */
export function csvFileName(roundName: string): string {
  const slug = roundName
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'options-round'}-submissions.csv`;
}

/**
 * The records in a CSV text (RFC 4180): line breaks inside a quoted field (a name may hold one) do not end a
 * record; a final line break does not start an empty one.
 */
export function csvRecordCount(text: string): number {
  let records = 0;
  let quoted = false;
  let empty = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === '\n' || ch === '\r')) {
      if (!empty) records++;
      empty = true;
      continue;
    }
    empty = false;
  }
  return empty ? records : records + 1;
}
