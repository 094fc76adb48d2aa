/**
 * The pupils who have not submitted yet: a table sortable by name or admission number (the column headers
 * are buttons; aria-sort says which way), filtered by what is typed. A year group of 300 scrolls inside its
 * own box so the rest of the page stays in view.
 */
import { useMemo, useState } from 'react';
import type { RoundStatusWire } from '../../data/options-round';
import { notSubmittedView, type PupilSort } from './round-figures';

export function NotSubmittedList({ pupils }: { pupils: RoundStatusWire['notSubmitted'] }) {
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<PupilSort>('name');
  const [descending, setDescending] = useState(false);
  const shown = useMemo(() => notSubmittedView(pupils, filter, sort, descending), [pupils, filter, sort, descending]);

  const sortBy = (key: PupilSort) => {
    if (key === sort) setDescending((d) => !d);
    else {
      setSort(key);
      setDescending(false);
    }
  };
  const header = (key: PupilSort, text: string) => (
    <th scope="col" aria-sort={sort === key ? (descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="st-sort" onClick={() => sortBy(key)}>
        {text}
        <span aria-hidden="true">{sort === key ? (descending ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>
  );

  return (
    <section className="st-card st-not-submitted" aria-labelledby="st-not-submitted-title">
      <h3 id="st-not-submitted-title">Not submitted yet ({pupils.length})</h3>
      {pupils.length === 0 ? (
        <p>Every invited pupil has submitted.</p>
      ) : (
        <>
          <label className="st-field">
            Find a pupil by name or admission number
            <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
          </label>
          {filter.trim() !== '' && (
            <p className="st-hint" role="status">
              {shown.length} of {pupils.length} shown
            </p>
          )}
          <div className="st-scroll st-tall" role="region" aria-label="Table: pupils who have not submitted" tabIndex={0}>
            <table className="st-table" data-testid="st-not-submitted">
              <thead>
                <tr>
                  {header('name', 'Name')}
                  {header('admissionNumber', 'Admission number')}
                </tr>
              </thead>
              <tbody>
                {shown.map((p) => (
                  <tr key={p.admissionNumber}>
                    <td className="st-name">{p.name}</td>
                    <td>{p.admissionNumber}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
