/**
 * Plain-words reasons for a student's unmet choices, read off the final blocking: an enforced choice rule
 * forbids it ("PE and BTEC Sport may not be taken together: PE, the higher-ranked choice, is kept."), the course runs no group,
 * every group of it clashes with the student's other courses (named, with their blocks), or the groups that
 * would fit are full or the course's quota is used up.
 */
import { cellsOverlap } from './cells';
import { CHOICE_RULE_NOTE, placementBlocks, type Model } from './model';
import type { State } from './state';

function blocksOf(m: Model, placement: number): string {
  return placementBlocks(m, placement)
    .map((b) => m.blockLabels[b])
    .join('+');
}

export function unmetReasons(m: Model, st: State, s: number): string[] {
  const reasons: string[] = [];
  const base = s * m.seatWidth;
  const nc = m.studentChoiceCount[s];
  for (let k = 0; k < nc; k++) {
    if (st.seat[base + k] >= 0) continue;
    const forbidden = m.forbiddenReason.get(base + k);
    if (forbidden !== undefined) {
      reasons.push(forbidden);
      continue;
    }
    const c = m.seatCourse[base + k];
    const id = m.courseIds[c];
    const open: number[] = [];
    for (let g = m.slotStart[c]; g < m.slotStart[c + 1]; g++) if (st.slotPlacement[g] >= 0) open.push(g);
    if (open.length === 0) {
      reasons.push(noGroupReason(m, st, s, c));
      continue;
    }
    if (m.coursePlaces[c] >= 0 && st.courseLoad[c] >= m.coursePlaces[c]) {
      // The document's own figure: the model holds it clamped to the cohort (solver/model.ts).
      reasons.push(`${id} has used all ${m.scenario.courses[c].places ?? m.coursePlaces[c]} of its places.`);
      continue;
    }
    const clashes: string[] = [];
    const full: string[] = [];
    for (const g of open) {
      const clashWith: string[] = [];
      for (let j = 0; j < nc + m.studentReserveCount[s]; j++) {
        const h = st.seat[base + j];
        if (h >= 0 && cellsOverlap(st.slotCells, h, st.slotCells, g, m.cellWords)) clashWith.push(`${m.courseIds[m.seatCourse[base + j]]} (block ${blocksOf(m, st.slotPlacement[h])})`);
      }
      if (clashWith.length > 0) clashes.push(`block ${blocksOf(m, st.slotPlacement[g])} clashes with ${clashWith.join(' and ')}`);
      else full.push(`the ${id} group in block ${blocksOf(m, st.slotPlacement[g])} is full (${st.slotLoad[g]}/${st.slotCap[g]})`);
    }
    const parts = [...clashes, ...full];
    const lead = open.length === 1 ? `${id} runs only in block ${blocksOf(m, st.slotPlacement[open[0]])}` : `${id} runs in ${open.length} groups`;
    reasons.push(`${lead}: ${parts.join('; ')}.`);
  }
  return reasons;
}

/** Why course c runs no group, as far as this student is concerned. */
function noGroupReason(m: Model, st: State, s: number, c: number): string {
  const id = m.courseIds[c];
  const base = s * m.seatWidth;
  const noted = m.diagnostics.find((d) => !d.startsWith(CHOICE_RULE_NOTE) && (d.includes(` ${id} `) || d.startsWith(`${id} `) || d.includes(`teach ${id} `)));
  if (noted) return `${id} runs no group: ${noted}`;
  if (m.courseDemand[c] < m.courseMinSize[c]) {
    return `${id} runs no group: ${m.courseDemand[c]} students chose it, fewer than its minimum group size of ${m.scenario.courses[c].minGroupSize ?? m.courseMinSize[c]}.`;
  }
  // Would any allowed placement have been free of this student's other courses?
  const blockers = new Set<string>();
  let anyFree = false;
  for (let p = m.placementStart[c]; p < m.placementStart[c + 1]; p++) {
    let clash = false;
    for (let k = 0; k < m.studentChoiceCount[s] + m.studentReserveCount[s]; k++) {
      const g = st.seat[base + k];
      if (g >= 0 && cellsOverlap(st.slotCells, g, m.placementCells, p, m.cellWords)) {
        clash = true;
        blockers.add(`${m.courseIds[m.seatCourse[base + k]]} (block ${blocksOf(m, st.slotPlacement[g])})`);
      }
    }
    if (!clash) anyFree = true;
  }
  const allowed: string[] = [];
  for (let b = 0; b < m.blockCount; b++) if (m.courseBlockAllowed[c * m.blockCount + b]) allowed.push(m.blockLabels[b]);
  if (!anyFree && blockers.size > 0) {
    return `${id} runs no group, and could only run in block ${allowed.join(' or ')}, where this student already has ${[...blockers].join(' and ')}.`;
  }
  return `${id} runs no group: running one would leave more students without a choice elsewhere (${m.courseDemand[c]} chose it).`;
}
