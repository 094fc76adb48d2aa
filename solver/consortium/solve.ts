/**
 * The joint solve of a consortium: one ordinary solve of the combined scenario (reduce.ts), the repair of
 * places per member and far-apart buffers, and the split into one part per member (split.ts).
 *
 * Objective: the most pupils fully satisfied across the consortium (the ordinary solver's first aim on the
 * combined scenario), never fewer than with every school planning alone around the shared courses placed by
 * hand in their first common column (handPlaced: that plan is made first and is a candidate). Fairness is
 * shown, never traded silently: every part carries its member's figures and its figure planning alone
 * (`figures.alone`), the outcome names the schools left worse off (`worseOff`), and between plans the order is
 * lexicographic on (pupils fully satisfied in all, pupils lost by the schools worse off than alone, the lowest
 * member's share fully satisfied, choices met): between plans equal in total, the one where no school loses
 * wins, then the one whose worst-off school does best. Several runs (seeds seed, seed + 1, ...) keep the best
 * in the same order.
 */
import type { SolveOptions } from '../api';
import type { Result, Scenario } from '../types';
import { allowedColumns, reduceConsortium, type JointModel } from './reduce';
import { moveSharedGroups, relabelSchools } from './relabel';
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
  /**
   * Member id -> its pupils fully satisfied planning alone around the shared courses placed by hand in their
   * first common column (the plan the joint solve must beat); null when no shared course has a choice of column.
   */
  alone: Record<string, number> | null;
  /** The plan by hand's pupils fully satisfied in all; null as `alone`. */
  aloneFullySatisfied: number | null;
  /** Members the joint plan leaves with fewer pupils fully satisfied than planning alone: shown, never silent. */
  worseOff: string[];
  repair: RepairReport;
  seconds: number;
  seed: number;
  /** The combined scenario's size, for the bench and the curious. */
  combined: { blocks: number; years: number; courses: number; students: number; collapsed: boolean };
}

function share(part: ConsortiumPart): number {
  return part.figures.students === 0 ? 1 : part.figures.fullySatisfied / part.figures.students;
}

/** Pupils the schools worse off than planning alone lose between them, in an outcome. */
function outcomeLost(o: ConsortiumOutcome): number {
  if (o.alone === null) return 0;
  return o.parts.reduce((n, p) => n + Math.max(0, (o.alone![p.member] ?? 0) - p.figures.fullySatisfied), 0);
}

function better(a: ConsortiumOutcome, b: ConsortiumOutcome): boolean {
  if (a.fullySatisfied !== b.fullySatisfied) return a.fullySatisfied > b.fullySatisfied;
  if (outcomeLost(a) !== outcomeLost(b)) return outcomeLost(a) < outcomeLost(b);
  if (a.lowestShare !== b.lowestShare) return a.lowestShare > b.lowestShare;
  const met = (o: ConsortiumOutcome): number => o.parts.reduce((n, p) => n + p.figures.choicesMet, 0);
  return met(a) > met(b);
}

/** The plan by hand's share of a run's time (it is easier: the shared groups' columns are fixed). */
const HAND_SHARE = 0.25;
/** The first round's share of what the plan by hand leaves. */
const FIRST_ROUND_SHARE = 0.7;
/** Each later round's share (when the repair took anything); the relabelling passes get what is left. */
const LATER_ROUND_SHARE = 0.1;
/** The shortest solve worth starting after the first round. */
const MIN_STEP_SECONDS = 1;
/** The solve from the relabelled plan's share of a run's time. */
const RELABEL_SHARE = 0.1;
/** Relabel-and-solve passes while each gains. */
const RELABEL_PASSES = 6;
/** Rounds of solve-and-repair in one run: a round after the first only re-seats what the repair freed. */
const MAX_ROUNDS = 3;

/** Search moves without a gain after which a joint solve counts as stalled (and at least STALL_FACTOR times the moves to its last gain). */
const STALL_MOVES = 100_000;
const STALL_FACTOR = 3;

/**
 * A solve's progress and stop hooks that also stop it once it has stalled: no more pupils fully satisfied and no
 * more choices met for STALL_MOVES moves and STALL_FACTOR times the moves it took to its last gain. A joint solve
 * stalls where each school's own groups sit in a permutation of its blocks that the shared groups do not fit
 * (planted, 10 schools of 100 pupils: 942 of 1,000 after 3,600 moves, then nothing for 30 s); the relabelling
 * passes after it undo exactly that, so the time is theirs. Counted in moves, not seconds: the same on any machine
 * but for the moment a progress report lands.
 */
function stallGuard(options: ConsortiumSolveOptions): Pick<SolveOptions, 'onProgress' | 'shouldStop'> {
  let best = -1;
  let bestMet = -1;
  let movesAtGain = 0;
  let stalled = false;
  return {
    onProgress: (p) => {
      if (p.fullySatisfied > best || (p.fullySatisfied === best && p.choicesMet > bestMet)) {
        best = p.fullySatisfied;
        bestMet = p.choicesMet;
        movesAtGain = p.moves;
      } else if (p.phase === 'search' && p.moves - movesAtGain > Math.max(STALL_MOVES, STALL_FACTOR * movesAtGain)) stalled = true;
      options.onProgress?.(p);
    },
    shouldStop: () => stalled || options.shouldStop?.() === true,
  };
}

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

/** A joint plan (a combined result after the repair) with its members' figures as the split counts them. */
interface Candidate {
  combined: Result;
  /** Per member: pupils fully satisfied, pupils, choices met (the split's figures: withheld choices count unmet). */
  satisfied: number[];
  students: number[];
  choicesMet: number;
  total: number;
}

function evaluate(base: JointModel, combined: Result): Candidate {
  const satisfied: number[] = [];
  const students: number[] = [];
  let choicesMet = 0;
  base.memberIds.forEach((_, m) => {
    const s = splitMember(base, combined, m, 0, 0).summary;
    satisfied.push(s.fullySatisfied);
    students.push(s.students);
    choicesMet += s.choicesMet;
  });
  return { combined, satisfied, students, choicesMet, total: satisfied.reduce((a, b) => a + b, 0) };
}

/** Pupils the schools made worse off than planning alone lose between them (0 without a by-hand plan). */
function lostToAlone(c: Candidate, alone: readonly number[] | null): number {
  if (alone === null) return 0;
  let lost = 0;
  c.satisfied.forEach((n, m) => (lost += Math.max(0, alone[m] - n)));
  return lost;
}

function lowest(c: Candidate): number {
  return Math.min(...c.satisfied.map((n, m) => (c.students[m] === 0 ? 1 : n / c.students[m])));
}

/**
 * The consortium's order of plans (docs/consortium.md, The joint solve): more pupils fully satisfied across the
 * consortium; then fewer pupils lost by the schools a plan leaves worse off than planning alone; then a higher
 * lowest school share; then more choices met.
 */
function betterCandidate(a: Candidate, b: Candidate, alone: readonly number[] | null): boolean {
  if (a.total !== b.total) return a.total > b.total;
  const la = lostToAlone(a, alone);
  const lb = lostToAlone(b, alone);
  if (la !== lb) return la < lb;
  const sa = lowest(a);
  const sb = lowest(b);
  if (sa !== sb) return sa > sb;
  return a.choicesMet > b.choicesMet;
}

/**
 * The consortium with every shared course held to the first common column it may use: each school planning
 * alone around the shared groups placed by hand (once the shared groups' columns are fixed nothing ties one
 * school's blocking to another's). Null when that is the consortium itself (no shared course has a choice).
 */
export function handPlaced(consortium: Consortium): Consortium | null {
  let changed = false;
  const sharedCourses = consortium.sharedCourses.map((course) => {
    const columns = allowedColumns(consortium, course);
    if (columns.length <= 1) return course;
    changed = true;
    return { ...course, columns: [columns[0]] };
  });
  return changed ? { ...consortium, sharedCourses } : null;
}

/**
 * One run. First rounds of combined solve and repair from the joint construction, then the relabelling passes
 * (1 - HAND_SHARE of the time between them); what the repair takes from a pupil is withheld from that pupil in
 * the next round, whose search starts from the repaired plan, so the freed seat can go to a pupil who can keep
 * it. Then, unless the joint plan satisfies everyone (no school can then be worse off), the plan by hand
 * (handPlaced, HAND_SHARE of the time): the baseline every school could reach alone, and a candidate. The time
 * left goes to a search from the better of the two (a search from a plan ends no worse than it), and the best
 * candidate in the consortium's order (betterCandidate) is kept: never worse in total than the plan by hand, and
 * a school left worse off than by hand is named in the outcome. (The plan by hand comes second so that a
 * consortium the joint solve satisfies in full, like the planted ones, spends nothing on it.)
 */
async function runOnce(consortium: Consortium, scenarios: Scenario[], options: ConsortiumSolveOptions, seed: number, timeSeconds: number, started: number): Promise<ConsortiumOutcome> {
  const { solve } = await import('../solve');
  const deadline = Date.now() + timeSeconds * 1000;
  const base: JointModel = reduceConsortium(consortium, scenarios);
  const common = { seed, stopWhenPerfect: true, shouldStop: options.shouldStop, exact: options.exact, workPerSecond: options.workPerSecond };
  const repair: RepairReport = { overPlaces: 0, buffers: 0, closedGroups: 0, taken: [] };
  const addRepair = (taken: RepairReport): void => {
    repair.overPlaces += taken.overPlaces;
    repair.buffers += taken.buffers;
    repair.closedGroups += taken.closedGroups;
  };

  // The joint plan's time: the plan by hand takes HAND_SHARE after it, only when the joint plan leaves someone out.
  const jointSeconds = timeSeconds * (1 - HAND_SHARE);
  const jointDeadline = Date.now() + jointSeconds * 1000;

  // 1. The joint rounds, from the joint construction.
  const withheld = new Set<string>();
  let model: JointModel = base;
  let initial: Result | undefined;
  let combined!: Result;
  const jointRepair: RepairReport = { overPlaces: 0, buffers: 0, closedGroups: 0, taken: [] };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const left = (jointDeadline - Date.now()) / 1000;
    combined = await solve(model.scenario, {
      ...common,
      timeSeconds: Math.max(0.5, round === 0 ? jointSeconds * FIRST_ROUND_SHARE : Math.min(left, jointSeconds * LATER_ROUND_SHARE)),
      initial,
      ...stallGuard(options),
    });
    const taken = repairCombined(model, combined);
    jointRepair.overPlaces += taken.overPlaces;
    jointRepair.buffers += taken.buffers;
    jointRepair.closedGroups += taken.closedGroups;
    jointRepair.taken.push(...taken.taken);
    if (taken.taken.length === 0 || (jointDeadline - Date.now()) / 1000 < 1 || options.shouldStop?.()) break;
    for (const k of taken.taken) withheld.add(k);
    model = reduceConsortium(consortium, scenarios, withheld);
    initial = combined;
  }
  // Each school's own groups moved wholesale to the permutation of its blocks that suits the shared groups (relabel.ts).
  if (combined !== undefined) {
    for (let pass = 0; pass < RELABEL_PASSES; pass++) {
      // The schools relabelled around the shared groups; when no school gains, shared groups moved to other columns.
      const relabelled = fullyPlaced(model, combined) < model.scenario.students.length ? (relabelSchools(model, combined) ?? moveSharedGroups(model, combined)) : null;
      const relabelLeft = (jointDeadline - Date.now()) / 1000;
      if (!relabelled || relabelLeft < MIN_STEP_SECONDS || options.shouldStop?.()) break;
      const result = await solve(model.scenario, { ...common, timeSeconds: Math.min(relabelLeft, Math.max(MIN_STEP_SECONDS, jointSeconds * RELABEL_SHARE)), initial: relabelled, ...stallGuard({ shouldStop: options.shouldStop }) });
      const taken = repairCombined(model, result);
      if (fullyPlaced(model, result) <= fullyPlaced(model, combined)) break;
      combined = result;
      jointRepair.overPlaces += taken.overPlaces;
      jointRepair.buffers += taken.buffers;
      jointRepair.closedGroups += taken.closedGroups;
    }
  }
  const joint = evaluate(base, combined);
  let best: Candidate = joint;
  let bestRepair: RepairReport = jointRepair;

  // 2. By hand, when someone is left out (else no school can be worse off) and no stop was heard.
  const byHand = joint.total < base.scenario.students.length && !options.shouldStop?.() ? handPlaced(consortium) : null;
  let hand: Candidate | null = null;
  if (byHand !== null) {
    const handModel = reduceConsortium(byHand, scenarios);
    const handLeft = (deadline - Date.now()) / 1000;
    const result = await solve(handModel.scenario, { ...common, timeSeconds: Math.max(0.5, Math.min(handLeft, timeSeconds * HAND_SHARE)) });
    const handRepair = repairCombined(handModel, result);
    hand = evaluate(base, result);
    if (betterCandidate(hand, best, hand.satisfied)) {
      best = hand;
      bestRepair = handRepair;
    }
  }
  const alone = hand === null ? null : hand.satisfied;
  // 3. What time is left goes to the search from the better plan (a later start of the same search, never worse).
  const rest = (deadline - Date.now()) / 1000;
  if (rest >= MIN_STEP_SECONDS && best.total < base.scenario.students.length && !options.shouldStop?.()) {
    const result = await solve(model.scenario, { ...common, timeSeconds: rest, seed: seed + 1, initial: best.combined });
    const taken = repairCombined(model, result);
    const last = evaluate(base, result);
    if (betterCandidate(last, best, alone)) {
      best = last;
      bestRepair = { overPlaces: bestRepair.overPlaces + taken.overPlaces, buffers: bestRepair.buffers + taken.buffers, closedGroups: bestRepair.closedGroups + taken.closedGroups, taken: [] };
    }
  }
  addRepair(bestRepair);
  const seconds = (Date.now() - started) / 1000;
  const parts: ConsortiumPart[] = base.memberIds.map((member, m) => {
    const result = splitMember(base, best.combined, m, seconds, seed);
    const figures = memberFigures(base, m, result);
    if (alone !== null) figures.alone = alone[m];
    return { format: PART_FORMAT, consortium: base.consortium.id, member, ...viewAdditions(base, m), result, figures };
  });
  const students = parts.reduce((n, p) => n + p.figures.students, 0);
  const fullySatisfied = parts.reduce((n, p) => n + p.figures.fullySatisfied, 0);
  return {
    consortium: base.consortium.id,
    parts,
    students,
    fullySatisfied,
    lowestShare: Math.min(...parts.map(share)),
    alone: alone === null ? null : Object.fromEntries(base.memberIds.map((id, m) => [id, alone[m]])),
    aloneFullySatisfied: hand === null ? null : hand.total,
    worseOff: alone === null ? [] : parts.filter((p, m) => p.figures.fullySatisfied < alone[m]).map((p) => p.member),
    repair,
    seconds,
    seed,
    combined: {
      blocks: base.scenario.blocks.length,
      years: base.scenario.years!.length,
      courses: base.scenario.courses.length,
      students: base.scenario.students.length,
      collapsed: base.collapsed,
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
