/**
 * A refusal or failure from the options server as the staff page shows it: the server's own message (or
 * staff-api.ts's words when the server could not be reached) and its list of what was wrong, as text.
 */
import type { StaffProblem } from '../round/staff-api';

export function ProblemText({ problem, role = 'alert' }: { problem: StaffProblem; role?: 'alert' | 'status' }) {
  return (
    <div className="st-problem" role={role}>
      <p>{problem.message}</p>
      {problem.problems.length > 0 && (
        <ul>
          {problem.problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
