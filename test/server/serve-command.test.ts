/**
 * `npm run serve` as a child process: it prints where it listens, keeps only the scrypt hash of the admin
 * secret (in the database, so a restart needs no secret), marks cookies Secure with --secure-cookies,
 * takes a larger allowance of wrong codes per address (--wrong-codes-per-address), backs up a running server's file, and refuses to start without a secret or with a bad option.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { ADMIN_SECRET, tempDbFile, testOffer } from './harness';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = join(ROOT, 'server', 'main.ts');

let tmp: ReturnType<typeof tempDbFile>;
let secretFile: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  tmp = tempDbFile();
  secretFile = join(tmp.dir, 'admin-secret.txt');
  writeFileSync(secretFile, `${ADMIN_SECRET}\n`);
});

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) await stop(c);
  tmp.remove();
});

/** Start the server and resolve with its URL once it prints "listening on URL". */
function serve(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(TSX, [MAIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /Options server listening on (http:\/\/127\.0\.0\.1:\d+) \(database (.+)\)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.stderr!.on('data', (d) => (err += d));
    child.on('exit', (code) => reject(new Error(`serve exited ${code} before listening:\n${out}\n${err}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

const staff = { authorization: `Bearer ${ADMIN_SECRET}`, 'content-type': 'application/json' };

describe('npm run serve', () => {
  it('listens, stores only the scrypt hash of the admin secret, restarts without it, and stops cleanly', async () => {
    const first = await serve(['--port', '0', '--db', tmp.file, '--admin-secret-file', secretFile]);
    expect((await (await fetch(`${first.url}/api/health`)).json())).toEqual({ ok: true, schemaVersion: 1 });
    const created = await fetch(`${first.url}/api/staff/rounds`, {
      method: 'POST',
      headers: staff,
      body: JSON.stringify({ offer: testOffer(), deadline: '2099-01-01T00:00:00Z', pupils: [{ admissionNumber: '7', name: 'Gus' }] }),
    });
    expect(created.status).toBe(201);
    expect(await stop(first.child)).toBe(0);

    const db = new Database(tmp.file, { readonly: true });
    const stored = (db.prepare("SELECT value FROM meta WHERE key = 'admin_secret'").get() as { value: string }).value;
    db.close();
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(stored).not.toContain(ADMIN_SECRET);

    // Started again with no secret: the stored hash is used.
    const env = { ...process.env };
    delete env.KS4_ADMIN_SECRET;
    const second = await serve(['--port', '0', '--db', tmp.file], env);
    const rounds = await fetch(`${second.url}/api/staff/rounds`, { headers: staff });
    expect(rounds.status).toBe(200);
    expect(((await rounds.json()) as { rounds: unknown[] }).rounds).toHaveLength(1);
    expect((await fetch(`${second.url}/api/staff/rounds`, { headers: { authorization: 'Bearer wrong-secret' } })).status).toBe(401);
  }, 60_000);

  it('marks the session cookie Secure with a __Host- name behind HTTPS (--secure-cookies)', async () => {
    const { url } = await serve(['--port', '0', '--db', tmp.file, '--admin-secret-file', secretFile, '--secure-cookies']);
    const created = await fetch(`${url}/api/staff/rounds`, {
      method: 'POST',
      headers: staff,
      body: JSON.stringify({ offer: testOffer(), deadline: '2099-01-01T00:00:00Z', pupils: [{ admissionNumber: '7', name: 'Gus' }] }),
    });
    const { codes } = (await created.json()) as { codes: { code: string }[] };
    const signIn = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: codes[0].code }) });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.getSetCookie()[0];
    expect(cookie).toMatch(/^__Host-ks4_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
  }, 60_000);

  it('lets a school behind one address allow more wrong codes before sign-in pauses (--wrong-codes-per-address)', async () => {
    const wrong = async (url: string) => (await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZZ' }) })).json() as Promise<{ error: string }>;
    const { url } = await serve(['--port', '0', '--db', tmp.file, '--admin-secret-file', secretFile, '--wrong-codes-per-address', '40']);
    expect((await wrong(url)).error).toMatch(/39 more tries before sign-in from this address is paused/);
    const bad = spawnSync(TSX, [MAIN, '--port', '0', '--db', tmp.file, '--wrong-codes-per-address', '0'], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--wrong-codes-per-address 0 should be a whole number from 1 to 99999');
  }, 60_000);

  it('backs up the file of a running server', async () => {
    const { url } = await serve(['--port', '0', '--db', tmp.file, '--admin-secret-file', secretFile]);
    await fetch(`${url}/api/staff/rounds`, {
      method: 'POST',
      headers: staff,
      body: JSON.stringify({ offer: testOffer(), deadline: '2099-01-01T00:00:00Z', pupils: [{ admissionNumber: '7', name: 'Gus' }, { admissionNumber: '8', name: 'Hal' }] }),
    });
    const out = join(tmp.dir, 'backup.db');
    const r = spawnSync(TSX, [MAIN, 'backup', '--db', tmp.file, '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Backed up .+ to .+backup\.db \(\d+ pages\)\.\n$/);
    const copy = new Database(out, { readonly: true });
    expect(copy.prepare('SELECT display_name FROM pupils ORDER BY id').all()).toEqual([{ display_name: 'Gus' }, { display_name: 'Hal' }]);
    copy.close();
  }, 60_000);

  it('refuses to start without an admin secret, with a short one, or with a bad option', () => {
    const env = { ...process.env };
    delete env.KS4_ADMIN_SECRET;
    const none = spawnSync(TSX, [MAIN, '--port', '0', '--db', tmp.file], { cwd: ROOT, env, encoding: 'utf8' });
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('No admin secret: give --admin-secret-file FILE or KS4_ADMIN_SECRET the first time');
    const short = spawnSync(TSX, [MAIN, '--port', '0', '--db', tmp.file], { cwd: ROOT, env: { ...env, KS4_ADMIN_SECRET: 'abc' }, encoding: 'utf8' });
    expect(short.status).toBe(1);
    expect(short.stderr).toContain('The admin secret is 3 characters long; use at least 12');
    const port = spawnSync(TSX, [MAIN, '--port', 'eighty', '--db', tmp.file], { cwd: ROOT, env, encoding: 'utf8' });
    expect(port.status).toBe(2);
    expect(port.stderr).toContain('--port eighty is not a port number');
    const noDb = spawnSync(TSX, [MAIN, '--port', '0'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(noDb.status).toBe(2);
    expect(noDb.stderr).toContain('--db FILE is needed');
  }, 60_000);
});
