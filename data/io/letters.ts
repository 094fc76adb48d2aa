/**
 * Letters to pupils as a template with merge fields, and the same fields as a mail-merge table (one row
 * per pupil, a column per field) for a school that merges in its word processor. Browser-safe and pure.
 *
 * Fields: {school} {date} {contact} {name} {forename} {surname} {preferredName} {regGroup} {upn}
 * {courses} (each course the pupil takes with its block, a line each: "History (block A)"), {reserves}
 * (reserves used in place of unmet choices), {unmet} (each unmet choice with the solver's reason:
 * "Art: Art runs only in block B, ..."). A paragraph (text between blank lines) whose fields are all empty
 * is left out, so "Reserves you will take: {reserves}" disappears for a pupil who needed none.
 */
import type { Result, Scenario, Student } from '../../solver/types';
import { bySurname, letterData, pupilNames } from './export';
import type { SheetRows } from './write';

export interface LetterSettings {
  /** The school's name, at the top of every letter. */
  school: string;
  /** The date on the letters, already formatted ("5 December 2026"). */
  date: string;
  /** Who to contact with questions ("Mrs Patel, Head of Year 9, options@school.example"). */
  contact: string;
  /** The letter's text with {fields}; DEFAULT_TEMPLATE when empty. */
  template: string;
}

export const LETTER_FIELDS = ['school', 'date', 'contact', 'name', 'forename', 'surname', 'preferredName', 'regGroup', 'upn', 'courses', 'reserves', 'unmet'] as const;
export type LetterField = (typeof LETTER_FIELDS)[number];

/** What each field holds, for the help next to the template. */
export const LETTER_FIELD_HELP: Record<LetterField, string> = {
  school: "the school's name",
  date: 'the date on the letter',
  contact: 'who to contact',
  name: 'full name',
  forename: 'forename',
  surname: 'surname',
  preferredName: 'preferred name (else forename)',
  regGroup: 'registration group',
  upn: 'UPN',
  courses: 'courses with their blocks, a line each',
  reserves: 'reserves used',
  unmet: 'choices not met, with the reason',
};

export const DEFAULT_TEMPLATE = `{school}
{date}

{name}
{regGroup}

Dear {preferredName},

Your Key Stage 4 options

Thank you for making your option choices. These are the courses you will study in Years 10 and 11, with the option block each is taught in:
{courses}

A choice could not be given to you, so you will take your reserve instead:
{reserves}

We could not give you every course you chose. These choices could not be met:
{unmet}

If you have any questions, please contact {contact}.`;

/** "5 December 2026" for an ISO date ("2026-12-05") or a Date; the text itself when it is not a date. */
export function formatLetterDate(d: string | Date): string {
  const date = typeof d === 'string' ? (/^\d{4}-\d{2}-\d{2}$/.test(d) ? new Date(`${d}T12:00:00`) : null) : d;
  if (!date || Number.isNaN(date.getTime())) return typeof d === 'string' ? d : '';
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}

export type LetterFields = Record<LetterField, string> & { studentId: string };

function blockWords(blocks: string, years: string): string {
  const b = blocks.split(' ').filter(Boolean);
  const where = b.length > 1 ? `blocks ${b.slice(0, -1).join(', ')} and ${b[b.length - 1]}` : `block ${b[0] ?? '?'}`;
  const when = years ? `, ${years.replace(/Y(\d+)/g, 'Year $1').replace(' ', ' and ')} only` : '';
  return `${where}${when}`;
}

/**
 * Every pupil's merge fields, by surname then forename. `result` should already be the result as the
 * scenario now sees it (web/state/basis.ts resultForScenario), so no removed pupil gets a letter.
 */
export function letterFields(scenario: Scenario, result: Result, settings: Pick<LetterSettings, 'school' | 'date' | 'contact'>, studentIds?: readonly string[]): LetterFields[] {
  const data = new Map(letterData(scenario, result).map((d) => [d.studentId, d]));
  // `studentIds`: only these pupils (those a late change moved, web/reference/); every pupil when missing.
  const only = studentIds ? new Set(studentIds) : null;
  const students: Student[] = scenario.students.filter((s) => only === null || only.has(s.id)).sort(bySurname);
  return students.map((s) => {
    const d = data.get(s.id)!;
    const n = pupilNames(s);
    return {
      studentId: s.id,
      school: settings.school,
      date: settings.date,
      contact: settings.contact,
      name: n.name,
      forename: n.forename,
      surname: n.surname,
      preferredName: n.preferredName || n.name,
      regGroup: n.regGroup,
      upn: n.upn,
      courses: d.placed.map((p) => `${p.courseName} (${blockWords(p.blocks, p.years)})`).join('\n'),
      reserves: d.placed.filter((p) => p.chosenAs.startsWith('reserve')).map((p) => p.courseName).join('\n'),
      unmet: d.unmet.map((u) => (u.reason ? `${u.courseName}: ${u.reason}` : u.courseName)).join('\n'),
    };
  });
}

const FIELD = /\{([A-Za-z]+)\}/g;

/**
 * The template filled in for one pupil, as paragraphs (split on blank lines; a paragraph's lines stay
 * separate lines). A paragraph with fields that are all empty is left out; an unknown {word} is left as typed.
 */
export function fillTemplate(template: string, fields: LetterFields): string[] {
  const known = new Set<string>(LETTER_FIELDS);
  const out: string[] = [];
  for (const para of (template.trim() || DEFAULT_TEMPLATE).replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    let used = 0;
    let filled = 0;
    const text = para.replace(FIELD, (all, key: string) => {
      if (!known.has(key)) return all;
      used++;
      const v = fields[key as LetterField];
      if (v) filled++;
      return v;
    });
    if (used > 0 && filled === 0) continue;
    // Lines left empty by an empty field go too ("{regGroup}" for a pupil without one).
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    if (lines.length > 0) out.push(lines.join('\n'));
  }
  return out;
}

/** Fields a template names that are not merge fields (typing slips: "{forname}"). */
export function unknownFields(template: string): string[] {
  const known = new Set<string>(LETTER_FIELDS);
  return [...new Set([...template.matchAll(FIELD)].map((m) => m[1]).filter((k) => !known.has(k)))];
}

/** The mail-merge table: a row per pupil (by surname; only `studentIds` when given), Student ID then every field as a column named as in the template. */
export function mailMergeTable(scenario: Scenario, result: Result, settings: Pick<LetterSettings, 'school' | 'date' | 'contact'>, studentIds?: readonly string[]): SheetRows {
  const rows: SheetRows = [['studentId', ...LETTER_FIELDS]];
  for (const f of letterFields(scenario, result, settings, studentIds)) rows.push([f.studentId, ...LETTER_FIELDS.map((k) => f[k])]);
  return rows;
}
