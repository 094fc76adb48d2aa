/**
 * The joint solve of a consortium: one ordinary solve of the combined scenario (reduce.ts), the repair of
 * places per member and far-apart buffers, and the split into one part per member (split.ts).
 *
 * Objective: the most pupils fully satisfied across the consortium (the ordinary solver's first aim on the
 * combined scenario). Fairness is shown, never traded silently: every part carries its member's figures,
 * and with several runs (seeds seed, seed + 1, ...) the plan kept is the best lexicographically on
 * (pupils fully satisfied in all, the lowest member's share fully satisfied, choices met), so between
 * plans equal in total the one whose worst-off school does best wins.
 */
import type { SolveOptions } from '../api';
import type { Result, Scenario } from '../types';
import { reduceConsortium, type JointModel } from './reduce';
import { relabelSchools } from './relabel';
import { memberFigures, repairCombined, splitMember, viewAdditions, type RepairReport } from './split';
import { PART_FORMAT, type Consortium, type ConsortiumPart } from './types';

export interface ConsortiumSolveOptions {
  /** Wall-clock seconds for the whole joint solve, shared between the runs; default 30. */
  timeSeconds?: number;
  seed?: number;
  /** Independent runs of the combined solve (different seeds), the best kept as above; default 1. */
  runs?: number;
  onProgress?: SolveOptions['onProgress'];
  shouldStop?: SolveOptions['shouldStop'];
  /** Run the exact steps after the search; default true. */
  exact?: boolean;
  workPerSecond?: number;
}

export interface ConsortiumOutcome {
  consortium: string;
  parts: ConsortiumPart[];
  /** Across the consortium. */
  students: number;
  fullySatisfied: number;
  /** The lowest member share of pupils fully satisfied (0..1). */
  lowestShare: number;
  repair: RepairReport;
  seconds: number;
  seed: number;
  /** The combined scenario's size, for the bench and the curious. */
  combined: { blocks: number; years: number; courses: number; students: number; collapsed: boolean };
}

function share(part: ConsortiumPart): number {
  return part.figures.students === 0 ? 1 : part.figures.fullySatisfied / part.figures.students;
}

function better(a: ConsortiumOutcome, b: ConsortiumOutcome): boolean {
  if (a.fullySatisfied !== b.fullySatisfied) return a.fullySatisfied > b.fullySatisfied;
  if (a.lowestShare !== b.lowestShare) return a.lowestShare > b.lowestShare;
  const met = (o: ConsortiumOutcome): number => o.parts.reduce((n, p) => n + p.figures.choicesMet, 0);
  return met(a) > met(b);
}

/** The first round's share of a run's time. */
const FIRST_ROUND_SHARE = 0.7;
/** Each later round's share (when the repair took anything); the relabelling passes get what is left. */
const LATER_ROUND_SHARE = 0.1;
/** The shortest solve worth starting after the first round. */
const MIN_STEP_SECONDS = 1;
/** The solve from the relabelled plan's share of a run's time. */
const RELABEL_SHARE = 0.1;
/** Relabel-and-solve passes while each gains. */
const RELABEL_PASSES = 3;
/** Rounds of solve-and-repair in one run: a round after the first only re-seats what the repair freed. */
const MAX_ROUNDS = 3;

/** Combined pupils with every one of their (combined) choices placed. */
function fullyPlaced(model: JointModel, combined: Result): number {
  const byId = new Map(combined.students.map((st) => [st.id, st]));
  let n = 0;
  for (const st of model.scenario.students) {
    const placed = byId.get(st.id)?.placed;
    if (placed && st.choices.every((c) => placed[c] !== undefined)) n++;
  }
  return n;
}

/**
 * One run: rounds of combined solve and repair, then the split. What the repair takes from a pupil (over its
 * school's places, or inside a far-apart buffer) is withheld from that pupil in the next round, whose search
 * starts from the repaired plan, so the freed seat can go to a pupil who can keep it.
 */
async function runOnce(consortium: Consortium, scenarios: Scenario[], options: ConsortiumSolveOptions, seed: number, timeSeconds: number, started: number): Promise<ConsortiumOutcome> {
  const { solve } = await import('../solve');
  const deadline = Date.now() + timeSeconds * 1000;
  const withheld = new Set<string>();
  let model: JointModel = reduceConsortium(consortium, scenarios);
  let initial: Result | undefined;
  let combined!: Result;
  const repair: RepairReport = { overPlaces: 0, buffers: 0, closedGroups: 0, taken: [] };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const left = (deadline - Date.now()) / 1000;
    combined = await solve(model.scenario, {
      timeSeconds: Math.max(0.5, round === 0 ? timeSeconds * FIRST_ROUND_SHARE : Math.min(left, timeSeconds * LATER_ROUND_SHARE)),
      seed,
      stopWhenPerfect: true,
      initial,
      onProgress: options.onProgress,
      shouldStop: options.shouldStop,
      exact: options.exact,
      workPerSecond: options.workPerSecond,
    });
    const taken = repairCombined(model, combined);
    repair.overPlaces += taken.overPlaces;
    repair.buffers += taken.buffers;
    repair.closedGroups += taken.closedGroups;
    repair.taken.push(...taken.taken);
    if (taken.taken.length === 0 || (deadline - Date.now()) / 1000 < 1 || options.shouldStop?.()) break;
    for (const k of taken.taken) withheld.add(k);
    model = reduceConsortium(consortium, scenarios, withheld);
    initial = combined;
  }
  // Each school's own groups moved wholesale to the permutation of its blocks that suits the shared groups (relabel.ts).
  for (let pass = 0; pass < RELABEL_PASSES; pass++) {
    const relabelled = fullyPlaced(model, combined) < model.scenario.students.length ? relabelSchools(model, combined) : null;
    const relabelLeft = (deadline - Date.now()) / 1000;
    if (!relabelled || relabelLeft < MIN_STEP_SECONDS || options.shouldStop?.()) break;
    const result = await solve(model.scenario, {
      timeSeconds: Math.min(relabelLeft, Math.max(MIN_STEP_SECONDS, timeSeconds * RELABEL_SHARE)),
      seed,
      stopWhenPerfect: true,
      initial: relabelled,
      shouldStop: options.shouldStop,
      exact: options.exact,
      workPerSecond: options.workPerSecond,
    });
    const taken = repairCombined(model, result);
    if (fullyPlaced(model, result) <= fullyPlaced(model, combined)) break;
    combined = result;
    repair.overPlaces += taken.overPlaces;
    repair.buffers += taken.buffers;
    repair.closedGroups += taken.closedGroups;
  }
  // What time is left goes to the search from the best plan (a later start of the same search, never worse).
  const rest = (deadline - Date.now()) / 1000;
  if (rest >= MIN_STEP_SECONDS && fullyPlaced(model, combined) < model.scenario.students.length && !options.shouldStop?.()) {
    const result = await solve(model.scenario, { timeSeconds: rest, seed: seed + 1, stopWhenPerfect: true, initial: combined, shouldStop: options.shouldStop, exact: options.exact, workPerSecond: options.workPerSecond });
    const taken = repairCombined(model, result);
    if (fullyPlaced(model, result) > fullyPlaced(model, combined)) {
      combined = result;
      repair.overPlaces += taken.overPlaces;
      repair.buffers += taken.buffers;
      repair.closedGroups += taken.closedGroups;
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const parts: ConsortiumPart[] = model.memberIds.map((member, m) => {
    const result = splitMember(model, combined, m, seconds, seed);
    return { format: PART_FORMAT, consortium: model.consortium.id, member, ...viewAdditions(model, m), result, figures: memberFigures(model, m, result) };
  });
  const students = parts.reduce((n, p) => n + p.figures.students, 0);
  const fullySatisfied = parts.reduce((n, p) => n + p.figures.fullySatisfied, 0);
  return {
    consortium: model.consortium.id,
    parts,
    students,
    fullySatisfied,
    lowestShare: Math.min(...parts.map(share)),
    repair,
    seconds,
    seed,
    combined: {
      blocks: model.scenario.blocks.length,
      years: model.scenario.years!.length,
      courses: model.scenario.courses.length,
      students: model.scenario.students.length,
      collapsed: model.collapsed,
    },
  };
}

/**
 * Plans the consortium. `scenarios[i]` is member i's scenario (its own or its demand file's), already
 * validated against the consortium (data/consortium.ts resolveConsortium).
 */
export async function solveConsortium(consortium: Consortium, scenarios: Scenario[], options: ConsortiumSolveOptions = {}): Promise<ConsortiumOutcome> {
  const started = Date.now();
  const runs = Math.max(1, Math.floor(options.runs ?? 1));
  const total = options.timeSeconds ?? 30;
  const seed = options.seed ?? 1;
  let best: ConsortiumOutcome | undefined;
  for (let r = 0; r < runs; r++) {
    const left = total - (Date.now() - started) / 1000;
    if (r > 0 && left <= 0.5) break;
    const outcome = await runOnce(consortium, scenarios, options, seed + r, Math.max(0.5, left / (runs - r)), started);
    if (best === undefined || better(outcome, best)) best = outcome;
    if (best.fullySatisfied === best.students || options.shouldStop?.()) break;
  }
  best!.seconds = (Date.now() - started) / 1000;
  for (const p of best!.parts) p.result.summary.seconds = best!.seconds;
  return best!;
}
