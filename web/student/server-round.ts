/**
 * The phone page's side of the options server (server/app.ts, docs/server.md): same origin, the session
 * in an HttpOnly cookie the page never sees. Each call answers either the data or a `ServerProblem`
 * whose `message` is what to show the pupil (the server's own words, or, when the server cannot be
 * reached, what to do about it). Nothing here throws for an HTTP or network failure.
 */
import { parseOffer, formatOfferIssues, type Offer } from '../../solver';

/** One stored version of a pupil's choices, as the server returns it. */
export interface Submission {
  id: number;
  version: number;
  choices: string[];
  reserves: string[];
  submittedAt: string;
  offerVersion: number;
  fits: boolean;
  broken: string[];
  clash: string[];
  receipt: string;
}

/** What GET /api/me and POST /api/session answer, with the offer already checked by the project's parser. */
export interface PupilView {
  pupil: { admissionNumber: string; name: string; pathway?: string };
  round: { name: string; deadline: string; closedReason: string | null };
  offerVersion: number;
  offer: Offer;
  latest: Submission | null;
}

export interface ServerProblem {
  /** HTTP status, or 0 when the server could not be reached at all. */
  status: number;
  message: string;
  /** The server's list of what was wrong with the request, when it gave one. */
  problems: string[];
}

export type Answer<T> = { ok: true; value: T } | { ok: false; problem: ServerProblem };

export const UNREACHABLE =
  'Could not reach the options server. Check that this phone is online (Wi-Fi or mobile data) and try again. Nothing you typed or picked has been lost.';

async function request(method: string, path: string, body?: unknown): Promise<Answer<unknown>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, problem: { status: 0, message: UNREACHABLE, problems: [] } };
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    // Not the options server's JSON (a proxy's error page, or a plain web server with no API).
    return { ok: false, problem: { status: res.status || 0, message: res.ok ? 'The options server gave an answer this page cannot read. Try again in a minute.' : UNREACHABLE, problems: [] } };
  }
  if (!res.ok) {
    const e = json as { error?: unknown; problems?: unknown };
    return {
      ok: false,
      problem: {
        status: res.status,
        message: typeof e.error === 'string' ? e.error : `The options server refused the request (${res.status}).`,
        problems: Array.isArray(e.problems) ? e.problems.filter((p): p is string => typeof p === 'string') : [],
      },
    };
  }
  return { ok: true, value: json };
}

/** The offer inside a pupil view is checked like any other published offer before the page uses it. */
function pupilView(a: Answer<unknown>): Answer<PupilView> {
  if (!a.ok) return a;
  const raw = a.value as Omit<PupilView, 'offer'> & { offer: unknown };
  const parsed = parseOffer(raw.offer);
  if (!parsed.ok) {
    return { ok: false, problem: { status: 500, message: `The options on the server cannot be used: ${formatOfferIssues(parsed.errors)}. Tell your school.`, problems: [] } };
  }
  return { ok: true, value: { ...raw, offer: parsed.value } };
}

/** Who is signed in on this phone: a 401 answer means nobody (show the sign-in). */
export async function fetchMe(): Promise<Answer<PupilView>> {
  return pupilView(await request('GET', '/api/me'));
}

export async function signIn(code: string): Promise<Answer<PupilView>> {
  return pupilView(await request('POST', '/api/session', { code }));
}

export async function signOut(): Promise<Answer<unknown>> {
  return request('DELETE', '/api/session');
}

export async function submitChoices(choices: string[], reserves: string[]): Promise<Answer<Submission>> {
  const a = await request('POST', '/api/submissions', { choices, reserves });
  return a.ok ? { ok: true, value: (a.value as { submission: Submission }).submission } : a;
}

/** The page is an options round's when its address says so (`?round`, the link on the pupils' slips). */
export function isRoundPage(search: string): boolean {
  return new URLSearchParams(search).has('round');
}

/** A time in the pupil's own clock and words: "Sunday 14 February, 17:00". */
export function whenText(iso: string): string {
  const d = new Date(iso);
  return d.toLocaleString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
}
