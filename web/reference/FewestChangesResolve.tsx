/**
 * "Re-solve with fewest changes" in the Changes since publishing panel (docs/reference.md, "Re-solving with
 * the fewest moves"): the order (keep pupils where they are first, or satisfy the most pupils first with
 * optional caps on pupils and groups moved), the time limit shared with Solve, progress and Cancel as Solve
 * shows them, and, before it runs, what of the published blocking the scenario now rules out
 * (not-honoured.ts). The action is the store's solveCurrent with a reference: its result replaces the
 * blocking as any solve does, one undo step. After it, the summary's pupilsMoved and groupsMoved are shown.
 */
import { useId, useMemo, useState } from 'react';
import type { ReferenceOrder, Result } from '../../solver';
import { SolveRunning, TimeLimitSelect } from '../components/SolveBar';
import { solveCurrent } from '../state/actions';
import { usePlanner } from '../state/store';
import type { ScenarioRecord } from '../state/types';
import { notHonoured } from './not-honoured';

/** A cap as typed: empty for none, else a whole number 0 or more; the message says what is wrong. */
function readCap(text: string, what: string): { value?: number; error?: string } {
  const t = text.trim();
  if (t === '') return {};
  const n = Number(t);
  if (!Number.isInteger(n) || n < 0) return { error: `${what}: enter a whole number, 0 or more, or leave it empty for no cap ("${t}" is not one).` };
  return { value: n };
}

function CapInput(props: { label: string; value: string; onChange: (v: string) => void; error?: string; disabled: boolean; testId: string }) {
  const id = useId();
  return (
    <div className="cap-input">
      <label htmlFor={id}>{props.label}</label>{' '}
      <input
        id={id}
        type="number"
        min={0}
        step={1}
        inputMode="numeric"
        placeholder="no cap"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        disabled={props.disabled}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
        data-testid={props.testId}
        style={{ width: '6em' }}
      />
      {props.error && (
        <div id={`${id}-error`} className="worse" role="alert">
          {props.error}
        </div>
      )}
    </div>
  );
}

/** The last re-solve's moves, from the result's summary (only a re-solve with a reference writes them). */
export function movedFigures(result: Result | null): { pupilsMoved: number; groupsMoved: number } | null {
  const s = result?.summary;
  if (!s || typeof s.pupilsMoved !== 'number' || typeof s.groupsMoved !== 'number') return null;
  return { pupilsMoved: s.pupilsMoved, groupsMoved: s.groupsMoved };
}

export function FewestChangesResolve({ rec }: { rec: ScenarioRecord }) {
  const [order, setOrder] = useState<ReferenceOrder>('stability');
  const [pupilsCap, setPupilsCap] = useState('');
  const [groupsCap, setGroupsCap] = useState('');
  const solving = usePlanner((s) => s.solve.status === 'solving');
  const mine = usePlanner((s) => s.solve.status === 'solving' && s.solve.fewestChanges === true && s.solve.recordId === rec.id);
  const name = useId();
  const published = rec.published;
  const forced = useMemo(() => (published ? notHonoured(published, rec.scenario) : []), [published, rec.scenario]);
  if (!published) return null;
  const pupils = order === 'satisfaction' ? readCap(pupilsCap, 'At most … pupils moved') : {};
  const groups = order === 'satisfaction' ? readCap(groupsCap, 'At most … groups moved') : {};
  const invalid = Boolean(pupils.error || groups.error);
  const moved = movedFigures(rec.result);
  const run = () => {
    if (invalid) return;
    void solveCurrent({
      order,
      ...(pupils.value !== undefined ? { maxPupilsMoved: pupils.value } : {}),
      ...(groups.value !== undefined ? { maxGroupsMoved: groups.value } : {}),
    });
  };
  return (
    <div className="fewest-changes" data-testid="fewest-changes">
      <fieldset disabled={solving}>
        <legend>Re-solve with fewest changes</legend>
        <p className="muted">
          Keeps the published groups in their blocks and pupils in their published groups unless a change forces a move. Solve, on the Blocks screen, may reshuffle
          everyone.
        </p>
        <p>
          <label>
            <input type="radio" name={name} value="stability" checked={order === 'stability'} onChange={() => setOrder('stability')} /> Keep pupils where they are first
          </label>{' '}
          <span className="muted">(fewest pupils moved, then fewest groups, then the most pupils satisfied)</span>
          <br />
          <label>
            <input type="radio" name={name} value="satisfaction" checked={order === 'satisfaction'} onChange={() => setOrder('satisfaction')} /> Satisfy the most pupils
            first
          </label>{' '}
          <span className="muted">(then the fewest moved; a cap limits the moves)</span>
        </p>
        {order === 'satisfaction' && (
          <div className="caps" style={{ display: 'grid', gap: '0.5em', marginBottom: '1em' }}>
            <CapInput label="At most … pupils moved" value={pupilsCap} onChange={setPupilsCap} error={pupils.error} disabled={solving} testId="cap-pupils" />
            <CapInput label="At most … groups moved" value={groupsCap} onChange={setGroupsCap} error={groups.error} disabled={solving} testId="cap-groups" />
          </div>
        )}
        {forced.length > 0 && (
          <div className="note warn" data-testid="not-honoured">
            <p>The scenario no longer allows all of the published blocking, so whatever the order these will change:</p>
            <ul>
              {forced.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          </div>
        )}
        <p className="solvebar">
          <button type="button" className="primary" onClick={run} disabled={solving || invalid} title={invalid ? 'Correct the caps first' : undefined}>
            {mine ? 'Re-solving…' : 'Re-solve with fewest changes'}
          </button>{' '}
          <TimeLimitSelect label="Re-solve time limit" />
        </p>
      </fieldset>
      {solving && (
        <p className="solvebar" data-testid="fewest-progress">
          <SolveRunning />
        </p>
      )}
      {moved && !solving && (
        <p data-testid="moved-figures">
          This blocking was re-solved with the fewest changes: <strong data-figure="pupils-moved">{moved.pupilsMoved}</strong> pupil{moved.pupilsMoved === 1 ? '' : 's'} moved,{' '}
          <strong data-figure="groups-moved">{moved.groupsMoved}</strong> published group{moved.groupsMoved === 1 ? '' : 's'} moved or cancelled
          {rec.resultStale ? ' (before the latest changes)' : ''}.
        </p>
      )}
    </div>
  );
}
