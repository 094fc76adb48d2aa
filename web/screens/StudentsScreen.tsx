/**
 * The cohort: every student with choices, reserves, pathway and attributes, and how the current result
 * serves them. Search (without case or accents: "zoe" finds Zoë) and filters narrow the list; a student's
 * choices are edited in place. Rows that do not validate, and students whose choices break a choice rule
 * (with the rule in words), are shown and marked, never dropped.
 */
import { lazy, Suspense, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { ResultStudent, Scenario, Student, CohortBreach } from '../../solver';
import { patchItem, addItem, removeItem, scenarioIssues } from '../state/actions';
import { usePlanner } from '../state/store';
import type { ValidationIssue } from '../../data/schema';
import { breachesByStudent, breachMode, foldForSearch } from '../state/derived';
import { STUDENT_FILTER_EVENT, takeRequestedStudentFilter } from '../state/student-filter';

// The spreadsheet import wizard (and its .xlsx reader) loads only when asked for.
const StudentImport = lazy(() => import('./StudentImport'));

type Status = 'all' | 'unmet' | 'satisfied' | 'invalid' | 'no-choices';

function attributeValues(students: Student[]): Map<string, string[]> {
  const m = new Map<string, Set<string>>();
  for (const s of students) for (const [k, v] of Object.entries(s.attributes ?? {})) {
    if (!m.has(k)) m.set(k, new Set());
    m.get(k)!.add(String(v));
  }
  return new Map([...m].map(([k, v]) => [k, [...v].sort()]));
}

/** Rows drawn at once: a page of the (filtered) cohort. 5,000 rows at once froze the page for seconds. */
export const STUDENTS_PAGE_SIZE = 100;

/** Problems per student index, read from paths like `students[12].choices[1]` (one pass, not a scan per row). */
export function issuesByStudent(issues: readonly ValidationIssue[]): Map<number, ValidationIssue[]> {
  const m = new Map<number, ValidationIssue[]>();
  for (const i of issues) {
    const hit = /^students\[(\d+)\]/.exec(i.path);
    if (!hit) continue;
    const k = Number(hit[1]);
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  }
  return m;
}

/** The page (0-based) that shows position `pos` of the filtered list, and the rows on page `page` clamped to the last page. */
export function pageOf(total: number, page: number, size = STUDENTS_PAGE_SIZE): { page: number; pages: number; from: number; to: number } {
  const pages = Math.max(1, Math.ceil(total / size));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { page: p, pages, from: p * size, to: Math.min(total, (p + 1) * size) };
}

export function StudentsScreen() {
  const rec = usePlanner((s) => (s.currentId ? s.records[s.currentId] : null));
  const [query, setQuery] = useState('');
  // "Show them on the Students screen" beside figures that count students who have not chosen (web/state/student-filter.ts).
  const [status, setStatus] = useState<Status>(() => takeRequestedStudentFilter() ?? 'all');
  const [pathway, setPathway] = useState('');
  const [attr, setAttr] = useState('');
  const [page, setPage] = useState(0);
  const [editing, setEditing] = useState<number | null>(null);
  const [importing, setImporting] = useState(false);
  const tableTop = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const take = () => {
      const f = takeRequestedStudentFilter();
      if (f) {
        setStatus(f);
        setPage(0);
      }
    };
    window.addEventListener(STUDENT_FILTER_EVENT, take);
    return () => window.removeEventListener(STUDENT_FILTER_EVENT, take);
  }, []);
  const q = useDeferredValue(foldForSearch(query.trim()));
  const scenario = rec?.scenario;
  const result = rec?.result ?? null;
  const attrs = useMemo(() => attributeValues(scenario?.students ?? []), [scenario?.students]);
  const outcome = useMemo(() => new Map((result?.students ?? []).map((s) => [s.id, s])), [result]);
  const issues = useMemo(() => (scenario ? scenarioIssues(scenario) : []), [scenario]);
  const byStudent = useMemo(() => issuesByStudent(issues), [issues]);
  const breaches = useMemo(() => (scenario ? breachesByStudent(scenario) : new Map<number, CohortBreach[]>()), [scenario]);
  const courseName = useMemo(() => new Map((scenario?.courses ?? []).map((c) => [c.id, c.name])), [scenario?.courses]);
  // The filtered cohort as indexes into scenario.students; only one page of it becomes table rows.
  const rows = useMemo(() => {
    const out: number[] = [];
    const students = scenario?.students ?? [];
    const [ak, av] = attr ? attr.split('=') : ['', ''];
    for (let i = 0; i < students.length; i++) {
      const s = students[i];
      if (q) {
        const hay = foldForSearch(`${s.id} ${s.name ?? ''} ${s.choices.join(' ')} ${(s.reserves ?? []).join(' ')} ${s.choices.map((c) => courseName.get(c) ?? '').join(' ')}`);
        if (!hay.includes(q)) continue;
      }
      if (pathway && (s.pathway ?? '') !== pathway) continue;
      if (attr && String(s.attributes && Object.hasOwn(s.attributes, ak) ? s.attributes[ak] : undefined) !== av) continue;
      const o = outcome.get(s.id);
      if (status === 'unmet' && !(o && o.unmet.length > 0)) continue;
      if (status === 'satisfied' && !(o && o.unmet.length === 0)) continue;
      if (status === 'invalid' && !byStudent.has(i) && !breaches.has(i)) continue;
      if (status === 'no-choices' && s.choices.length > 0) continue;
      out.push(i);
    }
    return out;
  }, [scenario?.students, q, pathway, attr, status, outcome, byStudent, breaches, courseName]);
  if (!scenario) return null;
  const studentIssues = issues.filter((i) => i.path.startsWith('students['));
  const shown = pageOf(rows.length, page);
  // A filter change starts again at the first page: page 30 of the old list means nothing in the new one.
  const filter = <T,>(setter: (v: T) => void) => (v: T) => {
    setter(v);
    setPage(0);
  };
  const goTo = (p: number, scroll: boolean) => {
    setPage(p);
    if (scroll) tableTop.current?.scrollIntoView({ block: 'start' });
  };

  return (
    <div className="screen students-screen">
      <h2>Students: {scenario.name}</h2>
      {rec.result && rec.resultStale && (
        <p className="note warn">The scenario has changed since the blocking was made: “In the blocking” shows the older result until you solve again.</p>
      )}
      {(studentIssues.length > 0 || breaches.size > 0) && (
        <p className={studentIssues.length > 0 ? 'note error' : 'note warn'} role="status" data-testid="student-problems">
          {studentIssues.length > 0 && (
            <>
              {studentIssues.length} problem{studentIssues.length === 1 ? '' : 's'} in {byStudent.size} student{byStudent.size === 1 ? "'s row" : "s' rows"} (marked in red).{' '}
            </>
          )}
          {breaches.size > 0 && (
            <>
              {breaches.size} student{breaches.size === 1 ? "'s choices break" : "s' choices break"} a choice rule (the rule is given on the row).{' '}
            </>
          )}
          {status === 'invalid' ? (
            'Only those rows are shown.'
          ) : (
            <button type="button" onClick={() => filter(setStatus)('invalid')}>
              Show only rows with problems
            </button>
          )}
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
          <input type="search" value={query} onChange={(e) => filter(setQuery)(e.target.value)} placeholder="name, id or course" />
        </label>
        <label>
          <span>Show</span>
          <select value={status} onChange={(e) => filter(setStatus)(e.target.value as Status)}>
            <option value="all">All students</option>
            <option value="unmet">Not fully satisfied</option>
            <option value="satisfied">Fully satisfied</option>
            <option value="invalid">Rows with problems</option>
            <option value="no-choices">No choices yet</option>
          </select>
        </label>
        {(scenario.pathways?.length ?? 0) > 0 && (
          <label>
            <span>Pathway</span>
            <select value={pathway} onChange={(e) => filter(setPathway)(e.target.value)}>
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
          <select value={attr} onChange={(e) => filter(setAttr)(e.target.value)}>
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
      <p aria-live="polite" data-testid="student-count" ref={tableTop}>
        Showing {rows.length} of {scenario.students.length} students
        {shown.pages > 1 ? `: ${shown.from + 1}–${shown.to} on this page.` : '.'}
      </p>
      {shown.pages > 1 && <Pager label="Pages of students" at={shown} onPage={(p) => goTo(p, false)} />}
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
            {rows.slice(shown.from, shown.to).map((i) => {
              const s = scenario.students[i];
              return editing === i ? (
                <StudentEditor key={i} index={i} student={s} scenario={scenario} onDone={() => setEditing(null)} />
              ) : (
                <StudentRow key={i} student={s} solved={result !== null} outcome={outcome.get(s.id)} courseName={courseName} problems={(byStudent.get(i) ?? []).map((x) => x.message)} breaches={breaches.get(i) ?? []} onEdit={() => setEditing(i)} />
              );
            })}
          </tbody>
        </table>
      </div>
      {shown.pages > 1 && <Pager label="Pages of students, below the table" at={shown} onPage={(p) => goTo(p, true)} />}
      <button
        type="button"
        onClick={() => {
          addItem('students', { id: `S${String(scenario.students.length + 1).padStart(4, '0')}-new`, name: 'New student', choices: [] });
          setEditing(scenario.students.length);
          setStatus('all');
          setQuery('');
          setPathway('');
          setAttr('');
          // The new student is last in the unfiltered list: open the page it is on.
          setPage(Math.floor(scenario.students.length / STUDENTS_PAGE_SIZE));
        }}
      >
        Add a student
      </button>
    </div>
  );
}

/** Page controls: first, previous, a page chooser, next, last; buttons that would go nowhere are disabled. */
function Pager({ label, at, onPage }: { label: string; at: ReturnType<typeof pageOf>; onPage: (page: number) => void }) {
  const last = at.pages - 1;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={at.page === 0} onClick={() => onPage(0)} aria-label="First page">
        « First
      </button>
      <button type="button" disabled={at.page === 0} onClick={() => onPage(at.page - 1)} aria-label="Previous page">
        ‹ Previous
      </button>
      <label>
        <span>Page</span>{' '}
        <select value={at.page} onChange={(e) => onPage(Number(e.target.value))}>
          {Array.from({ length: at.pages }, (_, p) => (
            <option key={p} value={p}>
              {p + 1}
            </option>
          ))}
        </select>{' '}
        <span>of {at.pages}</span>
      </label>
      <button type="button" disabled={at.page === last} onClick={() => onPage(at.page + 1)} aria-label="Next page">
        Next ›
      </button>
      <button type="button" disabled={at.page === last} onClick={() => onPage(last)} aria-label="Last page">
        Last »
      </button>
    </nav>
  );
}

function StudentRow({
  student: s,
  solved,
  outcome: o,
  courseName,
  problems,
  breaches,
  onEdit,
}: {
  student: Student;
  solved: boolean;
  outcome: ResultStudent | undefined;
  courseName: Map<string, string>;
  problems: string[];
  breaches: CohortBreach[];
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
        {breaches.length > 0 && (
          <ul className="issues small" data-testid="rule-breaches">
            {breaches.map((b, k) => (
              <li key={k}>
                Breaks a rule: {b.text} <span className="muted">({breachMode(b)})</span>
              </li>
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
      <td>{!solved ? '—' : !o ? 'not in result' : o.unmet.length > 0 ? `${o.unmet.length} not met` : Object.keys(o.placed).length === 0 ? 'no choices yet' : 'all choices'}</td>
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
