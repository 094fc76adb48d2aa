/**
 * The published blocking's comparisons for one record, memoised (solver/reference via the solver's public
 * surface): what changed in the scenario since publishing, and whom the current result moves. Records,
 * scenarios and results are never mutated, so an object identity is a safe key.
 *
 * The scenario changes compare the published scenario with the scenario as it is now. The moves compare
 * the published blocking with the current result under the scenario that result was made for (its basis):
 * a result made before the latest edits cannot have moved anyone because of them.
 */
import { placementChanges, scenarioChanges, type PlacementChanges, type Scenario, type ScenarioChanges, type Result } from '../../solver';
import type { PublishedReference, ScenarioRecord } from '../state/types';

const scenarioMemo = new WeakMap<PublishedReference, WeakMap<Scenario, ScenarioChanges>>();
const placementMemo = new WeakMap<PublishedReference, WeakMap<Result, WeakMap<Scenario, PlacementChanges>>>();

export function scenarioChangesOf(published: PublishedReference, scenario: Scenario): ScenarioChanges {
  let inner = scenarioMemo.get(published);
  if (!inner) scenarioMemo.set(published, (inner = new WeakMap()));
  let out = inner.get(scenario);
  if (!out) inner.set(scenario, (out = scenarioChanges(published.scenario, scenario)));
  return out;
}

export function placementChangesOf(published: PublishedReference, result: Result, scenario: Scenario): PlacementChanges {
  let byResult = placementMemo.get(published);
  if (!byResult) placementMemo.set(published, (byResult = new WeakMap()));
  let byScenario = byResult.get(result);
  if (!byScenario) byResult.set(result, (byScenario = new WeakMap()));
  let out = byScenario.get(scenario);
  if (!out) byScenario.set(scenario, (out = placementChanges({ scenario: published.scenario, result: published.result }, { scenario, result })));
  return out;
}

/** The record's moves against its published blocking, or null when nothing is published or there is no result. */
export function recordMoves(rec: ScenarioRecord): PlacementChanges | null {
  if (!rec.published || !rec.result) return null;
  return placementChangesOf(rec.published, rec.result, rec.resultBasis ?? rec.scenario);
}

/** "5 December 2026, 17:40": when a blocking was published, in the user's local time. */
export function publishedWhen(at: number): string {
  // Date and time formatted apart: joined by toLocaleString, ICU versions differ ("5 December 2026 at 17:40").
  const d = new Date(at);
  return `${d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}, ${d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`;
}

/**
 * The stability figures for the headline figures of the Results screen; none when nothing is published. After
 * a re-solve with the fewest changes, its summary's pupilsMoved and groupsMoved follow them.
 */
export function stabilityFigureItems(rec: ScenarioRecord | null): { label: string; value: string; hint?: string }[] {
  const c = rec ? recordMoves(rec) : null;
  if (!c) return [];
  const f = c.figures;
  const sm = rec!.result!.summary;
  const moved =
    typeof sm.pupilsMoved === 'number' && typeof sm.groupsMoved === 'number'
      ? [
          { label: 'Pupils moved', value: String(sm.pupilsMoved), hint: 're-solved with the fewest changes: pupils with a course they kept in another group or block' },
          { label: 'Groups moved', value: String(sm.groupsMoved), hint: 're-solved with the fewest changes: published groups moved or cancelled' },
        ]
      : [];
  return [
    { label: 'Pupils unchanged', value: `${f.pupilsUnchanged} / ${f.pupilsInBoth}`, hint: 'since publishing: same groups and blocks in every course they kept' },
    {
      label: 'Groups unchanged',
      value: `${f.groupsUnchanged} / ${f.groupsPublished}`,
      hint: `since publishing: ${f.groupsMoved} moved, ${f.groupsCancelled} cancelled, ${f.groupsNew} new`,
    },
    ...moved,
  ];
}
