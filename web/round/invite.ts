/**
 * The pupils invited to an options round: the scenario's students, each with their student id as the
 * admission number (the id the Students import gives a Forms export with an Adno column, so a pull finds
 * the same student again), the name shown to them, and their pathway. A student the options server would
 * refuse (server/schemas.ts InvitedPupilSchema and CreateRoundSchema) is listed with the reason before
 * anything is sent, so the timetabler can fix the student rather than read a server error.
 */
import { pupilNames } from '../../data/io/export';
import type { Offer, Student } from '../../solver';
import type { InvitedPupil } from './staff-api';

/** The server's limits (server/schemas.ts): admission number 1-32 characters, name at most 200, pathway id 1-64. */
export const MAX_ADMISSION_NUMBER = 32;
export const MAX_NAME = 200;

export interface RefusedStudent {
  /** The student's id as the scenario has it ('' when missing), and their position (1-based) in the list. */
  id: string;
  row: number;
  reason: string;
}

export interface InviteList {
  pupils: InvitedPupil[];
  refused: RefusedStudent[];
}

/** The name a pupil is shown on the slip and the phone page: `name`, else preferred forename (or forename) and surname. */
export function shownName(s: Student): string {
  const own = typeof s.name === 'string' ? s.name.trim() : '';
  if (own) return own;
  const n = pupilNames(s);
  const f = s as { surname?: unknown; forename?: unknown; preferredName?: unknown };
  // pupilNames falls back to the id for a pupil without any name: that is not a name to show them.
  if (typeof f.surname !== 'string' && typeof f.forename !== 'string' && typeof f.preferredName !== 'string') return '';
  return [n.preferredName, n.surname].filter(Boolean).join(' ');
}

export function invitedPupils(students: readonly Student[], offer: Offer): InviteList {
  const pupils: InvitedPupil[] = [];
  const refused: RefusedStudent[] = [];
  const pathways = new Set(offer.pathways.map((p) => p.id));
  const firstRow = new Map<string, number>();
  students.forEach((s, i) => {
    const row = i + 1;
    const id = typeof s.id === 'string' ? s.id : '';
    const who = id ? `Student ${id}` : `Student ${row} in the list`;
    const refuse = (reason: string) => refused.push({ id, row, reason: `${who}: ${reason}` });
    if (id.trim() === '') return refuse('has no id. The id is the admission number the pupil is invited under; give the student one on the Students screen.');
    if (id !== id.trim()) return refuse(`the id "${id}" has spaces at its start or end, which an import of the submissions would not keep. Remove them on the Students screen.`);
    if (id.length > MAX_ADMISSION_NUMBER) return refuse(`the id is ${id.length} characters long; the options server takes admission numbers of at most ${MAX_ADMISSION_NUMBER}.`);
    const seen = firstRow.get(id);
    if (seen !== undefined) return refuse(`the id is also used by student ${seen} in the list. Each pupil needs an id of their own to get a code of their own.`);
    firstRow.set(id, row);
    const name = shownName(s);
    if (name === '') return refuse('has no name to show on the slip and the phone page. Give the student a name on the Students screen.');
    if (name.length > MAX_NAME) return refuse(`the name is ${name.length} characters long; the options server takes names of at most ${MAX_NAME}.`);
    const pupil: InvitedPupil = { admissionNumber: id, name };
    if (s.pathway !== undefined && s.pathway !== '') {
      if (typeof s.pathway !== 'string' || !pathways.has(s.pathway)) {
        return refuse(`is on pathway "${String(s.pathway)}", which the published offer does not have (${pathways.size ? [...pathways].join(', ') : 'it has no pathways'}).`);
      }
      pupil.pathway = s.pathway;
    }
    pupils.push(pupil);
  });
  return { pupils, refused };
}
