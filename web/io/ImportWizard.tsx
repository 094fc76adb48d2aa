/**
 * The import wizard for students and choices: choose a file -> match columns -> match course names
 * (near misses shown, "Geog" -> Geography?) -> decide every row that could not be read -> add students.
 *
 * Self-contained and prop-driven: the page passes the scenario's courses and pathways and the settings
 * saved from the last import (column mapping and answers about course names), and gets back the
 * settings to save (onSaveSettings) and the students (onComplete). It keeps no global state and never
 * touches storage itself. All reading and matching is data/io; this file only shows it and collects
 * the user's answers.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ChangeEvent, type DragEvent } from 'react';
import type { Course, Pathway, Student } from '../../solver';
import {
  adaptMapping,
  checkStudentMapping,
  emptyStudentMapping,
  importStudents,
  mappedColumns,
  type AttributeType,
  type RowDecision,
  type SavedImportSettings,
  type StudentMapping,
  type Table,
} from '../../data/io';
import type { DuplicateGroup, StudentImportResult } from '../../data/io/students';
import type { DownloadFn } from './download';
import { TemplateLinks } from './Templates';
import { workerReader, type TableReader } from './worker-reader';
import { acceptAllSuggestions, courseOptions, decideRows, issuesByRow, keepableRows, keepDuplicateRow, noChoicesNotice, STEPS, type ImportSummary, type WizardStep } from './wizard-logic';

export interface ImportWizardProps {
  courses: readonly Course[];
  pathways?: readonly Pathway[];
  /** Settings remembered from the last import; the wizard starts from them. */
  saved?: SavedImportSettings;
  /** Called whenever the mapping or a course-name answer changes, for the page to persist. */
  onSaveSettings?: (settings: SavedImportSettings) => void;
  /** Called with the students when the user adds them. */
  onComplete: (students: Student[], summary: ImportSummary) => void;
  onCancel?: () => void;
  /** How files are read; default a Web Worker when the page can start one (see worker-reader.ts). */
  readFile?: TableReader;
  /** How the blank templates are saved; default the browser's download. */
  download?: DownloadFn;
  /** A file already chosen (the header's Import… recognised it): read at once, starting on the columns step. */
  initialFile?: File;
  /** What the page shows on the last step beside the Add button (what adding would change in the cohort). */
  renderFinish?: (students: Student[], withoutChoiceColumns: boolean) => React.ReactNode;
}

/** The mapping's single columns as the columns step lists them, in words. */
const FIELD_LABELS: [keyof StudentMapping, string][] = [
  ['id', 'Student id'],
  ['admissionNumber', 'Admission number'],
  ['upn', 'UPN'],
  ['name', 'Full name'],
  ['firstName', 'Forename'],
  ['lastName', 'Surname'],
  ['preferredName', 'Preferred forename'],
  ['regGroup', 'Registration group'],
  ['tutorGroup', 'Tutor group'],
  ['pathway', 'Pathway'],
  ['timestamp', 'Submitted at'],
  ['email', 'E-mail'],
];

/** "Student id: Adno; Surname: Legal Surname; Choices: Option 1 to Option 4; ..." for the columns step. */
function recognisedText(m: StudentMapping): string {
  const parts: string[] = [];
  for (const [k, label] of FIELD_LABELS) if (typeof m[k] === 'string') parts.push(`${label}: ${m[k] as string}`);
  const range = (cols: string[]) => (cols.length === 1 ? cols[0] : `${cols[0]} to ${cols[cols.length - 1]} (${cols.length})`);
  if (m.choices.length) parts.push(`Choices: ${range(m.choices)}`);
  if (m.choicesList) parts.push(`Choices: ${m.choicesList}`);
  if (m.choices.length === 0 && !m.choicesList) parts.push('Choices: none (a student list: the students are added without choices)');
  if (m.reserves.length) parts.push(`Reserves: ${range(m.reserves)}`);
  if (m.reservesList) parts.push(`Reserves: ${m.reservesList}`);
  for (const a of m.attributes) parts.push(`${a.column} as ${a.name}`);
  return parts.join('; ');
}

/** One pupil on several rows: every row in full, the time it was sent, and which to keep. */
function DuplicateTable(props: { group: DuplicateGroup; onKeep: (row: number | null) => void }) {
  const { group } = props;
  const headers = group.rows[0]?.cells.map(([h]) => h) ?? [];
  return (
    <div className="ks4-io-duplicate" data-duplicate={group.id} style={{ overflowX: 'auto' }}>
      <table className="ks4-io-rows">
        <caption>
          {group.id} is on {group.rows.length} rows
        </caption>
        <thead>
          <tr>
            <th>Keep</th>
            <th>Row</th>
            {headers.map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {group.rows.map((r) => (
            <tr key={r.row} className={r.kept ? 'kept' : 'skipped'}>
              <td>
                <label>
                  <input type="radio" name={`dup-${group.id}`} checked={r.kept} onChange={() => props.onKeep(r.row === group.later ? null : r.row)} /> keep row {r.row}
                  {r.row === group.later ? ' (the later)' : ''}
                </label>
              </td>
              <td>{r.row}</td>
              {r.cells.map(([h, v]) => (
                <td key={h}>{v}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The rows imported as they stand but worth a look: rows that were not UTF-8 (read as Windows-1252), fewer
 * choices than asked for, a pupil on several rows.
 */
function Notices(props: { result: StudentImportResult; onKeep: (group: DuplicateGroup, row: number | null) => void }) {
  const { result } = props;
  const few = result.notices.filter((n) => n.code === 'few-choices');
  const encoding = result.notices.filter((n) => n.code === 'not-utf8');
  if (few.length === 0 && encoding.length === 0 && result.duplicates.length === 0) return null;
  return (
    <section aria-label="Rows to look at" data-testid="import-notices">
      {encoding.length > 0 && (
        <ul data-testid="encoding-notices">
          {encoding.map((n) => (
            <li key={n.row}>{n.message}</li>
          ))}
        </ul>
      )}
      {few.length > 0 && (
        <>
          <h3>
            {few.length} pupil{few.length === 1 ? '' : 's'} with fewer choices than asked for
          </h3>
          <ul data-testid="few-choices">
            {few.map((n) => (
              <li key={n.row}>{n.message}</li>
            ))}
          </ul>
        </>
      )}
      {result.duplicates.length > 0 && (
        <>
          <h3>
            {result.duplicates.length} pupil{result.duplicates.length === 1 ? ' is' : 's are'} on more than one row
          </h3>
          <p>Where the form's times tell which submission is the later, it is kept unless you choose another row; otherwise choose the row to keep. Every row is shown in full.</p>
          {result.duplicates.map((g) => (
            <DuplicateTable key={g.id} group={g} onKeep={(row) => props.onKeep(g, row)} />
          ))}
        </>
      )}
    </section>
  );
}

/** A student list with no choice columns: the students are added without choices, and how they choose later. */
function NoChoicesNote({ result }: { result: StudentImportResult }) {
  const text = noChoicesNotice(result);
  if (text === null) return null;
  return (
    <p className="note" role="status" data-testid="no-choice-columns">
      {text}
    </p>
  );
}

const ISSUE_LIST_LIMIT = 200;

function ColumnSelect(props: { headers: string[]; value: string | undefined; onChange: (v: string | undefined) => void; label: string; id: string }) {
  return (
    <label className="ks4-io-field" htmlFor={props.id}>
      <span>{props.label}</span>
      <select id={props.id} value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value === '' ? undefined : e.target.value)}>
        <option value="">(none)</option>
        {props.headers.map((h) => (
          <option key={h} value={h}>
            {h}
          </option>
        ))}
      </select>
    </label>
  );
}

function ColumnList(props: { headers: string[]; values: string[]; onChange: (v: string[]) => void; label: string; idPrefix: string }) {
  const { values } = props;
  return (
    <fieldset className="ks4-io-list">
      <legend>{props.label}</legend>
      {values.map((v, i) => (
        <div key={i}>
          <ColumnSelect
            id={`${props.idPrefix}-${i}`}
            headers={props.headers}
            label={`${i + 1}`}
            value={v}
            onChange={(nv) => props.onChange(nv === undefined ? values.filter((_, j) => j !== i) : values.map((x, j) => (j === i ? nv : x)))}
          />
        </div>
      ))}
      <button type="button" onClick={() => props.onChange([...values, props.headers.find((h) => !values.includes(h)) ?? props.headers[0]])}>
        Add a column
      </button>
    </fieldset>
  );
}

export function ImportWizard(props: ImportWizardProps) {
  const { courses, pathways, saved, onSaveSettings, onComplete, onCancel } = props;
  const [readFile] = useState<TableReader>(() => props.readFile ?? workerReader());
  const [step, setStep] = useState<WizardStep>('file');
  const [file, setFile] = useState<{ name: string; bytes: Uint8Array } | null>(null);
  const [table, setTable] = useState<Table | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [missingColumns, setMissingColumns] = useState<string[]>([]);
  const [mapping, setMapping] = useState<StudentMapping>(saved?.students ?? emptyStudentMapping());
  const [aliases, setAliases] = useState<Record<string, string>>(saved?.courseAliases ?? {});
  const [rows, setRows] = useState<Record<number, RowDecision>>({});
  const [showAll, setShowAll] = useState(false);

  const save = useCallback(
    (m: StudentMapping, a: Record<string, string>) => onSaveSettings?.({ version: 1, students: m, courseAliases: a }),
    [onSaveSettings],
  );
  const updateMapping = (m: StudentMapping) => {
    setMapping(m);
    save(m, aliases);
  };
  const updateAliases = (a: Record<string, string>) => {
    setAliases(a);
    save(mapping, a);
  };

  const load = async (name: string, bytes: Uint8Array, options: { headerRow?: number; sheet?: string } = {}) => {
    setReading(true);
    setReadError(null);
    try {
      const t = await readFile(bytes, name, options);
      const { mapping: m, missing } = adaptMapping(saved?.students, t.headers);
      setFile({ name, bytes });
      setTable(t);
      setMissingColumns(missing);
      setMapping(m);
      setRows({});
      setStep('columns');
    } catch (e) {
      setReadError((e as Error).name === 'FileReadError' ? (e as Error).message : `The file could not be read: ${(e as Error).message}`);
    } finally {
      setReading(false);
    }
  };
  const onFile = async (f: File | undefined) => {
    if (!f) return;
    await load(f.name, new Uint8Array(await f.arrayBuffer()));
  };
  const started = useRef<File | null>(null);
  useEffect(() => {
    if (props.initialFile && started.current !== props.initialFile) {
      started.current = props.initialFile;
      void onFile(props.initialFile);
    }
    // Read once per file given; onFile's identity changes every render.
  }, [props.initialFile]);

  const mappingProblems = useMemo(() => (table ? checkStudentMapping(mapping, table.headers) : []), [mapping, table]);
  const result = useMemo(
    () => (table && mappingProblems.length === 0 ? importStudents(table, mapping, { courses, pathways }, { courseAliases: aliases, rows }) : null),
    [table, mapping, mappingProblems, courses, pathways, aliases, rows],
  );

  const stepIndex = STEPS.findIndex((s) => s.step === step);
  const nav = (
    <ol className="ks4-io-steps">
      {STEPS.map((s, i) => (
        <li key={s.step} aria-current={s.step === step ? 'step' : undefined} className={i < stepIndex ? 'done' : undefined}>
          {s.title}
        </li>
      ))}
    </ol>
  );

  let body: React.ReactNode = null;
  if (step === 'file') {
    body = (
      <section>
        <p>Choose the students' choices as a CSV or Excel (.xlsx) file: a Microsoft or Google Forms export, a report from your MIS, or your own spreadsheet. Nothing leaves this computer.</p>
        <div
          className="ks4-io-drop"
          onDragOver={(e: DragEvent) => e.preventDefault()}
          onDrop={(e: DragEvent) => {
            e.preventDefault();
            void onFile(e.dataTransfer.files[0]);
          }}
        >
          <label>
            File{' '}
            <input type="file" accept=".csv,.tsv,.txt,.xlsx" disabled={reading} onChange={(e: ChangeEvent<HTMLInputElement>) => void onFile(e.target.files?.[0])} />
          </label>
          {reading && <p role="status">Reading...</p>}
        </div>
        {readError && (
          <p role="alert" className="ks4-io-error">
            {readError}
          </p>
        )}
        <TemplateLinks kinds={['choices']} download={props.download} label="No file yet? Start from a blank template" />
      </section>
    );
  } else if (step === 'columns' && table && file) {
    const attrs = new Map(mapping.attributes.map((a) => [a.column, a]));
    const used = new Set(mappedColumns(mapping));
    const setAttr = (column: string, patch: { name?: string; type?: AttributeType } | null) => {
      const rest = mapping.attributes.filter((a) => a.column !== column);
      if (patch === null) updateMapping({ ...mapping, attributes: rest });
      else {
        const current = attrs.get(column) ?? { column, name: column.toLowerCase().replace(/[^a-z0-9]+/g, ''), type: 'auto' as const };
        updateMapping({ ...mapping, attributes: [...rest, { ...current, ...patch }] });
      }
    };
    body = (
      <section>
        <p>
          {file.name}: {table.rows.length} rows under the header on row {table.headerRow}
          {table.encoding ? `, read as ${table.encoding}` : ''}
          {table.sheet ? `, sheet "${table.sheet}"` : ''}.{' '}
          <label>
            Header row{' '}
            <input type="number" min={1} defaultValue={table.headerRow} style={{ width: '4em' }} onBlur={(e) => Number(e.target.value) !== table.headerRow && void load(file.name, file.bytes, { headerRow: Number(e.target.value), sheet: table.sheet })} />
          </label>
          {table.sheets && table.sheets.length > 1 && (
            <label>
              {' '}
              Sheet{' '}
              <select value={table.sheet} onChange={(e) => void load(file.name, file.bytes, { sheet: e.target.value })}>
                {table.sheets.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
          )}
        </p>
        {table.rowProblems.some((p) => p.row <= table.headerRow) && (
          <ul className="ks4-io-note" aria-label="Problems above the data">
            {table.rowProblems
              .filter((p) => p.row <= table.headerRow)
              .map((p) => (
                <li key={`${p.row}-${p.columnIndex ?? ''}`}>
                  Row {p.row}
                  {p.row === table.headerRow ? ' (the header row)' : ''}: {p.message}
                </li>
              ))}
          </ul>
        )}
        {missingColumns.length > 0 && <p className="ks4-io-note">Columns remembered from last time but not in this file: {missingColumns.join(', ')}.</p>}
        <p className="ks4-io-note" data-testid="recognised">
          {mappingProblems.length === 0 ? 'Every column needed was recognised; check them and go on. ' : 'Recognised so far; choose the rest below. '}
          {recognisedText(mapping)}.
        </p>
        {result && <NoChoicesNote result={result} />}
        <div className="ks4-io-grid">
          <ColumnSelect id="ks4-io-id" headers={table.headers} label="Student id" value={mapping.id} onChange={(v) => updateMapping({ ...mapping, id: v })} />
          <ColumnSelect id="ks4-io-adno" headers={table.headers} label="Admission number" value={mapping.admissionNumber} onChange={(v) => updateMapping({ ...mapping, admissionNumber: v })} />
          <ColumnSelect id="ks4-io-upn" headers={table.headers} label="UPN" value={mapping.upn} onChange={(v) => updateMapping({ ...mapping, upn: v })} />
          <ColumnSelect id="ks4-io-name" headers={table.headers} label="Full name" value={mapping.name} onChange={(v) => updateMapping({ ...mapping, name: v })} />
          <ColumnSelect id="ks4-io-first" headers={table.headers} label="or first name" value={mapping.firstName} onChange={(v) => updateMapping({ ...mapping, firstName: v })} />
          <ColumnSelect id="ks4-io-last" headers={table.headers} label="and last name" value={mapping.lastName} onChange={(v) => updateMapping({ ...mapping, lastName: v })} />
          <ColumnSelect id="ks4-io-preferred" headers={table.headers} label="Preferred forename" value={mapping.preferredName} onChange={(v) => updateMapping({ ...mapping, preferredName: v })} />
          <ColumnSelect id="ks4-io-reg" headers={table.headers} label="Registration group" value={mapping.regGroup} onChange={(v) => updateMapping({ ...mapping, regGroup: v })} />
          <ColumnSelect id="ks4-io-tutor" headers={table.headers} label="Tutor group" value={mapping.tutorGroup} onChange={(v) => updateMapping({ ...mapping, tutorGroup: v })} />
          <ColumnSelect id="ks4-io-timestamp" headers={table.headers} label="Submitted at (a form's timestamp)" value={mapping.timestamp} onChange={(v) => updateMapping({ ...mapping, timestamp: v })} />
          <ColumnSelect id="ks4-io-email" headers={table.headers} label="E-mail" value={mapping.email} onChange={(v) => updateMapping({ ...mapping, email: v })} />
          <ColumnSelect id="ks4-io-pathway" headers={table.headers} label="Pathway" value={mapping.pathway} onChange={(v) => updateMapping({ ...mapping, pathway: v })} />
        </div>
        <ColumnList idPrefix="ks4-io-choice" headers={table.headers} label="Choice columns, most wanted first" values={mapping.choices} onChange={(v) => updateMapping({ ...mapping, choices: v })} />
        <ColumnSelect id="ks4-io-choices-list" headers={table.headers} label="or one column listing every choice" value={mapping.choicesList} onChange={(v) => updateMapping({ ...mapping, choicesList: v })} />
        <ColumnList idPrefix="ks4-io-reserve" headers={table.headers} label="Reserve columns, in order" values={mapping.reserves} onChange={(v) => updateMapping({ ...mapping, reserves: v })} />
        <ColumnSelect id="ks4-io-reserves-list" headers={table.headers} label="or one column listing every reserve" value={mapping.reservesList} onChange={(v) => updateMapping({ ...mapping, reservesList: v })} />
        <fieldset>
          <legend>Other columns to keep as attributes (for analysis, such as pupil premium or SEN)</legend>
          <table className="ks4-io-table">
            <tbody>
              {table.headers
                .filter((h) => !used.has(h) || attrs.has(h))
                .map((h) => {
                  const a = attrs.get(h);
                  return (
                    <tr key={h}>
                      <td>
                        <label>
                          <input type="checkbox" checked={a !== undefined} onChange={(e) => setAttr(h, e.target.checked ? {} : null)} /> {h}
                        </label>
                      </td>
                      <td>{table.rows.slice(0, 3).map((r) => r[table.headers.indexOf(h)] ?? '').join(', ')}</td>
                      {a && (
                        <>
                          <td>
                            <input aria-label={`Attribute name for ${h}`} value={a.name} onChange={(e) => setAttr(h, { name: e.target.value })} />
                          </td>
                          <td>
                            <select aria-label={`Type of ${h}`} value={a.type} onChange={(e) => setAttr(h, { type: e.target.value as AttributeType })}>
                              <option value="auto">decide from the values</option>
                              <option value="text">text</option>
                              <option value="number">number</option>
                              <option value="yes/no">yes/no</option>
                            </select>
                          </td>
                        </>
                      )}
                    </tr>
                  );
                })}
            </tbody>
          </table>
        </fieldset>
        {mappingProblems.length > 0 && (
          <ul role="alert" className="ks4-io-error">
            {mappingProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        <button type="button" onClick={() => setStep('file')}>
          Back
        </button>{' '}
        <button type="button" disabled={mappingProblems.length > 0} onClick={() => setStep('courses')}>
          Next: course names
        </button>
      </section>
    );
  } else if (step === 'courses' && result) {
    const unmatched = result.courseTexts.filter((t) => t.how === 'none');
    const answered = result.courseTexts.filter((t) => t.how === 'alias' || (t.how === 'ignored' && Object.hasOwn(aliases, t.key)));
    const matched = result.courseTexts.filter((t) => t.how === 'id' || t.how === 'name');
    const answer = (key: string, value: string | undefined) => {
      // Keys are the school's course texts (data: "constructor" is one): own keys of an object without a prototype.
      const next: Record<string, string> = Object.assign(Object.create(null), aliases);
      if (value === undefined) delete next[key];
      else next[key] = value;
      updateAliases(next);
    };
    const row = (t: (typeof result.courseTexts)[number]) => (
      <tr key={t.key}>
        <td>"{t.text}"</td>
        <td>
          {t.count} (row{t.rows.length > 1 ? 's' : ''} {t.rows.join(', ')}
          {t.count > t.rows.length ? ', ...' : ''})
        </td>
        <td>
          <select aria-label={`Course for ${t.text}`} value={Object.hasOwn(aliases, t.key) ? aliases[t.key] : '?'} onChange={(e) => answer(t.key, e.target.value === '?' ? undefined : e.target.value)}>
            <option value="?">{t.suggestions.length ? `Choose (maybe ${t.suggestions[0].name}?)` : 'Choose a course'}</option>
            {courseOptions(t, courses).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
            <option value="">Not a course: ignore it</option>
          </select>
        </td>
      </tr>
    );
    body = (
      <section>
        {result.withoutChoiceColumns ? (
          <p>The file has no choice columns, so there are no course names to match.</p>
        ) : unmatched.length === 0 ? (
          <p>Every course name in the file matches a course.</p>
        ) : (
          <>
            <p>
              {unmatched.length} course name{unmatched.length === 1 ? '' : 's'} in the file match no course exactly. Choose what each means; your answers are remembered for next time.
            </p>
            <button type="button" onClick={() => updateAliases(acceptAllSuggestions(result, aliases))} disabled={!unmatched.some((t) => t.suggestions.length > 0)}>
              Accept every suggestion
            </button>
          </>
        )}
        <table className="ks4-io-table">
          <thead>
            <tr>
              <th>In the file</th>
              <th>Cells</th>
              <th>Course</th>
            </tr>
          </thead>
          <tbody>
            {unmatched.map(row)}
            {answered.map(row)}
          </tbody>
        </table>
        {matched.length > 0 && (
          <details>
            <summary>{matched.length} names matched a course id or name exactly</summary>
            <ul>
              {matched.map((t) => (
                <li key={t.key}>
                  "{t.text}" → {t.courseId} ({t.count})
                </li>
              ))}
            </ul>
          </details>
        )}
        <button type="button" onClick={() => setStep('columns')}>
          Back
        </button>{' '}
        <button type="button" onClick={() => setStep('problems')}>
          Next: rows to check
        </button>
      </section>
    );
  } else if (step === 'problems' && result) {
    const groups = issuesByRow(result);
    const open = groups.filter((g) => !g.decided).length;
    const shown = showAll ? groups : groups.slice(0, ISSUE_LIST_LIMIT);
    const keepable = keepableRows(result);
    body = (
      <section>
        <p>
          {groups.length === 0
            ? 'Every row was read.'
            : `${groups.length} row${groups.length === 1 ? '' : 's'} could not be read as they stand; ${open} still need${open === 1 ? 's' : ''} your decision. No row is left out unless you skip it.`}
        </p>
        {open > 0 && (
          <p>
            <button type="button" disabled={keepable.length === 0} onClick={() => setRows(decideRows(rows, keepable, { action: 'keep' }))}>
              Keep {keepable.length} row{keepable.length === 1 ? '' : 's'} without the parts that could not be read
            </button>{' '}
            <button type="button" onClick={() => setRows(decideRows(rows, groups.filter((g) => !g.decided).map((g) => g.row), { action: 'skip' }))}>
              Skip every undecided row
            </button>
          </p>
        )}
        {groups.length > 0 && (
          <table className="ks4-io-table">
            <thead>
              <tr>
                <th>Row</th>
                <th>Column</th>
                <th>Value</th>
                <th>Reason</th>
                <th>Decision</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((g) => {
                const d = rows[g.row];
                const needsId = g.issues.some((i) => i.code === 'missing-id' || i.code === 'duplicate-id');
                return g.issues.map((i, k) => (
                  <tr key={`${g.row}-${k}`} className={i.decided ? 'decided' : 'open'}>
                    <td>{i.row}</td>
                    <td>{i.column || '(whole row)'}</td>
                    <td>{i.value}</td>
                    <td>
                      {i.message}
                      {d?.action === 'keep' ? ` Kept: ${i.keepMeans}.` : ''}
                    </td>
                    {k === 0 && (
                      <td rowSpan={g.issues.length}>
                        <label>
                          <input type="radio" name={`row-${g.row}`} checked={d?.action === 'keep'} onChange={() => setRows({ ...rows, [g.row]: { action: 'keep', id: d?.action === 'keep' ? d.id : undefined } })} /> keep
                        </label>{' '}
                        <label>
                          <input type="radio" name={`row-${g.row}`} checked={d?.action === 'skip'} onChange={() => setRows({ ...rows, [g.row]: { action: 'skip' } })} /> skip
                        </label>
                        {needsId && d?.action === 'keep' && (
                          <input aria-label={`Student id for row ${g.row}`} placeholder="student id" value={d.id ?? ''} onChange={(e) => setRows({ ...rows, [g.row]: { action: 'keep', id: e.target.value } })} />
                        )}
                      </td>
                    )}
                  </tr>
                ));
              })}
            </tbody>
          </table>
        )}
        {!showAll && groups.length > ISSUE_LIST_LIMIT && (
          <button type="button" onClick={() => setShowAll(true)}>
            Show all {groups.length} rows
          </button>
        )}
        <Notices result={result} onKeep={(g, row) => setRows(keepDuplicateRow(rows, g, row))} />
        <p>
          <button type="button" onClick={() => setStep('courses')}>
            Back
          </button>{' '}
          <button type="button" onClick={() => setStep('finish')}>
            Next
          </button>
        </p>
      </section>
    );
  } else if (step === 'finish' && result && file) {
    body = (
      <section>
        <p>
          {result.students.length} student{result.students.length === 1 ? '' : 's'} ready from {result.rowsRead} rows
          {result.skippedRows.length ? `; ${result.skippedRows.length} skipped (rows ${result.skippedRows.join(', ')})` : ''}
          {result.blankRows.length ? `; ${result.blankRows.length} blank` : ''}.
          {result.fewChoices.length ? ` ${result.fewChoices.length} with fewer choices than asked for (row${result.fewChoices.length === 1 ? '' : 's'} ${result.fewChoices.slice(0, 20).join(', ')}${result.fewChoices.length > 20 ? ', ...' : ''}).` : ''}
          {result.duplicates.length ? ` ${result.duplicates.length} pupil${result.duplicates.length === 1 ? '' : 's'} on more than one row: one row each kept.` : ''}
        </p>
        <NoChoicesNote result={result} />
        {result.complete && props.renderFinish?.(result.students, result.withoutChoiceColumns)}
        {!result.complete && (
          <p role="alert" className="ks4-io-error">
            {result.pending.length} row{result.pending.length === 1 ? ' still needs' : 's still need'} a decision (rows {result.pending.slice(0, 20).join(', ')}
            {result.pending.length > 20 ? ', ...' : ''}).
          </p>
        )}
        <button type="button" onClick={() => setStep('problems')}>
          Back
        </button>{' '}
        <button
          type="button"
          disabled={!result.complete}
          onClick={() =>
            onComplete(result.students, {
              fileName: file.name,
              rowsRead: result.rowsRead,
              students: result.students.length,
              skippedRows: result.skippedRows,
              blankRows: result.blankRows,
              decisions: { courseAliases: aliases, rows },
              withoutChoiceColumns: result.withoutChoiceColumns,
            })
          }
        >
          Add {result.students.length} students
        </button>
      </section>
    );
  }

  return (
    <div className="ks4-io-wizard">
      <h2>Import students and choices</h2>
      {nav}
      {body}
      {onCancel && (
        <p>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </p>
      )}
    </div>
  );
}
