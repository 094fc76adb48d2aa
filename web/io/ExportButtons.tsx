/**
 * Export buttons: the scenario and result documents, the published offer, students and choices, the
 * course list, class lists (CSV in the MIS's shape and .xlsx with a sheet per group, with the attribute
 * columns the user picks, remembered in this browser), the blocking grid (CSV, .xlsx, printed on one
 * landscape page), student placements, and letters (settings, a live preview, printing, mail-merge CSV). Prop-driven: the page passes the scenario and, once solved, the result; downloads go
 * through `download` (the browser's by default) so tests and other hosts can catch the bytes.
 *
 * An out-of-date blocking (`stale`: what changed since it was made) is never exported silently: the
 * exports built on it ask first (StaleExportDialog), and "Export anyway" marks every file out of date (a
 * first line in the tables, a field in the result document, OUT-OF-DATE in the file name). Pupils no
 * longer in the scenario are left out of every list rather than written with a blank name.
 */
import { useMemo, useState } from 'react';
import { type Result, type Scenario, publishOffer } from '../../solver';
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
import { browserDownload, fileStem, MIME, type DownloadFn } from './download';
import { classListAttributes, attributeLabel, type ClassListOptions } from '../../data/io/export';
import { mailMergeTable } from '../../data/io/letters';
import { LetterSettings, PrintLettersButton, loadLetterText, mergeSettings, saveLetterText, type LetterText } from './Letters';
import { PrintGridButton } from './PrintGrid';
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

/** What the user chose for the exports: class-list columns and the letters' text. */
export interface ExportOptions {
  classList?: ClassListOptions;
  letters?: LetterText;
}

export type ExportSection = 'documents' | 'class-lists' | 'grid' | 'placements' | 'letters';

export interface ExportItem {
  id: string;
  label: string;
  needsResult: boolean;
  section: ExportSection;
  /** File name and bytes (or text) to save. */
  /** `marked`: what changed since an out-of-date result was made, for an export the user chose to make anyway. */
  make: (scenario: Scenario, result: Result | null, marked?: string[] | null, options?: ExportOptions) => Promise<{ name: string; data: Uint8Array | string; mime: string }>;
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
  { id: 'scenario-json', label: 'Scenario (JSON)', needsResult: false, section: 'documents', make: async (s) => ({ name: `${fileStem(s.name)}.scenario.json`, data: scenarioJson(s), mime: MIME.json }) },
  { id: 'students-csv', label: 'Students and choices (CSV)', needsResult: false, section: 'documents', make: async (s) => csv(`${fileStem(s.name)}-students`, studentsTable(s.students).rows) },
  { id: 'courses-csv', label: 'Course list (CSV)', needsResult: false, section: 'documents', make: async (s) => csv(`${fileStem(s.name)}-courses`, coursesTable(s.courses)) },
  {
    id: 'result-json',
    label: 'Result (JSON)',
    needsResult: true,
    section: 'documents',
    make: async (s, r, m) => ({ name: `${stem(s, m)}.result.json`, data: resultJson(m ? markedResult(r!, m) : r!), mime: MIME.json }),
  },
  // The offer students preview: blocks, courses and free places, never a student's name or choices.
  {
    id: 'offer-json',
    label: 'Published offer (JSON)',
    needsResult: true,
    section: 'documents',
    make: async (s, r, m) => ({ name: `${stem(s, m)}.offer.json`, data: `${JSON.stringify(m ? { ...publishOffer(offeredScenario(s), cur(s, r)), outOfDate: staleNote(m) } : publishOffer(offeredScenario(s), cur(s, r)), null, 2)}\n`, mime: MIME.json }),
  },
  { id: 'class-lists-csv', label: 'Class lists (CSV, a row per pupil and group)', needsResult: true, section: 'class-lists', make: async (s, r, m, o) => csv(`${stem(s, m)}-class-lists`, classListsTable(s, cur(s, r), o?.classList), m) },
  { id: 'class-lists-xlsx', label: 'Class lists (.xlsx, a sheet per group)', needsResult: true, section: 'class-lists', make: (s, r, m, o) => xlsx(`${stem(s, m)}-class-lists`, classListSheets(s, cur(s, r), o?.classList), m) },
  { id: 'grid-csv', label: 'Blocking grid (CSV)', needsResult: true, section: 'grid', make: async (s, r, m) => csv(`${stem(s, m)}-blocking-grid`, blockingGridTable(s, cur(s, r)), m) },
  { id: 'grid-xlsx', label: 'Blocking grid (.xlsx)', needsResult: true, section: 'grid', make: (s, r, m) => xlsx(`${stem(s, m)}-blocking-grid`, [{ name: 'Blocking grid', rows: blockingGridTable(s, cur(s, r)) }], m) },
  { id: 'placements-csv', label: 'Student placements (CSV)', needsResult: true, section: 'placements', make: async (s, r, m) => csv(`${stem(s, m)}-placements`, placementsTable(s, cur(s, r)), m) },
  { id: 'placements-xlsx', label: 'Student placements (.xlsx)', needsResult: true, section: 'placements', make: (s, r, m) => xlsx(`${stem(s, m)}-placements`, [{ name: 'Placements', rows: placementsTable(s, cur(s, r)) }], m) },
  {
    id: 'letters-csv',
    label: 'Letters for mail merge (CSV, a row per pupil)',
    needsResult: true,
    section: 'letters',
    make: async (s, r, m, o) => csv(`${stem(s, m)}-letters-mail-merge`, mailMergeTable(s, cur(s, r), mergeSettings(s, o?.letters)), m),
  },
];

const COLUMNS_KEY = 'ks4.classListColumns.v1';

/** The attribute columns chosen for class lists, remembered in this browser (none until chosen). */
function loadColumns(): string[] {
  try {
    const v = typeof localStorage === 'undefined' ? null : (JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null') as unknown);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function saveColumns(cols: string[]): void {
  try {
    localStorage.setItem(COLUMNS_KEY, JSON.stringify(cols));
  } catch {
    // Storage unavailable: the choice lasts until the page closes.
  }
}

const SECTIONS: { id: ExportSection; title: string }[] = [
  { id: 'class-lists', title: 'Class lists' },
  { id: 'grid', title: 'Blocking grid' },
  { id: 'placements', title: 'Student placements' },
  { id: 'letters', title: 'Letters to pupils' },
  { id: 'documents', title: 'Documents and lists' },
];

export function ExportButtons(props: ExportButtonsProps) {
  const { scenario, result = null, download = browserDownload } = props;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<ExportItem | null>(null);
  const [columns, setColumns] = useState<string[]>(loadColumns);
  const [letterText, setLetterText] = useState<LetterText>(() => ({ ...loadLetterText(), ...props.letterText }));
  const [showLetters, setShowLetters] = useState(false);
  const attributes = useMemo(() => classListAttributes(scenario.students), [scenario.students]);
  // Only attributes this scenario has, in the order the user ticked them.
  const chosen = columns.filter((c) => attributes.includes(c));
  const options: ExportOptions = { classList: { attributes: chosen }, letters: letterText };
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
      const f = await item.make(scenario, r, marked, options);
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
  const toggleColumn = (a: string, on: boolean) => {
    const next = on ? [...columns.filter((c) => c !== a), a] : columns.filter((c) => c !== a);
    setColumns(next);
    saveColumns(next);
  };
  const changeLetters = (t: LetterText) => {
    setLetterText(t);
    saveLetterText({ school: t.school, contact: t.contact, template: t.template });
  };
  const buttons = (section: ExportSection) =>
    EXPORTS.filter((e) => e.section === section).map((item) => (
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
    ));
  return (
    <div className="ks4-io-exports" role="group" aria-label="Export">
      {SECTIONS.map((sec) => (
        <section key={sec.id} className={`ks4-export-section ks4-export-${sec.id}`} aria-label={sec.title}>
          <h4>{sec.title}</h4>
          {sec.id === 'class-lists' && (
            <>
              <p className="muted small">
                UPN, admission number, surname, forename and registration group, sorted by surname; the CSV has one row per pupil and group
                with the group&apos;s block, teacher and room, for your MIS to take back.
              </p>
              {attributes.length > 0 && (
                <fieldset className="ks4-columns">
                  <legend>Columns: also include</legend>
                  {attributes.map((a) => (
                    <label key={a}>
                      <input type="checkbox" checked={chosen.includes(a)} onChange={(e) => toggleColumn(a, e.target.checked)} /> {attributeLabel(a)}
                    </label>
                  ))}
                </fieldset>
              )}
            </>
          )}
          <div className="ks4-export-buttons">
            {buttons(sec.id)}
            {sec.id === 'grid' &&
              (result ? (
                <PrintGridButton scenario={scenario} result={result} school={letterText.school} stale={stale} onReseat={props.onReseat} />
              ) : (
                <button type="button" disabled title="Solve the scenario first">
                  Print blocking grid…
                </button>
              ))}
            {sec.id === 'letters' &&
              (result ? (
                <>
                  <PrintLettersButton scenario={scenario} result={result} text={letterText} stale={stale} onReseat={props.onReseat} />
                  <button type="button" aria-expanded={showLetters} onClick={() => setShowLetters((v) => !v)}>
                    {showLetters ? 'Hide letter text and preview' : 'Letter text and preview…'}
                  </button>
                </>
              ) : (
                <button type="button" disabled title="Solve the scenario first">Print letters</button>
              ))}
          </div>
          {sec.id === 'letters' && result && showLetters && (
            <LetterSettings scenario={scenario} result={result} text={letterText} onChange={changeLetters} stale={stale} />
          )}
        </section>
      ))}
      {error && <p role="alert">{error}</p>}
      {asking && stale && <StaleExportDialog what={asking.label.toLowerCase()} changes={stale} onAnswer={(c) => void answer(c)} />}
      <TemplateLinks download={download} label="Blank templates to fill in" />
    </div>
  );
}
