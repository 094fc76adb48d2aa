/**
 * The import wizard's decisions as pure functions, kept out of the component so they are testable
 * without a DOM: bulk answers to issues, course options in the order a person wants them, and what the
 * wizard hands back to the page.
 */
import type { Course } from '../../solver';
import type { CourseTextSummary, ImportDecisions, RowDecision, StudentImportResult } from '../../data/io';
import { noChoiceColumnsNotice, type DuplicateGroup } from '../../data/io/students';

export type WizardStep = 'file' | 'columns' | 'courses' | 'problems' | 'finish';
export const STEPS: { step: WizardStep; title: string }[] = [
  { step: 'file', title: 'Choose a file' },
  { step: 'columns', title: 'Match columns' },
  { step: 'courses', title: 'Match course names' },
  { step: 'problems', title: 'Rows to check' },
  { step: 'finish', title: 'Add students' },
];

/** Every course in a <select> for one text: the suggestions first (best first), then the rest by name. */
export function courseOptions(text: CourseTextSummary, courses: readonly Course[]): { value: string; label: string }[] {
  const suggested = new Set(text.suggestions.map((s) => s.courseId));
  const first = text.suggestions.map((s) => ({ value: s.courseId, label: `${s.name} (${s.courseId}) - suggested, ${s.why}` }));
  const rest = courses
    .filter((c) => !suggested.has(c.id))
    .map((c) => ({ value: c.id, label: `${c.name} (${c.id})` }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return [...first, ...rest];
}

/** Aliases that accept the best suggestion for every unmatched text that has one (the user's one click). */
export function acceptAllSuggestions(result: StudentImportResult, aliases: Record<string, string>): Record<string, string> {
  const next: Record<string, string> = Object.assign(Object.create(null), aliases); // keys are the school's texts: own keys only
  for (const t of result.courseTexts) if (t.how === 'none' && t.suggestions.length > 0 && !Object.hasOwn(next, t.key)) next[t.key] = t.suggestions[0].courseId;
  return next;
}

/** Rows with an undecided issue that `keep` alone would settle (not a missing or shared id). */
export function keepableRows(result: StudentImportResult): number[] {
  const rows = new Set<number>();
  const blocked = new Set<number>();
  for (const i of result.issues) {
    if (i.decided) continue;
    rows.add(i.row);
    if (i.code === 'missing-id' || i.code === 'duplicate-id') blocked.add(i.row);
  }
  return [...rows].filter((r) => !blocked.has(r)).sort((a, b) => a - b);
}

/** Decisions with `decision` set for each of `rows`. */
export function decideRows(decisions: Record<number, RowDecision>, rows: readonly number[], decision: RowDecision): Record<number, RowDecision> {
  const next = { ...decisions };
  for (const r of rows) next[r] = decision;
  return next;
}

/** Issues grouped by row, undecided rows first, for the problems list. */
export function issuesByRow(result: StudentImportResult): { row: number; decided: boolean; issues: StudentImportResult['issues'] }[] {
  const map = new Map<number, StudentImportResult['issues']>();
  for (const i of result.issues) map.set(i.row, [...(map.get(i.row) ?? []), i]);
  return [...map.entries()]
    .map(([row, issues]) => ({ row, decided: issues.every((i) => i.decided), issues }))
    .sort((a, b) => Number(a.decided) - Number(b.decided) || a.row - b.row);
}

/** What the wizard reports with the students when the user finishes. */
export interface ImportSummary {
  fileName: string;
  rowsRead: number;
  students: number;
  skippedRows: number[];
  blankRows: number[];
  decisions: ImportDecisions;
  /** The file had no choice columns (a student list): the students' empty choices say nothing (mergeImport's choicesNotRead). */
  withoutChoiceColumns: boolean;
}

/**
 * Decisions keeping one row of a pupil on several rows and skipping the others; `row` null goes back
 * to the default (the later submission kept), by leaving the group's rows undecided.
 */
export function keepDuplicateRow(decisions: Record<number, RowDecision>, group: DuplicateGroup, row: number | null): Record<number, RowDecision> {
  const next = { ...decisions };
  for (const r of group.rows) {
    if (row === null) delete next[r.row];
    else next[r.row] = r.row === row ? { action: 'keep', id: decisions[r.row]?.action === 'keep' ? (decisions[r.row] as { id?: string }).id : undefined } : { action: 'skip' };
  }
  return next;
}

/**
 * The notice for a student list with no choice columns (an MIS export before the options round), with
 * the students it would add; null when the file has choice columns.
 */
export function noChoicesNotice(result: StudentImportResult): string | null {
  return result.withoutChoiceColumns ? noChoiceColumnsNotice(result.students.length) : null;
}
