/**
 * The student page (issue 4) on its own route. With `?offer=URL` in the address it is the public page a
 * student opens; otherwise it previews the current scenario's blocking as students would see it, from
 * the offer published from it (blocks, courses and free places: no other student's name or choices).
 */
import { useMemo } from 'react';
import { publishOffer } from '../../solver';
import { offeredScenario } from '../state/drop';
import { StudentPage, StudentPageLoader } from '../student/StudentPage';
import { StudentLinkPanel } from '../student/StudentLinkPanel';
import { OptionsRoundPanel } from '../round/OptionsRoundPanel';
import { usePlanner } from '../state/store';
import { staleChanges, staleNote } from '../state/actions';

export default function StudentPreview() {
  const hasOfferUrl = typeof location !== 'undefined' && new URLSearchParams(location.search).has('offer');
  const rec = usePlanner((s) => (s.currentId ? s.records[s.currentId] : null));
  const published = useMemo(() => {
    if (!rec?.result) return null;
    try {
      return { offer: publishOffer(offeredScenario(rec.scenario), rec.result) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [rec?.scenario, rec?.result]);
  if (hasOfferUrl) return <StudentPageLoader />;
  if (!rec) return null;
  return (
    <div className="screen">
      <h2>Student preview: {rec.scenario.name}</h2>
      <p className="muted">What a student sees when choosing, from this scenario's blocking. Give students the link below (or its QR code); the “Published offer” export on the Results screen is the same offer as a file.</p>
      {!published ? (
        <p className="note">Solve the scenario first: the preview needs a blocking.</p>
      ) : 'error' in published ? (
        <p className="note error">{published.error}</p>
      ) : (
        <>
          {staleChanges(rec).length > 0 && (
            // Free places and blocks in a link last as long as the link: say so before it is handed out.
            <p className="note" role="status" data-testid="student-link-stale">
              {staleNote(staleChanges(rec))} The student link below shows this blocking.
            </p>
          )}
          <StudentLinkPanel offer={published.offer} />
          <OptionsRoundPanel offer={published.offer} />
          <StudentPage offer={published.offer} />
        </>
      )}
    </div>
  );
}
