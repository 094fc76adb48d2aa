/**
 * `ks4 solve` (docs/format.md's command line, also `npm run --silent solve -- ...`):
 *   ks4 solve SCENARIO.json --out RESULT.json [--time SECONDS] [--seed N] [--from PREVIOUS.json] [--workers N] [--quiet]
 *             [--stop-when-perfect] [--verbose]
 *             [--reference PUBLISHED.json [--reference-scenario PUBLISHED-SCENARIO.json] [--order stability|satisfaction]
 *              [--max-pupils-moved N] [--max-groups-moved N]]
 * --from starts the search from a previous result for the scenario; the new result is never worse than it.
 * --reference re-solves against a published blocking with the fewest moves (docs/reference.md, "Re-solving with
 * the fewest moves"): it starts from the published groups and pupils and prints the pupils and groups moved.
 * It runs one search in this thread (the portfolio's threads compare results by the usual objective only).
 * --workers N runs N searches in parallel worker threads that share the best blocking (cli/portfolio-node.ts;
 * default one per core; 1 runs the solve in this thread): the same seed, time and N give the same result.
 * --stop-when-perfect ends the search at the first blocking that fully satisfies every student (benchmarks,
 * and a quick "can everyone be placed?"); --verbose says on stderr, in seconds from the process start, when the
 * search started and when it first had a perfect blocking (test/bench/cli-start.ts reads these lines).
 * Exit codes: 0 a result was written (unmet students are not an error), 1 the scenario is invalid
 * (nothing written), 2 an internal failure.
 */
import { clip, clipMessage } from '../data/document-text';
import { readResultFile, readScenarioFile, refusal } from '../data/load';
import { ModelError, type Result, type Scenario, type SolveProgress } from '../solver';
import type { ReferenceOptions } from '../solver/api';
import { defaultWorkers, solveOnCores } from './portfolio-node';
import { outputProblem, WRITE_FAILED, writeOutput } from './write-out';

const USAGE =
  'Usage: ks4 solve SCENARIO.json --out RESULT.json [--time SECONDS] [--seed N] [--from PREVIOUS_RESULT.json] [--workers N] [--quiet] [--stop-when-perfect] [--verbose]' +
  ' [--reference PUBLISHED.json [--reference-scenario PUBLISHED-SCENARIO.json] [--order stability|satisfaction] [--max-pupils-moved N] [--max-groups-moved N]]';
const REFERENCE_HELP = `--reference PUBLISHED.json: re-solve against a published result with the fewest moves: its groups start in
  their blocks with their pupils; prints the pupils and groups moved (docs/reference.md).
--order stability (default): fewest pupils moved first, then fewest groups moved, then the usual aims;
  satisfaction: the usual aims first (fully satisfied, choices, reserves), then fewest moved.
--max-pupils-moved N, --max-groups-moved N: caps the re-solve keeps to where its start allows.
--reference-scenario FILE: the scenario as published, for which courses each pupil kept.
`;

/** Seconds since this process started (Node's performance clock starts with the process), for --verbose. */
const sinceProcessStart = () => performance.now() / 1000;
/**
 * CPU seconds this process has used so far, all its threads together, for --verbose: unlike the wall clock it
 * does not grow when other programs hold the cores, so start-up can be compared between runs on a busy machine.
 */
const cpuSoFar = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

interface Args {
  scenario: string;
  out: string;
  time?: number;
  seed?: number;
  from?: string;
  workers?: number;
  reference?: string;
  referenceScenario?: string;
  order?: 'stability' | 'satisfaction';
  maxPupilsMoved?: number;
  maxGroupsMoved?: number;
  quiet: boolean;
  stopWhenPerfect: boolean;
  verbose: boolean;
}

function parseArgs(argv: string[]): Args | string {
  let scenario: string | undefined;
  let out: string | undefined;
  let time: number | undefined;
  let seed: number | undefined;
  let from: string | undefined;
  let workers: number | undefined;
  let reference: string | undefined;
  let referenceScenario: string | undefined;
  let order: 'stability' | 'satisfaction' | undefined;
  let maxPupilsMoved: number | undefined;
  let maxGroupsMoved: number | undefined;
  let quiet = false;
  let stopWhenPerfect = false;
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value.`);
      return v;
    };
    try {
      if (a === '--out') out = value();
      else if (a === '--time') {
        const v = value();
        time = Number(v);
        if (!Number.isFinite(time) || time <= 0) return `--time ${v}: the time must be a positive number of seconds. Maybe --time 10?`;
      } else if (a === '--seed') {
        const v = value();
        seed = Number(v);
        if (!Number.isInteger(seed) || seed < 0) return `--seed ${v}: the seed must be a whole number from 0. Maybe --seed 1?`;
      } else if (a === '--workers') {
        const v = value();
        workers = Number(v);
        if (!Number.isInteger(workers) || workers < 1) return `--workers ${v}: the number of parallel searches must be a whole number from 1. Maybe --workers 2?`;
      } else if (a === '--from') from = value();
      else if (a === '--reference') reference = value();
      else if (a === '--reference-scenario') referenceScenario = value();
      else if (a === '--order') {
        const v = value();
        if (v !== 'stability' && v !== 'satisfaction') return `--order ${v}: the order is stability or satisfaction. Maybe --order stability?`;
        order = v;
      } else if (a === '--max-pupils-moved' || a === '--max-groups-moved') {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0) return `${a} ${v}: the cap must be a whole number from 0. Maybe ${a} 10?`;
        if (a === '--max-pupils-moved') maxPupilsMoved = n;
        else maxGroupsMoved = n;
      }
      else if (a === '--quiet') quiet = true;
      else if (a === '--stop-when-perfect') stopWhenPerfect = true;
      else if (a === '--verbose') verbose = true;
      else if (a.startsWith('--')) return `Unknown option ${a}. ${USAGE}`;
      else if (scenario === undefined) scenario = a;
      else return `Unexpected argument ${a}. ${USAGE}`;
    } catch (e) {
      return `${(e as Error).message} ${USAGE}`;
    }
  }
  if (!scenario) return `No scenario file given. ${USAGE}`;
  if (!out) return `No --out file given: where should the result go? ${USAGE}`;
  if (reference === undefined && (referenceScenario !== undefined || order !== undefined || maxPupilsMoved !== undefined || maxGroupsMoved !== undefined)) {
    return `--reference-scenario, --order, --max-pupils-moved and --max-groups-moved need --reference PUBLISHED.json. ${USAGE}`;
  }
  if (reference !== undefined && from !== undefined) return `--from and --reference both say where to start: give one. ${USAGE}`;
  return { scenario, out, time, seed, from, workers, reference, referenceScenario, order, maxPupilsMoved, maxGroupsMoved, quiet, stopWhenPerfect, verbose };
}

/** `argv`: what follows `solve` on the command line. */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\nBuilds (or fits) the blocking of SCENARIO.json and writes the result (docs/format.md).\n${REFERENCE_HELP}`);
    return 0;
  }
  const args = parseArgs(argv.filter((a) => a !== '--'));
  if (typeof args === 'string') {
    process.stderr.write(args + '\n');
    return 1;
  }
  const loaded = readScenarioFile(args.scenario);
  if (!loaded.ok) {
    process.stderr.write(`${refusal('scenario', args.scenario, loaded.errors)}\n`);
    return 1;
  }
  let initial: Result | undefined;
  if (args.from !== undefined) {
    const previous = readResultFile(args.from);
    if (!previous.ok) {
      process.stderr.write(`${refusal('result to start from', args.from, previous.errors)}\n`);
      return 1;
    }
    initial = previous.value;
  }
  let reference: ReferenceOptions | undefined;
  if (args.reference !== undefined) {
    const made = loadReference(args, loaded.value);
    if (typeof made === 'string') {
      process.stderr.write(`${clipMessage(made)}\n`);
      return 1;
    }
    reference = made;
  }
  // Before the solve, not after it: a result that cannot be written is not worth the wait.
  const unwritable = outputProblem(args.out, 'the result');
  if (unwritable) {
    process.stderr.write(`${unwritable}\n`);
    return WRITE_FAILED;
  }
  let lastLine = 0;
  let searchStarted = false;
  // The live figures on a terminal, and with --verbose the moment the search starts (its first 'search' report).
  const showProgress = (p: SolveProgress) => {
    if (args.verbose && !searchStarted && p.phase === 'search') {
      searchStarted = true;
      process.stderr.write(`ks4 solve: search started ${sinceProcessStart().toFixed(3)} s after the process started (${cpuSoFar().toFixed(3)} s of CPU)\n`);
    }
    if (args.quiet) return;
    const now = Date.now();
    if (now - lastLine < 1000 || !process.stderr.isTTY) return;
    lastLine = now;
    process.stderr.write(`\r${p.seconds.toFixed(1)} s: ${p.fullySatisfied}/${p.students} fully satisfied, ${p.groups} groups   `);
  };
  try {
    const solveStarted = sinceProcessStart();
    const result = await solveOnCores(loaded.value, {
      timeSeconds: args.time,
      seed: args.seed,
      initial,
      reference,
      stopWhenPerfect: args.stopWhenPerfect,
      onProgress: args.quiet && !args.verbose ? undefined : showProgress,
    }, reference ? 1 : (args.workers ?? defaultWorkers()));
    if (args.verbose) {
      // An optional figure of the summary (solver/solve.ts): seconds from the solve's start.
      const first = result.summary.firstPerfectSeconds;
      process.stderr.write(
        `ks4 solve: ${typeof first === 'number' ? `first perfect blocking ${(solveStarted + first).toFixed(3)} s after the process started; ` : 'no blocking satisfied every student; '}` +
          `solve ended ${sinceProcessStart().toFixed(3)} s after the process started (${cpuSoFar().toFixed(3)} s of CPU)\n`,
      );
    }
    const failed = writeOutput(args.out, JSON.stringify(result, null, 2) + '\n', 'the result');
    if (failed) {
      process.stderr.write(`${failed}\n`);
      return WRITE_FAILED;
    }
    if (!args.quiet && process.stderr.isTTY) process.stderr.write('\r' + ' '.repeat(70) + '\r');
    const s = result.summary;
    const pct = (a: number, b: number) => (b === 0 ? '100.0' : ((100 * a) / b).toFixed(1));
    process.stdout.write(
      `${clip(loaded.value.name)}: ${s.fullySatisfied}/${s.students} students fully satisfied (${pct(s.fullySatisfied, s.students)}%), ` +
        `${s.choicesMet}/${s.choices} choices met, ${s.reservesUsed} reserves used, ${s.groups} groups` +
        `${s.upperBound === undefined ? '' : s.upperBound <= s.fullySatisfied ? `, optimal (proven bound ${s.upperBound})` : `, proven bound ${s.upperBound}`}, ${s.seconds} s${s.stoppedBy ? ` (stopped by ${s.stoppedBy})` : ''}, seed ${s.seed} -> ${args.out}\n`,
    );
    if (reference) {
      const inBoth = result.students.filter((st) => reference.result.students.some((p) => p.id === st.id)).length;
      process.stdout.write(
        `Against ${clip(args.reference!)} (${reference.order ?? 'stability'} first): ${s.pupilsMoved} of ${inBoth} pupils moved (a course they kept placed in another group or block), ` +
          `${s.groupsMoved} of ${reference.result.groups.length} published groups moved or cancelled\n`,
      );
    }
    for (const d of result.diagnostics ?? []) process.stdout.write(`  note: ${clipMessage(d)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ModelError) {
      process.stderr.write(`${clipMessage(`${args.scenario}: ${e.message}`)}\n`);
      return 1;
    }
    process.stderr.write(`Internal failure while solving ${args.scenario}: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

/**
 * The published result (and the scenario as published) for --reference, or what is wrong, naming the file: not
 * a valid result document, or a result of another scenario (none of its pupils, or none of its courses, here).
 */
function loadReference(args: Args, scenario: Scenario): ReferenceOptions | string {
  const file = args.reference!;
  const published = readResultFile(file);
  if (!published.ok) return refusal('published result (--reference)', file, published.errors);
  const result = published.value;
  const pupils = new Set(scenario.students.map((s) => s.id));
  const courses = new Set(scenario.courses.map((c) => c.id));
  const shared = result.students.filter((s) => pupils.has(s.id)).length;
  if (result.students.length > 0 && shared === 0) {
    return `${file}: none of its ${result.students.length} pupils is in ${args.scenario}: it looks like a result of another scenario ("${result.scenario}", not "${scenario.name}").`;
  }
  if (result.groups.length > 0 && !result.groups.some((g) => courses.has(g.course))) {
    return `${file}: none of its ${result.groups.length} groups is of a course ${args.scenario} offers: it looks like a result of another scenario ("${result.scenario}", not "${scenario.name}").`;
  }
  let publishedScenario: Scenario | undefined;
  if (args.referenceScenario !== undefined) {
    const loaded = readScenarioFile(args.referenceScenario);
    if (!loaded.ok) return refusal('published scenario (--reference-scenario)', args.referenceScenario, loaded.errors);
    publishedScenario = loaded.value;
  }
  return { result, scenario: publishedScenario, order: args.order, maxPupilsMoved: args.maxPupilsMoved, maxGroupsMoved: args.maxGroupsMoved };
}
