/**
 * Rule: with rooms listed, every running home group whose course names a room type or a room list has a room of
 * that type (or from the list), available in all its cells and holding no other group in the same block and year.
 * (Its capacity is enforced through the group's capacity, in capacity.ts.)
 */
import { cellsAdd, cellsOverlap } from '../cells';
import type { Model } from '../model';
import type { AssignmentView } from './view';

export function roomsRule(m: Model, a: AssignmentView): { unroomed: number; breaches: string[] } {
  const breaches: string[] = [];
  let unroomed = 0;
  const busy = new Int32Array(m.roomCount * m.cellWords); // cells each room holds so far
  for (let g = 0; g < m.slotCount; g++) {
    const p = a.slotPlacement[g];
    const c = m.slotCourse[g];
    const r = a.slotRoom[g];
    if (p < 0 || !m.courseNeedsRoom[c]) {
      if (r >= 0) breaches.push(`slot ${g} holds room ${m.roomIds[r]} but needs none`);
      continue;
    }
    if (r < 0) {
      unroomed++;
      continue;
    }
    let suitable = false;
    for (let i = m.courseRoomStart[c]; i < m.courseRoomStart[c + 1]; i++) if (m.courseRooms[i] === r) suitable = true;
    if (!suitable) breaches.push(`room ${m.roomIds[r]} does not suit ${m.courseIds[c]}`);
    if (cellsOverlap(m.roomUnavailableCells, r, m.placementCells, p, m.cellWords)) breaches.push(`room ${m.roomIds[r]} is unavailable for slot ${g}`);
    if (cellsOverlap(busy, r, m.placementCells, p, m.cellWords)) breaches.push(`room ${m.roomIds[r]} holds two groups in one cell`);
    cellsAdd(busy, r, m.placementCells, p, m.cellWords);
  }
  return { unroomed, breaches };
}
