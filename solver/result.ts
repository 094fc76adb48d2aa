/**
 * Turns a final search state into the result document of docs/format.md: groups with their blocks, years,
 * teacher, room and students; each student's placements, unmet choices and reserves; the summary.
 */
import { placementBlocks, type Model } from './model';
import type { State } from './state';
import type { Result, ResultGroup, ResultStudent } from './types';

export function buildResult(m: Model, st: State, extra: { seconds: number; seed: number; upperBound?: number }): Result {
  // Name new groups COURSE-n, skipping ids that pinned groups already use, and in a re-solve every published
  // id: a group continuing a published one keeps its id (State.slotRef), and no other takes one.
  const used = new Set<string>(m.slotGroupId.filter((x): x is string => x !== null));
  const pub = st.pub;
  if (pub) for (const id of pub.groupIds) used.add(id);
  const slotId: (string | null)[] = new Array(m.slotCount).fill(null);
  const groups: ResultGroup[] = [];
  for (let c = 0; c < m.courseCount; c++) {
    let n = 1;
    const open: number[] = [];
    for (let g = m.slotStart[c]; g < m.slotStart[c + 1]; g++) if (st.slotPlacement[g] >= 0) open.push(g);
    // Order a course's groups by their first block, so COURSE-1 is the leftmost.
    open.sort((a, b) => m.placementBlockKey[st.slotPlacement[a]] - m.placementBlockKey[st.slotPlacement[b]] || a - b);
    for (const g of open) {
      let id = m.slotGroupId[g];
      if (id === null && pub && st.slotRef[g] >= 0) id = pub.groupIds[st.slotRef[g]];
      if (id === null) {
        while (used.has(`${m.courseIds[c]}-${n}`)) n++;
        id = `${m.courseIds[c]}-${n}`;
        used.add(id);
      }
      slotId[g] = id;
      const blocks = placementBlocks(m, st.slotPlacement[g]).map((b) => m.blockLabels[b]);
      const years: number[] = [];
      for (let y = 0; y < m.yearCount; y++) if (m.courseYearMask[c] & (1 << y)) years.push(m.years[y]);
      const students: string[] = [];
      for (let i = st.slotHead[g]; i >= 0; i = st.seatNext[i]) students.push(m.studentIds[(i / m.seatWidth) | 0]);
      students.sort();
      const group: ResultGroup = {
        id,
        course: m.courseIds[c],
        blocks,
        years,
        staff: st.slotStaff[g] >= 0 ? [m.staffIds[st.slotStaff[g]]] : [],
        room: st.slotRoom[g] >= 0 ? m.roomIds[st.slotRoom[g]] : null,
        students,
      };
      if (m.slotPinned[g]) group.pinned = true;
      groups.push(group);
    }
  }
  const students: ResultStudent[] = [];
  let choicesMet = 0;
  let reservesUsed = 0;
  let fullySatisfied = 0;
  for (let s = 0; s < m.studentCount; s++) {
    // Course ids are data: with no prototype, a course called __proto__ is an own key like any other.
    const placed: Record<string, string> = Object.create(null);
    const unmet: string[] = [];
    const reserves: string[] = [];
    const base = s * m.seatWidth;
    const nc = m.studentChoiceCount[s];
    for (let k = 0; k < nc + m.studentReserveCount[s]; k++) {
      const g = st.seat[base + k];
      const course = m.courseIds[m.seatCourse[base + k]];
      if (g >= 0) {
        placed[course] = slotId[g]!;
        if (k >= nc) reserves.push(course);
        else choicesMet++;
      } else if (k < nc) unmet.push(course);
    }
    reservesUsed += reserves.length;
    if (unmet.length === 0) fullySatisfied++;
    students.push({ id: m.studentIds[s], placed, unmet, reserves });
  }
  const result: Result = {
    format: 'ks4-result/1',
    scenario: m.scenario.name,
    groups,
    students,
    summary: {
      students: m.studentCount,
      fullySatisfied,
      choices: m.totalChoices,
      choicesMet,
      reservesUsed,
      groups: groups.length,
      ...(extra.upperBound !== undefined ? { upperBound: extra.upperBound } : {}),
      seconds: Math.round(extra.seconds * 100) / 100,
      seed: extra.seed,
    },
  };
  return result;
}
