/**
 * The planner's one vanilla zustand store, made of slices (scenarios, solve, history, ui). Components read
 * narrow slices through `usePlanner(selector)`; every change goes through the module-level actions in
 * actions.ts, which use the dependencies set here (the solver and the persistence), so tests can run the
 * whole planner in Node with the in-process solver and a Map for storage.
 */
import { createStore } from 'zustand/vanilla';
import { useSyncExternalStore } from 'react';
import type { Persistence } from './persist';
import type { SolverPort } from './solver-client';
import type { HistorySlice, PlannerState, ScenariosSlice, SolveSlice, UiSlice } from './types';

export const DEFAULT_TIME_SECONDS = 5;

const scenariosSlice = (): ScenariosSlice => ({ ready: false, records: {}, order: [], currentId: null });
const solveSlice = (): SolveSlice => ({
  solve: { status: 'idle', progress: null, timeSeconds: DEFAULT_TIME_SECONDS, recordId: null, lastReseatMs: null, lastReseatSolverMs: null },
});
const historySlice = (): HistorySlice => ({ history: {} });
const uiSlice = (): UiSlice => ({ message: null, compare: [], pendingExport: null });

export const initialState = (): PlannerState => ({ ...scenariosSlice(), ...solveSlice(), ...historySlice(), ...uiSlice() });

export const plannerStore = createStore<PlannerState>()(() => initialState());

/**
 * A narrow slice of the store for a component; it re-renders only when the selected value changes
 * (by Object.is), so selectors return stored references or primitives, never fresh objects.
 * zustand's own `useStore` would do the same on the client, but renders the store's *initial* state
 * outside a browser; the planner is client-only, so the current state serves both.
 */
export function usePlanner<T>(selector: (s: PlannerState) => T): T {
  const read = () => selector(plannerStore.getState());
  return useSyncExternalStore(plannerStore.subscribe, read, read);
}

export interface PlannerDeps {
  solver: SolverPort;
  persistence: Persistence;
  /** Where a fresh planner starts: the embedded sample school (a promise: the app loads it on demand). */
  sample: () => unknown | Promise<unknown>;
  now: () => number;
  /** Saves a file for the user (the browser's download in the app); used by exports that ask first. */
  download?: (bytes: Uint8Array | string, fileName: string, mime: string) => void;
}

let deps: PlannerDeps | null = null;

export function setDeps(d: PlannerDeps): void {
  deps = d;
}

export function getDeps(): PlannerDeps {
  if (!deps) throw new Error('The planner was used before initPlanner() was called.');
  return deps;
}

export const get = () => plannerStore.getState();
export const set = (partial: Partial<PlannerState> | ((s: PlannerState) => Partial<PlannerState>)) => plannerStore.setState(partial);
