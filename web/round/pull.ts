/**
 * "Pull submissions": a round's latest submissions merged into the scenario's students by admission number,
 * by the Students import of a Forms export, not a second merge. The server's export (JSON, checked by
 * data/options-round.ts) is laid out as the table the import reads from the server's own CSV export
 * (Timestamp, Adno, Name, Pathway, Choice 1.., Reserve 1..; cells neutralised as that CSV writes them, so
 * the import's reading restores them verbatim), read by importStudents with the mapping it guesses for those
 * headers, and merged by mergeImport in "update and add" mode, keeping students not in the round. The report
 * is the import's own (mergeCounts: "3 added, 1 changed, 206 unchanged").
 *
 * Two differences from a Forms file, both because the round was opened from this very scenario:
 *  - The Adno column is the student id, and only that: it is not also written as an `admissionNumber`
 *    field (the scenario's students may not carry one; adding it would report every pupil as changed).
 *  - Names belong to the scenario: the Name column is the copy the planner sent when it opened the round,
 *    used only for a pupil no longer in the scenario. And a pupil's submission is their whole answer: one
 *    who submitted no reserves has none afterwards (a Forms row without reserves leaves old ones alone).
 *
 * Nothing changes unless the whole export arrived and was read: a dropped connection or a cut body is an
 * error from the staff client (staff-api.ts), and the scenario is left as it was. The export reads only
 * committed data in invitation order, so a pull retried gives what one clean pull gives, and pulling
 * twice changes nothing the second time (mergeImport keeps equal students as they were, and records no
 * edit when nothing changes).
 */
import type { RoundExportWire } from '../../data/options-round';
import { guessStudentMapping } from '../../data/io/mapping';
import { neutralise } from '../../data/io/neutralise';
import { importStudents, mergeCounts, mergeImport, type ImportMerge, type StudentImportResult } from '../../data/io/students';
import type { Table } from '../../data/io/table';
import type { Scenario, Student } from '../../solver';
import { currentRecord, editScenario, say } from '../state/actions';
import { exportRound, type StaffConnection } from './staff-api';

/** The export as the Students import reads the server's CSV export of it: one row a submission, header on row 1. */
export function submissionsTable(data: RoundExportWire): Table {
  const choices = Math.max(1, ...data.submissions.map((s) => s.choices.length));
  const reserves = Math.max(0, ...data.submissions.map((s) => s.reserves.length));
  const headers = ['Timestamp', 'Adno', 'Name', 'Pathway'];
  for (let i = 1; i <= choices; i++) headers.push(`Choice ${i}`);
  for (let i = 1; i <= reserves; i++) headers.push(`Reserve ${i}`);
  const rows = data.submissions.map((s) => {
    const row = [s.submittedAt, s.admissionNumber, s.name, s.pathway ?? ''];
    for (let i = 0; i < choices; i++) row.push(s.choices[i] ?? '');
    for (let i = 0; i < reserves; i++) row.push(s.reserves[i] ?? '');
    return row.map(neutralise);
  });
  return { headers, rows, rowNumbers: rows.map((_, i) => i + 2), headerRow: 1, format: 'csv', rowProblems: [] };
}

export interface PulledSubmissions {
  /** The import's reading of the submissions (its issues and notices). */
  imported: StudentImportResult;
  merge: ImportMerge;
  /** "1 added, 2 changed, 237 unchanged": the Students import's report. */
  counts: string;
  /** One line per submission the import could not take as it stands (left out: not merged). */
  notPulled: string[];
}

/** Merges a round's export into `scenario`'s students; pure. */
export function mergeSubmissions(scenario: Scenario, data: RoundExportWire): PulledSubmissions {
  const table = submissionsTable(data);
  const mapping = guessStudentMapping(table.headers);
  mapping.admissionNumber = undefined;
  const imported = importStudents(table, mapping, { courses: scenario.courses, pathways: scenario.pathways });
  const byId = new Map(scenario.students.map((s) => [s.id, s]));
  const students = imported.students.map((n): Student => {
    const old = byId.get(n.id);
    if (!old) return n;
    const next: Student = { ...n };
    delete next.name;
    if (next.reserves === undefined && old.reserves !== undefined && old.reserves.length > 0) next.reserves = [];
    return next;
  });
  const merge = mergeImport(scenario.students, students, { fields: 'update', removeMissing: false });
  const notPulled = imported.issues.filter((i) => !i.decided).map((i) => i.message);
  return { imported, merge, counts: mergeCounts(merge), notPulled };
}

export type PullOutcome =
  | { ok: true; submissions: number; changed: boolean; text: string; details: string[]; offerVersion: number; status: string }
  | { ok: false; text: string; details: string[] };

/**
 * Pulls a round into the current scenario as one undoable edit (or none when nothing changes), and says
 * what happened in the planner's message bar. `recordId` is the scenario the round was opened from: if
 * the user switched scenarios while the export was on its way, nothing is merged.
 */
export async function pullRound(conn: StaffConnection, roundId: string, recordId: string): Promise<PullOutcome> {
  const answer = await exportRound(conn, roundId);
  if (!answer.ok) {
    const text = `Pulling the submissions failed: ${answer.problem.message} The scenario was not changed. Press “Pull submissions” again when the connection is back: a pull after a failed one gives the same result as one clean pull.`;
    say('error', text, answer.problem.problems);
    return { ok: false, text, details: answer.problem.problems };
  }
  const data = answer.value;
  if (data.round.id !== roundId) {
    const text = `The options server answered with round ${data.round.id}, not ${roundId}. The scenario was not changed.`;
    say('error', text);
    return { ok: false, text, details: [] };
  }
  const rec = currentRecord();
  if (!rec || rec.id !== recordId) {
    const text = 'The scenario on screen changed while the submissions were on their way, so nothing was merged. Open the scenario the round was opened from and pull again.';
    say('error', text);
    return { ok: false, text, details: [] };
  }
  const pulled = mergeSubmissions(rec.scenario, data);
  const n = data.submissions.length;
  const from = `${n} submission${n === 1 ? '' : 's'} from round “${data.round.name}”`;
  const left = pulled.notPulled.length ? ` ${pulled.notPulled.length} could not be read as they stand and were left out (listed below).` : '';
  let text: string;
  if (pulled.merge.same) {
    text = `Pulled ${from}: ${pulled.counts}. Nothing changed: the scenario already has these choices.${left}`;
  } else {
    editScenario(`pull submissions from round “${data.round.name}”`, (s) => ({ ...s, students: mergeSubmissions(s, data).merge.students }));
    text = `Pulled ${from}: ${pulled.counts}. Undo takes it back.${left}`;
  }
  say(pulled.notPulled.length ? 'info' : 'success', text, pulled.notPulled);
  return { ok: true, submissions: n, changed: !pulled.merge.same, text, details: pulled.notPulled, offerVersion: data.round.offerVersion, status: data.round.status };
}
