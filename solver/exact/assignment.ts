/**
 * Exact teachers and rooms for the groups now running: a small 0-1 programme solved with
 * javascript-lp-solver, used when the greedy hand-out with augmenting paths (assign.ts) leaves a group
 * without a teacher or a room. The programme is small (a variable per group and qualified, available
 * teacher or suitable, free room), and its answer is checked before it is used: integral, every constraint
 * kept, and strictly better than what the state already holds; otherwise it is ignored.
 *
 *   maximise   sum x[g,r]  (+ a little for keeping a group's current teacher or room)
 *   subject to sum_r x[g,r] <= 1                      each group at most one teacher (room)
 *              sum_{g in cell} x[g,r] <= 1            a teacher (room) holds one group per block and year
 *              sum_{g in year} x[g,t] <= maxGroups    a teacher's load (teachers only)
 */
import solver, { type Model as LpModel, type SolveResult } from 'javascript-lp-solver';
import { cellHas, cellsAdd, cellsOverlapEither } from '../cells';
import type { State } from '../state';

const KEEP_BONUS = 0.001;

interface Pair {
  g: number;
  r: number;
}

type Kind = 'staff' | 'room';

/**
 * The pairs the programme chooses from. Teachers and rooms fixed by the scenario are not variables: their
 * cells and load are taken as already used, so a scenario that fixes most of them leaves a tiny programme.
 */
function candidates(st: State, kind: Kind): { pairs: Pair[]; fixedLoad: Int32Array } {
  const m = st.m;
  const n = kind === 'staff' ? m.staffCount : m.roomCount;
  const fixedBusy = new Int32Array(n * m.cellWords); // cells each teacher (room) holds by the scenario's fixing
  const fixedLoad = new Int32Array(n * m.yearCount);
  for (let g = 0; g < m.slotCount; g++) {
    if (st.slotPlacement[g] < 0) continue;
    const r = kind === 'staff' ? (st.needsStaff(g) ? m.slotPinnedStaff[g] : -1) : st.needsRoom(g) ? m.slotPinnedRoom[g] : -1;
    if (r < 0) continue;
    cellsAdd(fixedBusy, r, st.slotCells, g, m.cellWords);
    for (let y = 0; y < m.yearCount; y++) if (m.courseYearMask[m.slotCourse[g]] & (1 << y)) fixedLoad[r * m.yearCount + y]++;
  }
  const loadFree = (t: number, years: number) => {
    for (let y = 0; y < m.yearCount; y++) if (years & (1 << y) && fixedLoad[t * m.yearCount + y] >= m.staffMaxGroups[t]) return false;
    return true;
  };
  const pairs: Pair[] = [];
  for (let g = 0; g < m.slotCount; g++) {
    if (st.slotPlacement[g] < 0) continue;
    const c = m.slotCourse[g];
    if (kind === 'staff') {
      if (!st.needsStaff(g) || m.slotPinnedStaff[g] >= 0) continue;
      for (let i = m.courseStaffStart[c]; i < m.courseStaffStart[c + 1]; i++) {
        const t = m.courseStaff[i];
        if (!cellsOverlapEither(st.slotCells, g, m.staffUnavailableCells, t, fixedBusy, t, m.cellWords) && loadFree(t, m.courseYearMask[c])) pairs.push({ g, r: t });
      }
    } else {
      if (!st.needsRoom(g) || m.slotPinnedRoom[g] >= 0) continue;
      for (let i = m.courseRoomStart[c]; i < m.courseRoomStart[c + 1]; i++) {
        const r = m.courseRooms[i];
        if (!cellsOverlapEither(st.slotCells, g, m.roomUnavailableCells, r, fixedBusy, r, m.cellWords) && m.roomCapacity[r] >= st.slotLoad[g]) pairs.push({ g, r });
      }
    }
  }
  return { pairs, fixedLoad };
}

/**
 * The size of the programme assignExactly would build: its 0-1 columns (pairs) and rows. javascript-lp-solver
 * keeps a dense tableau with a row per constraint and per binary column's upper bound, so its memory is about
 * 8 bytes x pairs x (pairs + rows), and every branch copies it (5,000 students: 29,000 room pairs, 7 GB and
 * 29 s). Callers skip the programme when that is too large (see Search.assignResourcesExactly).
 */
export function assignmentSize(st: State, kind: Kind): { pairs: number; rows: number; tableauCells: number } {
  const m = st.m;
  const { pairs } = candidates(st, kind);
  const n = kind === 'staff' ? m.staffCount : m.roomCount;
  const usedCell = new Uint8Array(n * m.cellCount);
  const usedLoad = new Uint8Array(n * m.yearCount);
  const usedGroup = new Uint8Array(m.slotCount);
  let rows = 0;
  for (const { g, r } of pairs) {
    if (!usedGroup[g]) {
      usedGroup[g] = 1;
      rows++;
    }
    for (let cell = 0; cell < m.cellCount; cell++) {
      if (cellHas(st.slotCells, g, cell, m.cellWords) && !usedCell[r * m.cellCount + cell]) {
        usedCell[r * m.cellCount + cell] = 1;
        rows++;
      }
    }
    if (kind !== 'staff' || m.staffMaxGroups[r] >= 1 << 28) continue;
    const years = m.courseYearMask[m.slotCourse[g]];
    for (let y = 0; y < m.yearCount; y++) {
      if (years & (1 << y) && !usedLoad[r * m.yearCount + y]) {
        usedLoad[r * m.yearCount + y] = 1;
        rows++;
      }
    }
  }
  return { pairs: pairs.length, rows, tableauCells: pairs.length * (pairs.length + rows) };
}

/**
 * Re-assigns every teacher (or room) of the running groups exactly, when that staffs more groups than now.
 * Returns the number of groups that gained one (0 when nothing better exists or the answer failed its check).
 */
export function assignExactly(st: State, kind: Kind, timeoutMs = 250): number {
  const m = st.m;
  const { pairs, fixedLoad } = candidates(st, kind);
  if (pairs.length === 0) return 0;
  const pinnedOf = kind === 'staff' ? m.slotPinnedStaff : m.slotPinnedRoom;
  const current = kind === 'staff' ? st.slotStaff : st.slotRoom;
  const lp: LpModel = { optimize: 'held', opType: 'max', constraints: {}, variables: {}, binaries: {}, options: { timeout: timeoutMs } };
  const constraints = lp.constraints as Record<string, { max: number }>;
  pairs.forEach(({ g, r }, i) => {
    const name = `x${i}`;
    const coefs: Record<string, number> = { held: 1 + (current[g] === r ? KEEP_BONUS : 0), [`g${g}`]: 1 };
    constraints[`g${g}`] = { max: 1 };
    for (let cell = 0; cell < m.cellCount; cell++) {
      if (!cellHas(st.slotCells, g, cell, m.cellWords)) continue;
      coefs[`c${r}_${cell}`] = 1;
      constraints[`c${r}_${cell}`] = { max: 1 };
    }
    if (kind === 'staff') {
      const years = m.courseYearMask[m.slotCourse[g]];
      for (let y = 0; y < m.yearCount; y++) {
        if (!(years & (1 << y)) || m.staffMaxGroups[r] >= 1 << 28) continue;
        coefs[`l${r}_${y}`] = 1;
        constraints[`l${r}_${y}`] = { max: m.staffMaxGroups[r] - fixedLoad[r * m.yearCount + y] };
      }
    }
    lp.variables[name] = coefs;
    lp.binaries![name] = 1;
  });
  let answer: SolveResult;
  try {
    answer = solver.Solve(lp) as SolveResult;
  } catch {
    return 0;
  }
  if (!answer || !answer.feasible) return 0;
  // Groups with a fixed teacher (room) keep it; the programme chose for the others.
  const chosen = new Int32Array(m.slotCount).fill(-1);
  for (let g = 0; g < m.slotCount; g++) if (st.slotPlacement[g] >= 0 && pinnedOf[g] >= 0) chosen[g] = current[g];
  for (let i = 0; i < pairs.length; i++) {
    const v = Number(answer[`x${i}`] ?? 0);
    if (Math.abs(v - Math.round(v)) > 1e-6) return 0; // fractional: not an answer to use
    if (Math.round(v) === 1) {
      if (chosen[pairs[i].g] >= 0) return 0;
      chosen[pairs[i].g] = pairs[i].r;
    }
  }
  if (!keepsRules(st, kind, chosen)) return 0;
  let before = 0;
  let after = 0;
  for (let g = 0; g < m.slotCount; g++) {
    if (current[g] >= 0) before++;
    if (chosen[g] >= 0) after++;
  }
  if (after <= before) return 0;
  // Apply: release the free ones first so no intermediate state double-books.
  const set = (g: number, r: number) => (kind === 'staff' ? st.setStaff(g, r) : st.setRoom(g, r));
  for (let g = 0; g < m.slotCount; g++) if (current[g] >= 0 && pinnedOf[g] < 0) set(g, -1);
  for (let g = 0; g < m.slotCount; g++) if (chosen[g] >= 0 && pinnedOf[g] < 0) set(g, chosen[g]);
  return after - before;
}

/** Independent check of an assignment: no double booking, availability, load, qualification. */
function keepsRules(st: State, kind: Kind, chosen: Int32Array): boolean {
  const m = st.m;
  const n = kind === 'staff' ? m.staffCount : m.roomCount;
  const busy = new Int32Array(n * m.cellWords); // cells each teacher (room) holds so far
  const load = new Int32Array(n * m.yearCount);
  for (let g = 0; g < m.slotCount; g++) {
    const r = chosen[g];
    if (r < 0) continue;
    if (st.slotPlacement[g] < 0) return false;
    const unavailable = kind === 'staff' ? m.staffUnavailableCells : m.roomUnavailableCells;
    if (cellsOverlapEither(st.slotCells, g, busy, r, unavailable, r, m.cellWords)) return false;
    cellsAdd(busy, r, st.slotCells, g, m.cellWords);
    const c = m.slotCourse[g];
    if (kind === 'staff') {
      if (m.slotPinnedStaff[g] < 0 && !m.courseStaff.subarray(m.courseStaffStart[c], m.courseStaffStart[c + 1]).includes(r)) return false;
      for (let y = 0; y < m.yearCount; y++) {
        if (m.courseYearMask[c] & (1 << y) && ++load[r * m.yearCount + y] > m.staffMaxGroups[r]) return false;
      }
    } else if (m.slotPinnedRoom[g] < 0 && !m.courseRooms.subarray(m.courseRoomStart[c], m.courseRoomStart[c + 1]).includes(r)) {
      return false;
    }
  }
  return true;
}
