/**
 * Pupils' submissions: every version kept with its time, checked against the round's current offer with
 * the solver's previewer (the same check the student page shows), and accepted when it does not fit or
 * breaks a rule, with the reasons recorded: the blocks are built from the choices, so a combination that
 * does not fit today's draft is information for the timetabler, not an error.
 *
 * A course that is not in the offer, a course given twice, or a reserve that is also a choice is refused
 * (the previewer's validate, which names the course and suggests the nearest): such a choice could never
 * be placed or imported, and the pupil can correct it at once.
 *
 * The receipt is a short code derived from what was stored (pupil, version, time, choices, reserves), so
 * a printed receipt can be matched to exactly one stored version.
 */
import { createHash } from 'node:crypto';
import { createPreviewer, type Previewer } from '../solver/preview';
import type { Offer } from '../solver/offer';
import type { SubmissionWire } from '../data/options-round';
import type { Db } from './db';
import { currentOffer, type PupilRow } from './rounds';

/** One stored version of a pupil's choices: the wire shape is written once, in data/options-round.ts. */
export type StoredSubmission = SubmissionWire;

interface SubmissionRow {
  id: number;
  pupil_id: number;
  version: number;
  choices_json: string;
  reserves_json: string;
  submitted_at: number;
  offer_version: number;
  fits: number;
  broken_json: string;
  clash_json: string;
  receipt: string;
}

const COLUMNS = 'id, pupil_id, version, choices_json, reserves_json, submitted_at, offer_version, fits, broken_json, clash_json, receipt';

function fromRow(r: SubmissionRow): StoredSubmission {
  return {
    id: r.id,
    version: r.version,
    choices: JSON.parse(r.choices_json) as string[],
    reserves: JSON.parse(r.reserves_json) as string[],
    submittedAt: new Date(r.submitted_at).toISOString(),
    offerVersion: r.offer_version,
    fits: r.fits === 1,
    broken: JSON.parse(r.broken_json) as string[],
    clash: JSON.parse(r.clash_json) as string[],
    receipt: r.receipt,
  };
}

/** One previewer per (round, offer version): building one precomputes the offer's tables. Bounded, oldest dropped first. */
export class PreviewerCache {
  private readonly map = new Map<string, Previewer>();
  constructor(private readonly limit = 32) {}
  get(roundId: string, version: number, offer: Offer): Previewer {
    const key = `${roundId}#${version}`;
    let p = this.map.get(key);
    if (!p) {
      p = createPreviewer(offer);
      if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value!);
      this.map.set(key, p);
    }
    return p;
  }
}

export class SubmissionRefused extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

function receiptCode(pupilId: number, version: number, at: number, choices: string[], reserves: string[]): string {
  const h = createHash('sha256').update(JSON.stringify([pupilId, version, at, choices, reserves])).digest('hex');
  return `${h.slice(0, 4)}-${h.slice(4, 8)}-${h.slice(8, 12)}`.toUpperCase();
}

export function submit(db: Db, cache: PreviewerCache, pupil: PupilRow, choices: string[], reserves: string[], now: number): StoredSubmission {
  const { version: offerVersion, offer } = currentOffer(db, pupil.round_id);
  const previewer = cache.get(pupil.round_id, offerVersion, offer);
  const request = { choices, reserves, ...(pupil.pathway ? { pathway: pupil.pathway } : {}) };
  const problems = previewer.validate(request);
  if (problems.length > 0) throw new SubmissionRefused(problems);
  const result = previewer.preview(request, { want: 0 });
  const insert = db.prepare(
    `INSERT INTO submissions (pupil_id, version, choices_json, reserves_json, submitted_at, offer_version, fits, broken_json, clash_json, receipt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const id = db.transaction(() => {
    const last = db.prepare('SELECT MAX(version) AS v FROM submissions WHERE pupil_id = ?').get(pupil.id) as { v: number | null };
    const version = (last.v ?? 0) + 1;
    const receipt = receiptCode(pupil.id, version, now, choices, reserves);
    return insert.run(pupil.id, version, JSON.stringify(choices), JSON.stringify(reserves), now, offerVersion, result.fits ? 1 : 0, JSON.stringify(result.broken), JSON.stringify(result.clash), receipt).lastInsertRowid;
  })();
  return submissionById(db, Number(id))!.submission;
}

export function submissionById(db: Db, id: number): { pupilId: number; submission: StoredSubmission } | undefined {
  const r = db.prepare(`SELECT ${COLUMNS} FROM submissions WHERE id = ?`).get(id) as SubmissionRow | undefined;
  return r ? { pupilId: r.pupil_id, submission: fromRow(r) } : undefined;
}

/** Every version the pupil submitted, oldest first. */
export function history(db: Db, pupilId: number): StoredSubmission[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM submissions WHERE pupil_id = ? ORDER BY version`).all(pupilId) as SubmissionRow[]).map(fromRow);
}

export function latest(db: Db, pupilId: number): StoredSubmission | undefined {
  const r = db.prepare(`SELECT ${COLUMNS} FROM submissions WHERE pupil_id = ? ORDER BY version DESC LIMIT 1`).get(pupilId) as SubmissionRow | undefined;
  return r ? fromRow(r) : undefined;
}

/** Each pupil's latest submission in the round (pupils who have not submitted are absent). */
export function latestByPupil(db: Db, roundId: string): Map<number, StoredSubmission & { versions: number }> {
  const rows = db
    .prepare(
      `SELECT ${COLUMNS.split(', ').map((c) => `s.${c}`).join(', ')}
         FROM submissions s JOIN pupils p ON p.id = s.pupil_id
        WHERE p.round_id = ? AND s.version = (SELECT MAX(version) FROM submissions t WHERE t.pupil_id = s.pupil_id)`,
    )
    .all(roundId) as SubmissionRow[];
  const out = new Map<number, StoredSubmission & { versions: number }>();
  for (const r of rows) out.set(r.pupil_id, { ...fromRow(r), versions: r.version });
  return out;
}
