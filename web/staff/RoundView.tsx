/**
 * One round on the staff page: how many pupils have submitted, the deadline and the time left, who has not
 * submitted, demand per course against places, the combinations that do not fit the draft blocks, the pupils
 * breaking a rule, and the round's actions. The figures refresh themselves (use-round-status.ts); a failed
 * refresh leaves the last figures on screen and says they are stale, and why.
 *
 * Every name, course and reason comes from the server and is rendered by React as text, never as HTML: a
 * pupil called `<img src=x onerror=alert(1)>` is shown as those characters.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { StaffConnection } from '../round/staff-api';
import { clockTime, courseNamer, localWhen, submittedPercent, timeLeftWords } from './round-figures';
import { useRoundStatus, REFRESH_EVERY_MS } from './use-round-status';
import { ProblemText } from './ProblemText';
import { NotSubmittedList } from './NotSubmittedList';
import { DemandTable } from './DemandTable';
import { NotFittingGroups, RuleBreakers } from './ProblemPupils';
import { RoundActions } from './RoundActions';

export function RoundView({ conn, roundId, roundName, onBack, onDeleted }: { conn: StaffConnection; roundId: string; roundName: string; onBack: () => void; onDeleted: (name: string) => void }) {
  const { status, updatedAt, failure, loading, refresh } = useRoundStatus(conn, roundId);
  // The time left is worded to the minute: the clock ticks on its own, so it moves even when a refresh fails.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), REFRESH_EVERY_MS);
    return () => clearInterval(t);
  }, []);
  useEffect(() => setNow(Date.now()), [updatedAt]);

  // What a screen reader hears: not "Updated …" every 15 s, only news — more submissions, or a refresh that
  // failed. The visible line below says the same and more, but is not a live region.
  const [news, setNews] = useState('');
  const lastCount = useRef<number | null>(null);
  useEffect(() => {
    if (status === null) return;
    const before = lastCount.current;
    lastCount.current = status.submitted;
    if (before !== null && status.submitted !== before) {
      const more = status.submitted - before;
      setNews(`${more > 0 ? `${more} more ${more === 1 ? 'pupil has' : 'pupils have'} submitted` : 'Fewer submissions than before'}: ${status.submitted} of ${status.pupils}.`);
    }
  }, [status]);
  useEffect(() => {
    if (failure && status) setNews(`Could not refresh: ${failure.problem.message} The figures on screen may be out of date.`);
    // Only a new failure is news; the figures staying as they are is not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [failure]);

  const name = status?.round.name ?? roundName;
  const courseName = useMemo(() => courseNamer(status?.demand ?? []), [status]);
  const refreshLine = (
    <div className="st-refresh">
      <p className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="st-announce">
        {news}
      </p>
      <p className={failure && status ? 'st-stale' : undefined} data-testid="st-refresh-status">
        {failure && status && updatedAt !== null
          ? `Could not refresh at ${clockTime(failure.at)}: ${failure.problem.message} The figures below are from ${clockTime(updatedAt)} and may be out of date.`
          : updatedAt !== null
            ? `Updated ${clockTime(updatedAt)}. Refreshes every ${REFRESH_EVERY_MS / 1000} s while this page is on screen.`
            : loading
              ? 'Reading the round…'
              : ''}
      </p>
      <button type="button" onClick={refresh} disabled={loading}>
        {loading && status ? 'Refreshing…' : 'Refresh'}
      </button>
    </div>
  );

  return (
    <>
      <div className="st-row st-round-head">
        <h2>{name}</h2>
        <button type="button" onClick={onBack}>
          All rounds
        </button>
      </div>
      {refreshLine}
      {status === null ? (
        failure && <ProblemText problem={failure.problem} />
      ) : (
        <>
          <div className="st-grid">
            <section className="st-card st-progress" aria-labelledby="st-progress-title">
              <h3 id="st-progress-title">Submissions</h3>
              <p className="st-big" data-testid="st-submitted">
                {status.submitted} of {status.pupils} pupils have submitted
              </p>
              <progress max={Math.max(1, status.pupils)} value={status.submitted} aria-label={`${status.submitted} of ${status.pupils} pupils have submitted`}>
                {submittedPercent(status.submitted, status.pupils)}%
              </progress>
              <p className="st-deadline" data-testid="st-deadline">
                {status.round.status === 'closed' ? 'Closed. ' : ''}Deadline: {localWhen(status.round.deadline)}.{' '}
                <strong>{timeLeftWords(status.round.deadline, status.round.status, now)}</strong>
              </p>
              <p className="st-hint">Offer version {status.round.offerVersion}: submissions are checked against the blocks it publishes.</p>
            </section>
            <NotSubmittedList pupils={status.notSubmitted} />
            <DemandTable demand={status.demand} />
          </div>
          <NotFittingGroups notFitting={status.notFitting} courseName={courseName} />
          <RuleBreakers breakingRules={status.breakingRules} courseName={courseName} />
          <RoundActions conn={conn} round={status.round} onChanged={refresh} onDeleted={() => onDeleted(status.round.name)} />
        </>
      )}
    </>
  );
}
