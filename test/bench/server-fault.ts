/**
 * The options server killed with SIGKILL in the middle of the load (issue 13, "What it must hold": Faults).
 *
 * The load of server-load.ts (the server a child process on a fresh SQLite file, pupils signing in and
 * submitting), with `kill -9` sent to the server at a moment drawn from the seed (printed, so a run can be
 * repeated). At the kill, before anything else, the file the dead process left is opened read-only and
 * every submission acknowledged so far is checked in it: there, with its exact choices, reserves, version
 * and receipt, no row half-written (every JSON column parses, versions 1..n per pupil, integrity_check ok).
 * The server is then started again on the same file and port; the pupils whose requests got no answer
 * send them again, as the phone page's "Try again" does, and the run goes on. At the end the same checks
 * run over everything, and the planner's pull (the staff export) is read after a dropped connection and
 * twice in full: the two full reads must be byte-identical.
 *
 * A submission committed just before the kill, whose answer the process never sent, is in the database
 * without an acknowledgement; the pupil retried, so it is an earlier version they never saw. The checks
 * allow as many such rows as there were submissions that reached the server and got no answer, no more.
 *
 * What SIGKILL proves and what it does not: the commit comes before the answer, and a transaction is
 * whole or absent. It does not prove the fsync (the operating system keeps the written pages after a
 * process dies); power-loss durability is synchronous=FULL's part (docs/server.md, "The database").
 *
 * `npm run bench -- --only server` runs it after the load section; `npx tsx test/bench/server-fault.ts
 * [--pupils N] [--seed S]` alone. Exit code 1 when a check fails.
 */
import { fileURLToPath } from 'node:url';
import { machineLine, printReport, rng, runLoad } from './server-load';

/**
 * Two runs: the pupils arriving over 50 s with the kill between 10 and 40 s, and the burst (100 in flight,
 * the most requests caught in the air) with the kill between 2 and 6 s. Returns true when every check holds.
 */
export async function serverFaultSection(pupils = 1000, seed = 13): Promise<boolean> {
  console.log(`\n## Options server killed with SIGKILL under load and restarted (${pupils} pupils, seed ${seed})\n`);
  console.log(`Machine: ${machineLine()}.`);
  const random = rng(seed ^ 0xdead);
  const spreadKill = Math.round(10_000 + 30_000 * random());
  const burstKill = Math.round(2_000 + 4_000 * random());
  const common = { pupils, changeMindShare: 0.3, seed, requestsPerMinute: 50 * pupils };
  const spread = await runLoad({ ...common, spreadMs: 50_000, concurrency: pupils, thinkMs: [500, 4000], staffPollMs: 5000, killAtMs: spreadKill });
  printReport(`Spread (arrivals over 50 s), SIGKILL at ${(spreadKill / 1000).toFixed(1)} s`, spread);
  const burst = await runLoad({ ...common, spreadMs: 0, concurrency: 100, thinkMs: [0, 0], staffPollMs: 2000, killAtMs: burstKill });
  printReport(`Burst (100 in flight), SIGKILL at ${(burstKill / 1000).toFixed(1)} s`, burst);
  const failures: string[] = [];
  for (const [name, r] of [['spread', spread], ['burst', burst]] as const) {
    failures.push(...r.problems.map((p) => `${name}: ${p}`));
    if (!r.kill) failures.push(`${name}: the server was not killed`);
    else if (r.kill.atMs >= r.wallMs) failures.push(`${name}: the load ended (${(r.wallMs / 1000).toFixed(1)} s) before the kill (${(r.kill.atMs / 1000).toFixed(1)} s), so no pupil had to retry`);
    else if (r.kill.acknowledgedBefore === 0) failures.push(`${name}: nothing was acknowledged before the kill, so it tested nothing`);
  }
  console.log(`\n- SIGKILL checks: ${failures.length === 0 ? 'all hold' : `FAILED: ${failures.join('; ')}`}.`);
  return failures.length === 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const argv = process.argv.slice(2);
  const option = (flag: string, fallback: number) => (argv.includes(flag) ? Number(argv[argv.indexOf(flag) + 1]) : fallback);
  const ok = await serverFaultSection(option('--pupils', 1000), option('--seed', 13));
  process.exit(ok ? 0 : 1);
}
