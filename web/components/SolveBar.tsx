/**
 * Solve, its progress and best-so-far figures, and cancel. Reads only the solve slice. The time limit
 * chosen here is remembered across visits (setTimeLimit saves it with the planner's settings).
 */
import { cancelSolve, setTimeLimit, solveCurrent } from '../state/actions';
import { usePlanner } from '../state/store';

const LIMITS = [2, 5, 10, 30, 60];

export function SolveBar() {
  const solve = usePlanner((s) => s.solve);
  const currentId = usePlanner((s) => s.currentId);
  const solving = solve.status === 'solving';
  const here = solving && solve.recordId === currentId;
  const p = solve.progress;
  const fraction = p ? Math.min(1, p.seconds / solve.timeSeconds) : 0;
  // A limit set some other way (a test, an older choice) is shown as it is rather than as another value.
  const limits = LIMITS.includes(solve.timeSeconds) ? LIMITS : [...LIMITS, solve.timeSeconds].sort((a, b) => a - b);
  return (
    <section className="solvebar" aria-label="Solve">
      <button type="button" className="primary" onClick={() => void solveCurrent()} disabled={solving}>
        {solving ? 'Solving…' : 'Solve'}
      </button>
      <label>
        <span>Time limit</span>
        <select value={solve.timeSeconds} onChange={(e) => setTimeLimit(Number(e.target.value))} disabled={solving}>
          {limits.map((s) => (
            <option key={s} value={s}>
              {s} s
            </option>
          ))}
        </select>
      </label>
      {solving && (
        <>
          <progress max={1} value={fraction} aria-label="Solve progress" />
          <span className="best" aria-live="polite" data-testid="best-so-far">
            {p
              ? `Best so far: ${p.fullySatisfied} of ${p.students} fully satisfied, ${p.choicesMet} of ${p.choices} choices, ${p.groups} groups (${p.seconds.toFixed(1)} s${p.upperBound !== undefined ? `, bound ${p.upperBound}` : ''})`
              : 'Starting…'}
            {!here && ' — solving another scenario'}
          </span>
          <button type="button" onClick={cancelSolve}>
            Cancel
          </button>
        </>
      )}
      {!solving && solve.status === 'reseating' && <span className="best">Re-seating students…</span>}
      {!solving && solve.status === 'idle' && solve.lastReseatMs !== null && (
        <span className="muted" data-testid="reseat-ms">
          Last re-seat took {solve.lastReseatMs} ms{solve.lastReseatSolverMs !== null ? ` (solver ${solve.lastReseatSolverMs} ms)` : ''}
        </span>
      )}
    </section>
  );
}
