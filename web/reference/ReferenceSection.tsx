/**
 * The Results screen's part for a published blocking: the publish controls, then, once published,
 * "Changes since publishing": the scenario's changes, the re-solve with fewest changes, the groups moved or
 * cancelled, the change list and the exports for the changed pupils only.
 */
import { usePlanner } from '../state/store';
import { ChangedPupilsExports } from './ChangedPupilsExports';
import { ChangeList } from './ChangeList';
import { FewestChangesResolve } from './FewestChangesResolve';
import { recordMoves, scenarioChangesOf } from './derived';
import { PublishControls } from './PublishControls';
import { ScenarioChangesList } from './ScenarioChangesList';

export function ReferenceSection() {
  const rec = usePlanner((s) => (s.currentId ? s.records[s.currentId] ?? null : null));
  if (!rec?.result) return null;
  const published = rec.published;
  const moves = recordMoves(rec);
  return (
    <section aria-labelledby="published-title" data-testid="reference-section">
      <h3 id="published-title">{published ? 'Changes since publishing' : 'Publishing'}</h3>
      <PublishControls rec={rec} />
      {published && moves && (
        <>
          <h4>In the scenario</h4>
          <ScenarioChangesList changes={scenarioChangesOf(published, rec.scenario)} published={published.scenario} current={rec.scenario} />
          <FewestChangesResolve rec={rec} />
          <h4>In the blocking</h4>
          {rec.resultStale && (
            <p className="note warn">The blocking is out of date: the moves below are those of the blocking on screen, made before the latest changes. Re-solve with fewest changes (above), or solve again, to see whom the changes move.</p>
          )}
          <p data-testid="group-changes">
            Groups: {moves.figures.groupsUnchanged} of {moves.figures.groupsPublished} unchanged
            {moves.groups.moved.length > 0 && `; moved: ${moves.groups.moved.map((g) => `${g.group} (${g.from.join('+')} → ${g.to.join('+')})`).join(', ')}`}
            {moves.groups.cancelled.length > 0 && `; cancelled: ${moves.groups.cancelled.join(', ')}`}
            {moves.groups.added.length > 0 && `; new: ${moves.groups.added.join(', ')}`}. Pupils: {moves.figures.pupilsUnchanged} of {moves.figures.pupilsInBoth} unchanged
            {moves.joined.length > 0 && `, ${moves.joined.length} joined`}
            {moves.left.length > 0 && `, ${moves.left.length} left`}.
          </p>
          <ChangeList changes={moves} published={published.scenario} current={rec.scenario} />
          <ChangedPupilsExports scenario={rec.scenario} result={rec.result} studentIds={[...new Set([...moves.moves.map((m) => m.student), ...moves.joined])]} stale={rec.resultStale} />
        </>
      )}
    </section>
  );
}
