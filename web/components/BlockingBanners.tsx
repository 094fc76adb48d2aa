/**
 * What every screen shows about the open blocking when it cannot be trusted as it stands: out of date
 * (the scenario changed, in a part the blocking depends on, since it was made), or breaking a rule of the
 * scenario (the independent checker says so; a result imported from elsewhere, say). Also hosts the
 * dialog an export of an out-of-date blocking opens (actions.exportBlocking).
 */
import { useMemo } from 'react';
import { answerStaleExport, reseatStale, staleChanges } from '../state/actions';
import { changesSentence } from '../state/basis';
import { violationsMemo } from '../state/edit-rules';
import { usePlanner } from '../state/store';
import { StaleExportDialog } from './StaleExportDialog';

export function BlockingBanners() {
  const rec = usePlanner((s) => (s.currentId ? s.records[s.currentId] ?? null : null));
  const busy = usePlanner((s) => s.solve.status !== 'idle');
  const pending = usePlanner((s) => s.pendingExport);
  const changes = useMemo(() => (rec?.result && rec.resultStale ? staleChanges(rec) : []), [rec]);
  // Checked only when up to date: a stale blocking is already marked, and its rules are the old scenario's.
  const broken = useMemo(() => (rec?.result && !rec.resultStale && !busy ? violationsMemo(rec.scenario, rec.result) : []), [rec, busy]);
  return (
    <>
      {changes.length > 0 && (
        <div className="banner stale" role="status" data-testid="stale-banner">
          <p>
            <strong>This blocking is out of date:</strong> {changesSentence(changes)} since it was made. Re-solve or re-seat before
            using its figures or lists.
          </p>
          <button type="button" disabled={busy} onClick={() => void reseatStale()}>
            Re-seat into these groups
          </button>
          <a href="#/blocks">Solve again on Blocks</a>
        </div>
      )}
      {broken.length > 0 && (
        <div className="banner broken" role="alert" data-testid="broken-banner">
          <p>
            <strong>
              This blocking breaks {broken.length} rule{broken.length === 1 ? '' : 's'} of the scenario.
            </strong>{' '}
            Undo the change that broke it, or solve again. It will not be exported until it is fixed.
          </p>
          <ul>
            {broken.slice(0, 5).map((v, i) => (
              <li key={i}>{v.message}.</li>
            ))}
            {broken.length > 5 && <li>… and {broken.length - 5} more.</li>}
          </ul>
        </div>
      )}
      {pending && <StaleExportDialog what={pending.what} changes={pending.changes} onAnswer={(c) => void answerStaleExport(c)} />}
    </>
  );
}
