/**
 * The round's submissions for the planner's pull, each pupil's latest version, in invitation order (so a
 * pull retried gives the same bytes while nothing new arrives).
 *
 * CSV: the columns a Google Form export has and the planner's Students import already recognises
 * (data/io/mapping.ts): "Timestamp", "Adno", "Name", "Pathway", "Choice 1".. and "Reserve 1"..,
 * courses by id (data/io/match.ts matches ids exactly). Because the file has a Timestamp, the import
 * takes the admission number as the student id, and mergeImport (data/io/students.ts) merges it into
 * the scenario's students by id with the usual report of what was added and changed. Every cell is
 * formula-neutralised (data/io/neutralise.ts) and quoted as Excel does, so a name like "=HYPERLINK(..)"
 * stays text and comes back verbatim through the import.
 *
 * JSON: the same rows with every detail the server holds (version count, receipt, fit and reasons).
 */
import { neutralise } from '../data/io/neutralise';
import { ROUND_EXPORT_FORMAT, type ExportedSubmissionWire, type RoundExportWire } from '../data/options-round';
import type { Db } from './db';
import { currentOffer, roundPupils, type RoundRow } from './rounds';
import { latestByPupil } from './submissions';

export const EXPORT_FORMAT = ROUND_EXPORT_FORMAT;
export type ExportedSubmission = ExportedSubmissionWire;
export type RoundExport = RoundExportWire;

export function exportRound(db: Db, round: RoundRow): RoundExport {
  const latest = latestByPupil(db, round.id);
  const submissions: ExportedSubmission[] = [];
  for (const p of roundPupils(db, round.id)) {
    const s = latest.get(p.id);
    if (!s) continue;
    submissions.push({
      admissionNumber: p.admission_number,
      name: p.display_name,
      ...(p.pathway ? { pathway: p.pathway } : {}),
      choices: s.choices,
      reserves: s.reserves,
      submittedAt: s.submittedAt,
      version: s.versions,
      offerVersion: s.offerVersion,
      fits: s.fits,
      broken: s.broken,
      clash: s.clash,
      receipt: s.receipt,
    });
  }
  return {
    format: EXPORT_FORMAT,
    round: { id: round.id, name: round.name, deadline: new Date(round.deadline).toISOString(), status: round.status, offerVersion: currentOffer(db, round.id).version },
    submissions,
  };
}

function cell(text: string): string {
  const v = neutralise(text);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function exportCsv(data: RoundExport): string {
  const choices = Math.max(1, ...data.submissions.map((s) => s.choices.length));
  const reserves = Math.max(0, ...data.submissions.map((s) => s.reserves.length));
  const header = ['Timestamp', 'Adno', 'Name', 'Pathway'];
  for (let i = 1; i <= choices; i++) header.push(`Choice ${i}`);
  for (let i = 1; i <= reserves; i++) header.push(`Reserve ${i}`);
  const lines = [header.map(cell).join(',')];
  for (const s of data.submissions) {
    const row = [s.submittedAt, s.admissionNumber, s.name, s.pathway ?? ''];
    for (let i = 0; i < choices; i++) row.push(s.choices[i] ?? '');
    for (let i = 0; i < reserves; i++) row.push(s.reserves[i] ?? '');
    lines.push(row.map(cell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
