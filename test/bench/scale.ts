/**
 * Scale and memory (issue 11 item 6): generated cohorts of 1,000, 5,000 and 20,000 students solved at 5, 5
 * and 3 seconds (and a harder 5,000 at 5 and 20 seconds), each in its own process. Reports the wall time from
 * the call to solve() to its result (as the parent sees it: process start-up, generating the cohort and
 * checking the result left out), the solve's own time, the peak resident set (VmHWM of the child, read until
 * the solve returned), how fast the resident set grows while the search runs (MB per second, a least-squares
 * slope over the search phase's progress reports, its first fifth left out; none for a search under 1 s),
 * fully satisfied students, what stopped the solve and whether the independent checker accepts the result.
 * Targets: memory flat during the search, under 1 GB at 5,000 students, the time limit kept to about 10%.
 *
 *   npx tsx test/bench/scale.ts            the table
 *   npx tsx test/bench/scale.ts --child STUDENTS SEED TIME [hard]    one instance, one JSON line (used by the table)
 *
 * The generator stops at 5,000 students (data/generate.ts MAX_STUDENTS); a larger cohort joins several
 * generated cohorts of consecutive seeds on the first one's offer, with its staff and rooms repeated.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkResult } from '../../data/checker';
import { generateScenario, MAX_STUDENTS } from '../../data/generate';
import { solve } from '../../solver/solve';
import type { Scenario } from '../../solver/types';

export interface ScaleRow {
  students: number;
  hard: boolean;
  seed: number;
  time: number;
  /** Wall seconds of the child process, from spawn to exit. */
  wall: number;
  /** The solve's own seconds (compile to result, reasons included). */
  solveSeconds: number;
  peakMB: number;
  /** MB per second over the search phase (its first fifth left out: start-up), null when it ran under a second. */
  growthMBps: number | null;
  /** Resident set when the search started and when it ended (MB). */
  searchStartMB: number;
  searchEndMB: number;
  fullySatisfied: number;
  stoppedBy: string;
  valid: boolean;
}

/** A cohort of `students` (any size): the generator's own up to 5,000, else several joined (see above). */
export function scaledCohort(students: number, seed: number, hard = false): Scenario {
  // hard: the accelerated pair, a partner-college course with fixed places and a double option.
  if (students <= MAX_STUDENTS) return generateScenario({ students, seed, ...(hard ? { accelerated: true, partner: true, doubleOption: true } : {}) });
  const parts = Math.ceil(students / MAX_STUDENTS);
  const base = generateScenario({ students: MAX_STUDENTS, seed });
  const courseIds = new Set(base.courses.map((c) => c.id));
  const pathwayIds = new Set((base.pathways ?? []).map((p) => p.id));
  const scenario: Scenario = {
    ...base,
    name: `Generated KS4 options: ${students} students (${parts} cohorts joined), seed ${seed}`,
    staff: [],
    rooms: [],
    students: [],
  };
  delete (scenario as { generator?: unknown }).generator;
  if (base.limits?.maxGroups !== undefined) scenario.limits = { ...base.limits, maxGroups: base.limits.maxGroups * parts };
  for (let k = 0; k < parts; k++) {
    const tag = `-${k + 1}`;
    for (const t of base.staff ?? []) scenario.staff!.push({ ...t, id: t.id + tag });
    for (const r of base.rooms ?? []) scenario.rooms!.push({ ...r, id: r.id + tag });
    const count = Math.min(MAX_STUDENTS, students - k * MAX_STUDENTS);
    const part = k === 0 ? base : generateScenario({ students: MAX_STUDENTS, seed: seed + k });
    for (const s of part.students.slice(0, count)) {
      const st = { ...s, id: s.id + tag, choices: s.choices.filter((c) => courseIds.has(c)) };
      if (st.reserves) st.reserves = st.reserves.filter((c) => courseIds.has(c));
      if (st.pathway !== undefined && !pathwayIds.has(st.pathway)) delete st.pathway;
      scenario.students.push(st);
    }
  }
  return scenario;
}

function slope(points: { t: number; mb: number }[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mt = points.reduce((a, p) => a + p.t, 0) / n;
  const mm = points.reduce((a, p) => a + p.mb, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - mt) * (p.mb - mm);
    den += (p.t - mt) * (p.t - mt);
  }
  return den > 0 ? num / den : 0;
}

function growth(search: { t: number; mb: number }[]): number | null {
  if (search.length < 2) return null;
  const t0 = search[0].t;
  const span = search[search.length - 1].t - t0;
  if (span < 1) return null;
  return slope(search.filter((p) => p.t >= t0 + span / 5));
}

/** The child: solve one cohort, sampling the resident set at each progress report. */
async function child(students: number, seed: number, time: number, hard: boolean): Promise<void> {
  const scenario = scaledCohort(students, seed, hard);
  const samples: { t: number; mb: number; phase: string }[] = [];
  const mb = () => process.memoryUsage.rss() / (1 << 20);
  // The parent measures wall time from here: generating the cohort is not the solver's.
  process.stdout.write('START\n');
  const started = Date.now();
  const result = await solve(scenario, {
    timeSeconds: time,
    seed: 1,
    onProgress: (p) => samples.push({ t: (Date.now() - started) / 1000, mb: mb(), phase: p.phase }),
  });
  const solveSeconds = (Date.now() - started) / 1000;
  const search = samples.filter((s) => s.phase === 'search');
  // Peak before the checker runs (its own allocations are not the solver's).
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write('SOLVED\n');
  const valid = checkResult(scenario, result).ok;
  const row = {
    solveSeconds,
    growthMBps: growth(search),
    searchStartMB: search.length ? search[0].mb : 0,
    searchEndMB: search.length ? search[search.length - 1].mb : 0,
    fullySatisfied: result.summary.fullySatisfied,
    stoppedBy: result.summary.stoppedBy ?? '',
    valid,
    maxRssMB,
  };
  process.stdout.write(JSON.stringify(row) + '\n');
}

const self = fileURLToPath(import.meta.url);

/** Runs one instance in a child process; wall time is from the child's START line to its SOLVED line. */
export function runScale(students: number, seed: number, time: number, hard = false): Promise<ScaleRow | null> {
  return new Promise((resolve) => {
    // node itself (tsx as its loader), so the child's pid is the process whose peak is read.
    const proc = spawn(process.execPath, ['--import', 'tsx', self, '--child', String(students), String(seed), String(time), hard ? 'hard' : ''], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let startMs = 0;
    let endMs = 0;
    let peakKB = 0;
    const readPeak = () => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
        if (m) peakKB = Math.max(peakKB, Number(m[1]));
      } catch {
        // the child has exited, or no /proc here
      }
    };
    const timer = setInterval(readPeak, 50);
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!startMs && out.includes('START\n')) startMs = Date.now();
      // Solved: read the peak before the checker's own allocations could count.
      if (startMs && !endMs && out.includes('SOLVED\n')) {
        endMs = Date.now();
        readPeak();
      }
    });
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('close', (code) => {
      clearInterval(timer);
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        console.error(`scale ${students} failed (exit ${code}):\n${err}`);
        resolve(null);
        return;
      }
      const r = JSON.parse(line);
      resolve({
        students,
        hard,
        seed,
        time,
        wall: ((endMs || Date.now()) - startMs) / 1000,
        solveSeconds: r.solveSeconds,
        // VmHWM sampled every 50 ms and at the end of the solve; the child's own figure when /proc is missing.
        peakMB: Math.round(Math.max(peakKB / 1024, r.maxRssMB)),
        growthMBps: r.growthMBps,
        searchStartMB: r.searchStartMB,
        searchEndMB: r.searchEndMB,
        fullySatisfied: r.fullySatisfied,
        stoppedBy: r.stoppedBy,
        valid: r.valid,
      });
    });
  });
}

export const SCALE_INSTANCES: readonly [students: number, time: number, hard?: boolean][] = [
  [1000, 5],
  [5000, 5],
  [5000, 5, true],
  // A search long enough to show the resident set staying flat while it runs.
  [5000, 20, true],
  [20000, 3],
];

/** Runs the scale instances one after another and prints their table (markdown). Returns the rows. */
export async function scaleTable(instances = SCALE_INSTANCES, seed = 1): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  for (const [n, t, hard] of instances) {
    const r = await runScale(n, seed, t, hard === true);
    if (r) rows.push(r);
  }
  console.log('\n## Scale and memory: generated cohorts (seed 1; one process each; targets: peak < 1 GB at 5,000, flat during the search, time limit + 10%)\n');
  const head = ['students', 'limit s', 'wall s', 'solve s', 'peak MB', 'RSS growth MB/s (search)', 'RSS at search start/end MB', 'fully satisfied', 'stopped by', 'valid'];
  const lines = rows.map((r) => [
    r.hard ? `${r.students} (accelerated, partner, double)` : String(r.students),
    String(r.time),
    r.wall.toFixed(2),
    r.solveSeconds.toFixed(2),
    String(r.peakMB),
    r.growthMBps === null ? '- (search < 1 s)' : r.growthMBps.toFixed(1),
    `${Math.round(r.searchStartMB)}/${Math.round(r.searchEndMB)}`,
    `${r.fullySatisfied} (${((100 * r.fullySatisfied) / r.students).toFixed(1)}%)`,
    r.stoppedBy,
    r.valid ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(fmt(head));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const l of lines) console.log(fmt(l));
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    child(Number(argv[1]), Number(argv[2]), Number(argv[3]), argv[4] === 'hard').catch((e) => {
      process.stderr.write(String(e?.stack ?? e) + '\n');
      process.exit(2);
    });
  } else {
    scaleTable().catch((e) => {
      process.stderr.write(String(e?.stack ?? e) + '\n');
      process.exit(2);
    });
  }
}
