/**
 * Marking a blocking as published (docs/reference.md): "Mark as published" keeps a copy of the result and
 * its scenario with the date, in the scenario's saved record; once published, the date is shown with
 * "Replace with this blocking" and "Un-publish", each confirmed first since the change list is measured
 * against what is published.
 */
import { useState } from 'react';
import { publishResult, unpublishResult } from '../state/actions';
import type { ScenarioRecord } from '../state/types';
import { publishedWhen, recordMoves } from './derived';

export function PublishControls({ rec }: { rec: ScenarioRecord }) {
  const [asking, setAsking] = useState<'replace' | 'unpublish' | null>(null);
  const published = rec.published;
  const moves = recordMoves(rec);
  // The blocking on screen is the published one when nothing about it differs.
  const same = moves !== null && moves.moves.length === 0 && moves.groups.moved.length + moves.groups.cancelled.length + moves.groups.added.length === 0 && moves.joined.length + moves.left.length === 0;
  if (!published) {
    return (
      <div className="publish-controls" data-testid="publish-controls">
        <p>
          <button type="button" onClick={() => publishResult(rec.id)} disabled={rec.resultStale} title={rec.resultStale ? 'Re-seat or solve first: the blocking is out of date' : undefined}>
            Mark as published
          </button>{' '}
          <span className="muted">Once the letters go out, mark this blocking as published: later changes are then listed against it, pupil by pupil.</span>
        </p>
      </div>
    );
  }
  return (
    <div className="publish-controls" data-testid="publish-controls">
      <p>
        <strong data-testid="published-at">Published on {publishedWhen(published.publishedAt)}</strong>
        {same ? <span className="muted"> · this is the blocking on screen</span> : <span className="muted"> · the blocking on screen differs from it (below)</span>}{' '}
        {asking === null && (
          <>
            {!same && (
              <button type="button" onClick={() => setAsking('replace')} disabled={rec.resultStale} title={rec.resultStale ? 'Re-seat or solve first: the blocking is out of date' : undefined}>
                Replace with this blocking
              </button>
            )}{' '}
            <button type="button" onClick={() => setAsking('unpublish')}>
              Un-publish
            </button>
          </>
        )}
      </p>
      {asking && (
        <p role="alertdialog" aria-label={asking === 'replace' ? 'Replace the published blocking' : 'Un-publish'} className="note warn">
          {asking === 'replace'
            ? `Replace the blocking published on ${publishedWhen(published.publishedAt)} with the one on screen? Changes will be listed against this one from now on.`
            : `Forget the blocking published on ${publishedWhen(published.publishedAt)}? The list of changes since publishing goes with it.`}{' '}
          <button
            type="button"
            className={asking === 'unpublish' ? 'danger' : undefined}
            onClick={() => {
              if (asking === 'replace') publishResult(rec.id);
              else unpublishResult(rec.id);
              setAsking(null);
            }}
          >
            {asking === 'replace' ? 'Yes, replace' : 'Yes, un-publish'}
          </button>{' '}
          <button type="button" onClick={() => setAsking(null)}>
            Keep it
          </button>
        </p>
      )}
    </div>
  );
}
