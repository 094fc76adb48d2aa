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
  /** The options round opened from this scenario on an options server (web/round/), so a reload finds it again. */
  optionsRound?: SavedOptionsRound;
  /** The blocking marked as published (web/reference/, docs/reference.md): later changes are measured against it. */
  published?: PublishedReference;
}

/**
 * A published blocking: the result as it was sent out, the scenario as it was then (changes are measured
 * against that scenario, not against the one being edited now), and when it was marked published.
 */
export interface PublishedReference {
  /** A ks4-result/1 document, as it was when published. */
  result: Result;
  /** The scenario the result was made for, as it was when published. */
  scenario: Scenario;
  /** When it was marked published (epoch ms). */
  publishedAt: number;
}

/**
 * What the planner remembers of an options round it opened (docs/server.md): where it is and what was last
 * published to it. Never the admin secret nor the pupils' codes: those stay in memory only (web/round/memory.ts).
 */
export interface SavedOptionsRound {
  /** The options server's origin as typed and tidied, or '' for the planner page's own origin. */
  server: string;
  roundId: string;
  name: string;
  /** ISO 8601 with its zone, as the server holds it. */
  deadline: string;
  pupils: number;
  /** The offer version pupils see (1 when opened, one more per "Publish the updated offer"). */
  offerVersion: number;
  /** JSON of the offer last published to the round (no personal data): the planner's offer is compared with it. */
  publishedOffer: string;
  /** When the round was opened (epoch ms). */
  openedAt: number;
  /** Set once the round is closed from the planner (or found closed on the server). */
  closed?: boolean;
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
    /** True while the running solve is a re-solve with the fewest changes against the published blocking (web/reference/). */
    fewestChanges?: boolean;
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
