/**
 * Retention: a round's personal data (admission numbers, names, every version of every pupil's choices) is
 * needed until the blocks are built from it, not for ever. With `--delete-after-days N` the server deletes a
 * round N days after it ended: after it was closed, or after its deadline when nobody closed it (a round whose
 * deadline was moved later ends later). Deleting cascades to its offers, pupils, sessions and submissions, as
 * the staff's own delete does. The server checks at start and then every hour, so a round goes at most an
 * hour after its time.
 *
 * A school that pulls the submissions into the planner holds them there; this deletes the server's copy.
 */
import type { Db } from './db';

export const DAY_MS = 24 * 60 * 60 * 1000;
export const RETENTION_CHECK_MS = 60 * 60 * 1000;

export interface DeletedRound {
  id: string;
  name: string;
  /** When the round ended (closed, else its deadline), ISO 8601 UTC. */
  ended: string;
}

/** Deletes every round that ended more than `days` days before `now`; answers what it deleted. */
export function deleteExpiredRounds(db: Db, now: number, days: number): DeletedRound[] {
  const cutoff = now - days * DAY_MS;
  return db.transaction(() => {
    const rows = db
      .prepare('SELECT id, name, COALESCE(closed_at, deadline) AS ended FROM rounds WHERE COALESCE(closed_at, deadline) < ? ORDER BY ended')
      .all(cutoff) as { id: string; name: string; ended: number }[];
    const del = db.prepare('DELETE FROM rounds WHERE id = ?');
    for (const r of rows) del.run(r.id);
    return rows.map((r) => ({ id: r.id, name: r.name, ended: new Date(r.ended).toISOString() }));
  })();
}

/** The log line for what a retention check deleted (nothing is said when nothing was due). */
export function retentionMessage(deleted: readonly DeletedRound[], days: number): string | undefined {
  if (deleted.length === 0) return undefined;
  const names = deleted.map((r) => `"${r.name}" (${r.id}, ended ${r.ended.slice(0, 10)})`).join(', ');
  return `Deleted ${deleted.length} ${deleted.length === 1 ? 'round' : 'rounds'} that ended more than ${days} ${days === 1 ? 'day' : 'days'} ago, with all their pupils and submissions (--delete-after-days): ${names}.`;
}
