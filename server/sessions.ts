/**
 * Pupils' sign-in: a code for a session, and the lockout after wrong codes.
 *
 * Lockout: wrong codes are recorded per address (sign_in_failures). When an address has given
 * `maxWrongCodes` wrong codes within `lockoutMs`, every sign-in from it is refused until the oldest of
 * them ages out, with a message saying until when. The record is in the database, so a restart does not
 * reset it. A school's pupils may all share one address behind its router, so the default allows a
 * class's worth of typing slips (10 in 15 minutes) and a pupil's correct code is never consumed by it;
 * guessing is hopeless in any case (128-bit codes), and the limit only stops noise and scripted hammering.
 * Attempts per code are limited separately in the routes (app.ts, @fastify/rate-limit keyed by the
 * code's hash), so one valid code cannot be tried from many addresses without bound.
 */
import type { Db } from './db';
import { newSessionToken, tokenHash } from './secrets';
import type { PupilRow } from './rounds';

export interface LockoutPolicy {
  maxWrongCodes: number;
  lockoutMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxWrongCodes: 10, lockoutMs: 15 * 60_000 };

/** The time the address may try again, or null when it is not locked out. */
export function lockedUntil(db: Db, address: string, now: number, policy: LockoutPolicy): number | null {
  const since = now - policy.lockoutMs;
  const rows = db.prepare('SELECT at FROM sign_in_failures WHERE address = ? AND at > ? ORDER BY at DESC LIMIT ?').all(address, since, policy.maxWrongCodes) as { at: number }[];
  if (rows.length < policy.maxWrongCodes) return null;
  // The oldest of the last maxWrongCodes failures leaves the window at this time.
  return rows[rows.length - 1].at + policy.lockoutMs;
}

/** Record a wrong code; returns how many more the address may give before it is locked out. */
export function recordWrongCode(db: Db, address: string, now: number, policy: LockoutPolicy): number {
  return db.transaction(() => {
    db.prepare('DELETE FROM sign_in_failures WHERE at <= ?').run(now - policy.lockoutMs);
    db.prepare('INSERT INTO sign_in_failures (address, at) VALUES (?, ?)').run(address, now);
    const n = (db.prepare('SELECT COUNT(*) AS n FROM sign_in_failures WHERE address = ? AND at > ?').get(address, now - policy.lockoutMs) as { n: number }).n;
    return Math.max(0, policy.maxWrongCodes - n);
  })();
}

export const SESSION_MS = 12 * 60 * 60_000;

/** A new session for the pupil; returns the token for the cookie (only its hash is stored). */
export function startSession(db: Db, pupilId: number, now: number): { token: string; expiresAt: number } {
  const token = newSessionToken();
  const expiresAt = now + SESSION_MS;
  db.transaction(() => {
    db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
    db.prepare('INSERT INTO sessions (token_hash, pupil_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(tokenHash(token), pupilId, now, expiresAt);
  })();
  return { token, expiresAt };
}

export function sessionPupil(db: Db, token: string, now: number): PupilRow | undefined {
  return db
    .prepare(
      `SELECT p.id, p.round_id, p.admission_number, p.display_name, p.pathway
         FROM sessions s JOIN pupils p ON p.id = s.pupil_id
        WHERE s.token_hash = ? AND s.expires_at > ?`,
    )
    .get(tokenHash(token), now) as PupilRow | undefined;
}

export function endSession(db: Db, token: string): void {
  db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash(token));
}
