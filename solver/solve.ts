/**
 * The solve pipeline: compile the scenario, construct, anneal within the budget, repair so every hard rule
 * holds, and write the result with reasons for unmet students. Pure TypeScript: runs in Node and in a worker.
 */
import type { SolveOptions, SolveProgress } from './api';
import { compile, type Model } from './model';
import { unmetReasons } from './reasons';
import { buildResult } from './result';
import { Search, WORK_PER_SECOND } from './search';
import { upperBoundFullySatisfied } from './exact/bound';
import { applySeating, boundInput, seatingInput } from './exact/bridge';
import { seatExactly } from './exact/seating';
import type { State } from './state';
import type { Result, Scenario } from './types';

export const DEFAULT_TIME_SECONDS = 10;

export async function solve(scenario: Scenario, options: SolveOptions = {}): Promise<Result> {
  const startMs = Date.now();
  const timeSeconds = options.timeSeconds ?? DEFAULT_TIME_SECONDS;
  const seed = options.seed ?? 1;
  const model = compile(scenario);
  const search = new Search(model, seed);
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
  const exact = options.exact !== false;
  report('construct');
  search.construct();
  report('search');
  // Three quarters of the time for the search, the rest for the exact seating and the bound.
  // In fit mode the groups are fixed, so the exact seating (which proves the seating optimal) gets the larger share.
  const searchSeconds = !exact ? timeSeconds : model.mode === 'fit' ? 0.35 * timeSeconds : 0.75 * timeSeconds;
  await search.run(
    {
      workBudget: searchSeconds * WORK_PER_SECOND,
      deadlineMs: startMs + searchSeconds * 2000 + 1000,
      shouldStop: options.shouldStop,
      assertIncremental: options.assertIncremental,
      stopWhenPerfect: options.stopWhenPerfect,
      // Stop early only at a perfect blocking: below it, later tiers (choices, reserves, groups) can still improve.
      stopAtFullySatisfied: model.studentCount,
    },
    () => report('search'),
  );
  search.repair();
  search.balanceAll();

  // Exact pieces (HiGHS): a proven bound on fully satisfied students, and an exact seating of the groups found.
  let upperBound: number | undefined;
  const perfect = search.st.t.notFull === 0;
  // The cheap combinatorial bound (no linear programme) first: when the search reached it, nothing more is needed.
  let cheapBound = model.studentCount;
  if (exact && !perfect && model.mode === 'build') {
    const quick = await buildBound(model, 1, true);
    if (quick !== undefined) cheapBound = quick;
  }
  if (perfect) upperBound = model.studentCount; // everyone satisfied: the bound is the cohort itself
  else if (model.mode === 'build' && cheapBound < model.studentCount) upperBound = cheapBound;
  const reachedBound = model.studentCount - search.st.t.notFull >= (upperBound ?? Infinity);
  if (exact && !options.shouldStop?.() && !(perfect && search.spread() <= 1)) {
    report('seat');
    const exactSeconds = model.mode === 'fit' ? Math.max(0.5, 0.6 * timeSeconds) : Math.min(10, Math.max(0.3, 0.12 * timeSeconds));
    const seated = await exactSeating(search, exactSeconds, options.shouldStop);
    if (model.mode === 'fit' && seated !== null) upperBound = seated;
  }
  if (exact && model.mode === 'build' && !reachedBound && !options.shouldStop?.()) {
    report('bound');
    const lp = await buildBound(model, Math.min(10, Math.max(0.5, 0.13 * timeSeconds)));
    if (lp !== undefined) upperBound = Math.min(lp, upperBound ?? lp);
  }
  const result = buildResult(model, search.st, { seconds: (Date.now() - startMs) / 1000, seed, upperBound });
  // Optional extras: when the best blocking was found, and the first one with every student satisfied.
  result.summary.bestFoundSeconds = Math.round(Math.max(0, search.bestAtMs - startMs)) / 1000;
  if (search.firstPerfectAtMs >= 0) result.summary.firstPerfectSeconds = Math.round(search.firstPerfectAtMs - startMs) / 1000;
  attachReasons(model, search, result);
  report('done');
  return result;
}

/**
 * Seats the students exactly into the groups found. Its seating is taken only when the exact model proved it
 * optimal and it is strictly better (fully satisfied, then choices met, then reserves): a seating cut short
 * by the clock would make the result depend on the machine's speed, and the same seed and time must give
 * the same result. Evenness is then restored by the search's own balancing chains. Returns the proven
 * optimum of fully satisfied students for these groups (only from a finished proof), or null.
 */
async function exactSeating(search: Search, seconds: number, shouldStop?: () => boolean): Promise<number | null> {
  const m = search.m;
  const st = search.st;
  const { input, groupSlots, initial } = seatingInput(m, st);
  let out;
  try {
    out = await seatExactly(input, { timeLimitSeconds: seconds, initial, shouldStop, balance: false });
  } catch (e) {
    m.diagnostics.push(`The exact seating could not run (${(e as Error).message}); the local search's seating is kept.`);
    return null;
  }
  if (!out || !out.optimal) return null;
  const ours = [m.studentCount - st.t.notFull, m.totalChoices - st.t.unmet, st.t.reserves];
  const theirs = [out.fullySatisfied, out.choicesMet, out.reservesUsed];
  const cmp = theirs[0] - ours[0] || theirs[1] - ours[1] || theirs[2] - ours[2];
  if (cmp > 0) {
    applySeating(m, st, groupSlots, out.assignment);
    if (m.mode === 'build') search.closeEmptyGroups();
    search.balanceAll();
  }
  return out.fullySatisfied;
}

/** A proven upper bound on fully satisfied students; `combinatorialOnly` skips the linear programme. */
async function buildBound(m: Model, seconds: number, combinatorialOnly = false): Promise<number | undefined> {
  try {
    const limits = combinatorialOnly ? { maxPatterns: 0, maxCompactColumns: 0 } : {};
    const bound = await upperBoundFullySatisfied(boundInput(m), { timeLimitSeconds: seconds, ...limits });
    return Math.min(bound.upperBound, m.studentCount);
  } catch (e) {
    m.diagnostics.push(`No upper bound could be proven (${(e as Error).message}).`);
    return undefined;
  }
}

function attachReasons(model: Model, search: Search, result: Result): void {
  // Groups that must run as given (fit mode, pinned) but found no teacher or room, or whose teacher or room
  // fixed by the scenario is double-booked or away: say so plainly (the checker will flag them too).
  const st = search.st;
  const idOf = (g: number) => model.slotGroupId[g] ?? model.courseIds[model.slotCourse[g]];
  const whereOf = (g: number) => model.blockLabels.filter((_, b) => model.placementBlocks[st.slotPlacement[g]] & (1 << b)).join('+');
  for (let g = 0; g < model.slotCount; g++) {
    if (st.slotPlacement[g] < 0) continue;
    const t = st.slotStaff[g];
    const r = st.slotRoom[g];
    for (let h = g + 1; h < model.slotCount; h++) {
      if (st.slotPlacement[h] < 0 || !(st.slotCells[g] & st.slotCells[h])) continue;
      if (t >= 0 && st.slotStaff[h] === t) model.diagnostics.push(`${model.staffIds[t]} is fixed to teach both ${idOf(g)} and ${idOf(h)}, which share block ${whereOf(g)}.`);
      if (r >= 0 && st.slotRoom[h] === r) model.diagnostics.push(`Room ${model.roomIds[r]} is fixed for both ${idOf(g)} and ${idOf(h)}, which share block ${whereOf(g)}.`);
    }
    if (t >= 0 && model.staffUnavailableCells[t] & st.slotCells[g]) model.diagnostics.push(`${model.staffIds[t]} is fixed to teach ${idOf(g)} in block ${whereOf(g)}, where they are unavailable.`);
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
