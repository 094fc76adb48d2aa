/**
 * A merged school result taken into the planner: the member view of the school's own scenario (its shared
 * courses in place of its stand-ins) and its result, as a new scenario beside the one it came from, opened.
 * A new scenario rather than a change of the current one, so the school's own plan stays as it was to compare
 * on the Scenarios screen; the planner saves it like any other (web/state/actions.ts saves on every change).
 */
import type { Result, Scenario } from '../../solver';
import { newRecord, say, uniqueName } from '../state/actions';
import { get, set } from '../state/store';

export function takeMergedResult(scenario: Scenario, result: Result, fromId: string | null): string {
  // Named by the merge after the school and the consortium (data/consortium.ts mergedPlanName); kept unique.
  const name = uniqueName(scenario.name);
  const named = { ...scenario, name };
  const rec = newRecord(named, { result: { ...result, scenario: name }, resultBasis: named, ...(fromId ? { clonedFrom: fromId } : {}) });
  set((s) => {
    const at = fromId ? s.order.indexOf(fromId) : -1;
    const order = [...s.order];
    order.splice(at < 0 ? order.length : at + 1, 0, rec.id);
    return { records: { ...s.records, [rec.id]: rec }, order, currentId: rec.id };
  });
  const from = fromId ? get().records[fromId]?.scenario.name : undefined;
  say('success', `Took the consortium plan in as "${name}"${from ? `, next to "${from}"` : ''}; the checker passes it. Compare them on the Scenarios screen.`);
  return rec.id;
}

/** The planner's current scenario and its id, or null. */
export function currentScenario(): { id: string; scenario: Scenario; result: Result | null } | null {
  const s = get();
  const rec = s.currentId ? s.records[s.currentId] : undefined;
  return rec ? { id: rec.id, scenario: rec.scenario, result: rec.result } : null;
}
