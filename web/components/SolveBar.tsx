/**
 * Solve, its progress and best-so-far figures, and cancel. Reads only the solve slice. The time limit
 * chosen here is remembered across visits (setTimeLimit saves it with the planner's settings). The time
 * limit and the progress line are shared with the re-solve with fewest changes (web/reference/).
 */
import { cancelSolve, setTimeLimit, solveCurrent } from '../state/actions';
import { usePlanner } from '../state/store';

const LIMITS = [2, 5, 10, 30, 60];

/** The solve's time limit, one setting for every kind of solve. */
export function TimeLimitSelect({ label = 'Time limit' }: { label?: string }) {
  const timeSeconds = usePlanner((s) => s.solve.timeSeconds);
  const solving = usePlanner((s) => s.solve.status === 'solving');
  // A limit set some other way (a test, an older choice) is shown as it is rather than as another value.
  const limits = LIMITS.includes(timeSeconds) ? LIMITS : [...LIMITS, timeSeconds].sort((a, b) => a - b);
  return (
    <label>
      <span>{label}</span>
      <select value={timeSeconds} onChange={(e) => setTimeLimit(Number(e.target.value))} disabled={solving}>
        {limits.map((s) => (
          <option key={s} value={s}>
            {s} s
          </option>
        ))}
      </select>
    </label>
  );
}

/** While a solve runs: its progress, the best figures so far and Cancel; nothing otherwise. */
export function SolveRunning() {
  const solve = usePlanner((s) => s.solve);
  const currentId = usePlanner((s) => s.currentId);
  if (solve.status !== 'solving') return null;
  const here = solve.recordId === currentId;
  const p = solve.progress;
  const fraction = p ? Math.min(1, p.seconds / solve.timeSeconds) : 0;
  return (
    <>
      <progress max={1} value={fraction} aria-label={solve.fewestChanges ? 'Re-solve progress' : 'Solve progress'} />
      <span className="best" aria-live="polite" data-testid="best-so-far">
        {solve.fewestChanges && 'Re-solving with fewest changes. '}
        {p
          ? `Best so far: ${p.fullySatisfied} of ${p.students} fully satisfied, ${p.choicesMet} of ${p.choices} choices, ${p.groups} groups (${p.seconds.toFixed(1)} s${p.upperBound !== undefined ? `, bound ${p.upperBound}` : ''})`
          : 'Starting…'}
        {!here && ' — solving another scenario'}
      </span>
      <button type="button" onClick={cancelSolve}>
        Cancel
      </button>
    </>
  );
}

export function SolveBar() {
  const solve = usePlanner((s) => s.solve);
  const solving = solve.status === 'solving';
  return (
    <section className="solvebar" aria-label="Solve">
      <button type="button" className="primary" onClick={() => void solveCurrent()} disabled={solving}>
        {solving ? 'Solving…' : 'Solve'}
      </button>
      <TimeLimitSelect />
      <SolveRunning />
      {!solving && solve.status === 'reseating' && <span className="best">Re-seating students…</span>}
      {!solving && solve.status === 'idle' && solve.lastReseatMs !== null && (
        <span className="muted" data-testid="reseat-ms">
          Last re-seat took {solve.lastReseatMs} ms{solve.lastReseatSolverMs !== null ? ` (solver ${solve.lastReseatSolverMs} ms)` : ''}
        </span>
      )}
    </section>
  );
}
