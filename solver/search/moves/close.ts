/**
 * The close move: a random running group (above its course's minimum number of groups) closes, its teacher
 * and room freed, and its students are re-seated in the course's other groups or elsewhere. It saves a group
 * (a tier of docs/format.md) and frees a teacher, a room and a block for other courses; the score judges what
 * the students lose.
 */
import { releaseResources } from '../../assign';
import type { MoveHost } from '../host';
import { randomOpenFreeSlot } from './pick';

/** The close move; returns false when it found nothing to do. */
export function closeMove(h: MoveHost): boolean {
  const { m, st } = h;
  const g = randomOpenFreeSlot(h);
  if (g < 0) return false;
  const c = m.slotCourse[g];
  if (st.courseOpen[c] <= m.courseMinGroups[c]) return false;
  h.emptySlot(g);
  releaseResources(st, g);
  st.setPlacement(g, -1);
  h.reseatTouched();
  h.relieveOverflow(3);
  return true;
}
