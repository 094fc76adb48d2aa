/** The planner's state: plain data, held in one vanilla zustand store made of slices (store.ts). */
import type { SolveProgress, Result, Scenario } from '../../solver';

/** One named scenario and the latest blocking made for it. What IndexedDB stores, one per row. */
export interface ScenarioRecord {
  id: string;
  /** As on screen: may hold values that do not validate yet (the user is still typing). */
  scenario: Scenario;
  result: Result | null;
  /**
   * The scenario changed, in a part the blocking depends on (web/state/basis.ts), since the result was
   * made: figures are shown, marked out of date. Derived from `resultBasis` on every change.
   */
  resultStale: boolean;
  /** The scenario the result was made for (or last re-seated under); null when unknown. */
  resultBasis?: Scenario | null;
  updatedAt: number;
  /** The record this one was cloned from, for the Scenarios list. */
  clonedFrom?: string;
}

/** What undo and redo swap back in: the scenario and result of one record at one moment. */
export interface Snapshot {
  scenario: Scenario;
  result: Result | null;
  resultStale: boolean;
  resultBasis?: Scenario | null;
  label: string;
  /** Edits with the same key less than a second apart (typing in one cell) make one undo step. */
  key?: string;
  at: number;
}

export interface Message {
  kind: 'error' | 'info' | 'success';
  text: string;
  /** One line per issue, listed under the text. */
  details?: string[];
}

export interface ScenariosSlice {
  ready: boolean;
  records: Record<string, ScenarioRecord>;
  order: string[];
  currentId: string | null;
}

export interface SolveSlice {
  solve: {
    status: 'idle' | 'solving' | 'reseating';
    /** Best figures so far of the running solve. */
    progress: SolveProgress | null;
    timeSeconds: number;
    /** Record being solved, so switching scenario mid-solve does not mix them up. */
    recordId: string | null;
    /** How long the last re-seat took in the worker and back, in milliseconds. */
    lastReseatMs: number | null;
    /** Of which the solver's own search and seating, as its summary reports. */
    lastReseatSolverMs: number | null;
  };
}

export interface HistorySlice {
  /** Undo stacks per record id; the last steps are saved with the record (persist.ts), so a reload keeps them. */
  history: Record<string, { past: Snapshot[]; future: Snapshot[] }>;
}

export interface UiSlice {
  message: Message | null;
  /** Record ids ticked for side-by-side comparison, in the order ticked. */
  compare: string[];
  /** An export of an out-of-date blocking waiting for the user's answer (the dialog in App.tsx). */
  pendingExport: PendingExport | null;
}

export interface PendingExport {
  /** What is being exported: "the result document". */
  what: string;
  /** What changed since the blocking was made, one phrase each. */
  changes: string[];
}

export type PlannerState = ScenariosSlice & SolveSlice & HistorySlice & UiSlice;
