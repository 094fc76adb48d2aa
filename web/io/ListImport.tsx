/**
 * Import of a course list (the offer), a staff list or a room list from CSV or .xlsx (data/io/lists.ts),
 * for the Offer screen to mount. Columns are recognised by header (the templates' own headers always are);
 * every row that cannot be read is listed with its row, column, value and reason, and the user keeps it
 * (without the parts that could not be read) or skips it; nothing is added until every row is decided.
 * Prop-driven like the students wizard: the page gets the items through onComplete.
 */
import { useEffect, useMemo, useState, type ChangeEvent, type ReactNode } from 'react';
import type { Course, Room, Staff } from '../../solver';
import { importCourses, importStaff, type ImportIssue, type ListImportResult, type RowDecision, type Table } from '../../data/io';
import { importRooms } from '../../data/io/lists';
import type { DownloadFn } from './download';
import { TemplateLinks } from './Templates';
import { workerReader, type TableReader } from './worker-reader';

/**
 * `options`: choices of the page (such as update or replace), shown under the heading. `initialFile`: a
 * file already chosen (the header's Import… recognised it as this kind of list), read at once.
 */
export type ListImportProps = { options?: ReactNode; initialFile?: File } & (
  | { kind: 'courses'; onComplete: (items: Course[], fileName: string, fields: string[]) => void; onCancel?: () => void; readFile?: TableReader; download?: DownloadFn }
  | {
      kind: 'staff';
      /** The scenario's courses and blocks, to match the courses each teacher teaches and check unavailability. */
      courses: readonly Course[];
      blocks: readonly string[];
      /** `fields`: the fields the file has a column for, so an update can keep the others. */
      onComplete: (items: Staff[], fileName: string, fields: string[]) => void;
      onCancel?: () => void;
      readFile?: TableReader;
      download?: DownloadFn;
    }
  | {
      kind: 'rooms';
      /** The scenario's blocks, to check the blocks a room is not free. */
      blocks: readonly string[];
      onComplete: (items: Room[], fileName: string, fields: string[]) => void;
      onCancel?: () => void;
      readFile?: TableReader;
      download?: DownloadFn;
    }
);

const HEADING = { courses: 'a course list', staff: 'a staff list', rooms: 'a room list' } as const;

/** Issues grouped by row, undecided rows first. */
export function listIssuesByRow(issues: readonly ImportIssue[]): { row: number; decided: boolean; issues: ImportIssue[] }[] {
  const map = new Map<number, ImportIssue[]>();
  for (const i of issues) map.set(i.row, [...(map.get(i.row) ?? []), i]);
  return [...map.entries()]
    .map(([row, list]) => ({ row, decided: list.every((i) => i.decided), issues: list }))
    .sort((a, b) => Number(a.decided) - Number(b.decided) || a.row - b.row);
}

/** Runs the right importer for `props.kind`. */
export function runListImport(props: ListImportProps, table: Table, rows: Record<number, RowDecision>): ListImportResult<Course | Staff | Room> {
  if (props.kind === 'courses') return importCourses(table, { rows });
  if (props.kind === 'rooms') return importRooms(table, { blocks: props.blocks }, { rows });
  return importStaff(table, { courses: props.courses, blocks: props.blocks }, { rows });
}

export function ListImport(props: ListImportProps) {
  const noun = props.kind;
  const [readFile] = useState<TableReader>(() => props.readFile ?? workerReader());
  const [file, setFile] = useState<{ name: string; table: Table } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [rows, setRows] = useState<Record<number, RowDecision>>({});
  const result = useMemo(() => (file ? runListImport(props, file.table, rows) : null), [file, rows, props]);

  const [initial] = useState(props.initialFile);
  useEffect(() => {
    if (initial) void onFile(initial);
    // Read once, when the import opens with a file already chosen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initial]);

  const onFile = async (f: File | undefined) => {
    if (!f) return;
    setReading(true);
    setError(null);
    try {
      const table = await readFile(new Uint8Array(await f.arrayBuffer()), f.name);
      setFile({ name: f.name, table });
      setRows({});
    } catch (e) {
      setError((e as Error).name === 'FileReadError' ? (e as Error).message : `The file could not be read: ${(e as Error).message}`);
    } finally {
      setReading(false);
    }
  };

  const groups = result ? listIssuesByRow(result.issues) : [];
  const open = groups.filter((g) => !g.decided);
  return (
    <div className="ks4-io-wizard ks4-io-list-import">
      {/* Mounted inside the Offer screen's h3 sections, so the next level down. */}
      <h4>Import {HEADING[props.kind]}</h4>
      {props.options}
      {initial && (file?.name ?? initial.name) === initial.name ? (
        // The file came with the import (the header's Import… recognised it): name it, and offer another.
        <p>
          File: <strong>{initial.name}</strong>{' '}
          <label className="button-like">
            Choose another file…
            <input type="file" className="visually-hidden" accept=".csv,.tsv,.txt,.xlsx" disabled={reading} onChange={(e: ChangeEvent<HTMLInputElement>) => void onFile(e.target.files?.[0])} />
          </label>
        </p>
      ) : (
        <label>
          File{' '}
          <input type="file" accept=".csv,.tsv,.txt,.xlsx" disabled={reading} onChange={(e: ChangeEvent<HTMLInputElement>) => void onFile(e.target.files?.[0])} />
        </label>
      )}
      {reading && <p role="status">Reading...</p>}
      {error && (
        <p role="alert" className="ks4-io-error">
          {error}
        </p>
      )}
      <TemplateLinks kinds={[props.kind === 'courses' ? 'offer' : props.kind]} download={props.download} label="No file yet? Start from a blank template" />
      {file && result && (
        <section>
          <p>
            {file.name}: {file.table.rows.length} rows under the header on row {file.table.headerRow}. Columns used:{' '}
            {Object.values(result.columns).join(', ') || 'none'}
            {result.unusedColumns.length > 0 ? `; not used: ${result.unusedColumns.join(', ')}` : ''}.
          </p>
          {groups.length === 0 ? (
            <p>Every row was read.</p>
          ) : (
            <>
              <p>
                {groups.length} row{groups.length === 1 ? '' : 's'} could not be read as they stand; {open.length} still need{open.length === 1 ? 's' : ''} your decision.
              </p>
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
                  {groups.map((g) =>
                    g.issues.map((i, k) => (
                      <tr key={`${g.row}-${k}`} className={i.decided ? 'decided' : 'open'}>
                        <td>{i.row}</td>
                        <td>{i.column || '(whole row)'}</td>
                        <td>{i.value}</td>
                        <td>{i.message}</td>
                        {k === 0 && (
                          <td rowSpan={g.issues.length}>
                            <label>
                              <input type="radio" name={`list-row-${g.row}`} checked={rows[g.row]?.action === 'keep'} onChange={() => setRows({ ...rows, [g.row]: { action: 'keep' } })} /> keep
                            </label>{' '}
                            <label>
                              <input type="radio" name={`list-row-${g.row}`} checked={rows[g.row]?.action === 'skip'} onChange={() => setRows({ ...rows, [g.row]: { action: 'skip' } })} /> skip
                            </label>
                            {rows[g.row]?.action === 'keep' && g.issues.some((x) => x.code === 'missing-id' || x.code === 'duplicate-id') && (
                              <input
                                aria-label={`Id for row ${g.row}`}
                                placeholder="id"
                                value={(rows[g.row] as { id?: string }).id ?? ''}
                                onChange={(e) => setRows({ ...rows, [g.row]: { action: 'keep', id: e.target.value } })}
                              />
                            )}
                          </td>
                        )}
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </>
          )}
          {!result.complete && (
            <p role="alert" className="ks4-io-error">
              {result.pending.length} row{result.pending.length === 1 ? ' still needs' : 's still need'} a decision (rows {result.pending.slice(0, 20).join(', ')}
              {result.pending.length > 20 ? ', ...' : ''}).
            </p>
          )}
          <button
            type="button"
            disabled={!result.complete || result.items.length === 0}
            onClick={() => {
              const fields = Object.keys(result.columns);
              if (props.kind === 'courses') props.onComplete(result.items as Course[], file.name, fields);
              else if (props.kind === 'rooms') props.onComplete(result.items as Room[], file.name, fields);
              else props.onComplete(result.items as Staff[], file.name, fields);
            }}
          >
            Add {result.items.length} {noun}
          </button>
        </section>
      )}
      {props.onCancel && (
        <p>
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        </p>
      )}
    </div>
  );
}
