/**
 * Rounds, their offers and their invited pupils (tables in migrations.ts). A round is created with its
 * first offer and its pupils in one transaction; each pupil gets a one-time access code that is returned
 * to the planner once, for the slips and the mail-merge, and kept only as its sha256 (secrets.ts).
 */
import type { Offer } from '../solver/offer';
import type { IssuedCodeWire } from '../data/options-round';
import type { Db } from './db';
import { DEFAULT_TIME_ZONE, schoolDateTime } from './school-time';
import { codeHash, newAccessCode, newRoundId } from './secrets';
import type { CreateRoundBody } from './schemas';

export interface RoundRow {
  id: string;
  name: string;
  deadline: number;
  status: 'open' | 'closed';
  created_at: number;
  closed_at: number | null;
}

export interface PupilRow {
  id: number;
  round_id: string;
  admission_number: string;
  display_name: string;
  pathway: string | null;
}

export interface CurrentOffer {
  version: number;
  offer: Offer;
  publishedAt: number;
}

export type IssuedCode = IssuedCodeWire;

export function createRound(db: Db, body: CreateRoundBody, now: number): { round: RoundRow; codes: IssuedCode[] } {
  const id = newRoundId();
  const name = body.name ?? body.offer.name;
  const deadline = Date.parse(body.deadline);
  const insertRound = db.prepare('INSERT INTO rounds (id, name, deadline, status, created_at) VALUES (?, ?, ?, ?, ?)');
  const insertOffer = db.prepare('INSERT INTO round_offers (round_id, version, offer_json, published_at) VALUES (?, 1, ?, ?)');
  const insertPupil = db.prepare('INSERT INTO pupils (round_id, admission_number, display_name, pathway, code_hash) VALUES (?, ?, ?, ?, ?)');
  const codes: IssuedCode[] = [];
  db.transaction(() => {
    insertRound.run(id, name, deadline, 'open', now);
    insertOffer.run(id, JSON.stringify(body.offer), now);
    for (const p of body.pupils) {
      const code = newAccessCode();
      insertPupil.run(id, p.admissionNumber, p.name, p.pathway ?? null, codeHash(code));
      codes.push({ admissionNumber: p.admissionNumber, name: p.name, code });
    }
  })();
  return { round: getRound(db, id)!, codes };
}

export function getRound(db: Db, id: string): RoundRow | undefined {
  return db.prepare('SELECT id, name, deadline, status, created_at, closed_at FROM rounds WHERE id = ?').get(id) as RoundRow | undefined;
}

export function listRounds(db: Db): RoundRow[] {
  return db.prepare('SELECT id, name, deadline, status, created_at, closed_at FROM rounds ORDER BY created_at, id').all() as RoundRow[];
}

export function currentOffer(db: Db, roundId: string): CurrentOffer {
  const row = db.prepare('SELECT version, offer_json, published_at FROM round_offers WHERE round_id = ? ORDER BY version DESC LIMIT 1').get(roundId) as
    | { version: number; offer_json: string; published_at: number }
    | undefined;
  if (!row) throw new Error(`Round ${roundId} has no offer (round_offers is missing its version 1).`);
  return { version: row.version, offer: JSON.parse(row.offer_json) as Offer, publishedAt: row.published_at };
}

/** Publish an updated offer during the round; earlier submissions keep the version they were checked against. */
export function publishOfferVersion(db: Db, roundId: string, offer: Offer, now: number): number {
  return db.transaction(() => {
    const next = currentOffer(db, roundId).version + 1;
    db.prepare('INSERT INTO round_offers (round_id, version, offer_json, published_at) VALUES (?, ?, ?, ?)').run(roundId, next, JSON.stringify(offer), now);
    return next;
  })();
}

export function setDeadline(db: Db, roundId: string, deadline: number): void {
  db.prepare('UPDATE rounds SET deadline = ? WHERE id = ?').run(deadline, roundId);
}

export function closeRound(db: Db, roundId: string, now: number): void {
  db.transaction(() => {
    db.prepare("UPDATE rounds SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'").run(now, roundId);
    // Signed-in pupils are signed out: there is nothing left for them to change.
    db.prepare('DELETE FROM sessions WHERE pupil_id IN (SELECT id FROM pupils WHERE round_id = ?)').run(roundId);
  })();
}

/** Delete the round and, by cascade, its offers, pupils, codes, sessions and every submission. */
export function deleteRound(db: Db, roundId: string): boolean {
  return db.prepare('DELETE FROM rounds WHERE id = ?').run(roundId).changes > 0;
}

export function roundPupils(db: Db, roundId: string): PupilRow[] {
  return db.prepare('SELECT id, round_id, admission_number, display_name, pathway FROM pupils WHERE round_id = ? ORDER BY id').all(roundId) as PupilRow[];
}

export function pupilByCode(db: Db, typed: string): PupilRow | undefined {
  return db.prepare('SELECT id, round_id, admission_number, display_name, pathway FROM pupils WHERE code_hash = ?').get(codeHash(typed)) as PupilRow | undefined;
}

export function getPupil(db: Db, id: number): PupilRow | undefined {
  return db.prepare('SELECT id, round_id, admission_number, display_name, pathway FROM pupils WHERE id = ?').get(id) as PupilRow | undefined;
}

/** Why a round takes no more submissions at `now`, in words for the pupil; null while it is open. */
export function roundClosedReason(round: RoundRow, now: number, timeZone: string = DEFAULT_TIME_ZONE): string | null {
  if (round.status === 'closed') return `The options round "${round.name}" has been closed by the school, so choices can no longer be changed.`;
  if (now >= round.deadline) return `The deadline for "${round.name}" was ${schoolDateTime(round.deadline, timeZone)}, so choices can no longer be changed. Ask your school if you need to change something.`;
  return null;
}
