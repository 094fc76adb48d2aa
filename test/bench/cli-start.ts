/**
 * How soon the command line gets going (issue 12, point 2), measured as a user runs it: the compiled command
 * line (scripts/build-cli.mjs, what the launcher cli/ks4.mjs runs after `npm install`), one process a run,
 * `solve SCENARIO --stop-when-perfect --verbose` on the SVWS (Kurs42) data. Per instance it prints, over the runs
 * (seeds 1 to 5), the median time from process start to search start (and the CPU seconds the process had used by
 * then, all threads: a figure a busy machine does not inflate), the median and the slowest time from
 * process start to the first perfect blocking (both from `--verbose`'s lines, read off Node's performance
 * clock, which starts with the process), the median whole process (spawn to exit, as the parent sees it), the
 * peer's whole-process time, and the ratio of our median first perfect to it (target at most 0.2).
 *
 * The peer is the NRW ministry's SVWS Kursblockung, rebuilt and timed in issue 12 (whole process, 2 shared
 * cores): blockung001 over 39 s (it found no perfect blocking within its 30 s), GymAbi 8.1 s. blockung002
 * (10.5 s) is not in data/benchmarks/svws, so it has no row.
 *
 * The compiled files are built afresh from the current sources into a folder of the bench's own (as
 * test/cli-start.test.ts does), so a source being edited elsewhere cannot send a run through tsx; the launcher
 * adds only its check of ~80 modification times (about a millisecond) in front of them.
 *
 *   npx tsx test/bench/cli-start.ts [--runs 5] [--time 10] [--workers N]
 * or, from test/bench/bench.ts, cliStartTable().
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkResult } from '../../data/checker';
import type { Result } from '../../solver/types';
// @ts-expect-error plain JavaScript build script without type declarations
import { buildCli } from '../../scripts/build-cli.mjs';
import { loadInstance } from './run-one';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The peer's whole-process seconds per SVWS folder (issue 12); `atLeast` when it was stopped without an answer. */
export const PEER_SECONDS: Record<string, { seconds: number; atLeast: boolean }> = {
  blockung001: { seconds: 39, atLeast: true },
  'gymabi-ef2018': { seconds: 8.1, atLeast: false },
};

/** One run of the compiled command line. Seconds are from the process start; null where it did not happen. */
export interface CliRun {
  instance: string;
  seed: number;
  searchStart: number | null;
  /** CPU seconds used by the search start (all threads). */
  searchStartCpu: number | null;
  firstPerfect: number | null;
  /** Spawn to exit, as the parent sees it. */
  wholeProcess: number;
  fullySatisfied: number;
  students: number;
  valid: boolean;
}

export interface CliStartRow {
  instance: string;
  runs: number;
  /** Medians over the runs, seconds; the first perfect's slowest too (null when a run found none). */
  searchStartMedian: number | null;
  searchStartCpuMedian: number | null;
  firstPerfectMedian: number | null;
  firstPerfectSlowest: number | null;
  wholeProcessMedian: number;
  peerSeconds: number;
  peerAtLeast: boolean;
  /** firstPerfectMedian over the peer's time; target at most 0.2. */
  ratio: number | null;
  /** Runs without a perfect blocking, or whose result the checker refused. */
  problems: string[];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The command line compiled afresh from the current sources into a folder of the bench's own, inside
 * node_modules so the compiled files find the project's packages exactly as dist-cli/ does: `entry` is its
 * ks4.mjs; `remove` deletes the folder.
 */
export async function compiledCli(): Promise<{ entry: string; remove: () => void }> {
  const cache = join(root, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const buildDir = mkdtempSync(join(cache, 'ks4-cli-bench-'));
  const { outDir } = await buildCli({ outDir: join(buildDir, 'dist-cli'), quiet: true });
  return { entry: join(outDir, 'ks4.mjs'), remove: () => rmSync(buildDir, { recursive: true, force: true }) };
}

/** Seconds after the process start in one of `ks4 solve --verbose`'s lines (cli/solve.ts), or null. */
function secondsIn(stderr: string, what: RegExp): number | null {
  const m = what.exec(stderr);
  return m ? Number(m[1]) : null;
}

/**
 * Runs every SVWS instance `runs` times (seeds 1..runs) through the compiled command line and prints the table.
 * `workers` is passed as --workers when given (default: the command line's own, one search per core).
 */
export async function cliStartTable(options: { runs?: number; time?: number; workers?: number; print?: boolean } = {}): Promise<CliStartRow[]> {
  const quick = process.argv.includes('--quick');
  const runs = options.runs ?? (quick ? 3 : 5);
  const time = options.time ?? 10;
  const print = options.print ?? true;
  const cli = await compiledCli();
  const work = mkdtempSync(join(tmpdir(), 'ks4-cli-start-'));
  const rows: CliStartRow[] = [];
  try {
    const entry = cli.entry;
    for (const instance of Object.keys(PEER_SECONDS)) {
      // The command line reads a scenario document: the bench's own converter writes one (run-one.ts 'svws:').
      const { scenario } = await loadInstance(`svws:${instance}`);
      const scenarioFile = join(work, `${instance}.json`);
      writeFileSync(scenarioFile, JSON.stringify(scenario));
      const done: CliRun[] = [];
      for (let seed = 1; seed <= runs; seed++) {
        const out = join(work, `${instance}-${seed}.json`);
        const args = [entry, 'solve', scenarioFile, '--out', out, '--time', String(time), '--seed', String(seed), '--stop-when-perfect', '--verbose', '--quiet'];
        if (options.workers !== undefined) args.push('--workers', String(options.workers));
        const spawned = performance.now();
        const run = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: work });
        const wholeProcess = (performance.now() - spawned) / 1000;
        if (run.status !== 0) throw new Error(`ks4 solve ${instance} seed ${seed} failed (exit ${run.status}): ${run.stderr.trim().slice(0, 600)}`);
        const result: Result = JSON.parse(readFileSync(out, 'utf8'));
        done.push({
          instance,
          seed,
          searchStart: secondsIn(run.stderr, /search started ([\d.]+) s after the process started/),
          searchStartCpu: secondsIn(run.stderr, /search started [\d.]+ s after the process started \(([\d.]+) s of CPU\)/),
          firstPerfect: secondsIn(run.stderr, /first perfect blocking ([\d.]+) s after the process started/),
          wholeProcess,
          fullySatisfied: result.summary.fullySatisfied,
          students: result.summary.students,
          valid: checkResult(scenario, result).ok,
        });
      }
      const starts = done.map((r) => r.searchStart).filter((s): s is number => s !== null);
      const startsCpu = done.map((r) => r.searchStartCpu).filter((s): s is number => s !== null);
      const perfects = done.map((r) => r.firstPerfect);
      const allPerfect = perfects.every((s) => s !== null);
      const peer = PEER_SECONDS[instance];
      const firstPerfectMedian = allPerfect ? median(perfects as number[]) : null;
      rows.push({
        instance,
        runs,
        searchStartMedian: starts.length ? median(starts) : null,
        searchStartCpuMedian: startsCpu.length ? median(startsCpu) : null,
        firstPerfectMedian,
        firstPerfectSlowest: allPerfect ? Math.max(...(perfects as number[])) : null,
        wholeProcessMedian: median(done.map((r) => r.wholeProcess)),
        peerSeconds: peer.seconds,
        peerAtLeast: peer.atLeast,
        ratio: firstPerfectMedian === null ? null : firstPerfectMedian / peer.seconds,
        problems: done.flatMap((r) => [
          ...(r.firstPerfect === null ? [`seed ${r.seed}: no perfect blocking (${r.fullySatisfied}/${r.students})`] : []),
          ...(r.valid ? [] : [`seed ${r.seed}: the checker refused the result`]),
        ]),
      });
    }
  } finally {
    cli.remove();
    rmSync(work, { recursive: true, force: true });
  }
  if (print) printTable(rows, time, options.workers);
  return rows;
}

function printTable(rows: CliStartRow[], time: number, workers: number | undefined): void {
  const s = (v: number | null, digits = 2) => (v === null ? 'none' : v.toFixed(digits));
  console.log(
    `\n## Process start to first perfect (SVWS), compiled command line\n\n` +
      `ks4 solve --time ${time} --stop-when-perfect${workers !== undefined ? ` --workers ${workers}` : ''}, one process a run, seeds 1 to ${rows[0]?.runs ?? 0}; seconds from the process start.\n`,
  );
  console.log('| instance | search start (median) | CPU by then (median) | first perfect (median) | first perfect (slowest) | whole process (median) | peer (whole process) | ratio (target 0.2) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const ratio = r.ratio === null ? 'none' : `${r.peerAtLeast ? '< ' : ''}${r.ratio.toFixed(3)}${r.ratio <= 0.2 ? '' : ' (over)'}`;
    console.log(
      `| ${r.instance} | ${s(r.searchStartMedian, 3)} | ${s(r.searchStartCpuMedian, 3)} | ${s(r.firstPerfectMedian)} | ${s(r.firstPerfectSlowest)} | ${s(r.wholeProcessMedian)} | ${r.peerAtLeast ? '> ' : ''}${r.peerSeconds} | ${ratio} |`,
    );
  }
  for (const r of rows) for (const p of r.problems) console.log(`- ${r.instance} ${p}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const argv = process.argv.slice(2);
  const option = (name: string) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : undefined);
  cliStartTable({ runs: option('--runs'), time: option('--time'), workers: option('--workers') }).catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(2);
  });
}
