/**
 * Which import a school's file is for, from its header row: students' choices (an id and choice
 * columns, as SIMS, Bromcom or a Forms export has them, or an MIS student list with no choices yet), the course list (a course code and a group
 * size), the staff list (a teacher and the subjects they teach) or the room list (a room and its type or
 * capacity). The columns are recognised by the importers' own recognisers (mapping.ts for choices,
 * lists.ts for the lists), so a file classified here imports with the same columns found. JSON
 * documents are told apart by their first character.
 */
import { guessStudentMapping, hasChoiceColumns } from './mapping';
import { listColumns } from './lists';

export type SheetKind = 'choices' | 'courses' | 'staff' | 'rooms';

export const SHEET_KINDS: readonly SheetKind[] = ['choices', 'courses', 'staff', 'rooms'];

/** How each kind is named to the user, and what its header row needs. */
export const SHEET_KIND_TEXT: Record<SheetKind, { name: string; needs: string }> = {
  choices: { name: "students' choices", needs: 'a student id column (Adno, UPN, Student ID) and choice columns (Option 1, Choice 2, …) or one Choices column; or, before anyone has chosen, a student list with an id and names' },
  courses: { name: 'course list', needs: 'a course code column (Course ID, Subject Code) and a group size column (Max group size, Max Class Size)' },
  staff: { name: 'staff list', needs: 'a staff code column (Staff ID, Staff Code, Initials) and the subjects they teach (Subjects, Courses)' },
  rooms: { name: 'room list', needs: 'a room column (Room, Room ID) and its type or capacity (Type, Capacity)' },
};

export interface Classification {
  /** The kind recognised, or null when none (or more than one equally) fits. */
  kind: SheetKind | null;
  /** Every kind whose needs the header row meets, best first. */
  candidates: SheetKind[];
  /** Plain words: what the file was recognised as, or why not and what kinds are accepted. */
  message: string;
  /** The message's first sentence alone, for a page that lists the accepted kinds itself. */
  headline: string;
}

/** "a course list", "students' choices". */
export function kindPhrase(k: SheetKind): string {
  return k === 'choices' ? SHEET_KIND_TEXT[k].name : `a ${SHEET_KIND_TEXT[k].name}`;
}

const key = (h: string) => h.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/** Scores of each kind for a header row; a kind scores only when its required columns are there. */
export function sheetScores(headers: readonly string[]): Record<SheetKind, number> {
  const words = headers.map(key);
  const mentions = (re: RegExp) => (words.some((w) => re.test(w)) ? 2 : 0);
  const m = guessStudentMapping(headers);
  const named = m.name !== undefined || m.firstName !== undefined || m.preferredName !== undefined;
  // A student list before the options round (Adno, UPN, Legal Surname, Preferred Forename, Reg Group, and
  // no choices yet) goes to the same import, which adds its students without choices. An id and a name
  // alone could be any list, so it needs a column only a pupil list has.
  const pupilList = named && (m.admissionNumber !== undefined || m.upn !== undefined || m.regGroup !== undefined || m.preferredName !== undefined);
  const choices =
    m.id !== undefined && (m.choices.length > 0 || m.choicesList !== undefined)
      ? 1 + Math.min(m.choices.length, 5) + (m.choicesList ? 1 : 0) + (m.reserves.length > 0 || m.reservesList ? 1 : 0) + (m.name || m.firstName ? 1 : 0) + (m.tutorGroup ? 1 : 0) + mentions(/\b(student|pupil|adno|upn|candidate)\b/)
      : m.id !== undefined && pupilList
        ? 1 + (m.tutorGroup || m.regGroup ? 1 : 0) + mentions(/\b(student|pupil|adno|upn|candidate)\b/)
        : 0;
  const c = listColumns('courses', headers);
  const courses = c.has('id') && (c.has('maxGroupSize') || (c.has('name') && (c.has('kind') || c.has('roomType') || c.has('minGroupSize')))) ? c.size + mentions(/\b(course|subject|qualification)\b/) : 0;
  const s = listColumns('staff', headers);
  const staff = s.has('id') && s.has('courses') ? s.size + mentions(/\b(staff|teacher|initials)\b/) : 0;
  const r = listColumns('rooms', headers);
  const rooms = r.has('id') && (r.has('type') || r.has('capacity')) && words.some((w) => /\broom\b/.test(w) && w !== 'room type') ? r.size + 2 : 0;
  return { choices, courses, staff, rooms };
}

export function classifyHeaders(headers: readonly string[]): Classification {
  const scores = sheetScores(headers);
  const candidates = SHEET_KINDS.filter((k) => scores[k] > 0).sort((a, b) => scores[b] - scores[a]);
  const accepted = SHEET_KINDS.map((k) => `${kindPhrase(k)} (${SHEET_KIND_TEXT[k].needs})`).join('; ');
  const shown = headers.slice(0, 8).map((h) => `"${h}"`).join(', ') + (headers.length > 8 ? ', …' : '');
  if (candidates.length === 0) {
    const headline = `Its header row (${shown || 'empty'}) is not one the planner recognises.`;
    return {
      kind: null,
      candidates,
      headline,
      message: `${headline} Import… takes a scenario or result document (JSON), or a spreadsheet or CSV of one of: ${accepted}. Rename the headings, or choose what it is below.`,
    };
  }
  if (candidates.length > 1 && scores[candidates[0]] === scores[candidates[1]]) {
    const headline = `Its header row (${shown}) could be ${kindPhrase(candidates[0])} or ${kindPhrase(candidates[1])}.`;
    return { kind: null, candidates, headline, message: `${headline} Choose what it is below.` };
  }
  const list = candidates[0] === 'choices' && !hasChoiceColumns(guessStudentMapping(headers));
  // A student list is imported as students' choices, with none yet: say so, so the missing choices are no surprise.
  const headline = list ? `Recognised as students' choices: a student list with no choice columns, so its students are added without choices.` : `Recognised as ${kindPhrase(candidates[0])}.`;
  return { kind: candidates[0], candidates, headline, message: headline };
}

/** Whether a file is a JSON document (a scenario or result) rather than a spreadsheet or CSV. */
export function looksLikeJson(fileName: string, firstBytes: Uint8Array): boolean {
  if (/\.json$/i.test(fileName)) return true;
  if (/\.(csv|tsv|txt|xlsx|xls)$/i.test(fileName)) return false;
  let i = 0;
  // A UTF-8 byte order mark, then white space.
  if (firstBytes[0] === 0xef && firstBytes[1] === 0xbb && firstBytes[2] === 0xbf) i = 3;
  while (i < firstBytes.length && (firstBytes[i] === 0x20 || firstBytes[i] === 0x0a || firstBytes[i] === 0x0d || firstBytes[i] === 0x09)) i++;
  return firstBytes[i] === 0x7b || firstBytes[i] === 0x5b;
}
