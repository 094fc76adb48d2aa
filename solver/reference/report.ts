/**
 * The moves against a published blocking as lines of text, for `ks4 check --reference` and anything else
 * that prints them: the stability figures, the groups moved, cancelled and new, then the change list, one
 * line per pupil and course, sorted by pupil: "P001 Amy Khan, History: HIS-1 (block A) -> HIS-2 (block C): why".
 */
import type { Scenario } from '../types';
import { MOVE_REASONS, type PlacementChanges } from './placement-changes';

export function changeReportLines(changes: PlacementChanges, published: Scenario, current: Scenario): string[] {
  const f = changes.figures;
  const courseName = new Map([...published.courses, ...current.courses].map((c) => [c.id, c.name]));
  const pupilName = new Map([...published.students, ...current.students].map((s) => [s.id, s.name]));
  const where = (p: { group: string; blocks: string[] } | null) => (p === null ? 'not placed' : `${p.group} (${p.blocks.length === 1 ? 'block' : 'blocks'} ${p.blocks.join('+')})`);
  const lines = [
    `Pupils: ${f.pupilsUnchanged} of ${f.pupilsInBoth} unchanged (same groups and blocks in every course they kept); ${f.pupilsWithMoves} with a move; ${f.pupilsJoined} joined; ${f.pupilsLeft} left`,
    `Groups: ${f.groupsUnchanged} of ${f.groupsPublished} unchanged (same id, course and blocks); ${f.groupsMoved} moved; ${f.groupsCancelled} cancelled; ${f.groupsNew} new`,
  ];
  if (changes.groups.moved.length) lines.push(`  Moved: ${changes.groups.moved.map((g) => `${g.group} (${g.from.join('+')} -> ${g.to.join('+')})`).join(', ')}`);
  if (changes.groups.cancelled.length) lines.push(`  Cancelled: ${changes.groups.cancelled.join(', ')}`);
  if (changes.groups.added.length) lines.push(`  New: ${changes.groups.added.join(', ')}`);
  if (changes.moves.length === 0) {
    lines.push('Moves: none (every pupil in both is placed as published)');
    return lines;
  }
  const counts = MOVE_REASONS.map((r) => ({ ...r, n: changes.moves.filter((m) => m.reason === r.kind).length })).filter((r) => r.n > 0);
  lines.push(`Moves (${changes.moves.length}): ${counts.map((r) => `${r.n} ${r.words}`).join('; ')}`);
  for (const m of changes.moves) {
    const name = pupilName.get(m.student);
    lines.push(`  ${m.student}${name ? ` ${name}` : ''}, ${courseName.get(m.course) ?? m.course}: ${where(m.from)} -> ${where(m.to)}: ${m.why}`);
  }
  return lines;
}
