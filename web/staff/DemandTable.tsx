/**
 * Demand per course against the places the current offer publishes: chosen, reserves, places, a bar of
 * chosen against places, and the state in words ("Over by 3 places"), so a course over its places is
 * marked by text and a pattern, not by colour alone.
 */
import type { CourseDemandWire } from '../../data/options-round';
import { demandRows } from './round-figures';

export function DemandTable({ demand }: { demand: readonly CourseDemandWire[] }) {
  const rows = demandRows(demand);
  const over = rows.filter((r) => r.over > 0).length;
  return (
    <section className="st-card st-demand" aria-labelledby="st-demand-title">
      <h3 id="st-demand-title">Demand per course</h3>
      <p className="st-hint">
        Pupils choosing each course (reserves apart) against the places in the draft blocks: each group&rsquo;s size, the round&rsquo;s own pupils&rsquo; seats in the draft counted as free.
        {over === 0 ? ' No course is over its places.' : over === 1 ? ' 1 course is over its places.' : ` ${over} courses are over their places.`}
      </p>
      <div className="st-scroll" role="region" aria-label="Table: demand per course" tabIndex={0}>
        <table className="st-table" data-testid="st-demand">
          <thead>
            <tr>
              <th scope="col">Course</th>
              <th scope="col" className="st-num">
                Chosen
              </th>
              <th scope="col" className="st-num">
                Reserve
              </th>
              <th scope="col" className="st-num">
                Places
              </th>
              <th scope="col">Chosen against places</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.course} className={r.over > 0 ? 'st-over' : undefined}>
                <th scope="row">
                  {r.name} <span className="st-code">{r.course}</span>
                </th>
                <td className="st-num">{r.chosen}</td>
                <td className="st-num">{r.reserve}</td>
                <td className="st-num">{r.places}</td>
                <td>
                  <div className="st-bar-cell">
                    <span className="st-bar" aria-hidden="true">
                      <span className="st-bar-fill" style={{ width: `${Math.round(r.fill * 100)}%` }} />
                    </span>
                    <span className="st-bar-words">{r.words}</span>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
