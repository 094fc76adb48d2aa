/**
 * The phone page's side of the options server (server/app.ts, docs/server.md): same origin, the session
 * in an HttpOnly cookie the page never sees. Each call answers either the data or a `ServerProblem`
 * whose `message` is what to show the pupil (the server's own words, or, when the server cannot be
 * reached, what to do about it). Nothing here throws for an HTTP or network failure.
 */
import { PupilViewWire, SubmissionWire } from '../../data/options-round';
import { parseOffer, formatOfferIssues, type Offer } from '../../solver';

/** One stored version of a pupil's choices, as the server returns it (data/options-round.ts). */
export type Submission = SubmissionWire;

/** What GET /api/me and POST /api/session answer, with the offer already checked by the project's parser. */
export type PupilView = Omit<PupilViewWire, 'offer'> & { offer: Offer };

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

const UNREADABLE = 'The options server gave an answer this page cannot read. Try again in a minute; if it goes on, tell your school.';

/** The answer is checked against the wire schema, and the offer inside it like any other published offer, before the page uses it. */
function pupilView(a: Answer<unknown>): Answer<PupilView> {
  if (!a.ok) return a;
  const wire = PupilViewWire.safeParse(a.value);
  if (!wire.success) return { ok: false, problem: { status: 500, message: UNREADABLE, problems: [] } };
  const parsed = parseOffer(wire.data.offer);
  if (!parsed.ok) {
    return { ok: false, problem: { status: 500, message: `The options on the server cannot be used: ${formatOfferIssues(parsed.errors)}. Tell your school.`, problems: [] } };
  }
  return { ok: true, value: { ...wire.data, offer: parsed.value } };
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
  if (!a.ok) return a;
  const wire = SubmissionWire.safeParse((a.value as { submission?: unknown }).submission);
  return wire.success ? { ok: true, value: wire.data } : { ok: false, problem: { status: 500, message: UNREADABLE, problems: [] } };
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
