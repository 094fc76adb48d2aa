/**
 * Runs the options server in this process on 127.0.0.1 with a port of 0 (the system picks a free one)
 * and a real SQLite file in a temporary folder, and talks to it over real HTTP with fetch. The clock is
 * the harness's own (`clock.now`), so a test can move past a deadline without waiting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer, type ServerOptions } from '../../server/app';
import { openDatabase, type Db } from '../../server/db';
import { hashAdminSecret } from '../../server/secrets';
import type { Offer } from '../../solver/offer';

export const ADMIN_SECRET = 'correct horse battery staple';
const ADMIN_HASH = hashAdminSecret(ADMIN_SECRET);

export interface Running {
  url: string;
  app: FastifyInstance;
  db: Db;
  file: string;
  close(): Promise<void>;
}

export const clock = { now: Date.parse('2027-02-01T09:00:00Z') };

export function tempDbFile(): { file: string; dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ks4-server-'));
  return { file: join(dir, 'options.db'), dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startServer(file: string, extra: Partial<ServerOptions> = {}): Promise<Running> {
  const db = openDatabase(file);
  const app = await buildServer({ db, adminSecretHash: ADMIN_HASH, now: () => clock.now, ...extra });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    app,
    db,
    file,
    close: async () => {
      await app.close();
      db.close();
    },
  };
}

/** A small offer: blocks A and B; History and Geography only in A, Art and French only in B, Music in both. */
export function testOffer(): Offer {
  return {
    format: 'ks4-offer/1',
    name: 'Year 9 options 2027',
    blocks: ['A', 'B'],
    years: [10, 11],
    courses: [
      { id: 'HIS', name: 'History', kind: 'GCSE', tags: ['humanity'], years: [10, 11], span: 1, site: 'home' },
      { id: 'GEO', name: 'Geography', kind: 'GCSE', tags: ['humanity'], years: [10, 11], span: 1, site: 'home' },
      { id: 'ART', name: 'Art', kind: 'GCSE', tags: [], years: [10, 11], span: 1, site: 'home' },
      { id: 'FRE', name: 'French', kind: 'GCSE', tags: ['language'], years: [10, 11], span: 1, site: 'home' },
      { id: 'MUS', name: 'Music', kind: 'GCSE', tags: [], years: [10, 11], span: 1, site: 'home' },
    ],
    groups: [
      { id: 'HIS-1', course: 'HIS', blocks: ['A'], years: [10, 11], free: 10 },
      { id: 'GEO-1', course: 'GEO', blocks: ['A'], years: [10, 11], free: 8 },
      { id: 'ART-1', course: 'ART', blocks: ['B'], years: [10, 11], free: 5 },
      { id: 'FRE-1', course: 'FRE', blocks: ['B'], years: [10, 11], free: 6 },
      { id: 'MUS-1', course: 'MUS', blocks: ['A'], years: [10, 11], free: 3 },
      { id: 'MUS-2', course: 'MUS', blocks: ['B'], years: [10, 11], free: 4 },
    ],
    pathways: [],
    rules: [{ notTogether: ['ART', 'MUS'], message: 'Art and Music cannot be taken together.' }],
    ask: { choices: 2, reserveChoices: 1 },
  };
}

export interface Reply {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

/** fetch with a JSON body; `cookie` is sent as the Cookie header; the reply's JSON is parsed when it is JSON. */
export async function call(url: string, method: string, path: string, init: { json?: unknown; body?: string; cookie?: string; headers?: Record<string, string>; staff?: boolean } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  let body: string | undefined = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['content-type'] ??= 'application/json';
  }
  if (init.cookie) headers.cookie = init.cookie;
  if (init.staff) headers.authorization = `Bearer ${ADMIN_SECRET}`;
  const res = await fetch(url + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = undefined;
  if ((res.headers.get('content-type') ?? '').includes('application/json')) parsed = JSON.parse(text);
  return { status: res.status, body: parsed, text, headers: res.headers };
}

/** The session cookie from a sign-in reply, as "name=value" for the Cookie header. */
export function sessionCookie(reply: Reply): string {
  const set = reply.headers.getSetCookie();
  const c = set.find((s) => s.includes('ks4_session='));
  if (!c) throw new Error(`No session cookie in ${JSON.stringify(set)}`);
  return c.split(';')[0];
}

export async function createRound(url: string, pupils: { admissionNumber: string; name: string; pathway?: string }[], deadline = '2027-02-14T17:00:00Z') {
  const r = await call(url, 'POST', '/api/staff/rounds', { staff: true, json: { offer: testOffer(), deadline, pupils } });
  if (r.status !== 201) throw new Error(`Creating the round failed: ${r.status} ${r.text}`);
  return r.body as { round: { id: string; name: string; deadline: string; status: string }; codes: { admissionNumber: string; name: string; code: string }[] };
}

export async function signIn(url: string, code: string): Promise<{ reply: Reply; cookie: string }> {
  const reply = await call(url, 'POST', '/api/session', { json: { code } });
  if (reply.status !== 200) throw new Error(`Sign-in failed: ${reply.status} ${reply.text}`);
  return { reply, cookie: sessionCookie(reply) };
}
