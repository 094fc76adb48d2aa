/**
 * The solve pipeline: compile the scenario, construct, anneal within the budget, repair so every hard rule
 * holds, and write the result with reasons for unmet students. Pure TypeScript: runs in Node and in a worker.
 */
import type { SolveOptions, SolveProgress, SolveStop } from './api';
import { cellsOverlap } from './cells';
import { blockSetKey, compile, placementBlocks, type Model } from './model';
import { unmetReasons } from './reasons';
import { buildResult } from './result';
import { compareKeys, KEY_NOT_FULL, objectiveKey } from './constraints/objective';
import { compilePublished, SEAT_UNPLACED, STABILITY_GROUP_WEIGHT, STABILITY_PUPIL_WEIGHT, type PublishedBlocking } from './constraints/published';
import { Search, WORK_PER_SECOND } from './search';
import { homecoming } from './search/homecoming';
import { isEventModel } from './search/events';
import { changedPupilCount } from './constraints/pupils-moved';
import { setStartWeights } from './search/schedule';
import { getHighs, highsWarm } from './exact/highs';
import { upperBoundFullySatisfied } from './exact/bound';
import { singleGroupBranchBound, type SingleGroupBranchStats } from './exact/single-group-branch';
import { applySeating, boundApplies, boundInput, boundSkippedNote, seatingInput } from './exact/bridge';
import { solveCohort } from './exact/cohort';
import { oneGroupLns, placedOneGroupCourses } from './exact/lns-one-group';
import { hasOneGroupCourses } from './exact/lns-one-group-courses';
import { blockingFromPlan } from './exact/cohort-blocking';
import { SeatingTooLargeError, seatExactly } from './exact/seating';
import type { Snapshot, State } from './state';
import type { Result, Scenario } from './types';

export const DEFAULT_TIME_SECONDS = 10;

/** Milliseconds the search may run past its share of the clock: the time limit is kept to 10% plus this. */
const SEARCH_GRACE_MS = 50;
/** With less than this for HiGHS itself, the exact seating is skipped rather than started: the result stays valid. */
const MIN_SEAT_SECONDS = 0.05;
/** Likewise for the linear-programme bound (only the bound is lost). */
const MIN_BOUND_SECONDS = 0.1;
/**
 * Seconds the first exact step of a process spends before HiGHS works on its model, at the reference speed:
 * loading the runtime (48-87 ms) and the first solve's start (50-136 ms; 2 shared cores), neither
 * interruptible. HiGHS loads on first use, so a step counts this before it starts (a 0.4 s solve of
 * sample-240 took 0.83-1.09 s on a busy machine when it loaded HiGHS for a step it then had no time for).
 */
const HIGHS_COLD_SECONDS = 0.2;
/**
 * Seconds per student each exact step spends beyond the limit given to HiGHS, at the reference speed: building
 * its model, the greedy start, the root relaxation HiGHS cannot interrupt, reading the answer back (measured
 * 0.05 to 0.55 s for the seating and 0.08 to 0.36 s for the bound on the 120- and 240-student samples, 2
 * shared cores under load; the seating of sample-240 took 0.5 s whatever its limit).
 */
const SEAT_OVERHEAD_PER_STUDENT = 0.0015;
const BOUND_OVERHEAD_PER_STUDENT = 0.001;
/**
 * HiGHS checks its clock only between iterations, and overshoots by far more than its usual ~10% on a busy
 * machine (0.5 s became 1.2 s under a load of 6 on 2 cores): it is given 70% of what its step may take, less
 * on a machine slower than the reference.
 */
const HIGHS_SHARE = 0.7;
/**
 * Above this many students the exact seating is not built: its model has about 100 to 125 columns a student
 * (1,000 students 105,000 columns, 1.6 s for a 1 s limit, 300 MB; 3,000 students 376,000 columns, 10.4 s for
 * 2 s, 900 MB; 5,000 students 1.2 s and 500 MB just to build), HiGHS cannot interrupt its root relaxation,
 * and it never proved a seating optimal at that size in a build, so its seating was never used. seatExactly
 * also refuses a model above MAX_SEAT_COLUMNS whatever the cohort.
 */
const MAX_SEAT_STUDENTS = 1600;
/**
 * Up to this many students the bound's plain LP (simplex) runs before the one with the integer-only rows (PDLP);
 * above it, the other way round (timings in the bound step below).
 */
const SIMPLEX_FIRST_STUDENTS = 200;
/**
 * The one-group trees' stop (bound step below): a budget of simplex iterations, this many per second of the
 * exact steps' nominal time ((1 - searchShare) of the time: 2.5 s at 10 s, whether solve() runs alone or as the
 * portfolio's last step of 2.85 s with a short search), shared by every tree of a solve. Work, not the clock,
 * so the bound shown is the same on a busy machine as on a quiet one (HiGHS's simplex is deterministic); the
 * clock is their hard stop only. sample-120's tree proving 112 takes 6,746 iterations (11 nodes, 0.5 to 0.9 s
 * quiet), the one asking 111 after it 71,000 before a leaf at 112 ends it proving nothing: at 10 s the budget of
 * 15,000 holds the first and leaves the second out (a further tree starts only with eight times the last one's
 * iterations left), and at 5 s (7,500) it still holds the first.
 */
const BRANCH_ITERATIONS_PER_EXACT_SECOND = 6000;
/** A one-group tree's node LP at the reference speed, at most (sample-120: 0.02 to 0.1 s, its first 0.3 s under load). */
const TREE_NODE_SECONDS = 0.1;

/**
 * The one-group step (exact/lns-one-group.ts): the share of what is left after the bound that it may take, the
 * leaves it tries at most, and the simplex iterations its walk to them may spend (sample-120 above 110: the
 * first leaf in 55 to 111 nodes, about 20,000 iterations, 1 to 4 s on 2 busy cores).
 */
const ONE_GROUP_LNS_SHARE = 0.7;
const ONE_GROUP_LNS_LEAVES = 3;
const ONE_GROUP_LNS_ITERATIONS = 60_000;
/**
 * The search's share of the time in the portfolio's one-group round (SolveOptions.oneGroupRound): long enough
 * that a cohort the search satisfies whole is satisfied before the step (gymabi-ef2018 and blockung001 reach
 * their first perfect blocking in 0.2 to 3.5 s at 10 s on a loaded machine), short enough that the step has its
 * few seconds (sample-120: 1 to 2 s of CPU; 2.2 to 4.4 s on 2 cores at load 5).
 */
const ONE_GROUP_ROUND_SEARCH_SHARE = 0.3;

/** Why the solve stopped; see SolveStop in api.ts and the summary's optional `stoppedBy`. */
export type { SolveStop } from './api';

/**
 * The whole solve keeps to `timeSeconds` of wall clock, from this call to the result (compiling, the search,
 * HiGHS loading, the exact seating, the bound, the result and its reasons). The search's primary stop is its
 * work budget (reproducible: the same seed and time give the same result on any machine fast enough to spend
 * it in time); the wall clock is the hard stop, and the exact steps after the search get only what is left.
 */
export async function solve(scenario: Scenario, options: SolveOptions = {}): Promise<Result> {
  const startMs = Date.now();
  const timeSeconds = options.timeSeconds ?? DEFAULT_TIME_SECONDS;
  const seed = options.seed ?? 1;
  // A re-solve against a published blocking runs the search only: the exact seating and the whole-cohort model
  // weigh only the usual objective and would move pupils the published blocking keeps.
  const exact = options.exact !== false && !options.reference;
  // HiGHS loads when an exact step first needs it, after the search, and not at all when none does. Loaded here
  // it overlapped the search but held the search's thread 30 to 130 ms more while the wasm was instantiated
  // (blockung001 to its first perfect blocking, 5 runs, measured at the search's yields) and took a core from
  // it; loaded after, it adds about 50 to 90 ms to the exact step that waits for it.
  const highsReady = () => (exact ? getHighs().then(() => true, () => false) : Promise.resolve(false));
  const model = compile(scenario);
  const published = options.reference ? compilePublished(model, options.reference) : null;
  const endMs = startMs + timeSeconds * 1000;
  // Time kept back for what follows the exact steps (repair, balancing, the result document, the reasons),
  // and a little slack for steps that overrun their own clocks.
  const tailMs = Math.min(0.15 * timeSeconds * 1000, 5 + model.studentCount * 0.02 + model.slotCount * 0.05) + 0.05 * timeSeconds * 1000;
  const secondsLeft = () => (endMs - tailMs - Date.now()) / 1000;
  // Three quarters of the time for the search, the rest for the exact seating and the bound.
  // In fit mode the groups are fixed, so the exact seating (which proves the seating optimal) gets the larger share.
  // The caller may give the search less (the portfolio's last step, whose search only continues the rounds').
  // The portfolio's one-group round (SolveOptions.oneGroupRound): a short search, then the step over the one-group
  // courses in the time left, and no other exact step.
  const oneGroupRound = options.oneGroupRound === true && !exact && !published && model.mode === 'build' && boundApplies(model);
  // An event model (timetabling: every course one group, search/events.ts) has nothing for the exact steps to
  // gain: no bound applies, and with one group a course the exact seating can only choose which of a student's
  // clashing events to seat, which the search's seater already does exactly per student. Its search takes the
  // whole time (the ITC-shaped itc:3 seed 1 needs 1,907 million units; with a quarter held back the clock of a
  // machine slower than the reference cut it at 50 s of 60, 16 students short).
  const eventModel = isEventModel(model);
  const searchShare = oneGroupRound
    ? Math.max(0, Math.min(1, options.searchShare ?? ONE_GROUP_ROUND_SEARCH_SHARE))
    : !exact || eventModel
      ? 1
      : Math.max(0, Math.min(1, options.searchShare ?? (model.mode === 'fit' ? 0.35 : 0.75)));
  const newSearch = () => {
    const s = new Search(model, seed);
    // The exact teacher and room assignment cannot be interrupted: it may take half the search's share at most.
    s.exactAssignSeconds = 0.5 * searchShare * timeSeconds;
    s.clockEndMs = endMs - tailMs;
    // Assert mode checks construction, every move and its undo, repair and balancing (see Search.check).
    s.assertIncremental = options.assertIncremental === true;
    if (published) s.st.attachPublished(published);
    return s;
  };
  let search = newSearch();
  const report = (phase: SolveProgress['phase']) => {
    if (!options.onProgress) return;
    const st = search.st;
    options.onProgress({
      phase,
      seconds: (Date.now() - startMs) / 1000,
      students: model.studentCount,
      fullySatisfied: search.bestFeasible ? model.studentCount - search.bestNotFull : st.fullySatisfied(),
      choices: model.totalChoices,
      choicesMet: model.totalChoices - (search.bestFeasible ? search.bestUnmet : st.t.unmet),
      reservesUsed: search.bestFeasible ? search.bestReserves : st.t.reserves,
      groups: search.bestFeasible ? search.bestOpenGroups : st.t.openGroups,
      moves: search.moves,
    });
  };
  report('construct');
  // A re-solve starts from the previous blocking when it still keeps every hard rule, and never ends worse.
  let floor: Floor | null = null;
  if (published) {
    // Pinned in spirit, not pinned: the published groups start in their blocks with their pupils, each slot
    // continuing its group; pupils who changed are seated by the usual repair; the search then weighs moves.
    // A start that breaks a hard rule (a group now too full or too small) is mended at once by the repair, whose
    // seater weighs moves: the result is then never worse than that start in the chosen order (a cap the start
    // keeps is kept), whatever the search visits.
    // The start is made with stability's prices whatever the order (the fewest moves the seater finds), so it
    // is the same start for every cap: a cap at or above its moves is kept.
    const reference = options.reference!.result;
    const { pupilWeight, groupWeight } = published;
    published.pupilWeight = STABILITY_PUPIL_WEIGHT;
    published.groupWeight = STABILITY_GROUP_WEIGHT;
    if (!search.warmStart((st) => referenceStart(model, st, reference, published))) {
      search.repair(false);
      setStartWeights(search.st);
    }
    published.pupilWeight = pupilWeight;
    published.groupWeight = groupWeight;
    if (search.st.hardViolations() === 0) floor = { search, snap: search.st.snapshot(), key: objectiveKey(search.st) };
  } else if (options.initial) {
    const initial = options.initial;
    if (search.warmStart((st) => mapInitial(model, st, initial))) floor = { search, snap: search.st.snapshot(), key: objectiveKey(search.st) };
    else {
      search = newSearch();
      search.construct();
    }
  } else search.construct();
  report('search');
  // The wall clock lets a machine somewhat slower than the reference still spend the whole work budget,
  // keeping back a minimum share for the exact steps and the tail.
  // Building with a bound to prove, that share holds the exact seating and the bound's linear programme: at 0.12
  // a busy machine (load 8 on 2 cores) ran the search to 8.5 s of 10 and left the bound 0.5 s, too little for
  // the LP (sample-120 kept the combinatorial 118 where the LP gives 115 in about a second); 0.17 still lets the
  // reference machine spend the whole budget (0.75 of the time) before the search's clock.
  const exactMinShare = oneGroupRound ? 1 - searchShare : !exact || eventModel ? 0 : model.mode === 'fit' ? 0.5 : boundApplies(model) ? 0.17 : 0.12;
  // A small grace keeps tiny limits (tests, a drag's re-seat) reproducible on a busy machine; assert mode
  // (tests) checks every move from scratch and keeps its old generous clock, since it checks rather than races.
  let searchDeadline = endMs - tailMs - exactMinShare * timeSeconds * 1000 + SEARCH_GRACE_MS;
  if (options.assertIncremental) searchDeadline = Math.max(searchDeadline, startMs + searchShare * timeSeconds * 2000 + 1000);
  let searchWork = searchShare * timeSeconds * (options.workPerSecond ?? WORK_PER_SECOND);
  // 'Satisfaction' first without a cap as tight as the changes: a capped phase first (see cappedPhase).
  if (published && floor && published.order === 'satisfaction' && !options.shouldStop?.()) {
    const phase = await cappedPhase(model, published, search, options.reference!.result, options, searchWork, searchDeadline, floor, newSearch);
    if (phase) {
      search = phase.search;
      floor = phase.floor;
      searchWork = phase.secondWork;
    }
  }
  const searchStartMs = Date.now();
  const workBefore = search.work;
  const searchStop = await search.run(
    {
      workBudget: searchWork,
      deadlineMs: searchDeadline,
      shouldStop: options.shouldStop,
      assertIncremental: options.assertIncremental,
      stopWhenPerfect: options.stopWhenPerfect,
      // Stop early only at a perfect blocking: below it, later tiers (choices, reserves, groups) can still improve.
      stopAtFullySatisfied: model.studentCount,
      // A search that has stopped improving ends early (termination.ts stalled: reproducible, and a longer budget
      // stops no earlier), and the bound and the whole-cohort model after it get the time it leaves: they can
      // prove the optimum or find a better blocking where more search would not.
      stopWhenStalled: (exact || oneGroupRound) && model.mode === 'build' && boundApplies(model),
    },
    () => report('search'),
  );
  let stoppedBy: SolveStop = searchStop;
  // How fast this machine is now against the reference (work per second). HiGHS keeps to its own clock only
  // within a solve; building its model and the root relaxation are not interruptible and slow down with the
  // machine, so on a slower or busier machine HiGHS is given a smaller share of what is left.
  const searchWall = (Date.now() - searchStartMs) / 1000;
  const speed = searchWall > 0.05 ? (search.work - workBefore) / (options.workPerSecond ?? WORK_PER_SECOND) / searchWall : 1;
  const highsShare = HIGHS_SHARE * Math.max(0.25, Math.min(1, speed));
  search.repair();
  search.balanceAll();
  // A re-solve: groups and pupils taken back where they were published wherever the order loses nothing by it.
  if (published && !options.shouldStop?.()) homecoming(search);
  if (search.skippedForTime && stoppedBy === 'work') stoppedBy = 'time';
  if (oneGroupRound && search.st.t.notFull > 0 && !options.shouldStop?.()) {
    let improved = false;
    // HiGHS loads here, in this worker: its cold start comes out of the step's time.
    const seconds = secondsLeft() - (0.03 * timeSeconds) / Math.max(0.25, Math.min(1, speed)) - (highsWarm() ? 0 : HIGHS_COLD_SECONDS);
    if (seconds >= MIN_BOUND_SECONDS) {
      report('bound');
      const polish = { workBudget: 0.03 * timeSeconds * (options.workPerSecond ?? WORK_PER_SECOND), deadlineMs: endMs - tailMs };
      // Only plans above the start's count are asked for: the search's may be below it (a start it could not keep
      // whole), and the result is never worse than the start anyway.
      const found = Math.max(model.studentCount - search.st.t.notFull, floor ? model.studentCount - floor.key[KEY_NOT_FULL] : 0);
      const step = await oneGroupStep(model, found, seconds, newSearch, polish, options.shouldStop);
      if (step.clockStopped && stoppedBy === 'work') stoppedBy = 'time';
      if (step.better && compareKeys(objectiveKey(step.better.st), objectiveKey(search.st)) < 0) {
        search = step.better;
        search.bestAtMs = Date.now();
        if (search.st.t.notFull === 0) search.firstPerfectAtMs = search.bestAtMs;
        improved = true;
      }
    } else if (stoppedBy === 'work') stoppedBy = 'time';
    // What the step left (it had nothing to try, found its plan early, or found nothing): the search goes on up to
    // the round's whole work (reproducible; the clock stays the hard stop), so the round searches no less than the
    // rounds it replaces (on a cohort whose search reaches the LP's count less two the step has no target at all).
    // From the step's blocking, a search warm-started from it as from a previous result: the fresh search holding
    // the plan has no best of its own kept (run on, sample-120's 111 went to 109). Never ending below either.
    const roundWork = timeSeconds * (options.workPerSecond ?? WORK_PER_SECOND);
    if (improved && search.st.t.notFull > 0 && !options.shouldStop?.() && Date.now() < endMs - tailMs) {
      const held: Floor = { search, snap: search.st.snapshot(), key: objectiveKey(search.st) };
      const plan = buildResult(model, search.st, { seconds: 0, seed });
      const next = newSearch();
      if (next.warmStart((st) => mapInitial(model, st, plan))) search = next;
      else search = held.search;
      if (floor === null || compareKeys(floor.key, held.key) > 0) floor = held;
    }
    if (search.st.t.notFull > 0 && search.work < roundWork && !options.shouldStop?.() && Date.now() < endMs - tailMs) {
      const more = await search.run(
        { workBudget: roundWork, deadlineMs: endMs - tailMs, shouldStop: options.shouldStop, stopWhenPerfect: options.stopWhenPerfect, stopAtFullySatisfied: model.studentCount },
        () => report('search'),
      );
      if (more === 'time' && stoppedBy === 'work') stoppedBy = 'time';
      else if ((more === 'optimal' || more === 'perfect') && stoppedBy === 'work') stoppedBy = more;
      search.repair();
      search.balanceAll();
    }
  }

  // Exact pieces (HiGHS): a proven bound on fully satisfied students, and an exact seating of the groups found.
  let upperBound: number | undefined;
  const perfect = search.st.t.notFull === 0;
  // The cheap combinatorial bound (no linear programme, no HiGHS: milliseconds, so it runs even when the clock
  // has little left): when the search reached it, nothing more is needed.
  let cheapBound = model.studentCount;
  // The bound's input holds blocks as one bit mask (bridge.ts boundApplies): past 31 blocks no bound is tried.
  const boundFits = boundApplies(model);
  if (exact && !perfect && model.mode === 'build' && !boundFits) model.diagnostics.push(boundSkippedNote(model));
  if (exact && !perfect && model.mode === 'build' && boundFits && !options.shouldStop?.()) {
    const quick = await buildBound(model, 1, true);
    if (quick !== undefined) cheapBound = quick.bound;
  }
  if (perfect) upperBound = model.studentCount; // everyone satisfied: the bound is the cohort itself
  else if (model.mode === 'build' && cheapBound < model.studentCount) upperBound = cheapBound;
  const reachedBound = model.studentCount - search.st.t.notFull >= (upperBound ?? Infinity);
  const needBound = exact && model.mode === 'build' && !reachedBound && boundFits;
  const boundNominal = Math.min(10, Math.max(0.5, 0.13 * timeSeconds));
  // Seconds each exact step spends outside HiGHS's clock (building its model, reading the answer), at this speed.
  const slow = Math.max(0.25, Math.min(1, speed));
  const seatOverhead = (SEAT_OVERHEAD_PER_STUDENT * model.studentCount) / slow;
  const boundOverhead = (BOUND_OVERHEAD_PER_STUDENT * model.studentCount) / slow;
  // What a step must count first while HiGHS is not yet loaded and warm in this process.
  const coldCost = () => (highsWarm() ? 0 : HIGHS_COLD_SECONDS / slow);
  const boundRuns = (seconds: number) => seconds - boundOverhead - coldCost() >= MIN_BOUND_SECONDS;
  // The certified linear bound (no integer run: the whole-cohort model after it is the integer run), in two forms:
  // the plain LP by simplex (exact duals) and the LP with the integer-only rows by PDLP (tighter on some cohorts;
  // approximate duals, certified). Small cohorts take the simplex one first: on sample-120 it proves 113 in 0.03
  // to 0.2 s, where PDLP took 0.07 to 0.26 s and on a short limit sometimes stopped on its clock without duals
  // (the solve then showed the combinatorial 118). Larger ones take PDLP first (sample-240: 1.0 to 1.2 s against
  // simplex's 1.5 to 2.3 s). The other form follows only where the first proved nothing below the combinatorial
  // bound, the bound still leaves more than one student above the blocking, and the clock allows it.
  // lpSeconds: the wall seconds it took (model, LP and certificate): the integer run's root alone takes a few
  // times that and cannot be interrupted, so the whole-cohort model starts only with that much left.
  let lpRan = false;
  let lpSeconds = Infinity;
  const linearBound = async () => {
    lpRan = true;
    if (!boundRuns(secondsLeft())) return;
    report('bound');
    const found = model.studentCount - search.st.t.notFull;
    const forms = model.studentCount <= SIMPLEX_FIRST_STUDENTS ? [false, true] : [true, false];
    const lpStart = Date.now();
    for (const [k, pdlpRows] of forms.entries()) {
      const leftNow = secondsLeft();
      const settled = (upperBound ?? Infinity) < cheapBound || (upperBound ?? Infinity) <= found + 1;
      if (k > 0 && (settled || !boundRuns(leftNow) || options.shouldStop?.())) break;
      // Its limit: the usual share of what is left, but at least half of it (the whole-cohort model after it gets
      // the rest): the LP is the bound shown when the model cannot finish, and with 1.3 s left on a busy machine
      // (speed 0.33) the share alone gave simplex 0.22 s, too little for sample-120's LP.
      const lpLimit = Math.min(boundNominal, Math.max(highsShare, 0.5) * (leftNow - boundOverhead));
      const lp = await buildBound(model, lpLimit, false, undefined, false, pdlpRows);
      if (lp !== undefined) upperBound = Math.min(lp.bound, upperBound ?? lp.bound);
    }
    lpSeconds = (Date.now() - lpStart) / 1000;
  };
  // Where the LP leaves two or more students above the blocking, a branch on where the one-group courses put
  // their group (exact/single-group-branch.ts) asks for one below the bound at a time, down to found + 1, and
  // stops at the first it cannot prove: sample-120's LP says 113 however its one-group courses spread, and the
  // tree proves 112 in 11 nodes (0.5 to 0.9 s) where the whole-cohort model takes 18 to 20 s of CPU for it. It
  // runs right after the LP, before the exact seating and the whole-cohort model, which share what it leaves.
  // The trees stop by WORK, so the bound shown does not depend on the machine's load: BRANCH_ITERATIONS_PER_EXACT_SECOND
  // simplex iterations per second of the exact steps' share of the time, shared by every tree of the solve. A further tree starts only with
  // eight times the last one's iterations left (a deeper target takes far more: sample-120's 111 took 71,000
  // where 112 took 6,746), and a leaf at the bound held ends it (stopAt: it cannot prove less). The clock is the
  // hard stop only: a tree may run to the end of what is left but the overhead; one it cuts, or one it leaves out,
  // proves nothing that a quieter run might have proved, so the result then says it stopped by time.
  let branchRan = false;
  let branchIterationsLeft = BRANCH_ITERATIONS_PER_EXACT_SECOND * (1 - searchShare) * timeSeconds;
  let lastTreeIterations = 0;
  const clockCutBound = () => {
    if (stoppedBy === 'work') stoppedBy = 'time';
  };
  // A tree's hard stop: all that is left but one node's LP at this speed (a tree's own clock counts its model's
  // building, so the other steps' boundOverhead, up to 0.5 s on a busy machine, is not held back; the tree hears
  // its clock between nodes).
  const treeHardStop = () => secondsLeft() - TREE_NODE_SECONDS / slow;
  const branchStep = async () => {
    branchRan = true;
    const found = model.studentCount - search.st.t.notFull;
    while ((upperBound ?? Infinity) >= found + 2 && lpSeconds < Infinity && !options.shouldStop?.()) {
      if (branchIterationsLeft <= 0 || (lastTreeIterations > 0 && branchIterationsLeft < 8 * lastTreeIterations)) break;
      const hardStop = treeHardStop();
      if (hardStop < MIN_BOUND_SECONDS) {
        clockCutBound();
        break;
      }
      report('bound');
      const stats: SingleGroupBranchStats = { nodes: 0, iterations: 0 };
      const asked = upperBound! - 1;
      const branched = await branchBound(model, asked, hardStop, { iterationBudget: branchIterationsLeft, stopAt: upperBound }, stats, options.shouldStop);
      branchIterationsLeft -= stats.iterations;
      lastTreeIterations = Math.max(1, stats.iterations);
      if (stats.gaveUpBy === 'clock') clockCutBound();
      if (branched === undefined || branched >= upperBound!) break;
      upperBound = branched;
    }
  };
  // For a small cohort the first tree also stands in for the LP step: its root, before the integer-only rows, is
  // that same plain LP with the same certificate, so the LP is solved once (at 10 s on a busy machine the LP step
  // took 0.6 to 0.7 s of the 1.2 to 1.6 s the bound had, and the tree 0.9 to 1.1 s). It returns false where the
  // root gave no certificate or nothing below the combinatorial bound: the usual LP step (with its PDLP form) and
  // the trees then run as for larger cohorts.
  const rootedBranch = async (): Promise<boolean> => {
    if (!boundRuns(secondsLeft())) {
      clockCutBound();
      return false;
    }
    report('bound');
    const found = model.studentCount - search.st.t.notFull;
    const started = Date.now();
    let lp = Infinity;
    const stats: SingleGroupBranchStats = { nodes: 0, iterations: 0 };
    const branched = await branchBound(model, found + 1, treeHardStop(), { iterationBudget: branchIterationsLeft }, stats, options.shouldStop, (root) => {
      lp = root;
      lpSeconds = (Date.now() - started) / 1000;
      return root >= found + 2 && root < cheapBound ? root - 1 : null;
    });
    branchIterationsLeft -= stats.iterations;
    if (!Number.isFinite(lp) || lp >= cheapBound) return false;
    lpRan = true;
    upperBound = Math.min(lp, upperBound ?? lp);
    if (stats.gaveUpBy === 'clock') clockCutBound();
    if (branched === undefined || branched >= upperBound) {
      // Stopped at the root (nothing to ask for) or proved nothing: no further tree.
      branchRan = true;
      return true;
    }
    upperBound = branched;
    // Further trees, one below the bound at a time, in what is left of the budget.
    lastTreeIterations = Math.max(1, stats.iterations);
    await branchStep();
    return true;
  };
  // A small cohort's LP runs before the exact seating: a few hundredths of a second that the seating, sharing
  // what the search left, could otherwise take whole (on a busy machine the portfolio's last step, whose search
  // then ran 0.75 of its 2.85 s, left the bound 0.3 to 0.8 s after the seating, and the result showed the
  // combinatorial 118 in 2 of 3 runs).
  if (needBound && model.studentCount <= SIMPLEX_FIRST_STUDENTS && !options.shouldStop?.()) {
    if (!(await rootedBranch())) {
      await linearBound();
      await branchStep();
    }
  }
  // A cohort too large for the exact seating's model (see MAX_SEAT_STUDENTS) keeps the search's seating.
  // Fit mode, where the exact seating is the main step, tries up to twice as many (seatExactly then refuses a
  // model above MAX_SEAT_COLUMNS, before HiGHS sees it).
  const seatStudents = model.mode === 'fit' ? 2 * MAX_SEAT_STUDENTS : MAX_SEAT_STUDENTS;
  const seatingTooLarge = exact && model.studentCount > seatStudents && !(perfect && search.spread() <= 1);
  if (seatingTooLarge) {
    model.diagnostics.push(
      `The exact seating was left out: for ${model.studentCount} students its model is too large to solve in the time and memory a solve may take (${seatStudents} students at most); the search's own seating is kept.`,
    );
  }
  if (exact && !seatingTooLarge && !options.shouldStop?.() && !(perfect && search.spread() <= 1)) {
    const nominal = model.mode === 'fit' ? Math.max(0.5, 0.6 * timeSeconds) : Math.min(10, Math.max(0.3, 0.12 * timeSeconds));
    // What is left is shared with the bound in proportion to their usual times.
    const share = (left: number) => {
      const boundGets = Math.min(boundNominal, (left * boundNominal) / (nominal + boundNominal));
      return needBound && boundRuns(boundGets) ? left - boundGets : left;
    };
    // Loading the runtime and its first solve (the first exact step of this process) come out of what is left:
    // it is loaded only when the seating would still have its minimum time after that.
    if (Math.min(0.9 * nominal, highsShare * (share(secondsLeft() - coldCost()) - seatOverhead)) >= MIN_SEAT_SECONDS) await highsReady();
    const seconds = share(secondsLeft() - coldCost());
    // HiGHS's own limit: its usual 90% of the step's nominal time where the clock has room for that with the
    // parts it cannot interrupt, else its share of what is left.
    const highsSeconds = Math.min(0.9 * nominal, highsShare * (seconds - seatOverhead));
    // What HiGHS gets when the search spends exactly its share of the time on the reference machine.
    const usual = Math.min(0.9 * nominal, HIGHS_SHARE * (share((1 - searchShare) * timeSeconds - tailMs / 1000) - SEAT_OVERHEAD_PER_STUDENT * model.studentCount));
    if (highsSeconds >= MIN_SEAT_SECONDS) {
      report('seat');
      // The interrupt stops HiGHS's branching at the seating's end.
      const seatEndMs = Date.now() + (seconds - seatOverhead) * 1000;
      const seated = await exactSeating(search, highsSeconds, () => Date.now() > seatEndMs || !!options.shouldStop?.());
      if (model.mode === 'fit' && seated.bound !== null) upperBound = seated.bound;
      // Stopped by its clock without a proof: a faster or quieter run might have proved and taken a better seating.
      if (!seated.optimal && stoppedBy === 'work') stoppedBy = 'time';
      // Fit mode with the seating proven optimal: nothing is left to improve but evenness, which the balancing did.
      if (model.mode === 'fit' && seated.optimal && seated.bound !== null) stoppedBy = 'optimal';
    } else if (usual >= MIN_SEAT_SECONDS && stoppedBy === 'work') stoppedBy = 'time';
  }
  if (needBound && !options.shouldStop?.()) {
    // Fully satisfied students in the blocking found.
    let found = model.studentCount - search.st.t.notFull;
    if (!lpRan && !options.shouldStop?.()) await linearBound();
    if (!branchRan) await branchStep();
    // The large-neighbourhood step over the one-group courses (exact/lns-one-group.ts) before the whole-cohort
    // model: where the LP puts them, with the rest solved exactly around them. sample-120: the search ends at
    // 110 on some seeds, the step's first leaf holds the optimum 111, found in about 3 s, where the whole-cohort
    // model cannot reach it in the time a solve has. It takes up to ONE_GROUP_LNS_SHARE of what is left; the
    // whole-cohort model gets the rest (and asks only above what the step found).
    const lnsLeft = secondsLeft() - boundOverhead - (0.03 * timeSeconds) / slow;
    if ((upperBound ?? Infinity) > found && highsShare * lnsLeft >= Math.max(0.3, 3 * lpSeconds) && !options.shouldStop?.()) {
      const polish = { workBudget: 0.03 * timeSeconds * (options.workPerSecond ?? WORK_PER_SECOND), deadlineMs: endMs - tailMs };
      report('bound');
      const step = await oneGroupStep(model, found, ONE_GROUP_LNS_SHARE * lnsLeft, newSearch, polish, options.shouldStop, upperBound);
      // Cut short by its clock, the step might have tried another leaf or found another plan on a faster machine.
      if (step.clockStopped && stoppedBy === 'work') stoppedBy = 'time';
      if (step.better && compareKeys(objectiveKey(step.better.st), objectiveKey(search.st)) < 0) {
        search = step.better;
        search.bestAtMs = Date.now();
        if (search.st.t.notFull === 0) search.firstPerfectAtMs = search.bestAtMs;
        found = model.studentCount - search.st.t.notFull;
      }
    }
    // Then the whole-cohort model in all the time left: it asks whether more students than the blocking found
    // can be fully satisfied, proves a bound, and may return a better plan, which replaces the search's blocking
    // when it keeps every hard rule and is better (it satisfies more students: the first tier decides).
    const cohortLeft = secondsLeft();
    const integerWorthIt = highsShare * (cohortLeft - boundOverhead) >= Math.max(0.3, 3 * lpSeconds);
    if ((upperBound ?? Infinity) > found && integerWorthIt && !options.shouldStop?.()) {
      // A plan is made into a blocking with a short run of the search's moves (3% of the time's work: reproducible).
      const polish = { workBudget: 0.03 * timeSeconds * (options.workPerSecond ?? WORK_PER_SECOND), deadlineMs: endMs - tailMs };
      // Its time: what is left but the overhead and the polish's work at this speed. HiGHS is also interrupted at
      // the end of that (its branching hears the interrupt), so past the root relaxation, a few times the LP's
      // time, it cannot overrun far: it is given all of it but that, not only highsShare of it (at 30 s on a busy
      // machine the search stalled at 14 s and highsShare left the model 8 s idle at the end).
      const cohortAvail = cohortLeft - boundOverhead - (0.03 * timeSeconds) / slow;
      const cohortSeconds = Math.max(highsShare * (cohortLeft - boundOverhead), cohortAvail - Math.max(0.5, 3 * lpSeconds));
      const cohortEndMs = Date.now() + cohortAvail * 1000;
      const cohortStop = () => Date.now() > cohortEndMs || !!options.shouldStop?.();
      // Where the LP leaves two students or more above the blocking found, the model first asks for two more
      // (objective >= found + 2): a stronger cutoff, which proves the result within one of the optimum sooner
      // (sample-120 with 111 found: nothing above 112 after 134 nodes and 42,000 LP iterations, where nothing
      // above 111 takes 508 nodes and 202,000) and still finds any plan that much better; then, once that is
      // proved and in the time left, it asks for one more.
      const asks = (upperBound ?? Infinity) >= found + 2 ? [found + 1, found] : [found];
      for (const [k, ask] of asks.entries()) {
        const seconds = k === 0 ? cohortSeconds : (cohortEndMs - Date.now()) / 1000 - Math.max(0.5, 3 * lpSeconds);
        if (k > 0 && (seconds < MIN_BOUND_SECONDS || options.shouldStop?.())) break;
        const cohort = await cohortStep(model, found, ask, seconds, newSearch, polish, cohortStop);
        if (!cohort.ran) {
          if (highsShare * (secondsLeft() - boundOverhead) >= Math.max(0.3, 3 * lpSeconds) && !options.shouldStop?.()) {
            // No pattern form (too many patterns): the bound's own integer run, asking only for more than found.
            const mip = await buildBound(model, Math.min(boundNominal, highsShare * (secondsLeft() - boundOverhead)), false, found);
            if (mip !== undefined) upperBound = Math.min(mip.bound, upperBound ?? mip.bound);
            // A bound its clock cut short may differ on another run: the result is then not reproducible by work alone.
            if (mip?.clockBound && mip.bound === upperBound && stoppedBy === 'work') stoppedBy = 'time';
          }
          break;
        }
        // Cut short by its clock, HiGHS might have proved more or found another plan on a faster or quieter
        // machine: the result is then machine-dependent where it shows that run's bound or takes its plan.
        const fromClock = !cohort.proven;
        if (cohort.upperBound !== undefined && cohort.upperBound < (upperBound ?? Infinity)) {
          upperBound = cohort.upperBound;
          if (fromClock && stoppedBy === 'work') stoppedBy = 'time';
        }
        if (cohort.better && compareKeys(objectiveKey(cohort.better.st), objectiveKey(search.st)) < 0) {
          search = cohort.better;
          search.bestAtMs = Date.now();
          if (search.st.t.notFull === 0) search.firstPerfectAtMs = search.bestAtMs;
          if ((fromClock || cohort.clockStopped) && stoppedBy === 'work') stoppedBy = 'time';
        }
        // One more is asked for only after a finished proof that found no better plan.
        if (fromClock || cohort.better !== null || cohort.failed) break;
      }
    }
  }
  if (options.shouldStop?.()) stoppedBy = 'cancelled';
  // Never worse than the blocking the re-solve started from.
  let keptInitial = false;
  if (floor && compareKeys(floor.key, objectiveKey(search.st)) < 0) {
    search = floor.search;
    search.st.restore(floor.snap);
    keptInitial = true;
  }
  const result = buildResult(model, search.st, { seconds: (Date.now() - startMs) / 1000, seed, upperBound });
  // Optional extras: when the best blocking was found, and the first one with every student satisfied.
  result.summary.bestFoundSeconds = keptInitial ? 0 : Math.round(Math.max(0, search.bestAtMs - startMs)) / 1000;
  if (search.firstPerfectAtMs >= 0) result.summary.firstPerfectSeconds = Math.round(search.firstPerfectAtMs - startMs) / 1000;
  result.summary.stoppedBy = stoppedBy;
  if (published) {
    // Optional extras of a re-solve (docs/format.md): pupils moved and published groups moved or cancelled.
    result.summary.pupilsMoved = search.st.t.pupilsMoved;
    result.summary.groupsMoved = search.st.t.groupsMoved;
  }
  attachReasons(model, search, result);
  result.summary.seconds = Math.round(((Date.now() - startMs) / 1000) * 100) / 100;
  report('done');
  return result;
}

/**
 * The start of a re-solve against a published blocking: the published result set on the state as a previous
 * result is (mapInitial), each slot it opens for a published group continuing it (State.setRef, before its
 * pupils sit down), and, besides the pupils mapInitial could not seat, every pupil with a choice it left
 * unseated that was not unmet when published (a changed pupil, or one whose group could not be kept), to be
 * seated afresh by the seater, which weighs keeping their published groups.
 */
function referenceStart(m: Model, st: State, reference: Result, pub: PublishedBlocking): number[] {
  const toSeat = mapInitial(m, st, reference, (id, g) => {
    const r = pub.groupIndex.get(id);
    if (r !== undefined && pub.groupCourse[r] === m.slotCourse[g] && st.slotLoad[g] === 0) st.setRef(g, r);
  });
  const listed = new Uint8Array(m.studentCount);
  for (const s of toSeat) listed[s] = 1;
  for (let s = 0; s < m.studentCount; s++) {
    if (listed[s]) continue;
    const base = s * m.seatWidth;
    for (let k = 0; k < m.studentChoiceCount[s]; k++) {
      if (st.seat[base + k] < 0 && pub.seatGroup[base + k] !== SEAT_UNPLACED) {
        toSeat.push(s);
        break;
      }
    }
  }
  return toSeat;
}

/** A blocking the re-solve never ends worse than (in the chosen order), with the search whose state it is. */
interface Floor {
  search: Search;
  snap: Snapshot;
  key: Float64Array;
}


/**
 * The first phase of a 'satisfaction first' re-solve: the search with the pupil cap tightened to the pupils who
 * changed their own courses (or the user's, when tighter), then taken home (homecoming.ts). Uncapped from the
 * fewest-moves start, the search satisfied everyone but moved 34 to 54 pupils and a group where a plan moving 9
 * and no group satisfied everyone too (generated 600, 20 pupils changed): a move is cheap to it
 * (SATISFACTION_PUPIL_WEIGHT) and it does not find its way back; a dearer move (weight 20 or 40 a pupil) still
 * moved 30 with a group. A cap is a tier before every aim, so this phase looks first for the plan the issue asks
 * for: the changed pupils and those forced by capacity move. A tighter group cap (0) was tried too: it left 599
 * satisfied, and the second phase then moved 72 pupils and 3 groups to satisfy the last one, so groups stay free.
 * When the phase satisfies everyone no move can satisfy more and it is the answer; otherwise a second phase (the
 * caller's usual search, with the user's caps and a budget of its own, the time limit bounding both) starts from
 * its plan, so satisfaction still comes first: it moves more pupils or groups only where that satisfies more,
 * and never ends worse than this phase (the returned floor, keyed in the user's order). Returns null when the
 * user's pupil cap is already as tight.
 */
async function cappedPhase(
  model: Model,
  published: PublishedBlocking,
  search: Search,
  reference: Result,
  options: SolveOptions,
  searchWork: number,
  searchDeadline: number,
  floor: Floor,
  newSearch: () => Search,
): Promise<{ search: Search; floor: Floor; secondWork: number } | null> {
  // Each pupil's number of published courses, as compilePublished reads them (the published scenario's lists,
  // else the published placements and unmet choices).
  const publishedCourses = new Int32Array(model.studentCount).fill(-1);
  const studentIndex = new Map(model.studentIds.map((id, i) => [id, i]));
  const publishedLists = new Map<string, number>();
  for (const s of options.reference?.scenario?.students ?? []) publishedLists.set(s.id, new Set([...s.choices, ...(s.reserves ?? [])]).size);
  for (const rs of Array.isArray(reference.students) ? reference.students : []) {
    const s = rs && typeof rs.id === 'string' ? studentIndex.get(rs.id) : undefined;
    if (s === undefined || publishedCourses[s] >= 0) continue;
    const placed = rs.placed && typeof rs.placed === 'object' ? Object.keys(rs.placed) : [];
    publishedCourses[s] = publishedLists.get(rs.id) ?? new Set([...placed, ...(Array.isArray(rs.unmet) ? rs.unmet : [])]).size;
  }
  const userPupils = published.maxPupilsMoved;
  const cappedPupils = Math.min(userPupils, changedPupilCount(model, published, publishedCourses));
  if (cappedPupils >= userPupils) return null;
  published.maxPupilsMoved = cappedPupils;
  try {
    await search.run(
      {
        workBudget: searchWork,
        deadlineMs: searchDeadline,
        shouldStop: options.shouldStop,
        assertIncremental: options.assertIncremental,
        stopWhenPerfect: options.stopWhenPerfect,
        stopAtFullySatisfied: model.studentCount,
      },
      () => undefined,
    );
    search.repair();
    search.balanceAll();
    if (!options.shouldStop?.()) homecoming(search);
  } finally {
    published.maxPupilsMoved = userPupils;
  }
  // Keyed in the user's order from here: never worse than the start.
  if (compareKeys(floor.key, objectiveKey(search.st)) < 0) search.st.restore(floor.snap);
  const capped: Floor = { search, snap: search.st.snapshot(), key: objectiveKey(search.st) };
  // Everyone fully satisfied within the caps: no move can satisfy more, so the second phase has nothing to do
  // (its budget 0: the caller's run stops at once).
  if (search.st.t.notFull === 0 || search.st.hardViolations() > 0 || options.shouldStop?.()) return { search, floor: capped, secondWork: 0 };
  // Otherwise the usual search from this plan, with a budget of its own: the solver's clock (the time limit) is
  // the bound on both phases together.
  const plan = buildResult(model, search.st, { seconds: 0, seed: options.seed ?? 1 });
  const next = newSearch();
  if (!next.warmStart((st) => referenceStart(model, st, plan, published))) {
    next.repair(false);
    setStartWeights(next.st);
  }
  return { search: next, floor: capped, secondWork: searchWork };
}

/**
 * Sets a previous result onto a fresh state (pinned groups already placed): its groups by course and block
 * labels, teachers and rooms by id, students by their `placed` maps. Whatever no longer fits the scenario
 * (an unknown course, a block or teacher gone, a full group, a clash, a seat a choice rule now forbids) is
 * left out for the search to fill.
 * Returns the students it could not seat at all (new ones, or ones whose fixed group it could not keep).
 * `onGroup` hears each group of the result given a slot, before anyone is seated in it.
 */
function mapInitial(m: Model, st: State, initial: Result, onGroup?: (id: string, g: number) => void): number[] {
  const B = m.blockCount;
  const staffIndex = new Map(m.staffIds.map((id, i) => [id, i]));
  const roomIndex = new Map(m.roomIds.map((id, i) => [id, i]));
  const pinnedSlot = new Map<string, number>();
  for (let g = 0; g < m.slotCount; g++) if (m.slotGroupId[g] !== null) pinnedSlot.set(m.slotGroupId[g]!, g);
  const slotOfGroup = new Map<string, number>();
  const used = new Uint8Array(m.slotCount);
  const inRange = (list: Int32Array, lo: number, hi: number, x: number) => {
    for (let j = lo; j < hi; j++) if (list[j] === x) return true;
    return false;
  };
  for (const grp of Array.isArray(initial.groups) ? initial.groups : []) {
    if (!grp || typeof grp.id !== 'string' || slotOfGroup.has(grp.id)) continue;
    const c = m.courseIndex.get(grp.course);
    if (c === undefined) continue;
    let g = pinnedSlot.get(grp.id) ?? -1;
    if (g >= 0) {
      if (m.slotCourse[g] !== c || used[g] || st.slotPlacement[g] < 0) continue;
    } else {
      if (m.mode === 'fit') continue;
      const blocks = new Set<number>();
      let known = true;
      for (const label of Array.isArray(grp.blocks) ? grp.blocks : []) {
        const b = m.blockLabels.indexOf(label);
        if (b < 0) known = false;
        else blocks.add(b);
      }
      const [first, second = -1] = blocks;
      const key = known && (blocks.size === 1 || blocks.size === 2) ? blockSetKey(B, first, second) : -1;
      let p = -1;
      for (let q = m.placementStart[c]; key >= 0 && q < m.placementStart[c + 1]; q++) if (m.placementBlockKey[q] === key) p = q;
      if (p < 0 || st.courseOpen[c] + 1 > m.courseMaxGroups[c]) continue;
      let fits = true;
      for (const b of blocks) if (st.courseBlockCount[c * B + b] + 1 > m.courseMaxPerBlock[c]) fits = false;
      for (let y = 0; y < m.yearCount; y++) if (m.courseYearMask[c] & (1 << y) && st.yearGroups[y] + 1 > m.maxGroupsPerYear) fits = false;
      if (!fits) continue;
      for (let h = m.slotStart[c]; h < m.slotStart[c + 1] && g < 0; h++) if (!m.slotPinned[h] && st.slotPlacement[h] < 0 && !used[h]) g = h;
      if (g < 0) continue;
      st.setPlacement(g, p);
    }
    used[g] = 1;
    slotOfGroup.set(grp.id, g);
    onGroup?.(grp.id, g);
    if (st.needsStaff(g) && st.slotStaff[g] < 0) {
      const t = m.slotPinnedStaff[g] >= 0 ? m.slotPinnedStaff[g] : (staffIndex.get(Array.isArray(grp.staff) ? grp.staff[0] : '') ?? -1);
      if (t >= 0 && inRange(m.courseStaff, m.courseStaffStart[c], m.courseStaffStart[c + 1], t) && st.staffFits(t, g)) st.setStaff(g, t);
    }
    if (st.needsRoom(g) && st.slotRoom[g] < 0) {
      const r = m.slotPinnedRoom[g] >= 0 ? m.slotPinnedRoom[g] : (roomIndex.get(typeof grp.room === 'string' ? grp.room : '') ?? -1);
      if (r >= 0 && inRange(m.courseRooms, m.courseRoomStart[c], m.courseRoomStart[c + 1], r) && st.roomFits(r, g)) st.setRoom(g, r);
    }
  }
  const studentIndex = new Map(m.studentIds.map((id, i) => [id, i]));
  const seen = new Uint8Array(m.studentCount);
  const toSeat: number[] = [];
  for (const rs of Array.isArray(initial.students) ? initial.students : []) {
    const s = rs && typeof rs.id === 'string' ? studentIndex.get(rs.id) : undefined;
    if (s === undefined || seen[s]) continue;
    seen[s] = 1;
    const placed = rs.placed && typeof rs.placed === 'object' ? rs.placed : {};
    const base = s * m.seatWidth;
    const nc = m.studentChoiceCount[s];
    const n = nc + m.studentReserveCount[s];
    // Choices first, then reserves: a reserve only stands in for a choice left unmet.
    for (let k = 0; k < n; k++) {
      const i = base + k;
      const c = m.seatCourse[i];
      if (k >= nc && st.studentRes[s] >= nc - st.studentMet[s]) break;
      const gid = Object.hasOwn(placed, m.courseIds[c]) ? placed[m.courseIds[c]] : undefined;
      const g = typeof gid === 'string' ? (slotOfGroup.get(gid) ?? -1) : -1;
      if (g < 0 || m.slotCourse[g] !== c || m.seatForbidden[i] || (m.fixedSeat[i] >= 0 && m.fixedSeat[i] !== g)) continue;
      if (cellsOverlap(st.studentCells, s, st.slotCells, g, m.cellWords) || st.slotLoad[g] >= st.slotCap[g]) continue;
      if (m.coursePlaces[c] >= 0 && st.courseLoad[c] >= m.coursePlaces[c]) continue;
      st.setSeat(i, g);
    }
    for (let k = 0; k < n; k++) {
      if (m.fixedSeat[base + k] >= 0 && st.seat[base + k] !== m.fixedSeat[base + k]) {
        toSeat.push(s);
        break;
      }
    }
  }
  for (let s = 0; s < m.studentCount; s++) if (!seen[s]) toSeat.push(s);
  return toSeat;
}

/**
 * Seats the students exactly into the groups found. Its seating is taken only when the exact model proved it
 * optimal and it is strictly better (fully satisfied, then choices met, then reserves): a seating cut short
 * by the clock would make the result depend on the machine's speed, and the same seed and time must give
 * the same result. Evenness is then restored by the search's own balancing chains. Returns the proven
 * optimum of fully satisfied students for these groups (only from a finished proof), or null, and whether
 * the proof finished.
 */
async function exactSeating(search: Search, seconds: number, shouldStop?: () => boolean): Promise<{ bound: number | null; optimal: boolean }> {
  const m = search.m;
  const st = search.st;
  const { input, groupSlots, initial } = seatingInput(m, st);
  let out;
  try {
    out = await seatExactly(input, { timeLimitSeconds: seconds, initial, shouldStop, balance: false });
  } catch (e) {
    if (e instanceof SeatingTooLargeError) m.diagnostics.push(`The exact seating was left out: ${e.message}; the search's own seating is kept.`);
    else m.diagnostics.push(`The exact seating could not run (${(e as Error).message}); the local search's seating is kept.`);
    return { bound: null, optimal: true };
  }
  if (!out || !out.optimal) return { bound: null, optimal: false };
  const ours = [m.studentCount - st.t.notFull, m.totalChoices - st.t.unmet, st.t.reserves];
  const theirs = [out.fullySatisfied, out.choicesMet, out.reservesUsed];
  const cmp = theirs[0] - ours[0] || theirs[1] - ours[1] || theirs[2] - ours[2];
  if (cmp > 0) {
    applySeating(m, st, groupSlots, out.assignment);
    if (m.mode === 'build') search.closeEmptyGroups();
    search.balanceAll();
  }
  return { bound: out.fullySatisfied, optimal: true };
}

/**
 * A proven upper bound on fully satisfied students; `combinatorialOnly` skips the linear programme, `integer`
 * false the integer run after it; `pdlpRows` puts the integer-only rows into the LP, solved by PDLP.
 */
async function buildBound(m: Model, seconds: number, combinatorialOnly = false, atLeast?: number, integer = true, pdlpRows = false): Promise<{ bound: number; clockBound: boolean } | undefined> {
  try {
    const limits = combinatorialOnly ? { maxPatterns: 0, maxCompactColumns: 0 } : {};
    const lp = pdlpRows ? { lpIntegerRows: true, lpSolver: 'pdlp' as const } : {};
    const bound = await upperBoundFullySatisfied(boundInput(m), { timeLimitSeconds: seconds, atLeast, integer, ...limits, ...lp });
    return { bound: Math.min(bound.upperBound, m.studentCount), clockBound: bound.clockBound ?? false };
  } catch (e) {
    m.diagnostics.push(`No upper bound could be proven (${(e as Error).message}).`);
    return undefined;
  }
}

/**
 * The single-group branch's bound (see exact/single-group-branch.ts), or undefined when it proved nothing.
 * `seconds` is its hard stop, `work` its budget and the bound it must beat (stopAt), `stats` its work and why it
 * proved nothing.
 */
async function branchBound(
  m: Model,
  target: number,
  seconds: number,
  work: { iterationBudget: number; stopAt?: number },
  stats: SingleGroupBranchStats,
  shouldStop?: () => boolean,
  onRoot?: (lpBound: number) => number | null,
): Promise<number | undefined> {
  try {
    const out = await singleGroupBranchBound(boundInput(m), { target, timeLimitSeconds: seconds, ...work, stats, shouldStop, onRoot });
    return out === null ? undefined : Math.min(out.upperBound, m.studentCount);
  } catch (e) {
    m.diagnostics.push(`The branch on one-group courses' blocks proved no bound (${(e as Error).message}).`);
    return undefined;
  }
}

/**
 * The whole-cohort model (exact/cohort.ts) warm-started by the blocking found: its proven bound, whether HiGHS
 * finished (so the outcome does not depend on the clock), and, when it found a plan satisfying more students,
 * that plan as a blocking on a fresh search that keeps every hard rule (exact/cohort-blocking.ts), or null.
 * `ran` is false when the model could not be built in pattern form. The model asks for more than `ask` students
 * (found, or found + 1 for the stronger cutoff); its bound holds either way (every plan satisfies at most `ask`
 * or is a solution of the model).
 */
async function cohortStep(
  m: Model,
  found: number,
  ask: number,
  seconds: number,
  fresh: () => Search,
  polish: { workBudget: number; deadlineMs: number },
  shouldStop?: () => boolean,
): Promise<{ ran: boolean; upperBound?: number; proven: boolean; better: Search | null; clockStopped: boolean; failed?: boolean }> {
  try {
    const input = boundInput(m);
    // Presolve pays only in longer runs (see bound.ts: it can spend a short run's whole budget before the root).
    const out = await solveCohort(input, { timeLimitSeconds: seconds, incumbent: ask, shouldStop, presolve: seconds >= 10 ? undefined : false });
    if (!out) return { ran: false, proven: false, better: null, clockStopped: false };
    let better: Search | null = null;
    let clockStopped = false;
    if (out.plan) {
      const made = await blockingFromPlan(m, input, out.plan, fresh(), polish);
      clockStopped = made?.clockStopped ?? false;
      if (made && made.search.st.fullySatisfied() > found) better = made.search;
    }
    return { ran: true, upperBound: Math.min(out.upperBound, m.studentCount), proven: out.proven, better, clockStopped };
  } catch (e) {
    m.diagnostics.push(`The whole-cohort model could not run (${(e as Error).message}); the search's blocking and the linear bound are kept.`);
    return { ran: true, proven: true, better: null, clockStopped: false, failed: true };
  }
}

/**
 * The one-group step (exact/lns-one-group.ts): a plan above `found` from a leaf's model, made into a blocking
 * on a fresh search that keeps every hard rule (exact/cohort-blocking.ts), or null; whether the clock cut the
 * step or the blocking's polish short (the outcome then depends on the machine).
 */
async function oneGroupStep(
  m: Model,
  found: number,
  seconds: number,
  fresh: () => Search,
  polish: { workBudget: number; deadlineMs: number },
  shouldStop?: () => boolean,
  upperBound?: number,
): Promise<{ better: Search | null; clockStopped: boolean }> {
  try {
    if (!hasOneGroupCourses(m)) return { better: null, clockStopped: false };
    const input = boundInput(m);
    if (placedOneGroupCourses(input).length === 0) return { better: null, clockStopped: false };
    const out = await oneGroupLns(input, { found, upperBound, maxLeaves: ONE_GROUP_LNS_LEAVES, maxIterations: ONE_GROUP_LNS_ITERATIONS, timeLimitSeconds: seconds, shouldStop });
    if (!out.plan) return { better: null, clockStopped: out.clockStopped };
    const made = await blockingFromPlan(m, input, out.plan, fresh(), polish);
    const better = made && made.search.st.fullySatisfied() > found ? made.search : null;
    return { better, clockStopped: out.clockStopped || (made?.clockStopped ?? false) };
  } catch (e) {
    m.diagnostics.push(`The step over the one-group courses could not run (${(e as Error).message}); the search's blocking is kept.`);
    return { better: null, clockStopped: false };
  }
}

function attachReasons(model: Model, search: Search, result: Result): void {
  // Groups that must run as given (fit mode, pinned) but found no teacher or room, or whose teacher or room
  // fixed by the scenario is double-booked or away: say so plainly (the checker will flag them too).
  const st = search.st;
  const idOf = (g: number) => model.slotGroupId[g] ?? model.courseIds[model.slotCourse[g]];
  const whereOf = (g: number) =>
    placementBlocks(model, st.slotPlacement[g])
      .map((b) => model.blockLabels[b])
      .join('+');
  // The running groups of each teacher and room, in slot order: a double booking is looked for only among
  // them (every pair of groups was 8 million pairs at 20,000 students).
  const staffSlots: number[][] = Array.from({ length: model.staffCount }, () => []);
  const roomSlots: number[][] = Array.from({ length: model.roomCount }, () => []);
  for (let g = 0; g < model.slotCount; g++) {
    if (st.slotPlacement[g] < 0) continue;
    if (st.slotStaff[g] >= 0) staffSlots[st.slotStaff[g]].push(g);
    if (st.slotRoom[g] >= 0) roomSlots[st.slotRoom[g]].push(g);
  }
  const clashes: number[] = []; // 2 * h + (0 teacher, 1 room), sorted: by group, the teacher first
  for (let g = 0; g < model.slotCount; g++) {
    if (st.slotPlacement[g] < 0) continue;
    const t = st.slotStaff[g];
    const r = st.slotRoom[g];
    clashes.length = 0;
    for (const h of t >= 0 ? staffSlots[t] : []) if (h > g && cellsOverlap(st.slotCells, g, st.slotCells, h, model.cellWords)) clashes.push(2 * h);
    for (const h of r >= 0 ? roomSlots[r] : []) if (h > g && cellsOverlap(st.slotCells, g, st.slotCells, h, model.cellWords)) clashes.push(2 * h + 1);
    if (clashes.length > 1) clashes.sort((a, b) => a - b);
    for (const k of clashes) {
      const h = k >> 1;
      if (k & 1) model.diagnostics.push(`Room ${model.roomIds[r]} is fixed for both ${idOf(g)} and ${idOf(h)}, which share block ${whereOf(g)}.`);
      else model.diagnostics.push(`${model.staffIds[t]} is fixed to teach both ${idOf(g)} and ${idOf(h)}, which share block ${whereOf(g)}.`);
    }
    if (t >= 0 && cellsOverlap(model.staffUnavailableCells, t, st.slotCells, g, model.cellWords)) model.diagnostics.push(`${model.staffIds[t]} is fixed to teach ${idOf(g)} in block ${whereOf(g)}, where they are unavailable.`);
    const id = idOf(g);
    const where = whereOf(g);
    if (st.needsStaff(g) && st.slotStaff[g] < 0) {
      model.diagnostics.push(`Group ${id} in block ${where} has no teacher: every ${model.courseIds[model.slotCourse[g]]} teacher is busy, unavailable or at their load there.`);
    }
    if (st.needsRoom(g) && st.slotRoom[g] < 0) {
      model.diagnostics.push(`Group ${id} in block ${where} has no room: every suitable room is taken or unavailable there.`);
    }
  }
  for (let s = 0; s < model.studentCount; s++) {
    if (result.students[s].unmet.length === 0) continue;
    result.students[s].reasons = unmetReasons(model, search.st, s);
  }
  if (model.diagnostics.length > 0) result.diagnostics = model.diagnostics.slice();
}
