/**
 * The staff side of the options server (server/app.ts `/api/staff/`, docs/server.md), used by the staff
 * page (served by the server itself: `server` is '') and by the planner's round panel (the planner may run
 * on another origin: `server` is the options server's address, and the server must be started with
 * `--planner-origin` naming the planner's origin for the browser to let it call).
 *
 * The admin secret travels in the Authorization header on each call and is never stored by this module.
 * Every answer is checked against the wire schemas of data/options-round.ts before it is used. Each call
 * answers either the data or a `StaffProblem` whose `message` is what to show the member of staff; nothing
 * here throws for an HTTP or network failure.
 */
import type { z } from 'zod';
import {
  CreatedRoundWire,
  ErrorWire,
  OfferPublishedWire,
  RoundExportWire,
  RoundListWire,
  RoundStatusWire,
  RoundEnvelopeWire,
  DeletedWire,
  type CreatedRoundWire as CreatedRound,
  type RoundExportWire as RoundExport,
  type RoundStatusWire as RoundStatus,
  type RoundWire as Round,
} from '../../data/options-round';
import type { Offer } from '../../solver';

export interface StaffConnection {
  /** The options server's address without a trailing slash ('https://options.school.example'), or '' for the page's own origin. */
  server: string;
  adminSecret: string;
}

export interface StaffProblem {
  /** HTTP status, or 0 when the server could not be reached (or the browser refused the call). */
  status: number;
  message: string;
  /** The server's list of what was wrong with the request, when it gave one. */
  problems: string[];
}

export type StaffAnswer<T> = { ok: true; value: T } | { ok: false; problem: StaffProblem };

export interface InvitedPupil {
  admissionNumber: string;
  name: string;
  pathway?: string;
}

/**
 * The address typed by a member of staff, tidied: no trailing slash, no path; '' stays '' (same origin). An
 * address typed without its scheme ("options.school.example", as people write it) gets https:// (the server
 * runs behind the school's HTTPS proxy), or http:// for this machine (localhost, 127.x, [::1]): taken as it
 * stood, it was a path on the planner's own server ("There is no POST /options.school.example/api/...").
 */
export function serverAddress(typed: string): string {
  let t = typed.trim();
  if (t === '') return '';
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) t = `${/^(localhost|127\.|\[::1\])/i.test(t) ? 'http' : 'https'}://${t}`;
  try {
    return new URL(t).origin;
  } catch {
    return t.replace(/\/+$/, '');
  }
}

function unreachable(server: string): string {
  const where = server === '' ? 'the options server' : `the options server at ${server}`;
  return (
    `Could not reach ${where}. Check the address and that the server is running` +
    (server === '' ? '.' : `, and that it was started with --planner-origin ${typeof location === 'undefined' ? 'THIS-PLANNER-ADDRESS' : location.origin} so this page may call it.`) +
    ' Nothing has been changed.'
  );
}

async function call<T>(conn: StaffConnection, method: string, path: string, schema: z.ZodType<T>, body?: unknown): Promise<StaffAnswer<T>> {
  let res: Response;
  try {
    res = await fetch(`${conn.server}${path}`, {
      method,
      credentials: 'omit',
      headers: { authorization: `Bearer ${conn.adminSecret}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, problem: { status: 0, message: unreachable(conn.server), problems: [] } };
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    return { ok: false, problem: { status: res.status, message: `${conn.server || 'The server'} answered ${res.status} with something that is not the options server's JSON. Is this the options server's address?`, problems: [] } };
  }
  if (!res.ok) {
    const e = ErrorWire.safeParse(json);
    return {
      ok: false,
      problem: { status: res.status, message: e.success ? e.data.error : `The options server refused the request (${res.status}).`, problems: e.success ? (e.data.problems ?? []) : [] },
    };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, problem: { status: res.status, message: 'The options server answered in a shape this page does not know. Are the planner and the server the same version?', problems: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) } };
  }
  return { ok: true, value: parsed.data };
}

const enc = encodeURIComponent;

/** Publishes a round: the offer (no personal data), the deadline (ISO 8601 with a zone) and the invited pupils. The codes come back once. */
export function createRound(conn: StaffConnection, round: { name?: string; offer: Offer; deadline: string; pupils: InvitedPupil[] }): Promise<StaffAnswer<CreatedRound>> {
  return call(conn, 'POST', '/api/staff/rounds', CreatedRoundWire, round);
}

export async function listRounds(conn: StaffConnection): Promise<StaffAnswer<Round[]>> {
  const a = await call(conn, 'GET', '/api/staff/rounds', RoundListWire);
  return a.ok ? { ok: true, value: a.value.rounds } : a;
}

export function roundStatus(conn: StaffConnection, roundId: string): Promise<StaffAnswer<RoundStatus>> {
  return call(conn, 'GET', `/api/staff/rounds/${enc(roundId)}`, RoundStatusWire);
}

/** Every pupil's latest submission: what the planner pulls into the scenario. Reading it twice gives the same answer. */
export function exportRound(conn: StaffConnection, roundId: string): Promise<StaffAnswer<RoundExport>> {
  return call(conn, 'GET', `/api/staff/rounds/${enc(roundId)}/export`, RoundExportWire);
}

/** Publishes an updated offer during the round; pupils see it on their next load. */
export async function publishOffer(conn: StaffConnection, roundId: string, offer: Offer): Promise<StaffAnswer<number>> {
  const a = await call(conn, 'PUT', `/api/staff/rounds/${enc(roundId)}/offer`, OfferPublishedWire, { offer });
  return a.ok ? { ok: true, value: a.value.offerVersion } : a;
}

export async function setDeadline(conn: StaffConnection, roundId: string, deadline: string): Promise<StaffAnswer<Round>> {
  const a = await call(conn, 'PUT', `/api/staff/rounds/${enc(roundId)}/deadline`, RoundEnvelopeWire, { deadline });
  return a.ok ? { ok: true, value: a.value.round } : a;
}

export async function closeRound(conn: StaffConnection, roundId: string): Promise<StaffAnswer<Round>> {
  const a = await call(conn, 'POST', `/api/staff/rounds/${enc(roundId)}/close`, RoundEnvelopeWire);
  return a.ok ? { ok: true, value: a.value.round } : a;
}

export async function deleteRound(conn: StaffConnection, roundId: string): Promise<StaffAnswer<string>> {
  const a = await call(conn, 'DELETE', `/api/staff/rounds/${enc(roundId)}`, DeletedWire);
  return a.ok ? { ok: true, value: a.value.deleted } : a;
}

/** The submissions as the CSV the planner's Students import reads (Timestamp, Adno, Name, Pathway, Choice 1…), for saving as a file. */
export async function exportCsv(conn: StaffConnection, roundId: string): Promise<StaffAnswer<string>> {
  let res: Response;
  try {
    res = await fetch(`${conn.server}/api/staff/rounds/${enc(roundId)}/export?format=csv`, { credentials: 'omit', headers: { authorization: `Bearer ${conn.adminSecret}` } });
  } catch {
    return { ok: false, problem: { status: 0, message: unreachable(conn.server), problems: [] } };
  }
  if (res.ok) return { ok: true, value: await res.text() };
  const e = ErrorWire.safeParse(await res.json().catch(() => null));
  return { ok: false, problem: { status: res.status, message: e.success ? e.data.error : `The options server refused the request (${res.status}).`, problems: e.success ? (e.data.problems ?? []) : [] } };
}
