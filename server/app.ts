/**
 * The options server's HTTP side (Fastify): routes, cookies, limits and the cross-site checks. The data
 * work is in rounds.ts, sessions.ts, submissions.ts, status.ts and export.ts; this file only adapts HTTP.
 *
 * Endpoints (JSON unless said; every body is validated by a zod schema in schemas.ts):
 *   GET    /api/health                          { ok, schemaVersion }
 *   pupils (session cookie)
 *   POST   /api/session            {code}       sign in: sets the session cookie; returns what GET /api/me returns
 *   GET    /api/me                              { pupil, round, offerVersion, offer, latest }
 *   DELETE /api/session                         sign out
 *   POST   /api/submissions        {choices, reserves}   201 { submission } (a new version; refused after the deadline)
 *   GET    /api/submissions                     { submissions }: every version of one's own, oldest first
 *   GET    /api/submissions/:id                 { submission }: one's own only (another pupil's id: 404)
 *   staff (Authorization: Bearer ADMIN-SECRET)
 *   POST   /api/staff/rounds       {name?, offer, deadline, pupils}   201 { round, codes } (codes shown this once)
 *   GET    /api/staff/rounds                    { rounds }
 *   GET    /api/staff/rounds/:id                the round's status (status.ts)
 *   GET    /api/staff/rounds/:id/export[?format=csv]   submissions (export.ts), JSON or the Forms-shaped CSV
 *   PUT    /api/staff/rounds/:id/offer  {offer}        publish an updated offer: { offerVersion }
 *   PUT    /api/staff/rounds/:id/deadline {deadline}   move the deadline
 *   POST   /api/staff/rounds/:id/close                 close: no more changes, pupils signed out
 *   DELETE /api/staff/rounds/:id                       delete the round and everything in it
 *   OPTIONS /api/staff/*                               CORS preflight, for the planner origins given (plannerOrigins)
 *   GET    /, /*                                      the built web app (siteDir, site.ts): the phone page at /?round
 *
 * Cross-site requests. Pupils are authenticated by a cookie, so a page on another site could try to
 * make a pupil's browser post with it. Three layers stop that: the cookie is SameSite=Strict (a browser
 * does not send it on any request started by another site); every state-changing request is refused
 * when the browser says it comes from elsewhere (Sec-Fetch-Site other than same-origin or none, or an
 * Origin header that is not this server's); and bodies are JSON only (text/plain, the one body type an
 * HTML form can send that Fastify parses by default, is removed), so a cross-site form post cannot even be
 * read. A token in the page is not needed on top: SameSite=Strict with the Origin check is what OWASP
 * lists as sufficient for browsers that send both (all current ones). Staff requests carry the secret in
 * an Authorization header, which browsers never attach by themselves, so they are not exposed to this
 * and may come from the planner on another origin.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import * as z from 'zod';
import { type Db, schemaVersion } from './db';
import {
  closeRound,
  createRound,
  currentOffer,
  deleteRound,
  getRound,
  listRounds,
  publishOfferVersion,
  pupilByCode,
  roundClosedReason,
  setDeadline,
  type PupilRow,
  type RoundRow,
} from './rounds';
import { CreateRoundSchema, describeZodError, SignInSchema, SubmissionSchema, UpdateDeadlineSchema, UpdateOfferSchema } from './schemas';
import { codeHash, looksLikeCode, sha256, verifyAdminSecret } from './secrets';
import { DEFAULT_TIME_ZONE, schoolClock } from './school-time';
import { DEFAULT_LOCKOUT, endSession, lockedUntil, recordWrongCode, sessionPupil, startSession, SESSION_MS, type LockoutPolicy } from './sessions';
import { exportCsv, exportRound } from './export';
import { roundStatus } from './status';
import { history, latest, PreviewerCache, submissionById, submit, SubmissionRefused } from './submissions';
import { serveSite } from './site';
import { timingSafeEqual } from 'node:crypto';

export interface ServerOptions {
  db: Db;
  /** The scrypt hash of the admin secret (secrets.ts hashAdminSecret). */
  adminSecretHash: string;
  /** Mark cookies Secure (serve behind HTTPS). Default false: loopback and tests speak plain HTTP. */
  secureCookies?: boolean;
  /** Trust X-Forwarded-For/-Proto from the school's reverse proxy (its address, or true for any). Default false. */
  trustProxy?: boolean | string;
  /** The origin browsers see (https://options.school.example) when behind a proxy; else taken from the Host header. */
  publicOrigin?: string;
  /**
   * Origins allowed to call the staff endpoints from a browser (the planner's page, e.g. http://localhost:5173
   * or https://planner.school.example): CORS is answered for /api/staff/ only, and only for these. Default none.
   */
  plannerOrigins?: string[];
  /** Largest request body in bytes, except creating a round or publishing an offer (ROUND_BODY_LIMIT). Default 256 KB. */
  bodyLimit?: number;
  /** Requests per address per minute, all routes together. Default 1,200 (a school's pupils may share one address). */
  requestsPerMinute?: number;
  /** Sign-in attempts with one code per 10 minutes. Default 10. */
  attemptsPerCode?: number;
  lockout?: LockoutPolicy;
  /** The school's time zone for times in messages to pupils (an IANA name). Default Europe/London. */
  timeZone?: string;
  /** The clock, in milliseconds (tests move it past a deadline). */
  now?: () => number;
  /**
   * The built web app (Vite's output folder, holding index.html) to serve under `/` (site.ts), so the phone
   * page and the pupil API share one origin. Default none: the server answers only /api/.
   */
  siteDir?: string;
}

export const DEFAULT_BODY_LIMIT = 256 * 1024;
/** Creating a round carries the offer and every invited pupil, so that one route takes more. */
export const ROUND_BODY_LIMIT = 4 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const db = options.db;
  const now = options.now ?? Date.now;
  const lockout = options.lockout ?? DEFAULT_LOCKOUT;
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const secure = options.secureCookies ?? false;
  // The __Host- prefix makes the browser refuse the cookie unless it is Secure, host-only and Path=/.
  const cookieName = secure ? '__Host-ks4_session' : 'ks4_session';
  const previewers = new PreviewerCache();

  const app = Fastify({ bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT, trustProxy: options.trustProxy ?? false, logger: false });
  app.removeContentTypeParser('text/plain');

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    max: options.requestsPerMinute ?? 1200,
    timeWindow: 60_000,
    errorResponseBuilder: (_req, context) => new HttpError(429, `Too many requests from this address: try again in ${context.after}.`),
  });
  const perCode = app.createRateLimit({
    max: options.attemptsPerCode ?? 10,
    timeWindow: 10 * 60_000,
    keyGenerator: (req: FastifyRequest) => `code:${codeHash(String((req.body as { code?: unknown } | undefined)?.code ?? '')).toString('hex')}`,
  });

  app.addHook('onRequest', async (req) => {
    // The matched route's pattern, not the raw URL: no spelling of a path can pass a pupil route off as staff.
    if (!STATE_CHANGING.has(req.method) || (req.routeOptions.url ?? '').startsWith('/api/staff/')) return;
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      throw new HttpError(403, `Refused: this ${req.method} came from another site (Sec-Fetch-Site: ${site}). Choices can only be sent from the options page itself.`);
    }
    const origin = req.headers.origin;
    if (origin !== undefined) {
      const own = options.publicOrigin ?? `${req.protocol}://${req.host}`;
      if (origin !== own) throw new HttpError(403, `Refused: this ${req.method} came from ${origin}, not from ${own}. Choices can only be sent from the options page itself.`);
    }
  });

  // CORS for the staff endpoints only, and only for the planner origins named: the planner is a static app
  // that may run on another origin (or offline on the timetabler's machine) and calls the staff endpoints
  // with the secret in the Authorization header. No credentials mode: cookies are never involved there.
  // Pupil routes answer no CORS at all, so no other origin can read them.
  const plannerOrigins = new Set(options.plannerOrigins ?? []);
  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    if (origin === undefined || !plannerOrigins.has(origin) || !(req.routeOptions.url ?? '').startsWith('/api/staff/')) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('vary', 'Origin');
  });
  app.options('/api/staff/*', async (req, reply) => {
    const origin = req.headers.origin;
    if (origin === undefined || !plannerOrigins.has(origin)) {
      throw new HttpError(403, `Refused: ${origin ?? 'a page with no origin'} is not a planner origin this server was started with (--planner-origin).`);
    }
    reply.header('access-control-allow-methods', 'GET, POST, PUT, DELETE');
    reply.header('access-control-allow-headers', 'authorization, content-type');
    reply.header('access-control-max-age', '600');
    return reply.code(204).send();
  });

  app.addHook('onSend', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _req, reply) => {
    if (error instanceof HttpError) return reply.code(error.statusCode).send({ error: error.message, ...(error.problems.length > 0 ? { problems: error.problems } : {}) });
    if (error instanceof z.ZodError) return reply.code(400).send({ error: 'The request was not understood.', problems: describeZodError(error) });
    if (error instanceof SubmissionRefused) return reply.code(400).send({ error: 'These choices cannot be submitted.', problems: error.problems });
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: `The request is too large: the limit is ${Math.round((options.bodyLimit ?? DEFAULT_BODY_LIMIT) / 1024)} KB.` });
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(415).send({ error: 'Send the request as JSON (Content-Type: application/json).' });
    if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error instanceof SyntaxError && error.statusCode === 400)) {
      return reply.code(400).send({ error: `The request body is not valid JSON: ${error.message}` });
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return reply.code(error.statusCode).send({ error: error.message });
    console.error(error);
    return reply.code(500).send({ error: 'The server failed on this request; it has been logged. Nothing was saved by it.' });
  });

  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: `There is no ${req.method} ${req.url.split('?')[0]} on this server.` }));

  // ---- helpers -------------------------------------------------------------------------------------
  const verifiedSecret = { digest: null as Buffer | null };
  // Admin secrets checked by scrypt, per address: each costs 150-190 ms of a thread, so they are limited much harder than other requests.
  const wrongSecrets = app.createRateLimit({ max: 20, timeWindow: 10 * 60_000, keyGenerator: (req: FastifyRequest) => `staff:${req.ip}` });
  async function requireStaff(req: FastifyRequest): Promise<void> {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer (.+)$/.exec(header);
    if (!m) throw new HttpError(401, 'Staff requests need the admin secret: Authorization: Bearer SECRET.');
    // scrypt is slow on purpose; remember the digest of a secret once verified so the staff page's polling stays cheap.
    const digest = sha256(m[1]);
    if (verifiedSecret.digest && timingSafeEqual(digest, verifiedSecret.digest)) return;
    // Counted before the scrypt, so an address over the limit costs nothing more (the right secret is
    // checked by scrypt once per start, then by its digest).
    const limit = await wrongSecrets(req);
    if (!limit.isAllowed && limit.isExceeded) throw new HttpError(429, `Too many wrong admin secrets from this address: try again in ${Math.max(1, Math.ceil(limit.ttl / 60_000))} minutes.`);
    if (!(await verifyAdminSecret(m[1], options.adminSecretHash))) throw new HttpError(401, 'The admin secret is not right.');
    verifiedSecret.digest = digest;
  }

  async function staffRound(req: FastifyRequest): Promise<RoundRow> {
    await requireStaff(req);
    const id = (req.params as { id: string }).id;
    const round = getRound(db, id);
    if (!round) throw new HttpError(404, `There is no round ${id} (it may have been deleted).`);
    return round;
  }

  function signedIn(req: FastifyRequest): PupilRow {
    const token = req.cookies[cookieName];
    const pupil = token ? sessionPupil(db, token, now()) : undefined;
    if (!pupil) throw new HttpError(401, 'You are not signed in (or your session ended). Sign in again with the code on your slip.');
    return pupil;
  }

  function parse<T>(schema: z.ZodType<T>, body: unknown): T {
    const r = schema.safeParse(body);
    if (!r.success) throw r.error;
    return r.data;
  }

  function pupilView(pupil: PupilRow) {
    const round = getRound(db, pupil.round_id)!;
    const { version, offer } = currentOffer(db, round.id);
    return {
      pupil: { admissionNumber: pupil.admission_number, name: pupil.display_name, ...(pupil.pathway ? { pathway: pupil.pathway } : {}) },
      round: { name: round.name, deadline: new Date(round.deadline).toISOString(), closedReason: roundClosedReason(round, now(), timeZone) },
      offerVersion: version,
      offer,
      latest: latest(db, pupil.id) ?? null,
    };
  }

  // ---- routes --------------------------------------------------------------------------------------
  app.get('/api/health', async () => ({ ok: true, schemaVersion: schemaVersion(db) }));

  app.post('/api/session', async (req, reply) => {
    const body = parse(SignInSchema, req.body);
    const address = req.ip;
    const t = now();
    const until = lockedUntil(db, address, t, lockout);
    if (until !== null) throw new HttpError(429, lockoutMessage(until, t, timeZone));
    const limit = await perCode(req);
    if (!limit.isAllowed && limit.isExceeded) throw new HttpError(429, `This code has been tried too often: try again in ${Math.max(1, Math.ceil(limit.ttl / 60_000))} minutes.`);
    const pupil = looksLikeCode(body.code) ? pupilByCode(db, body.code) : undefined;
    if (!pupil) {
      const left = recordWrongCode(db, address, t, lockout);
      if (left === 0) throw new HttpError(429, lockoutMessage(lockedUntil(db, address, t, lockout) ?? t + lockout.lockoutMs, t, timeZone));
      throw new HttpError(401, `That code is not right. Check it against your slip (26 letters and digits; hyphens and spaces do not matter). ${left} more ${left === 1 ? 'try' : 'tries'} before sign-in from this address is paused for ${Math.round(lockout.lockoutMs / 60_000)} minutes.`);
    }
    const round = getRound(db, pupil.round_id)!;
    if (round.status === 'closed') throw new HttpError(403, roundClosedReason(round, t, timeZone)!);
    const session = startSession(db, pupil.id, t);
    reply.setCookie(cookieName, session.token, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: Math.floor(SESSION_MS / 1000) });
    return pupilView(pupil);
  });

  app.get('/api/me', async (req) => pupilView(signedIn(req)));

  app.delete('/api/session', async (req, reply) => {
    const token = req.cookies[cookieName];
    if (token) endSession(db, token);
    reply.clearCookie(cookieName, { path: '/', httpOnly: true, sameSite: 'strict', secure });
    return { signedOut: true };
  });

  app.post('/api/submissions', async (req, reply) => {
    const pupil = signedIn(req);
    const body = parse(SubmissionSchema, req.body);
    const t = now();
    const closed = roundClosedReason(getRound(db, pupil.round_id)!, t, timeZone);
    if (closed) throw new HttpError(403, closed);
    const submission = submit(db, previewers, pupil, body.choices, body.reserves, t);
    return reply.code(201).send({ submission });
  });

  app.get('/api/submissions', async (req) => ({ submissions: history(db, signedIn(req).id) }));

  app.get('/api/submissions/:id', async (req) => {
    const pupil = signedIn(req);
    const raw = (req.params as { id: string }).id;
    const found = /^\d{1,15}$/.test(raw) ? submissionById(db, Number(raw)) : undefined;
    // Another pupil's submission gets the same answer as one that does not exist: ids reveal nothing.
    if (!found || found.pupilId !== pupil.id) throw new HttpError(404, `You have no submission ${raw}.`);
    return { submission: found.submission };
  });

  app.post('/api/staff/rounds', { bodyLimit: ROUND_BODY_LIMIT }, async (req, reply) => {
    await requireStaff(req);
    const body = parse(CreateRoundSchema, req.body);
    const { round, codes } = createRound(db, body, now());
    return reply.code(201).send({ round: roundJson(round), codes });
  });

  app.get('/api/staff/rounds', async (req) => {
    await requireStaff(req);
    return { rounds: listRounds(db).map(roundJson) };
  });

  app.get('/api/staff/rounds/:id', async (req) => roundStatus(db, previewers, await staffRound(req)));

  app.get('/api/staff/rounds/:id/export', async (req, reply) => {
    const round = await staffRound(req);
    const data = exportRound(db, round);
    if ((req.query as { format?: string }).format === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="submissions-${round.id}.csv"`).send(exportCsv(data));
    }
    return data;
  });

  app.put('/api/staff/rounds/:id/offer', { bodyLimit: ROUND_BODY_LIMIT }, async (req) => {
    const round = await staffRound(req);
    const body = parse(UpdateOfferSchema, req.body);
    return { offerVersion: publishOfferVersion(db, round.id, body.offer, now()) };
  });

  app.put('/api/staff/rounds/:id/deadline', async (req) => {
    const round = await staffRound(req);
    const body = parse(UpdateDeadlineSchema, req.body);
    setDeadline(db, round.id, Date.parse(body.deadline));
    return { round: roundJson(getRound(db, round.id)!) };
  });

  app.post('/api/staff/rounds/:id/close', async (req) => {
    const round = await staffRound(req);
    closeRound(db, round.id, now());
    return { round: roundJson(getRound(db, round.id)!) };
  });

  app.delete('/api/staff/rounds/:id', async (req) => {
    const round = await staffRound(req);
    deleteRound(db, round.id);
    return { deleted: round.id };
  });

  if (options.siteDir !== undefined) serveSite(app, options.siteDir);

  return app;
}

function roundJson(r: RoundRow) {
  return {
    id: r.id,
    name: r.name,
    deadline: new Date(r.deadline).toISOString(),
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
    ...(r.closed_at !== null ? { closedAt: new Date(r.closed_at).toISOString() } : {}),
  };
}

function lockoutMessage(until: number, t: number, timeZone: string): string {
  const minutes = Math.max(1, Math.ceil((until - t) / 60_000));
  return `Too many wrong codes from this address: sign-in is paused until ${schoolClock(until, timeZone)} (${minutes} ${minutes === 1 ? 'minute' : 'minutes'}). Check the code on your slip, or ask your school for a new one.`;
}

