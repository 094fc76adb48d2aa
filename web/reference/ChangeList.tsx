/**
 * The change list (docs/reference.md): each pupil whose placement changed against the published blocking,
 * course by course, from which group and block to which, and why. Sorted by pupil (surname, as class
 * lists are), filterable to one pupil; the reasons counted above it.
 */
import { useMemo, useState } from 'react';
import { MOVE_REASONS, type PlacementChanges, type PupilMove, type Scenario, type Student } from '../../solver';
import { bySurname } from '../../data/io/export';

const ROWS_SHOWN = 60;

function where(p: PupilMove['from']): string {
  if (p === null) return '—';
  return `${p.group} (${p.blocks.length === 1 ? `block ${p.blocks[0]}` : `blocks ${p.blocks.join('+')}`})`;
}

export function ChangeList({ changes, published, current }: { changes: PlacementChanges; published: Scenario; current: Scenario }) {
  const [pupil, setPupil] = useState('');
  const [all, setAll] = useState(false);
  const students = useMemo(() => {
    const m = new Map<string, Student>();
    for (const s of published.students) m.set(s.id, s);
    for (const s of current.students) m.set(s.id, s);
    return m;
  }, [published, current]);
  const courseName = useMemo(() => new Map([...published.courses, ...current.courses].map((c) => [c.id, c.name])), [published, current]);
  const sorted = useMemo(() => {
    const rank = new Map([...students.values()].sort(bySurname).map((s, i) => [s.id, i]));
    return [...changes.moves].sort((a, b) => (rank.get(a.student) ?? 1e9) - (rank.get(b.student) ?? 1e9) || a.student.localeCompare(b.student) || (courseName.get(a.course) ?? a.course).localeCompare(courseName.get(b.course) ?? b.course));
  }, [changes, students, courseName]);
  const pupils = useMemo(() => [...new Set(sorted.map((m) => m.student))], [sorted]);
  const name = (id: string) => students.get(id)?.name ?? id;
  const rows = pupil ? sorted.filter((m) => m.student === pupil) : sorted;
  const shown = all || pupil ? rows : rows.slice(0, ROWS_SHOWN);
  const counts = MOVE_REASONS.map((r) => ({ ...r, n: changes.moves.filter((m) => m.reason === r.kind).length })).filter((r) => r.n > 0);
  if (changes.moves.length === 0) {
    return <p data-testid="change-list-empty">Nobody is placed differently from the published blocking.</p>;
  }
  return (
    <div className="change-list">
      <p data-testid="change-reasons">
        {changes.moves.length} change{changes.moves.length === 1 ? '' : 's'} for {pupils.length} pupil{pupils.length === 1 ? '' : 's'}:{' '}
        {counts.map((r, i) => (
          <span key={r.kind} data-reason={r.kind}>
            {i > 0 && '; '}
            {r.n} {r.words}
          </span>
        ))}
        .
      </p>
      <p>
        <label>
          Show{' '}
          <select value={pupil} onChange={(e) => setPupil(e.target.value)} data-testid="change-list-pupil">
            <option value="">every pupil ({pupils.length})</option>
            {pupils.map((id) => (
              <option key={id} value={id}>
                {name(id)} ({id})
              </option>
            ))}
          </select>
        </label>
      </p>
      <div className="scroll">
        <table className="data" data-testid="change-list">
          <thead>
            <tr>
              <th scope="col">Pupil</th>
              <th scope="col">Course</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((m) => (
              <tr key={`${m.student} ${m.course}`} data-student={m.student} data-course={m.course} data-reason={m.reason}>
                <th scope="row">
                  {name(m.student)} <span className="muted">{m.student}</span>
                </th>
                <td>{courseName.get(m.course) ?? m.course}</td>
                <td>{where(m.from)}</td>
                <td>{m.to === null ? <span className="worse">not placed</span> : where(m.to)}</td>
                <td>{m.why}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > shown.length && (
        <button type="button" onClick={() => setAll(true)}>
          Show all {rows.length}
        </button>
      )}
    </div>
  );
}
