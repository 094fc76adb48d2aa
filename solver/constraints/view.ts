/** What every rule's from-scratch evaluation reads: only the assignment, never the incremental counters. */
import type { Model } from '../model';
import type { PublishedBlocking } from './published';

export interface AssignmentView {
  slotPlacement: Int32Array; // slot -> placement, -1 closed
  slotStaff: Int32Array; // slot -> teacher, -1 none
  slotRoom: Int32Array; // slot -> room, -1 none
  seat: Int32Array; // s * seatWidth + k -> slot, -1 unseated
  /** A re-solve against a published blocking (published.ts): slot -> published group it continues, -1 none. */
  slotRef?: Int32Array;
  pub?: PublishedBlocking | null;
}

/** Students per slot, counted from the seats. */
export function slotSizes(m: Model, a: AssignmentView): Int32Array {
  const size = new Int32Array(m.slotCount);
  for (let i = 0; i < a.seat.length; i++) if (a.seat[i] >= 0) size[a.seat[i]]++;
  return size;
}

/** A slot's capacity: its course's maximum, lowered to its room's capacity when it has a room. */
export function slotCapacity(m: Model, a: AssignmentView, g: number): number {
  const max = m.courseMaxSize[m.slotCourse[g]];
  const r = a.slotRoom[g];
  return r >= 0 ? Math.min(max, m.roomCapacity[r]) : max;
}
