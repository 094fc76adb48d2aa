/**
 * Export buttons: the scenario and result documents, the published offer, students and choices, the
 * course list, class lists (CSV and .xlsx), the blocking grid, student placements, and printable
 * letters. Prop-driven: the page passes the scenario and, once solved, the result; downloads go
 * through `download` (the browser's by default) so tests and other hosts can catch the bytes.
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
import { TemplateLinks } from './Templates';

export interface ExportButtonsProps {
  scenario: Scenario;
  result?: Result | null;
  download?: DownloadFn;
  letterText?: LetterText;
}

export interface ExportItem {
  id: string;
  label: string;
  needsResult: boolean;
  /** File name and bytes (or text) to save. */
  make: (scenario: Scenario, result: Result | null) => Promise<{ name: string; data: Uint8Array | string; mime: string }>;
}

const csv = (name: string, rows: SheetRows) => ({ name: `${name}.csv`, data: toCsvBytes(rows), mime: MIME.csv });
const xlsx = async (name: string, sheets: NamedSheet[]) => ({ name: `${name}.xlsx`, data: await toXlsx(sheets), mime: MIME.xlsx });

/** Every export the planner offers, in button order. */
export const EXPORTS: ExportItem[] = [
  { id: 'scenario-json', label: 'Scenario (JSON)', needsResult: false, make: async (s) => ({ name: `${fileStem(s.name)}.scenario.json`, data: scenarioJson(s), mime: MIME.json }) },
  { id: 'students-csv', label: 'Students and choices (CSV)', needsResult: false, make: async (s) => csv(`${fileStem(s.name)}-students`, studentsTable(s.students).rows) },
  { id: 'courses-csv', label: 'Course list (CSV)', needsResult: false, make: async (s) => csv(`${fileStem(s.name)}-courses`, coursesTable(s.courses)) },
  { id: 'result-json', label: 'Result (JSON)', needsResult: true, make: async (s, r) => ({ name: `${fileStem(s.name)}.result.json`, data: resultJson(r!), mime: MIME.json }) },
  // The offer students preview: blocks, courses and free places, never a student's name or choices.
  { id: 'offer-json', label: 'Published offer (JSON)', needsResult: true, make: async (s, r) => ({ name: `${fileStem(s.name)}.offer.json`, data: `${JSON.stringify(publishOffer(s, r!), null, 2)}\n`, mime: MIME.json }) },
  { id: 'class-lists-csv', label: 'Class lists (CSV)', needsResult: true, make: async (s, r) => csv(`${fileStem(s.name)}-class-lists`, classListsTable(s, r!)) },
  { id: 'class-lists-xlsx', label: 'Class lists (.xlsx, a sheet per group)', needsResult: true, make: (s, r) => xlsx(`${fileStem(s.name)}-class-lists`, classListSheets(s, r!)) },
  { id: 'grid-csv', label: 'Blocking grid (CSV)', needsResult: true, make: async (s, r) => csv(`${fileStem(s.name)}-blocking-grid`, blockingGridTable(s, r!)) },
  { id: 'grid-xlsx', label: 'Blocking grid (.xlsx)', needsResult: true, make: (s, r) => xlsx(`${fileStem(s.name)}-blocking-grid`, [{ name: 'Blocking grid', rows: blockingGridTable(s, r!) }]) },
  { id: 'placements-csv', label: 'Student placements (CSV)', needsResult: true, make: async (s, r) => csv(`${fileStem(s.name)}-placements`, placementsTable(s, r!)) },
  { id: 'placements-xlsx', label: 'Student placements (.xlsx)', needsResult: true, make: (s, r) => xlsx(`${fileStem(s.name)}-placements`, [{ name: 'Placements', rows: placementsTable(s, r!) }]) },
];

export function ExportButtons(props: ExportButtonsProps) {
  const { scenario, result = null, download = browserDownload } = props;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (item: ExportItem) => {
    setBusy(item.id);
    setError(null);
    try {
      const f = await item.make(scenario, result);
      download(f.data, f.name, f.mime);
    } catch (e) {
      setError(`${item.label} could not be made: ${(e as Error).message}`);
    } finally {
      setBusy(null);
    }
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
      {result ? <PrintLettersButton scenario={scenario} result={result} text={props.letterText} /> : <button type="button" disabled title="Solve the scenario first">Print letters</button>}
      {error && <p role="alert">{error}</p>}
      <TemplateLinks download={download} label="Blank templates to fill in" />
    </div>
  );
}
