/**
 * Export buttons: the scenario and result documents, the published offer, students and choices, the
 * course list, class lists (CSV and .xlsx), the blocking grid, student placements, and printable
 * letters. Prop-driven: the page passes the scenario and, once solved, the result; downloads go
 * through `download` (the browser's by default) so tests and other hosts can catch the bytes.
 *
 * An out-of-date blocking (`stale`: what changed since it was made) is never exported silently: the
 * exports built on it ask first (StaleExportDialog), and "Export anyway" marks every file out of date (a
 * first line in the tables, a field in the result document, OUT-OF-DATE in the file name). Pupils no
 * longer in the scenario are left out of every list rather than written with a blank name.
 */
import { useState } from 'react';
import type { Result, Scenario } from '../../solver/types';
import {
  blockingGridTable,
  classListSheets,
  classListsTable,
  coursesTable,
  placementsTable,
  resultJson,
  scenarioJson,
  studentsTable,
  toCsvBytes,
  toXlsx,
  type NamedSheet,
  type SheetRows,
} from '../../data/io';
import { publishOffer } from '../../solver/publish';
import { browserDownload, fileStem, MIME, type DownloadFn } from './download';
import { PrintLettersButton, type LetterText } from './Letters';
import { StaleExportDialog } from '../components/StaleExportDialog';
import { markedResult, resultForScenario, staleNote } from '../state/basis';
import { offeredScenario } from '../state/drop';
import { violations } from '../state/edit-rules';
import { TemplateLinks } from './Templates';

export interface ExportButtonsProps {
  scenario: Scenario;
  result?: Result | null;
  download?: DownloadFn;
  letterText?: LetterText;
  /** What changed since the result was made, when it is out of date; null or empty when it is current. */
  stale?: string[] | null;
  /** Re-seats the students into the result's groups under the scenario as it is; null when that fails. */
  onReseat?: () => Promise<Result | null>;
  /** Refuse the result document when the independent checker finds a broken rule (the planner sets it). */
  checkResult?: boolean;
}

export interface ExportItem {
  id: string;
  label: string;
  needsResult: boolean;
  /** File name and bytes (or text) to save. */
  /** `marked`: what changed since an out-of-date result was made, for an export the user chose to make anyway. */
  make: (scenario: Scenario, result: Result | null, marked?: string[] | null) => Promise<{ name: string; data: Uint8Array | string; mime: string }>;
}

const stem = (s: Scenario, marked?: string[] | null) => `${fileStem(s.name)}${marked ? '-OUT-OF-DATE' : ''}`;
const withNote = (rows: SheetRows, marked?: string[] | null): SheetRows => (marked ? [[staleNote(marked)], [], ...rows] : rows);
const csv = (name: string, rows: SheetRows, marked?: string[] | null) => ({ name: `${name}.csv`, data: toCsvBytes(withNote(rows, marked)), mime: MIME.csv });
const xlsx = async (name: string, sheets: NamedSheet[], marked?: string[] | null) => ({
  name: `${name}.xlsx`,
  data: await toXlsx(sheets.map((sh) => ({ ...sh, rows: withNote(sh.rows, marked) }))),
  mime: MIME.xlsx,
});
/** The result as the scenario now sees it: no removed pupil in any list. */
const cur = (s: Scenario, r: Result | null) => resultForScenario(s, r!);

/** Every export the planner offers, in button order. */
export const EXPORTS: ExportItem[] = [
  { id: 'scenario-json', label: 'Scenario (JSON)', needsResult: false, make: async (s) => ({ name: `${fileStem(s.name)}.scenario.json`, data: scenarioJson(s), mime: MIME.json }) },
  { id: 'students-csv', label: 'Students and choices (CSV)', needsResult: false, make: async (s) => csv(`${fileStem(s.name)}-students`, studentsTable(s.students).rows) },
  { id: 'courses-csv', label: 'Course list (CSV)', needsResult: false, make: async (s) => csv(`${fileStem(s.name)}-courses`, coursesTable(s.courses)) },
  {
    id: 'result-json',
    label: 'Result (JSON)',
    needsResult: true,
    make: async (s, r, m) => ({ name: `${stem(s, m)}.result.json`, data: resultJson(m ? markedResult(r!, m) : r!), mime: MIME.json }),
  },
  // The offer students preview: blocks, courses and free places, never a student's name or choices.
  {
    id: 'offer-json',
    label: 'Published offer (JSON)',
    needsResult: true,
    make: async (s, r, m) => ({ name: `${stem(s, m)}.offer.json`, data: `${JSON.stringify(m ? { ...publishOffer(offeredScenario(s), cur(s, r)), outOfDate: staleNote(m) } : publishOffer(offeredScenario(s), cur(s, r)), null, 2)}\n`, mime: MIME.json }),
  },
  { id: 'class-lists-csv', label: 'Class lists (CSV)', needsResult: true, make: async (s, r, m) => csv(`${stem(s, m)}-class-lists`, classListsTable(s, cur(s, r)), m) },
  { id: 'class-lists-xlsx', label: 'Class lists (.xlsx, a sheet per group)', needsResult: true, make: (s, r, m) => xlsx(`${stem(s, m)}-class-lists`, classListSheets(s, cur(s, r)), m) },
  { id: 'grid-csv', label: 'Blocking grid (CSV)', needsResult: true, make: async (s, r, m) => csv(`${stem(s, m)}-blocking-grid`, blockingGridTable(s, cur(s, r)), m) },
  { id: 'grid-xlsx', label: 'Blocking grid (.xlsx)', needsResult: true, make: (s, r, m) => xlsx(`${stem(s, m)}-blocking-grid`, [{ name: 'Blocking grid', rows: blockingGridTable(s, cur(s, r)) }], m) },
  { id: 'placements-csv', label: 'Student placements (CSV)', needsResult: true, make: async (s, r, m) => csv(`${stem(s, m)}-placements`, placementsTable(s, cur(s, r)), m) },
  { id: 'placements-xlsx', label: 'Student placements (.xlsx)', needsResult: true, make: (s, r, m) => xlsx(`${stem(s, m)}-placements`, [{ name: 'Placements', rows: placementsTable(s, cur(s, r)) }], m) },
];

export function ExportButtons(props: ExportButtonsProps) {
  const { scenario, result = null, download = browserDownload } = props;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<ExportItem | null>(null);
  const stale = props.stale && props.stale.length > 0 ? props.stale : null;
  const make = async (item: ExportItem, r: Result | null, marked: string[] | null) => {
    setBusy(item.id);
    setError(null);
    try {
      // Never a result the checker refuses, unless the user chose to export an out-of-date one, marked.
      const broken = props.checkResult && item.id === 'result-json' && r && !marked ? violations(scenario, r) : [];
      if (broken.length > 0) {
        throw new Error(`it breaks ${broken.length} rule${broken.length === 1 ? '' : 's'} of the scenario (${broken[0].message}${broken.length > 1 ? '; …' : ''}). Solve again or undo the change that broke it.`);
      }
      const f = await item.make(scenario, r, marked);
      download(f.data, f.name, f.mime);
    } catch (e) {
      setError(`${item.label} could not be made: ${(e as Error).message}`);
    } finally {
      setBusy(null);
    }
  };
  const run = (item: ExportItem) => {
    if (item.needsResult && stale) setAsking(item);
    else void make(item, result, null);
  };
  const answer = async (choice: 'reseat' | 'anyway' | 'cancel') => {
    const item = asking;
    setAsking(null);
    if (!item || choice === 'cancel') return;
    if (choice === 'anyway') return make(item, result, stale);
    if (!props.onReseat) {
      setError('This page cannot re-seat the students; solve again on the Blocks screen.');
      return;
    }
    setBusy(item.id);
    const fresh = await props.onReseat().finally(() => setBusy(null));
    // The store's message says why when the old groups cannot simply be re-seated.
    if (fresh) await make(item, fresh, null);
  };
  return (
    <div className="ks4-io-exports" role="group" aria-label="Export">
      {EXPORTS.map((item) => (
        <button
          key={item.id}
          type="button"
          data-export={item.id}
          disabled={busy !== null || (item.needsResult && !result)}
          title={item.needsResult && !result ? 'Solve the scenario first' : undefined}
          onClick={() => void run(item)}
        >
          {item.label}
        </button>
      ))}
      {result ? (
        <PrintLettersButton scenario={scenario} result={result} text={props.letterText} stale={stale} onReseat={props.onReseat} />
      ) : (
        <button type="button" disabled title="Solve the scenario first">Print letters</button>
      )}
      {error && <p role="alert">{error}</p>}
      {asking && stale && <StaleExportDialog what={asking.label.toLowerCase()} changes={stale} onAnswer={(c) => void answer(c)} />}
      <TemplateLinks download={download} label="Blank templates to fill in" />
    </div>
  );
}
