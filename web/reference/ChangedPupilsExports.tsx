/**
 * Letters and class lists for the pupils a late change affects only: the existing exports (data/io
 * letters.ts mailMergeTable, export.ts classListsTable, web/io/Letters.tsx printing) given the ids of the
 * pupils with a move in the change list and the pupils who joined since publishing. Refused while the
 * blocking is out of date: letters must say what the pupils will really have.
 */
import type { Result, Scenario } from '../../solver';
import { classListsTable, toCsvBytes } from '../../data/io';
import { mailMergeTable } from '../../data/io/letters';
import { browserDownload, fileStem, MIME, type DownloadFn } from '../io/download';
import { PrintLettersButton, loadLetterText, mergeSettings } from '../io/Letters';
import { resultForScenario } from '../state/basis';

export function ChangedPupilsExports(props: { scenario: Scenario; result: Result; studentIds: readonly string[]; stale: boolean; download?: DownloadFn }) {
  const { scenario, result, stale } = props;
  const download = props.download ?? browserDownload;
  // Only pupils the scenario still has: a pupil who left gets no letter.
  const present = new Set(scenario.students.map((s) => s.id));
  const ids = props.studentIds.filter((id) => present.has(id));
  const n = ids.length;
  if (n === 0) return null;
  const current = () => resultForScenario(scenario, result);
  const stem = `${fileStem(scenario.name)}-changed-pupils`;
  const why = stale ? 'Re-seat or solve first: the blocking is out of date' : undefined;
  return (
    <div className="reference-exports" role="group" aria-label="Exports for the changed pupils">
      <p>
        For the {n} pupil{n === 1 ? '' : 's'} with a change (moved, or joined since publishing) only:{' '}
        <button
          type="button"
          data-export="changed-letters-csv"
          disabled={stale}
          title={why}
          onClick={() => download(toCsvBytes(mailMergeTable(scenario, current(), mergeSettings(scenario, loadLetterText()), ids)), `${stem}-letters-mail-merge.csv`, MIME.csv)}
        >
          Letters for mail merge (CSV, {n})
        </button>{' '}
        <button
          type="button"
          data-export="changed-class-lists-csv"
          disabled={stale}
          title={why}
          onClick={() => download(toCsvBytes(classListsTable(scenario, current(), { studentIds: ids })), `${stem}-class-lists.csv`, MIME.csv)}
        >
          Class lists (CSV, their rows)
        </button>{' '}
        {!stale && <PrintLettersButton scenario={scenario} result={result} text={loadLetterText()} studentIds={ids} label={`Print their letters (${n})`} />}
      </p>
      {stale && <p className="muted">{why}.</p>}
    </div>
  );
}
