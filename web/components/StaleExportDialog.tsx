/**
 * Asked before anything is exported from a blocking that no longer matches its scenario: names what
 * changed, and offers to re-seat the students first, to export anyway marked out of date, or to cancel.
 * A dialog in the page (not window.confirm): it can be read, tabbed through and tested.
 */
import { useEffect, useId, useRef } from 'react';
import { changesSentence } from '../state/basis';

export function StaleExportDialog({ what, changes, onAnswer }: { what: string; changes: string[]; onAnswer: (choice: 'reseat' | 'anyway' | 'cancel') => void }) {
  const title = useId();
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={title}
        data-testid="stale-export"
        onKeyDown={(e) => {
          if (e.key === 'Escape') onAnswer('cancel');
        }}
      >
        <h2 id={title}>This blocking is out of date</h2>
        <p>
          You are exporting {what}, but the scenario has changed since the blocking was made: {changesSentence(changes)}.
        </p>
        {changes.length > 1 && (
          <ul>
            {changes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        )}
        <div className="dialog-actions">
          <button ref={first} type="button" className="primary" onClick={() => onAnswer('reseat')}>
            Re-seat then export
          </button>
          <button type="button" onClick={() => onAnswer('anyway')}>
            Export anyway, marked out of date
          </button>
          <button type="button" onClick={() => onAnswer('cancel')}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
