/**
 * Turns the whole-cohort model's plan (cohort.ts) into a blocking on a fresh search state, and keeps it only
 * when it keeps every hard rule.
 *
 * Steps: pinned groups stand (Search.warmStart places them); the plan's new groups open at their placements
 * within the scenario's group counts; each pattern's students (the type's students in model order) are seated
 * in a group of each chosen course at the pattern's placement with a free seat, keeping fixed seats and choice
 * rules; teachers and rooms are then handed out and, where the quick hand-out leaves a group without, assigned
 * exactly (warmStart); everyone else is seated by the search's own seater. If a rule is still broken the
 * search's repair closes what it must. The state is then evaluated from scratch (constraints/index.ts) and
 * discarded on any breach: the model relaxes how teachers and rooms pair with groups across cells and where
 * students who are not fully satisfied sit, so its plan is a candidate, never a promise.
 */
import { cellsOverlap, cellsOverlapExcept } from '../cells';
import { evaluateFromScratch } from '../constraints';
import { blockSetKey, placementBlocks, type Model } from '../model';
import type { Search } from '../search';
import type { State } from '../state';
import type { BoundInput } from './bound';
import type { CohortPlan, CohortStart } from './cohort';

/** Course c's placement in exactly these blocks (one, or two for span 2), or -1. */
function placementOf(m: Model, c: number, blocks: number[]): number {
  const set = [...new Set(blocks)];
  if (set.length < 1 || set.length > 2) return -1;
  const key = blockSetKey(m.blockCount, set[0], set[1] ?? -1);
  for (let p = m.placementStart[c]; p < m.placementStart[c + 1]; p++) if (m.placementBlockKey[p] === key) return p;
  return -1;
}

/** May one more group of course c open at placement p (maxGroups, maxGroupsPerBlock, groups per year)? */
function mayOpen(m: Model, st: State, c: number, p: number): boolean {
  if (st.courseOpen[c] + 1 > m.courseMaxGroups[c]) return false;
  for (const b of placementBlocks(m, p)) if (st.courseBlockCount[c * m.blockCount + b] + 1 > m.courseMaxPerBlock[c]) return false;
  for (let y = 0; y < m.yearCount; y++) if (m.courseYearMask[c] & (1 << y) && st.yearGroups[y] + 1 > m.maxGroupsPerYear) return false;
  return true;
}

/** Opens the plan's groups; seats the fully satisfied students it names; returns everyone left to seat. */
function applyPlan(m: Model, st: State, input: BoundInput, plan: CohortPlan): number[] {
  for (const grp of plan.groups) {
    const p = placementOf(m, grp.course, grp.blocks);
    if (p < 0) continue;
    for (let n = 0; n < grp.count; n++) {
      let g = -1;
      for (let h = m.slotStart[grp.course]; h < m.slotStart[grp.course + 1] && g < 0; h++) if (!m.slotPinned[h] && st.slotPlacement[h] < 0) g = h;
      if (g < 0 || !mayOpen(m, st, grp.course, p)) break;
      st.setPlacement(g, p);
    }
  }
  const seated = new Uint8Array(m.studentCount);
  const nextOfType = new Int32Array(input.types.length);
  // Seat index of course c among student s's choices, or -1.
  const choiceSeat = (s: number, c: number) => {
    const base = s * m.seatWidth;
    for (let k = 0; k < m.studentChoiceCount[s]; k++) if (m.seatCourse[base + k] === c) return base + k;
    return -1;
  };
  const seatIn = (s: number, c: number, p: number): boolean => {
    const i = choiceSeat(s, c);
    if (i < 0 || m.seatForbidden[i]) return false;
    const fixed = m.fixedSeat[i];
    for (let g = m.slotStart[c]; g < m.slotStart[c + 1]; g++) {
      if (st.slotPlacement[g] !== p || (fixed >= 0 && fixed !== g)) continue;
      if (st.slotLoad[g] >= st.slotCap[g] || cellsOverlap(st.studentCells, s, st.slotCells, g, m.cellWords)) continue;
      if (m.coursePlaces[c] >= 0 && st.courseLoad[c] >= m.coursePlaces[c]) return false;
      st.setSeat(i, g);
      return true;
    }
    return false;
  };
  for (const pat of plan.patterns) {
    const members = input.types[pat.type]?.students;
    if (!members) continue;
    const places = pat.courses.map((c, j) => placementOf(m, c, pat.blocks[j]));
    if (places.some((p) => p < 0)) continue;
    let done = 0;
    while (done < pat.count && nextOfType[pat.type] < members.length) {
      const s = members[nextOfType[pat.type]++];
      let ok = true;
      for (let j = 0; j < pat.courses.length && ok; j++) ok = seatIn(s, pat.courses[j], places[j]);
      if (ok) {
        seated[s] = 1;
        done++;
      } else st.unseatStudent(s);
    }
  }
  const rest: number[] = [];
  for (let s = 0; s < m.studentCount; s++) if (!seated[s]) rest.push(s);
  return rest;
}

/**
 * Brings each running group below its minimum size (pinned groups are exempt) up to it where students allow,
 * in this order: a chooser of the course not yet in it (a choice met), a chooser moving from a group of the
 * same course that stays at or above the minimum (nothing lost), a reserve holder with an unmet choice left
 * to stand in for (rule 3), a chooser not fully satisfied trading their one clashing seat for it. Never breaks a clash, a fixed seat, a choice rule, a group's size or places.
 */
/**
 * Seat i (a seat of the student whose seats are base .. base + n - 1) takes group g by giving up the one seat of
 * that student whose group clashes with g, when exactly one does, it is among the first `within` seats, it is
 * not fixed, its group keeps its minimum size without it, and g's course has a place left. Returns whether it did.
 */
function tradeClashingSeat(m: Model, st: State, base: number, n: number, within: number, i: number, g: number): boolean {
  let clash = -1;
  let clashes = 0;
  for (let j = 0; j < n; j++) {
    const h = st.seat[base + j];
    if (h >= 0 && cellsOverlap(st.slotCells, h, st.slotCells, g, m.cellWords)) {
      clash = base + j;
      clashes++;
    }
  }
  if (clashes !== 1 || clash - base >= within || m.fixedSeat[clash] >= 0) return false;
  const h = st.seat[clash];
  if (!m.slotPinned[h] && st.slotLoad[h] - 1 < m.courseMinSize[m.slotCourse[h]]) return false;
  const c = m.slotCourse[g];
  if (m.coursePlaces[c] >= 0 && st.courseLoad[c] >= m.coursePlaces[c]) return false;
  st.setSeat(clash, -1);
  st.setSeat(i, g);
  return true;
}

function fillSmallGroups(m: Model, st: State): void {
  const min = m.courseMinSize;
  for (let g = 0; g < m.slotCount; g++) {
    const c = m.slotCourse[g];
    if (st.slotPlacement[g] < 0 || m.slotPinned[g] || st.slotLoad[g] === 0 || st.slotLoad[g] >= min[c]) continue;
    for (let pass = 0; pass < 5 && st.slotLoad[g] < min[c]; pass++) {
      for (let s = 0; s < m.studentCount && st.slotLoad[g] < min[c]; s++) {
        if (st.slotLoad[g] >= st.slotCap[g]) break;
        const base = s * m.seatWidth;
        const nc = m.studentChoiceCount[s];
        const n = nc + m.studentReserveCount[s];
        for (let k = 0; k < n; k++) {
          const i = base + k;
          if (m.seatCourse[i] !== c || m.seatForbidden[i] || (m.fixedSeat[i] >= 0 && m.fixedSeat[i] !== g)) continue;
          const from = st.seat[i];
          if (from === g) break;
          const isChoice = k < nc;
          if (pass === 0 && !(isChoice && from < 0)) break;
          if (pass === 1 && !(isChoice && from >= 0 && !m.slotPinned[from] && st.slotLoad[from] > min[c] && m.fixedSeat[i] < 0)) break;
          if (pass === 2 && !(!isChoice && from < 0 && st.studentRes[s] < nc - st.studentMet[s])) break;
          if (pass === 4) {
            // A reserve holder gives up the one choice whose group clashes with g, and the reserve stands in
            // for it (rule 3): one student fewer fully satisfied where they were, which the plan counted on
            // (its minimum-size rows fill a group with students who are not fully satisfied).
            if (isChoice || from >= 0 || st.studentRes[s] >= nc - st.studentMet[s] + 1) break;
            tradeClashingSeat(m, st, base, n, nc, i, g);
            break;
          }
          if (pass === 3) {
            // A chooser not fully satisfied anyway trades the one seat that clashes with g for this choice
            // (choices met stay the same), when that seat is free to go (not fixed, its group stays at its minimum).
            if (!(isChoice && from < 0 && st.studentMet[s] < nc)) break;
            tradeClashingSeat(m, st, base, n, n, i, g);
            break;
          }
          // g must share no cell with s's groups, less the one s leaves.
          if (from >= 0 ? cellsOverlapExcept(st.slotCells, g, st.studentCells, s, st.slotCells, from, m.cellWords) : cellsOverlap(st.slotCells, g, st.studentCells, s, m.cellWords)) break;
          if (from < 0 && m.coursePlaces[c] >= 0 && st.courseLoad[c] >= m.coursePlaces[c]) break;
          st.setSeat(i, g);
          break;
        }
      }
    }
  }
}

/**
 * `fresh` (a new Search on model m, its limits for the exact teacher and room assignment set by the caller)
 * comes back holding the plan as a blocking keeping every hard rule (teachers, rooms, sizes, quotas, counts,
 * fixed seats, choice rules), or null when the plan could not be made into one. `polish` (a work budget, so
 * reproducible, and a wall-clock stop) lets the search's own moves mend what the plan leaves short.
 */
export async function blockingFromPlan(
  m: Model,
  input: BoundInput,
  plan: CohortPlan,
  fresh: Search,
  polish: { workBudget: number; deadlineMs: number } | null = null,
  trace?: (stage: string, st: State) => void,
): Promise<{ search: Search; clockStopped: boolean } | null> {
  if (m.mode !== 'build' || fresh.m !== m) return null;
  const search = fresh;
  let clockStopped = false;
  const ok = search.warmStart((st) => {
    const rest = applyPlan(m, st, input, plan);
    trace?.('plan applied', st);
    return rest;
  });
  trace?.('teachers, rooms and the rest seated', search.st);
  if (!ok) {
    // Groups the plan left short of their minimum (it filled them with students it does not name): fill them
    // from students who may sit there before the repair would close them.
    fillSmallGroups(m, search.st);
    search.st.commit();
    trace?.('small groups filled', search.st);
    // Still short somewhere (the plan's students who are not fully satisfied fill groups in a way it does not
    // name, and some of them clash): a short run of the search's own moves from here, whose best blocking
    // keeps the plan's gain where it can, before the repair closes what is left short.
    if (polish && search.st.hardViolations() > 0) {
      clockStopped = (await search.run({ workBudget: polish.workBudget, deadlineMs: polish.deadlineMs }, () => {})) === 'time';
      search.st.commit();
      trace?.('polished', search.st);
    }
    search.repair();
    search.st.commit();
    trace?.('repaired', search.st);
  }
  search.balanceAll();
  const st = search.st;
  if (st.hardViolations() > 0) return null;
  for (let c = 0; c < m.courseCount; c++) if (st.courseOpen[c] < m.courseMinGroups[c]) return null;
  const check = evaluateFromScratch(m, st);
  if (check.breaches.length > 0) return null;
  const t = check.terms;
  if (t.overflow + t.small + t.placesOver + t.unstaffed + t.unroomed > 0) return null;
  return { search, clockStopped };
}

/**
 * A blocking in the whole-cohort model's terms (the other way round from blockingFromPlan), to start HiGHS
 * from: its new groups holding a student, each fully satisfied student's pattern (the blocks of each of their
 * choices, by type), and where the others sit. Types must name their students (boundInput does).
 */
export function startOfState(m: Model, st: State, input: BoundInput): CohortStart | null {
  const blocksOf = (g: number) => placementBlocks(m, st.slotPlacement[g]);
  const groupCount = new Map<string, { course: number; blocks: number[]; count: number }>();
  for (let g = 0; g < m.slotCount; g++) {
    if (st.slotPlacement[g] < 0 || m.slotPinned[g] || st.slotLoad[g] === 0) continue;
    const blocks = blocksOf(g);
    const key = `${m.slotCourse[g]}:${blocks}`;
    const e = groupCount.get(key);
    if (e) e.count++;
    else groupCount.set(key, { course: m.slotCourse[g], blocks, count: 1 });
  }
  const patterns = new Map<string, CohortPlan['patterns'][number]>();
  const others = new Map<string, CohortStart['others'][number]>();
  let fully = 0;
  for (let t = 0; t < input.types.length; t++) {
    const members = input.types[t].students;
    if (!members) return null;
    const courses = [...new Set(input.types[t].choices)];
    for (const s of members) {
      const base = s * m.seatWidth;
      const n = m.studentChoiceCount[s] + m.studentReserveCount[s];
      if (st.studentMet[s] === m.studentChoiceCount[s]) {
        fully++;
        if (courses.length === 0) continue;
        const blocks = courses.map((c) => {
          for (let k = 0; k < m.studentChoiceCount[s]; k++) if (m.seatCourse[base + k] === c) return blocksOf(st.seat[base + k]);
          return [];
        });
        const key = `${t}|${blocks.join('|')}`;
        const e = patterns.get(key);
        if (e) e.count++;
        else patterns.set(key, { type: t, courses, blocks, count: 1 });
        continue;
      }
      for (let k = 0; k < n; k++) {
        const g = st.seat[base + k];
        if (g < 0) continue;
        const blocks = blocksOf(g);
        const key = `${m.slotCourse[g]}:${blocks}`;
        const e = others.get(key);
        if (e) e.count++;
        else others.set(key, { course: m.slotCourse[g], blocks, count: 1 });
      }
    }
  }
  return { groups: [...groupCount.values()], patterns: [...patterns.values()], others: [...others.values()], fullySatisfied: fully, objective: fully };
}
