/**
 * A portfolio of searches run in parallel workers that share the best blocking (issue 12: use every core).
 * Pure TypeScript with no Node or DOM imports: the command line drives it with worker threads
 * (cli/portfolio-node.ts), the planner with Web Workers (web/state/solver-client.ts). Each worker runs the
 * ordinary solve() of solve.ts, so the portfolio builds on its public options only.
 *
 * Worker 0 runs one uninterrupted search (exact: false) over the rounds' whole time from the caller's seed: the
 * one-worker solve's own search trajectory, so the portfolio never loses what one worker would find (measured
 * before: rounds that restarted every worker from the shared best every 2 s did no better than one worker on 2
 * loaded cores, and reached the first perfect blocking later). The other workers diversify in rounds; on a
 * scenario with one-group courses the rounds run as one, worker 1's being the one-group round (see below).
 *
 * Determinism: workers never exchange blockings at wall-clock moments. The rounds' time is cut into rounds of
 * equal work budget; in round r every worker i from 1 runs solve(scenario, { seed: workerSeed(seed, i, r),
 * timeSeconds: the round's share, initial: the best of round r - 1, exact: false }), and when every worker
 * has answered the coordinator keeps the best by the objective of docs/format.md (ties to the lowest worker
 * index) as the next round's start. When worker 0 and the rounds are done, the better of worker 0's blocking
 * and the rounds' best (a tie to worker 0) goes to a last step, run once in worker 0 with the exact pieces
 * (exact seating, proven bound). Worker 0 ending at an optimal (or asked-for perfect) blocking ends the
 * rounds, and its blocking is the result whatever they found; a round ending so stops worker 0, whose
 * blocking is then used only if it had ended so by itself. Each search is reproducible when its work budget,
 * not the clock, stopped it, so the same seed, time and number of workers give the same result, with one
 * exception: when worker 0 and a round reach an optimal blocking within the moment a cancel takes to arrive,
 * which of the two (both optimal on every tier but evenness at most) is returned may differ between runs.
 * Waiting for worker 0 instead made 2 workers slower to finish than one (ko:120 and gymabi-ef2018: median
 * 1.95 s against 1.49 s). A search the clock cut short makes `stoppedBy` 'time', as in solve() itself.
 */
import type { SolveOptions, SolveProgress, SolveStop } from './api';
import { boundApplies } from './exact/bridge';
import { hasOneGroupCourses } from './exact/lns-one-group-courses';
import { compile } from './model';
import type { Result, Scenario } from './types';

/** What one worker is asked to run: solve()'s options that can cross a worker boundary (plain data). */
export interface RunnerSolveOptions {
  timeSeconds: number;
  seed: number;
  exact: boolean;
  initial?: Result;
  stopWhenPerfect?: boolean;
  workPerSecond?: number;
  /** The last step's share of its time for the search (SolveOptions.searchShare). */
  searchShare?: number;
  /** The one-group round (SolveOptions.oneGroupRound). */
  oneGroupRound?: boolean;
}

/**
 * One worker as the coordinator sees it: runs solve() with these options, reporting progress, and stops its
 * running solve on cancel() (the solve then resolves with its best so far, stoppedBy 'cancelled').
 */
export interface PortfolioRunner {
  solve(scenario: Scenario, options: RunnerSolveOptions, onProgress?: (progress: SolveProgress) => void): Promise<Result>;
  cancel(): void;
}

/** How the time limit is spent: `rounds` parallel rounds of `roundSeconds` each, then the exact step. */
export interface PortfolioPlan {
  rounds: number;
  roundSeconds: number;
  finalSeconds: number;
  /** The last step's searchShare (SolveOptions), or undefined for solve()'s own (fit mode). */
  finalSearchShare?: number;
}

/** Seconds of search per round aimed at: long enough for a search to cool from its restart, short enough to share often. */
const TARGET_ROUND_SECONDS = 2;
const MAX_ROUNDS = 8;
/**
 * Share of the time limit kept back for what the rounds cost beyond their search (each round compiles the
 * scenario and warm-starts from the shared best; messages to and from the workers).
 */
const OVERHEAD_SHARE = 0.05;
/**
 * Share of the usable time given to the last step (exact: true, one worker). Building: it searches 3/4 of it
 * more from the best and proves the rest; fitting given groups, where the exact seating is the main step
 * (solve.ts gives it the larger share there too), it gets most of the time.
 */
const FINAL_SHARE_BUILD = 0.3;
const FINAL_SHARE_FIT = 0.7;
/**
 * Seconds of the exact steps in a one-worker solve of the whole limit, as a share of it (solve.ts: the search
 * gets 0.75 when building). The last step's search only continues the rounds', so it is given what is left of
 * its time after that (searchShare), and the bound and the whole-cohort model are not starved: with the
 * default share of a solve they got 0.7 of a 2.85 s step at 10 s, and ko:300:3 with 2 workers got no bound.
 */
const EXACT_SHARE_BUILD = 0.25;
/** The last step's search keeps at least this share of its time (a few cycles from the best, then repair). */
const MIN_FINAL_SEARCH_SHARE = 0.05;
/**
 * The one-group round: on a scenario with one-group courses (exact/lns-one-group-courses.ts) the rounds run as
 * one, and in it worker 1 runs a short search, then the step over the one-group courses (exact/lns-one-group.ts;
 * SolveOptions.oneGroupRound), whose HiGHS models run in worker 1, off worker 0's search, then searches on in
 * what the step left; the other workers search the round as usual. The step needs a few seconds of CPU, which
 * the 2-second rounds never gave it: sample-120 at 10 s ends at 110 on seeds 1 and 3 without it, and the step
 * finds the optimum 111 in 1 to 2 s of CPU. Started after round 0 (from its best, 4.4 s at 10 s) it was cut
 * short on 2 cores at load 5 (111 on 1 seed of 5); from round 0 (6.65 s), 111 on 3 of 5 at that load.
 */
/** Rounds that must be left for the one-group round (it needs a few seconds: the walk and a leaf's model). */
const ONE_GROUP_ROUND_MIN_ROUNDS = 2;
/** Milliseconds between the portfolio's progress reports (the best figures across workers). */
const PROGRESS_MS = 250;
/** Milliseconds between polls of options.shouldStop (and checks for a progress report due) while the workers run. */
const TICK_MS = 30;

export function portfolioPlan(timeSeconds: number, mode: Scenario['mode']): PortfolioPlan {
  const usable = timeSeconds * (1 - OVERHEAD_SHARE);
  const finalSeconds = usable * (mode === 'fit' ? FINAL_SHARE_FIT : FINAL_SHARE_BUILD);
  const searchSeconds = usable - finalSeconds;
  const rounds = Math.max(1, Math.min(MAX_ROUNDS, Math.round(searchSeconds / TARGET_ROUND_SECONDS)));
  const finalSearchShare = mode === 'fit' ? undefined : Math.max(MIN_FINAL_SEARCH_SHARE, Math.min(0.75, 1 - (EXACT_SHARE_BUILD * timeSeconds) / finalSeconds));
  return { rounds, roundSeconds: searchSeconds / rounds, finalSeconds, ...(finalSearchShare !== undefined ? { finalSearchShare } : {}) };
}

/**
 * The seed of worker `worker` in round `round` (the last step is round `rounds`): a 32-bit mix of the three,
 * so no two workers or rounds share a random stream, and the same inputs always give the same seed. Worker 0
 * starts with the caller's seed itself: the search is anytime (its cycles are of fixed work, not a share of
 * the budget), so that worker's first round retraces the start of the one-worker solve of the same seed, and
 * the portfolio finds what that solve finds early no later than it does, less the cost of sharing the cores.
 */
export function workerSeed(seed: number, worker: number, round: number): number {
  if (worker === 0 && round === 0) return seed;
  let h = (seed >>> 0) ^ 0x3c6ef372;
  for (const x of [worker, round]) {
    h = Math.imul(h ^ (x + 0x9e3779b9), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  // Seeds are whole numbers from 0 (the command line's --seed); 31 bits keep them positive in any reading.
  return h & 0x7fffffff;
}

/**
 * The objective of docs/format.md as a tuple, larger is better: fully satisfied, choices met, reserves placed,
 * reserve order (minus the sum over placed reserves of how far down the student's list each one is), fewer
 * groups, evenness (minus the sum over groups of their size squared).
 */
export function objectiveKey(scenario: Scenario, result: Result): number[] {
  const s = result.summary;
  const reserveLists = new Map<string, string[]>();
  for (const st of scenario.students) if (st.reserves?.length) reserveLists.set(st.id, st.reserves);
  let reserveRank = 0;
  for (const rs of result.students) {
    if (rs.reserves.length === 0) continue;
    const list = reserveLists.get(rs.id) ?? [];
    for (const course of rs.reserves) reserveRank += Math.max(0, list.indexOf(course));
  }
  let sumSquares = 0;
  for (const g of result.groups) sumSquares += g.students.length * g.students.length;
  return [s.fullySatisfied, s.choicesMet, s.reservesUsed, -reserveRank, -s.groups, -sumSquares];
}

/** Positive when `a` is better than `b` by objectiveKey's order, negative when worse, 0 when level. */
export function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** The progress figures as a tuple, larger is better (the same order as the objective's first terms). */
function progressKey(p: SolveProgress): number[] {
  return [p.fullySatisfied, p.choicesMet, p.reservesUsed, -p.groups];
}

/** A round's answer from one worker, with when (ms since the portfolio began) that worker's solve began. */
interface Answer {
  result: Result;
  startedMs: number;
}

/**
 * Runs the portfolio on `runners` (one per worker) within options.timeSeconds. options.seed, initial, exact
 * (the last step's), stopWhenPerfect, workPerSecond, onProgress and shouldStop mean what they mean for solve(); the result's
 * summary is the portfolio's own: seconds, bestFoundSeconds and firstPerfectSeconds from the portfolio's
 * start, the caller's seed, and what stopped it.
 */
export async function solvePortfolio(scenario: Scenario, options: SolveOptions, runners: PortfolioRunner[]): Promise<Result> {
  if (runners.length === 0) throw new Error('solvePortfolio needs at least one worker.');
  const startMs = Date.now();
  const timeSeconds = options.timeSeconds ?? 10;
  const seed = options.seed ?? 1;
  const plan = portfolioPlan(timeSeconds, scenario.mode);
  const endMs = startMs + timeSeconds * 1000;
  const sinceStart = () => Date.now() - startMs;

  // Cancellation: every running worker is told at once.
  let cancelled = false;
  const running = new Set<number>();
  const cancelAll = () => {
    if (cancelled) return;
    cancelled = true;
    for (const i of running) runners[i].cancel();
  };

  // The best answer so far. options.initial is only the first round's start, never a candidate itself: it
  // may be a result for an earlier version of the scenario, which the workers map onto this one (solve()'s
  // warm start) and never end worse than.
  let best: Result | undefined;
  let bestKey: number[] | undefined;

  // Progress: each worker's latest figures; the best of them (and of the shared best) goes out a few times
  // a second, from the same tick that polls options.shouldStop.
  const latest: (SolveProgress | null)[] = runners.map(() => null);
  let movesBefore = 0; // moves of the rounds already finished, over all workers
  let lastReport = -Infinity;
  let fresh = false; // a worker reported since the last report
  let inFinal = false; // the last step (exact pieces) is running
  const report = () => {
    if (!options.onProgress || !fresh) return;
    // The shared best counts too: a worker's first report of a round comes before its warm start.
    let top: SolveProgress | null = best ? summaryProgress(best) : null;
    let moves = movesBefore;
    for (const p of latest) {
      if (!p) continue;
      moves += p.moves;
      if (!top || compareKeys(progressKey(p), progressKey(top)) > 0) top = p;
    }
    if (!top) return;
    fresh = false;
    lastReport = Date.now();
    // The phase is the last step's own (seat, bound) while it runs, else the search's.
    const phase = inFinal && latest[0] && latest[0].phase !== 'done' && latest[0].phase !== 'construct' ? latest[0].phase : 'search';
    options.onProgress({ ...top, phase, seconds: (lastReport - startMs) / 1000, moves });
  };
  const tick = setInterval(() => {
    if (options.shouldStop?.()) cancelAll();
    if (Date.now() - lastReport >= PROGRESS_MS) report();
  }, TICK_MS);

  const run = async (i: number, runnerOptions: RunnerSolveOptions): Promise<Answer> => {
    running.add(i);
    try {
      const answer = runners[i].solve(scenario, runnerOptions, (p) => {
        latest[i] = p;
        fresh = true;
      });
      // A cancel that came first still reaches this call (a runner's cancel stops the calls made before it).
      if (cancelled) runners[i].cancel();
      const result = await answer;
      // When the worker's own clock began: its summary's seconds end just before it answered, so this is
      // never earlier than the truth (times measured from it are never flattering).
      return { result, startedMs: Math.max(0, sinceStart() - result.summary.seconds * 1000) };
    } catch (e) {
      // A worker that failed (crashed, or refused the scenario) fails the solve: the others stop too.
      cancelAll();
      throw e;
    } finally {
      running.delete(i);
    }
  };

  // When the current best was found and when the first blocking with everyone satisfied was, in ms from start.
  let bestFoundMs = 0;
  let firstPerfectMs = -1;
  let stoppedBy: SolveStop = 'work';
  let done = false; // nothing left to improve (a worker stopped at an optimal or, when asked, a perfect blocking)
  const clockMarks = (stop: SolveStop | undefined) => {
    if (stop === 'time' && stoppedBy === 'work') stoppedBy = 'time';
  };
  // The first perfect blocking any answer found, whether or not that answer is kept.
  const notePerfect = (answer: Answer) => {
    const s = answer.result.summary;
    if (s.firstPerfectSeconds === undefined) return;
    const at = answer.startedMs + (s.firstPerfectSeconds as number) * 1000;
    if (firstPerfectMs < 0 || at < firstPerfectMs) firstPerfectMs = at;
  };
  const take = (answer: Answer) => {
    const { result, startedMs } = answer;
    const key = objectiveKey(scenario, result);
    const s = result.summary;
    notePerfect(answer);
    if (!bestKey || compareKeys(key, bestKey) > 0) {
      bestFoundMs = startedMs + ((s.bestFoundSeconds as number | undefined) ?? s.seconds) * 1000;
      best = result;
      bestKey = key;
    } else if (compareKeys(key, bestKey) === 0) {
      // Level with the best: this one carries it on (its groups may differ; the tie went its way by index).
      best = result;
    }
  };

  try {
    // Worker 0: one uninterrupted search of the rounds' whole time from the caller's seed, the trajectory of the
    // one-worker solve's search (anytime: its cycles do not depend on the budget), so what one worker finds is
    // never lost to the sharing. It ends early only at an optimal (or asked-for perfect) blocking, and then its
    // blocking is the result whatever the rounds found: the rounds' answers at that moment depend on the clock.
    const searchSeconds = plan.rounds * plan.roundSeconds;
    let zeroAnswer: Answer | undefined;
    let zeroDone = false;
    // Settles when worker 0 ends at an optimal blocking: a round still waiting on its workers (a thread still
    // loading hears a cancel only once loaded, 0.3 s after the start on ko:120:1) is then given up at once.
    let zeroDoneSignal: () => void = () => undefined;
    const zeroDoneWait = new Promise<void>((resolve) => (zeroDoneSignal = resolve));
    const zero = run(0, {
      timeSeconds: searchSeconds,
      seed: workerSeed(seed, 0, 0),
      exact: false,
      initial: options.initial,
      stopWhenPerfect: options.stopWhenPerfect,
      workPerSecond: options.workPerSecond,
    }).then((answer) => {
      zeroAnswer = answer;
      const stop = answer.result.summary.stoppedBy;
      if (stop === 'optimal' || stop === 'perfect') {
        zeroDone = true;
        for (let j = 1; j < runners.length; j++) if (running.has(j)) runners[j].cancel();
        zeroDoneSignal();
      }
    });
    zero.catch(() => undefined);

    // The other workers diversify: rounds from the best of their own previous round (workers 1 and up).
    let roundBest: Answer | undefined;
    let roundBestKey: number[] | undefined;
    let roundDone = false; // a round ended at an optimal (or asked-for perfect) blocking
    // Whether the one-group round may run (see above): decided once, from the scenario.
    let oneGroupScenario: boolean | undefined;
    const oneGroupApplies = () => {
      if (oneGroupScenario === undefined) {
        try {
          const model = compile(scenario);
          oneGroupScenario = options.exact !== false && boundApplies(model) && hasOneGroupCourses(model);
        } catch {
          oneGroupScenario = false;
        }
      }
      return oneGroupScenario;
    };
    for (let round = 0; runners.length > 1 && round < plan.rounds && !cancelled && !zeroDone && !roundDone; round++) {
      // The one-group round: the rounds as one, worker 1 running the step (see above). From round 0; after a
      // round that ended with everyone satisfied it would have nothing to do.
      const oneGroupRound =
        plan.rounds - round >= ONE_GROUP_ROUND_MIN_ROUNDS &&
        (round === 0 || (roundBestKey !== undefined && roundBestKey[0] < scenario.students.length)) &&
        oneGroupApplies();
      const roundSeconds = oneGroupRound ? (plan.rounds - round) * plan.roundSeconds : plan.roundSeconds;
      // The clock is the hard stop: a round that cannot finish before the last step's share is left is not
      // started (the result then depends on the machine's speed, so it is marked so).
      if (Date.now() + roundSeconds * 1000 > endMs - plan.finalSeconds * 1000 + 0.25 * plan.roundSeconds * 1000) {
        stoppedBy = 'time';
        break;
      }
      const initial = roundBest?.result ?? options.initial;
      const answers: (Answer | undefined)[] = new Array(runners.length);
      // The lowest worker that ended at an optimal (or asked-for perfect) blocking wins the round outright:
      // workers above it are stopped, workers below it run on (one of them may end so too, and wins then).
      let firstDone = Infinity;
      const answered = runners.slice(1).map(async (_, k) => {
        const i = k + 1;
        const answer = await run(i, {
          timeSeconds: roundSeconds,
          seed: workerSeed(seed, i, round),
          exact: false,
          ...(oneGroupRound && i === 1 ? { oneGroupRound: true } : {}),
          initial,
          stopWhenPerfect: options.stopWhenPerfect,
          workPerSecond: options.workPerSecond,
        });
        answers[i] = answer;
        const stop = answer.result.summary.stoppedBy;
        if ((stop === 'optimal' || stop === 'perfect') && i < firstDone) {
          firstDone = i;
          for (let j = i + 1; j < runners.length; j++) if (running.has(j)) runners[j].cancel();
        }
      });
      // Every worker up to the winner (all of them when none ended so) is awaited, in order; a stopped worker
      // above it is not (a thread still loading would answer only once loaded), and its answer is ignored.
      for (const p of answered) p.catch(() => undefined);
      const roundAnswered = (async () => {
        for (let i = 1; i < runners.length && i <= firstDone; i++) await answered[i - 1];
      })();
      roundAnswered.catch(() => undefined);
      await Promise.race([roundAnswered, zeroDoneWait]);
      // Worker 0 ended at an optimal blocking meanwhile: this round was cut short by it, and is not used.
      if (zeroDone) break;
      // Moves of this round are now counted in movesBefore; the round workers' latest figures start afresh.
      for (let i = 1; i < runners.length; i++) {
        movesBefore += latest[i]?.moves ?? 0;
        latest[i] = null;
      }
      const last = firstDone < Infinity ? firstDone : runners.length - 1;
      for (let i = 1; i <= last; i++) clockMarks(answers[i]!.result.summary.stoppedBy);
      if (!cancelled && answers.some((a, i) => i <= last && a!.result.summary.stoppedBy === 'cancelled')) cancelled = true;
      // In worker order, so a tie goes to the lowest index; a later round only level with the best carries it on.
      const winner = firstDone < Infinity ? firstDone : 1 + pickBest(scenario, answers.slice(1).map((a) => a!.result));
      const key = objectiveKey(scenario, answers[winner]!.result);
      if (!roundBestKey || compareKeys(key, roundBestKey) >= 0 || firstDone < Infinity) {
        roundBest = answers[winner]!;
        roundBestKey = key;
      }
      notePerfect(answers[winner]!);
      if (firstDone < Infinity) roundDone = true;
      // The one-group round was the rounds left.
      if (oneGroupRound) break;
    }
    // A round found an optimal (or asked-for perfect) blocking: worker 0 is stopped too (then its answer is not
    // used unless it ended so by itself; see the module's note on reproducibility).
    if (roundDone && running.has(0)) runners[0].cancel();
    await zero;
    if (zeroAnswer) clockMarks(zeroAnswer.result.summary.stoppedBy);
    if (zeroDone) {
      take(zeroAnswer!);
      done = true;
    } else {
      const zeroCut = zeroAnswer?.result.summary.stoppedBy === 'cancelled';
      if (zeroCut && !roundDone) cancelled = true;
      // Worker 0's blocking first, so a tie goes to it; the rounds' best replaces it only when strictly better.
      if (zeroAnswer && !(zeroCut && roundDone)) take(zeroAnswer);
      if (roundBest && (!bestKey || compareKeys(roundBestKey!, bestKey) > 0)) take(roundBest);
      if (roundDone && bestKey && compareKeys(bestKey, roundBestKey!) === 0) {
        // The round's optimal blocking (or one level with it) is the result: nothing is left to improve.
        done = true;
        if (best !== roundBest!.result) stoppedBy = stoppedBy === 'time' ? 'time' : roundBest!.result.summary.stoppedBy ?? 'work';
      }
    }

    // The last step: the exact pieces (unless options.exact is false), once, from the best, in worker 0, with
    // what is left of the clock.
    if (!cancelled && best) {
      const left = (endMs - Date.now()) / 1000;
      // Its work budget follows its time: with less than planned left, the result depends on the machine.
      const finalSeconds = Math.min(plan.finalSeconds, left);
      if (finalSeconds < plan.finalSeconds && stoppedBy === 'work') stoppedBy = 'time';
      if (finalSeconds > 0.05) {
        inFinal = true;
        const answer = await run(0, {
          timeSeconds: finalSeconds,
          seed: workerSeed(seed, 0, plan.rounds),
          exact: options.exact !== false,
          ...(plan.finalSearchShare !== undefined ? { searchShare: plan.finalSearchShare } : {}),
          initial: best,
          stopWhenPerfect: options.stopWhenPerfect,
          workPerSecond: options.workPerSecond,
        });
        // The last step never ends worse than its start (solve()'s warm start); its answer also carries the
        // proven bound and the reasons, so it is the result even when level.
        const before = bestKey!;
        const key = objectiveKey(scenario, answer.result);
        if (compareKeys(key, before) > 0) bestFoundMs = answer.startedMs + ((answer.result.summary.bestFoundSeconds as number | undefined) ?? 0) * 1000;
        if (compareKeys(key, before) >= 0) {
          best = answer.result;
          bestKey = key;
        }
        const stop = answer.result.summary.stoppedBy;
        if (stop === 'cancelled') cancelled = true;
        else if (stop === 'optimal' || stop === 'perfect') stoppedBy = stoppedBy === 'time' ? 'time' : stop;
        else clockMarks(stop);
        if (answer.result.summary.firstPerfectSeconds !== undefined) take({ result: answer.result, startedMs: answer.startedMs });
      }
    }
  } finally {
    clearInterval(tick);
  }
  if (!best) throw new Error('The portfolio was stopped before any worker returned a blocking.');
  if (done && stoppedBy === 'work') stoppedBy = (best as Result).summary.stoppedBy ?? 'work';
  if (cancelled || options.shouldStop?.()) stoppedBy = 'cancelled';

  const result: Result = { ...(best as Result), summary: { ...(best as Result).summary } };
  const summary = result.summary;
  summary.seed = seed;
  summary.stoppedBy = stoppedBy;
  summary.bestFoundSeconds = Math.round(bestFoundMs) / 1000;
  if (firstPerfectMs >= 0 && summary.fullySatisfied === summary.students) summary.firstPerfectSeconds = Math.round(firstPerfectMs) / 1000;
  else delete summary.firstPerfectSeconds;
  summary.seconds = Math.round(sinceStart() / 10) / 100;
  if (options.onProgress) {
    options.onProgress({
      phase: 'done',
      seconds: summary.seconds,
      students: summary.students,
      fullySatisfied: summary.fullySatisfied,
      choices: summary.choices,
      choicesMet: summary.choicesMet,
      reservesUsed: summary.reservesUsed,
      groups: summary.groups,
      ...(summary.upperBound !== undefined ? { upperBound: summary.upperBound } : {}),
      moves: movesBefore + latest.reduce((n, p) => n + (p?.moves ?? 0), 0),
    });
  }
  return result;
}

/** A result's figures as a progress report. */
function summaryProgress(result: Result): SolveProgress {
  const s = result.summary;
  return {
    phase: 'search',
    seconds: s.seconds,
    students: s.students,
    fullySatisfied: s.fullySatisfied,
    choices: s.choices,
    choicesMet: s.choicesMet,
    reservesUsed: s.reservesUsed,
    groups: s.groups,
    moves: 0,
  };
}

/** The index of the best result by objectiveKey; ties go to the lowest index. */
export function pickBest(scenario: Scenario, results: Result[]): number {
  let bestIndex = 0;
  let bestKey = objectiveKey(scenario, results[0]);
  for (let i = 1; i < results.length; i++) {
    const key = objectiveKey(scenario, results[i]);
    if (compareKeys(key, bestKey) > 0) {
      bestIndex = i;
      bestKey = key;
    }
  }
  return bestIndex;
}
