/**
 * The cohort: every student with choices, reserves, pathway and attributes, and how the current result
 * serves them. Search and filters narrow the list; a student's choices are edited in place. Rows that do
 * not validate are shown and marked, never dropped.
 */
import { lazy, Suspense, useDeferredValue, useMemo, useState } from 'react';
import type { ResultStudent, Scenario, Student } from '../../solver/types';
import { patchItem, addItem, removeItem, scenarioIssues } from '../state/actions';
import { usePlanner } from '../state/store';
import { issueIndex } from '../components/Cell';

// The spreadsheet import wizard (and its .xlsx reader) loads only when asked for.
const StudentImport = lazy(() => import('./StudentImport'));

type Status = 'all' | 'unmet' | 'satisfied' | 'invalid';

function attributeValues(students: Student[]): Map<string, string[]> {
  const m = new Map<string, Set<string>>();
  for (const s of students) for (const [k, v] of Object.entries(s.attributes ?? {})) {
    if (!m.has(k)) m.set(k, new Set());
    m.get(k)!.add(String(v));
  }
  return new Map([...m].map(([k, v]) => [k, [...v].sort()]));
}

export function StudentsScreen() {
  const rec = usePlanner((s) => (s.currentId ? s.records[s.currentId] : null));
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<Status>('all');
  const [pathway, setPathway] = useState('');
  const [attr, setAttr] = useState('');
  const [editing, setEditing] = useState<number | null>(null);
  const [importing, setImporting] = useState(false);
  const q = useDeferredValue(query.trim().toLowerCase());
  const scenario = rec?.scenario;
  const result = rec?.result ?? null;
  const attrs = useMemo(() => attributeValues(scenario?.students ?? []), [scenario?.students]);
  const outcome = useMemo(() => new Map((result?.students ?? []).map((s) => [s.id, s])), [result]);
  if (!scenario) return null;
  const issues = scenarioIssues(scenario);
  const idx = issueIndex(issues);
  const studentIssues = issues.filter((i) => i.path.startsWith('students['));
  const courseName = new Map(scenario.courses.map((c) => [c.id, c.name]));

  const rows = scenario.students
    .map((s, i) => ({ s, i }))
    .filter(({ s, i }) => {
      if (q) {
        const hay = `${s.id} ${s.name ?? ''} ${s.choices.join(' ')} ${(s.reserves ?? []).join(' ')} ${s.choices.map((c) => courseName.get(c) ?? '').join(' ')}`.toLowerCase();
        if (!hay.includes(q)) return false;
      }
      if (pathway && (s.pathway ?? '') !== pathway) return false;
      if (attr) {
        const [k, v] = attr.split('=');
        if (String(s.attributes?.[k]) !== v) return false;
      }
      const o = outcome.get(s.id);
      if (status === 'unmet' && !(o && o.unmet.length > 0)) return false;
      if (status === 'satisfied' && !(o && o.unmet.length === 0)) return false;
      if (status === 'invalid' && idx.under(`students[${i}]`).length === 0) return false;
      return true;
    });

  return (
    <div className="screen students-screen">
      <h2>Students: {scenario.name}</h2>
      {rec.result && rec.resultStale && (
        <p className="note warn">The scenario has changed since the blocking was made: “In the blocking” shows the older result until you solve again.</p>
      )}
      {studentIssues.length > 0 && (
        <p className="note error" role="status">
          {studentIssues.length} problem{studentIssues.length === 1 ? '' : 's'} in students' rows (marked in red). Choose “Rows with problems” to see only those.
        </p>
      )}
      {importing ? (
        <Suspense fallback={<p>Loading the import wizard…</p>}>
          <StudentImport scenario={scenario} onClose={() => setImporting(false)} />
        </Suspense>
      ) : (
        <p>
          <button type="button" onClick={() => setImporting(true)}>
            Import students from a spreadsheet or CSV…
          </button>
        </p>
      )}
      <form className="filters" role="search" aria-label="Filter students" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>Search</span>
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="name, id or course" />
        </label>
        <label>
          <span>Show</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            <option value="all">All students</option>
            <option value="unmet">Not fully satisfied</option>
            <option value="satisfied">Fully satisfied</option>
            <option value="invalid">Rows with problems</option>
          </select>
        </label>
        {(scenario.pathways?.length ?? 0) > 0 && (
          <label>
            <span>Pathway</span>
            <select value={pathway} onChange={(e) => setPathway(e.target.value)}>
              <option value="">Any</option>
              {scenario.pathways!.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          <span>Attribute</span>
          <select value={attr} onChange={(e) => setAttr(e.target.value)}>
            <option value="">Any</option>
            {[...attrs].map(([k, vals]) => (
              <optgroup key={k} label={k}>
                {vals.map((v) => (
                  <option key={v} value={`${k}=${v}`}>
                    {k} = {v}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
      </form>
      <p aria-live="polite" data-testid="student-count">
        Showing {rows.length} of {scenario.students.length} students.
      </p>
      <div className="scroll">
        <table className="data" data-testid="students-table">
          <thead>
            <tr>
              <th scope="col">Student</th>
              <th scope="col">Pathway</th>
              <th scope="col">Choices (most wanted first)</th>
              <th scope="col">Reserves</th>
              <th scope="col">Attributes</th>
              <th scope="col">In the blocking</th>
              <th scope="col"><span className="visually-hidden">Edit</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ s, i }) =>
              editing === i ? (
                <StudentEditor key={i} index={i} student={s} scenario={scenario} onDone={() => setEditing(null)} />
              ) : (
                <StudentRow key={i} student={s} solved={result !== null} outcome={outcome.get(s.id)} courseName={courseName} problems={idx.under(`students[${i}]`).map((x) => x.message)} onEdit={() => setEditing(i)} />
              ),
            )}
          </tbody>
        </table>
      </div>
      <button
        type="button"
        onClick={() => {
          addItem('students', { id: `S${String(scenario.students.length + 1).padStart(4, '0')}-new`, name: 'New student', choices: [] });
          setEditing(scenario.students.length);
          setStatus('all');
          setQuery('');
        }}
      >
        Add a student
      </button>
    </div>
  );
}

function StudentRow({
  student: s,
  solved,
  outcome: o,
  courseName,
  problems,
  onEdit,
}: {
  student: Student;
  solved: boolean;
  outcome: ResultStudent | undefined;
  courseName: Map<string, string>;
  problems: string[];
  onEdit: () => void;
}) {
  const name = (id: string) => courseName.get(id) ?? `${id} (unknown)`;
  return (
    <tr className={problems.length ? 'invalid-row' : ''} data-student={s.id}>
      <th scope="row">
        {s.name ?? s.id} <span className="muted">{s.id}</span>
        {problems.length > 0 && (
          <ul className="issues small">
            {problems.map((p, k) => (
              <li key={k}>{p}</li>
            ))}
          </ul>
        )}
      </th>
      <td>{s.pathway ?? '—'}</td>
      <td>
        {s.choices.map((c, k) => (
          <span key={k} className={`chip${o && o.unmet.includes(c) ? ' unmet' : ''}`} title={o && o.unmet.includes(c) ? 'not met' : undefined}>
            {name(c)}
            {o && o.unmet.includes(c) && <span className="visually-hidden"> (not met)</span>}
          </span>
        ))}
      </td>
      <td>
        {(s.reserves ?? []).map((c, k) => (
          <span key={k} className={`chip reserve${o && o.reserves.includes(c) ? ' used' : ''}`}>
            {name(c)}
            {o && o.reserves.includes(c) && ' (given)'}
          </span>
        ))}
      </td>
      <td className="attrs">
        {Object.entries(s.attributes ?? {})
          .map(([k, v]) => `${k}: ${String(v)}`)
          .join(', ')}
      </td>
      <td>{!solved ? '—' : !o ? 'not in result' : o.unmet.length === 0 ? 'all choices' : `${o.unmet.length} not met`}</td>
      <td>
        <button type="button" onClick={onEdit} aria-label={`Edit ${s.name ?? s.id}`}>
          Edit
        </button>
      </td>
    </tr>
  );
}

function CourseList({ label, list, courses, onChange }: { label: string; list: string[]; courses: Scenario['courses']; onChange: (l: string[]) => void }) {
  return (
    <fieldset className="courselist">
      <legend>{label}</legend>
      <ol>
        {list.map((c, k) => (
          <li key={k}>
            <select aria-label={`${label} ${k + 1}`} value={c} onChange={(e) => onChange(list.map((x, j) => (j === k ? e.target.value : x)))}>
              {!courses.some((x) => x.id === c) && <option value={c}>{c} (unknown course)</option>}
              {courses.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name} ({x.id})
                </option>
              ))}
            </select>
            <button type="button" className="plain" aria-label={`Move ${label.toLowerCase()} ${k + 1} up`} disabled={k === 0} onClick={() => onChange(list.map((x, j) => (j === k - 1 ? list[k] : j === k ? list[k - 1] : x)))}>
              ↑
            </button>
            <button type="button" className="plain" aria-label={`Remove ${label.toLowerCase()} ${k + 1}`} onClick={() => onChange(list.filter((_, j) => j !== k))}>
              ✕
            </button>
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => onChange([...list, courses[0]?.id ?? ''])}>
        Add to {label.toLowerCase()}
      </button>
    </fieldset>
  );
}

function StudentEditor({ index, student: s, scenario, onDone }: { index: number; student: Student; scenario: Scenario; onDone: () => void }) {
  const key = `students[${index}]`;
  return (
    <tr className="editing" data-student={s.id}>
      <td colSpan={7}>
        <div className="editor" role="group" aria-label={`Editing ${s.name ?? s.id}`}>
          <label>
            <span>Name</span>
            <input value={s.name ?? ''} autoFocus onChange={(e) => patchItem('students', index, { name: e.target.value || undefined }, `${key}.name`)} />
          </label>
          {(scenario.pathways?.length ?? 0) > 0 && (
            <label>
              <span>Pathway</span>
              <select value={s.pathway ?? ''} onChange={(e) => patchItem('students', index, { pathway: e.target.value || undefined })}>
                <option value="">None</option>
                {scenario.pathways!.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <CourseList label="Choices" list={s.choices} courses={scenario.courses} onChange={(l) => patchItem('students', index, { choices: l })} />
          <CourseList label="Reserves" list={s.reserves ?? []} courses={scenario.courses} onChange={(l) => patchItem('students', index, { reserves: l.length ? l : undefined })} />
          <div className="editor-actions">
            <button type="button" className="primary" onClick={onDone}>
              Done
            </button>
            <button type="button" className="danger" onClick={() => { removeItem('students', index); onDone(); }}>
              Remove student
            </button>
          </div>
        </div>
      </td>
    </tr>
  );
}
