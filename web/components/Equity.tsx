/**
 * The equity part of the analysis: every student attribute the scenario carries, its groups' satisfaction,
 * choices met, reserves, slot fill and measures met, the gap between the best- and least-served groups
 * (the largest gap of each measure over all attributes is highlighted), and the students worst off.
 * A measure resting on courses with no qualification type shows its values as lower bounds ("≥") and
 * its gaps as "needs data": a gap between two lower bounds says nothing.
 */
import type { OfferAnalysis, Scenario } from '../../solver';
import { higherIsBetter, metricGap, metricLabel, metricValue } from './analysisFormat';
import { CourseTypesLink } from './courseTypesLink';

/** The rule set a metric ("fill:a8", "requirementsMet:ebacc") belongs to, or null. */
const ruleOf = (metric: string) => (metric.startsWith('fill:') || metric.startsWith('requirementsMet:') ? metric.split(':')[1] : null);

export function Equity({ analysis, scenario }: { analysis: OfferAnalysis; scenario: Scenario }) {
  const eq = analysis.totals.equity;
  const ruleNames = new Map(analysis.totals.measures.map((m) => [m.ruleSet, m.name]));
  const biggest = Object.entries(eq.biggestGaps);
  const missingRules = new Set(analysis.totals.measures.filter((m) => m.missing).map((m) => m.ruleSet));
  const unknown = (metric: string) => {
    const m = analysis.totals.measures.find((x) => x.ruleSet === ruleOf(metric))?.missing;
    return !!m && (metric.startsWith('fill:') ? m.fill : m.requirements);
  };
  const cell = (metric: string, v: number) => (unknown(metric) ? `≥ ${metricValue(metric, v)}` : metricValue(metric, v));
  return (
    <section aria-labelledby="equity-title" className="analysis" data-testid="equity">
      <h3 id="equity-title">Equity</h3>
      {eq.attributes.length === 0 ? (
        <p>The scenario’s students carry no attributes (such as disadvantaged, SEN, gender or prior attainment), so there is no breakdown by group.</p>
      ) : (
        <>
          <p className="muted">
            Every figure by each student attribute the scenario carries. The gap is the best-served group’s figure minus the
            least-served group’s; groups of fewer than 5 students are shown but left out of the gaps. The largest gap of each
            measure is marked.
          </p>
          {missingRules.size > 0 && (
            <p className="note warn" data-testid="equity-needs-data">
              {analysis.totals.measures.filter((m) => m.missing).map((m) => m.name).join(', ')}: needs data. Some courses have no
              qualification type, so these values are only what is known (≥) and their gaps are not shown.{' '}
              <CourseTypesLink>Give the courses types on the Offer screen</CourseTypesLink>.
            </p>
          )}
          {biggest.length > 0 && (
            <div className="scroll">
            <table className="data" data-testid="biggest-gaps">
              <caption>Largest gap of each measure</caption>
              <thead>
                <tr>
                  <th scope="col">Measure</th>
                  <th scope="col">Attribute</th>
                  <th scope="col">Best served</th>
                  <th scope="col">Least served</th>
                  <th scope="col">Gap</th>
                </tr>
              </thead>
              <tbody>
                {biggest.map(([metric, g]) => {
                  const [best, worst] = higherIsBetter(metric) ? [g.highest, g.lowest] : [g.lowest, g.highest];
                  return (
                    <tr key={metric} className={g.gap > 0 ? '' : 'muted'}>
                      <th scope="row">{metricLabel(metric, ruleNames)}</th>
                      <td>{g.attribute}</td>
                      <td>
                        {best.value} <span className="muted">({cell(metric, best.metric)}, {best.students})</span>
                      </td>
                      <td>
                        {worst.value} <span className="muted">({cell(metric, worst.metric)}, {worst.students})</span>
                      </td>
                      <td className={g.gap > 0 && !unknown(metric) ? 'gap-cell' : ''}>{unknown(metric) ? 'needs data' : g.gap > 0 ? metricGap(metric, g.gap) : 'none'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            </div>
          )}
          {eq.attributes.map((a) => {
            const metrics = Object.keys(a.groups[0]?.metrics ?? {});
            const gapOf = new Map(a.gaps.map((g) => [g.metric, g]));
            // A metric's cells are highlighted in the attribute holding that metric's largest gap.
            const isBiggest = (metric: string) => {
              if (unknown(metric)) return false;
              const b = eq.biggestGaps[metric];
              return !!b && b.attribute === a.attribute && b.gap > 0;
            };
            return (
              <div className="scroll" key={a.attribute}>
                <table className="data equity" data-testid={`equity-${a.attribute}`} data-attribute={a.attribute}>
                  <caption>
                    By {a.attribute}
                    {a.cuts && <span className="muted"> (cut into thirds at {a.cuts[0]} and {a.cuts[1]})</span>}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{a.attribute}</th>
                      <th scope="col">Students</th>
                      {metrics.map((k) => (
                        <th key={k} scope="col">
                          {metricLabel(k, ruleNames)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {a.groups.map((g) => (
                      <tr key={g.value}>
                        <th scope="row">
                          {g.value}
                          {g.small && <span className="muted"> (small group)</span>}
                        </th>
                        <td>{g.students}</td>
                        {metrics.map((k) => {
                          const gap = gapOf.get(k);
                          const worst = gap && isBiggest(k) && (higherIsBetter(k) ? gap.lowest.value : gap.highest.value) === g.value;
                          return (
                            <td key={k} className={worst ? 'least-served' : ''}>
                              {cell(k, g.metrics[k])}
                              {worst && <span className="visually-hidden"> (least served: largest gap)</span>}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                  {a.gaps.length > 0 && (
                    <tfoot>
                      <tr>
                        <th scope="row">Gap</th>
                        <td />
                        {metrics.map((k) => {
                          const g = gapOf.get(k);
                          const big = isBiggest(k);
                          return (
                            <td key={k} className={big ? 'biggest-gap' : ''} data-metric={k}>
                              {g ? (unknown(k) ? 'needs data' : g.gap > 0 ? metricGap(k, g.gap) : '–') : ''}
                              {big && <span className="flag"> largest</span>}
                            </td>
                          );
                        })}
                      </tr>
                    </tfoot>
                  )}
                </table>
              </div>
            );
          })}
        </>
      )}
      <WorstOff analysis={analysis} scenario={scenario} />
    </section>
  );
}

function WorstOff({ analysis, scenario }: { analysis: OfferAnalysis; scenario: Scenario }) {
  const list = analysis.totals.equity.worstOff;
  const courseName = new Map(scenario.courses.map((c) => [c.id, c.name]));
  const fillRule = analysis.totals.measures.find((m) => m.slots > 0);
  const uncertain = new Set(
    fillRule?.missing?.fill ? analysis.students.filter((s) => s.uncertain.includes(fillRule.ruleSet) && s.measures[fillRule.ruleSet].emptySlots > 0).map((s) => s.id) : [],
  );
  return (
    <>
      <h4 id="worst-title">Students worst off</h4>
      {list.length === 0 ? (
        <p>No student lacks a choice, uses a reserve or fills fewer slots than the best-served students.</p>
      ) : (
        <div className="scroll">
          <p className="muted small">
            Most choices unmet first, then fewest {fillRule ? `${fillRule.name} ` : ''}slots filled, then most reserves used.
          </p>
          <table className="data" data-testid="worst-off" aria-labelledby="worst-title">
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Choices met</th>
                <th scope="col">Not met</th>
                <th scope="col">Reserves used</th>
                {fillRule && <th scope="col">{fillRule.name}: slots filled</th>}
                <th scope="col">Attributes</th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    {s.name ?? s.id} <span className="muted">{s.id}</span>
                  </th>
                  <td>
                    {s.choicesMet} of {s.choices}
                  </td>
                  <td>{s.unmet.length ? s.unmet.map((c) => courseName.get(c) ?? c).join(', ') : '—'}</td>
                  <td>{s.reservesUsed}</td>
                  {fillRule && (
                    <td>
                      {uncertain.has(s.id) ? 'at least ' : ''}{s.fill[fillRule.ruleSet] ?? 0} of {fillRule.slots}
                    </td>
                  )}
                  <td className="attrs">
                    {Object.entries(s.attributes).map(([k, v]) => `${k}: ${String(v)}`).join(', ') || '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
