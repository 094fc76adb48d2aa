/**
 * Students a result counts fully satisfied because they made no choices (FORMAT.md: fully satisfied when
 * nothing is unmet), read from the result alone, and the words for them. Pure, for the figures on screen
 * (components/Figures.tsx) and the message after a solve (actions.ts).
 */
import type { Result } from '../../solver';

/**
 * Students of a result who made no choices: nothing placed and nothing unmet. A student with a choice
 * has it either placed or unmet, and reserves are placed only for unmet choices, so this reads the
 * result alone and counts the students its figures were worked out on.
 */
export function studentsWithoutChoices(result: Result): number {
  let n = 0;
  for (const s of result.students) {
    if (s.unmet.length > 0) continue;
    let placed = false;
    for (const _ in s.placed) {
      placed = true;
      break;
    }
    if (!placed) n++;
  }
  return n;
}

/** "212 students have made no choices yet: they count as fully satisfied by definition, and the figures rest on the 28 who have." */
export function withoutChoicesText(withoutChoices: number, students: number): string {
  const chose = students - withoutChoices;
  const who = withoutChoices === 1 ? '1 student has' : `${withoutChoices} students have`;
  const rest = chose === 0 ? 'so the figures say nothing yet: nobody has chosen' : `and the figures rest on the ${chose} who ${chose === 1 ? 'has' : 'have'}`;
  return `${who} made no choices yet: they count as fully satisfied by definition, ${rest}.`;
}
