/**
 * The Offer screen's problems box: every problem of the scenario in the user's terms (web/state/problems.ts),
 * truly counted, grouped by kind, the first few of each kind shown and the rest behind "Show all". The JSON
 * path of each is a small detail for people who work with the document format. Above it, a warning (not a
 * problem) when students have made no choices yet, since a blocking counts them fully satisfied.
 */
import { useState } from 'react';
import type { Scenario } from '../../solver';
import { problemReport, withoutChoicesWarning, type ProblemGroup } from '../state/problems';
import { showStudentsWithoutChoices } from '../state/student-filter';

const FIRST = 5;
/** Lines rendered at once when a kind is opened in full; a 1,100-pupil cohort can have thousands. */
const PAGE = 500;

export function ProblemsPanel({ scenario }: { scenario: Scenario }) {
  const report = problemReport(scenario);
  const warning = <WithoutChoicesWarningNote scenario={scenario} />;
  if (report.total === 0) return warning;
  return (
    <>
      {warning}
      <div className="note error problems" role="status" data-testid="issues">
        <p>
          <strong data-testid="problem-count">{report.headline} to fix before solving</strong> (marked in red below):
        </p>
        {report.groups.map((g) => (
          <ProblemKindList key={g.kind} group={g} />
        ))}
      </div>
    </>
  );
}

/**
 * Students who have not chosen yet: a warning, not a problem to fix before solving (web/state/problems.ts
 * withoutChoicesWarning), with a link to the Students screen showing only them.
 */
export function WithoutChoicesWarningNote({ scenario }: { scenario: Scenario }) {
  const w = withoutChoicesWarning(scenario);
  if (!w) return null;
  return (
    <p className="note warn" role="status" data-testid="without-choices-warning">
      {w.text}{' '}
      <a
        href="#/students"
        onClick={(e) => {
          e.preventDefault();
          showStudentsWithoutChoices();
        }}
      >
        Show the {w.count === 1 ? 'student' : `${w.count} students`} without choices
      </a>
      .
    </p>
  );
}

function ProblemKindList({ group }: { group: ProblemGroup }) {
  const [shown, setShown] = useState(FIRST);
  const list = group.problems.slice(0, shown);
  return (
    <section className="problem-kind" data-kind={group.kind} aria-label={`${group.title}: ${group.count} problem${group.count === 1 ? '' : 's'}`}>
      <h3 className="problem-kind-title" style={{ fontSize: '1rem', margin: '0.6rem 0 0' }}>
        {group.title} <span className="count">({group.count})</span>
      </h3>
      {group.summary.length > 0 && (
        <>
          <p style={{ margin: '0.2rem 0' }}>{group.summary[0]}</p>
          <ul className="issues summary" style={{ fontWeight: 600 }}>
            {group.summary.slice(1, 9).map((l, i) => (
              <li key={i}>{l}</li>
            ))}
            {group.summary.length > 9 && <li>… and {group.summary.length - 9} more course names.</li>}
          </ul>
        </>
      )}
      <ul className="issues">
        {list.map((p, i) => (
          <li key={i}>
            {p.text} <code className="path" style={{ fontSize: '0.75rem', opacity: 0.75 }} title="Where this is in the scenario document (docs/format.md)">{p.path}</code>
          </li>
        ))}
      </ul>
      {group.count > shown && (
        <p className="more" style={{ margin: '0.2rem 0 0' }}>
          <button type="button" onClick={() => setShown(Math.min(group.count, shown === FIRST ? PAGE : shown + PAGE))}>
            {shown === FIRST && group.count <= PAGE ? `Show all ${group.count}` : `Show ${Math.min(PAGE, group.count - shown)} more of ${group.count - shown}`}
          </button>
        </p>
      )}
      {shown > FIRST && (
        <p className="more" style={{ margin: '0.2rem 0 0' }}>
          <button type="button" className="plain" onClick={() => setShown(FIRST)}>
            Show the first {FIRST} only
          </button>
        </p>
      )}
    </section>
  );
}
