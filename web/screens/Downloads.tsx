/**
 * The issue-6 exports (class lists, grids, placements, the published offer, letters), loaded on demand.
 * An out-of-date blocking makes each of them ask first (what changed; re-seat, export marked, or cancel).
 */
import { useMemo } from 'react';
import type { Result, Scenario } from '../../solver';
import { ExportButtons } from '../io/ExportButtons';
import { currentRecord, reseatStale, staleChanges } from '../state/actions';
import { usePlanner } from '../state/store';

export default function Downloads({ scenario, result }: { scenario: Scenario; result: Result | null }) {
  const rec = usePlanner((s) => (s.currentId ? s.records[s.currentId] ?? null : null));
  // The props come from the open record; read what changed from the same record.
  const stale = useMemo(() => (rec && rec.result === result && rec.resultStale ? staleChanges(rec) : null), [rec, result]);
  const onReseat = async () => {
    const fresh = await reseatStale();
    return fresh && currentRecord()?.result === fresh ? fresh : null;
  };
  return <ExportButtons scenario={scenario} result={result} stale={stale} onReseat={onReseat} checkResult />;
}
