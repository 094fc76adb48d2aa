/**
 * The two staffing assumptions a head may change while reading the Results screen: the contact ratio
 * (share of a teacher's timetable spent teaching) and the annual cost of one weekly hour taught. Held in a
 * small store of their own so the Results screen and the scenario comparison price every offer alike.
 * Kept for the session only: they are assumptions about the school, not part of a scenario file.
 */
import { useSyncExternalStore } from 'react';
import { costOffer, DEFAULT_COST_OPTIONS, type CostReport, type Result, type Scenario } from '../../solver';

export interface CostSettings {
  contactRatio: number;
  costPerWeeklyHour: number;
}

export const DEFAULT_COST_SETTINGS: CostSettings = {
  contactRatio: DEFAULT_COST_OPTIONS.contactRatio,
  costPerWeeklyHour: DEFAULT_COST_OPTIONS.costPerWeeklyHour,
};

let current: CostSettings = DEFAULT_COST_SETTINGS;
const listeners = new Set<() => void>();

export function getCostSettings(): CostSettings {
  return current;
}

/** Replaces the settings (callers validate first: see costSettingProblem). */
export function setCostSettings(next: Partial<CostSettings>): void {
  current = { ...current, ...next };
  for (const l of listeners) l();
}

export function useCostSettings(): CostSettings {
  return useSyncExternalStore(
    (l) => { listeners.add(l); return () => { listeners.delete(l); }; },
    getCostSettings,
    getCostSettings,
  );
}

/** Why a typed value cannot be used, with a hint; null when it can. */
export function costSettingProblem(field: keyof CostSettings, value: number): string | null {
  if (field === 'contactRatio') {
    return Number.isFinite(value) && value > 0 && value <= 1
      ? null
      : 'The contact ratio is the share of a teacher’s timetable spent teaching, above 0 and at most 1. Maybe 0.78?';
  }
  return Number.isFinite(value) && value >= 0
    ? null
    : 'The cost per weekly hour is pounds a year for one hour a week taught, 0 or more. Maybe 1900?';
}

// Costing is cheap (one pass over the groups) but the screens re-render often: one report per result and
// settings pair. Results are never mutated, so the result object is a safe key.
const memo = new WeakMap<Result, { scenario: Scenario; key: string; report: CostReport }>();

/** The cost report of an offer at the given settings, memoised per result. */
export function costAt(scenario: Scenario, result: Result, s: CostSettings): CostReport {
  const key = `${s.contactRatio}|${s.costPerWeeklyHour}`;
  const hit = memo.get(result);
  if (hit && hit.scenario === scenario && hit.key === key) return hit.report;
  const report = costOffer(scenario, result, { contactRatio: s.contactRatio, costPerWeeklyHour: s.costPerWeeklyHour });
  memo.set(result, { scenario, key, report });
  return report;
}
