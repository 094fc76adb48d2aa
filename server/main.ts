/**
 * `npm run serve -- [--port 8080] [--host 127.0.0.1] --db FILE [--admin-secret-file F] [--secure-cookies]
 *                   [--trust-proxy ADDRESS|true] [--public-origin https://options.school.example]
 *                   [--requests-per-minute N] [--wrong-codes-per-address N] [--planner-origin ORIGIN ...]
 *                   [--site DIR | --no-site] [--delete-after-days N] [--time-zone Europe/London]`
 * `npm run serve -- backup --db FILE --out BACKUP-FILE`
 *
 * Starts the options server on the SQLite file (created when missing) and prints where it listens.
 * The admin secret comes from --admin-secret-file or the KS4_ADMIN_SECRET environment variable; it is
 * hashed with scrypt and only the hash is kept (in the database, so later starts need no secret: the file
 * can then be deleted). Given again, it replaces the stored hash. With neither a secret nor a stored hash
 * the server refuses to start.
 *
 * The built web app is served under / (the pupils' phone page is /?round): from --site DIR, else from the
 * project's dist/ when it has been built (`npm run build`); --no-site serves the API only.
 *
 * With --delete-after-days N, a round is deleted with all its pupils and submissions N days after it closed (or
 * after its deadline, if nobody closed it), checked at start and hourly (retention.ts).
 *
 * `backup` copies the database with SQLite's online backup API while the server may be running.
 * Exit codes: 0 ok; 1 cannot start or back up (the message says why); 2 used wrongly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildServer } from './app';
import { backupDatabase, openDatabase, type Db } from './db';
import { deleteExpiredRounds, RETENTION_CHECK_MS, retentionMessage } from './retention';
import { isTimeZone } from './school-time';
import { hashAdminSecret } from './secrets';
import { DEFAULT_LOCKOUT } from './sessions';

const USAGE =
  'Usage: npm run serve -- --db FILE [--port 8080] [--host 127.0.0.1] [--admin-secret-file F] [--secure-cookies] [--trust-proxy ADDRESS|true] [--public-origin URL] [--requests-per-minute N] [--wrong-codes-per-address N] [--planner-origin ORIGIN]... [--site DIR | --no-site] [--delete-after-days N] [--time-zone Europe/London]\n' +
  '       npm run serve -- backup --db FILE --out BACKUP-FILE\n' +
  'The admin secret may also be given as the environment variable KS4_ADMIN_SECRET.';

class UsageError extends Error {}

interface Args {
  command: 'serve' | 'backup';
  db?: string;
  out?: string;
  port: number;
  host: string;
  adminSecretFile?: string;
  secureCookies: boolean;
  trustProxy?: boolean | string;
  publicOrigin?: string;
  requestsPerMinute?: number;
  /**
   * Wrong codes from one address in the lockout window before sign-in from it pauses (sessions.ts,
   * DEFAULT_LOCKOUT's 10 unless given): a school whose pupils all sign in through its one public address
   * shares these between them on options evening.
   */
  wrongCodesPerAddress?: number;
  plannerOrigins: string[];
  /** The folder to serve under / (undefined: the project's dist/ when built); null with --no-site. */
  site?: string | null;
  /** Delete a round this many days after it ended (retention.ts); undefined keeps rounds until staff delete them. */
  deleteAfterDays?: number;
  timeZone?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { command: 'serve', port: 8080, host: '127.0.0.1', secureCookies: false, plannerOrigins: [] };
  const rest = [...argv];
  if (rest[0] === 'backup') {
    args.command = 'backup';
    rest.shift();
  }
  const value = (flag: string) => {
    const v = rest.shift();
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value.`);
    return v;
  };
  while (rest.length > 0) {
    const flag = rest.shift()!;
    if (flag === '--db') args.db = value(flag);
    else if (flag === '--out') args.out = value(flag);
    else if (flag === '--port') {
      const v = value(flag);
      if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw new UsageError(`--port ${v} is not a port number (0 to 65535; 0 picks a free one).`);
      args.port = Number(v);
    } else if (flag === '--host') args.host = value(flag);
    else if (flag === '--admin-secret-file') args.adminSecretFile = value(flag);
    else if (flag === '--secure-cookies') args.secureCookies = true;
    else if (flag === '--trust-proxy') {
      const v = value(flag);
      // `true` takes the left-most X-Forwarded-For entry, which any client can write: the lockout and the
      // limits per address could then be dodged by inventing addresses. Name the proxy's address instead.
      if (v === 'true') console.error('Warning: --trust-proxy true believes any X-Forwarded-For a client sends; give the proxy\'s address (--trust-proxy 10.0.0.5) so limits per address hold.');
      args.trustProxy = v === 'true' ? true : v;
    } else if (flag === '--public-origin') args.publicOrigin = value(flag).replace(/\/+$/, '');
    else if (flag === '--planner-origin') {
      const v = value(flag).replace(/\/+$/, '');
      if (!/^https?:\/\/[^/\s]+$/.test(v)) throw new UsageError(`--planner-origin ${v} should be an origin such as https://planner.school.example (scheme, host and port only).`);
      args.plannerOrigins.push(v);
    } else if (flag === '--requests-per-minute') {
      const v = value(flag);
      if (!/^[1-9]\d{0,6}$/.test(v)) throw new UsageError(`--requests-per-minute ${v} should be a whole number of at least 1.`);
      args.requestsPerMinute = Number(v);
    } else if (flag === '--wrong-codes-per-address') {
      const v = value(flag);
      if (!/^[1-9]\d{0,4}$/.test(v)) throw new UsageError(`--wrong-codes-per-address ${v} should be a whole number from 1 to 99999 (wrong codes from one address in 15 minutes before its sign-in pauses; 10 if not given).`);
      args.wrongCodesPerAddress = Number(v);
    }
    else if (flag === '--delete-after-days') {
      const v = value(flag);
      if (!/^[1-9]\d{0,4}$/.test(v)) throw new UsageError(`--delete-after-days ${v} should be a whole number of days, at least 1 (for example 60: a round is deleted 60 days after it closed).`);
      args.deleteAfterDays = Number(v);
    }
    else if (flag === '--time-zone') {
      const v = value(flag);
      if (!isTimeZone(v)) throw new UsageError(`--time-zone ${v} is not a time zone this server knows: give an IANA name such as Europe/London (the default) or UTC.`);
      args.timeZone = v;
    }
    else if (flag === '--site') args.site = value(flag);
    else if (flag === '--no-site') args.site = null;
    else throw new UsageError(`Unknown option ${flag}.`);
  }
  if (!args.db) throw new UsageError('--db FILE is needed: the SQLite file the server keeps its data in (created when missing).');
  if (args.command === 'backup' && !args.out) throw new UsageError('backup needs --out BACKUP-FILE.');
  return args;
}

/** The scrypt hash to use: from the secret given now (stored), else the one stored before. */
function adminSecretHash(db: Db, args: Args): string {
  let secret: string | undefined;
  if (args.adminSecretFile) {
    secret = readFileSync(args.adminSecretFile, 'utf8').replace(/\r?\n$/, '');
    if (secret === '') throw new Error(`The admin secret file ${args.adminSecretFile} is empty.`);
  } else if (process.env.KS4_ADMIN_SECRET) secret = process.env.KS4_ADMIN_SECRET;
  if (secret !== undefined) {
    if (secret.length < 12) throw new Error(`The admin secret is ${secret.length} characters long; use at least 12 (a passphrase of a few words is good).`);
    const hash = hashAdminSecret(secret);
    db.prepare("INSERT INTO meta (key, value) VALUES ('admin_secret', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(hash);
    return hash;
  }
  const row = db.prepare("SELECT value FROM meta WHERE key = 'admin_secret'").get() as { value: string } | undefined;
  if (!row) throw new Error(`No admin secret: give --admin-secret-file FILE or KS4_ADMIN_SECRET the first time (the database ${args.db} has none stored).`);
  return row.value;
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  let db: Db;
  try {
    db = openDatabase(args.db!);
  } catch (e) {
    console.error(`Cannot open the database ${args.db}: ${(e as Error).message}`);
    return 1;
  }
  if (args.command === 'backup') {
    try {
      const r = await backupDatabase(db, args.out!);
      console.log(`Backed up ${args.db} to ${args.out} (${r.totalPages} pages).`);
      return 0;
    } catch (e) {
      console.error(`Cannot back up ${args.db} to ${args.out}: ${(e as Error).message}`);
      return 1;
    } finally {
      db.close();
    }
  }
  let hash: string;
  try {
    hash = adminSecretHash(db, args);
  } catch (e) {
    console.error((e as Error).message);
    db.close();
    return 1;
  }
  // The pupils' page: the folder given, else the project's own build when there is one.
  const defaultSite = resolve(import.meta.dirname, '..', 'dist');
  const siteDir = args.site === null ? undefined : (args.site ?? (existsSync(join(defaultSite, 'index.html')) ? defaultSite : undefined));
  if (siteDir !== undefined && !existsSync(join(siteDir, 'index.html'))) {
    console.error(`--site ${siteDir} has no index.html: give the folder \`npm run build\` wrote (dist/ by default).`);
    db.close();
    return 1;
  }
  const app = await buildServer({ db, adminSecretHash: hash, siteDir, secureCookies: args.secureCookies, trustProxy: args.trustProxy, publicOrigin: args.publicOrigin, requestsPerMinute: args.requestsPerMinute, ...(args.wrongCodesPerAddress ? { lockout: { ...DEFAULT_LOCKOUT, maxWrongCodes: args.wrongCodesPerAddress } } : {}), plannerOrigins: args.plannerOrigins, timeZone: args.timeZone });
  try {
    const address = await app.listen({ port: args.port, host: args.host });
    console.log(`Options server listening on ${address} (database ${args.db})`);
    console.log(siteDir !== undefined ? `Pupils sign in at ${args.publicOrigin ?? address}/?round (the page from ${siteDir})` : 'No web page served (no --site, and dist/ is not built: npm run build); the API only.');
  } catch (e) {
    console.error(`Cannot listen on ${args.host}:${args.port}: ${(e as Error).message}`);
    db.close();
    return 1;
  }
  let retention: ReturnType<typeof setInterval> | undefined;
  if (args.deleteAfterDays !== undefined) {
    const days = args.deleteAfterDays;
    const check = () => {
      const said = retentionMessage(deleteExpiredRounds(db, Date.now(), days), days);
      if (said) console.log(said);
    };
    check();
    console.log(`Rounds are deleted ${days} ${days === 1 ? 'day' : 'days'} after they close (or after their deadline, if not closed); checked every hour.`);
    retention = setInterval(check, RETENTION_CHECK_MS);
    retention.unref();
  }
  const stop = async () => {
    if (retention) clearInterval(retention);
    await app.close();
    db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1; // keeps running
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
