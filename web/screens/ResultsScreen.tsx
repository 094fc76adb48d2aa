/**
 * What a blocking gives: headline figures with staffing and cost, the students left out and why, the
 * accountability, equity and cost analysis of the offer (solver/analysis, memoised per result), the clash
 * table of choices as a heat map, and group sizes as a chart.
 */
import { Fragment, lazy, Suspense, useMemo, useState, type MouseEvent } from 'react';
import { explainUnmet, type SuggestedChange, type Result, type Scenario } from '../../solver';
import { addGroup, moveGroup } from '../state/actions';
import { Accountability } from '../components/Accountability';
import { money } from '../components/analysisFormat';
import { Cost } from '../components/Cost';
import { costAt, useCostSettings } from '../components/costSettings';
import { Equity } from '../components/Equity';
import { SummaryFigures } from '../components/Figures';
import { analysisOf, breachMode, clashMatrix, ruleBreaches } from '../state/derived';
import { usePlanner } from '../state/store';
import { ReferenceSection } from '../reference/ReferenceSection';
import { stabilityFigureItems } from '../reference/derived';

// Spreadsheet exports pull in an .xlsx writer: loaded only when the user opens the downloads.
const Downloads = lazy(() => import('./Downloads'));

export function ResultsScreen() {
  const rec = usePlanner((s) => (s.currentId ? s.records[s.currentId] : null));
  if (!rec) return null;
  const { scenario, result } = rec;
  if (!result) {
    return (
      <div className="screen">
        <h2>Results: {scenario.name}</h2>
        <p className="note">
          No result yet. Solve the scenario on the <a href="#/blocks">Blocks</a> screen first.
        </p>
      </div>
    );
  }
  return <ResultsBody scenario={scenario} result={result} stale={rec.resultStale} />;
}

function ResultsBody({ scenario, result, stale }: { scenario: Scenario; result: Result; stale: boolean }) {
  const analysis = analysisOf(scenario, result);
  const ok = !('error' in analysis);
  // The staffing figures follow the contact ratio and cost set in the Cost section.
  const settings = useCostSettings();
  const cost = ok ? costAt(scenario, result, settings) : null;
  // Pupils and groups unchanged since publishing, beside the usual figures once a blocking is published.
  const stability = stabilityFigureItems(usePlanner((s) => (s.currentId ? s.records[s.currentId] ?? null : null)));
  return (
    <div className="screen results-screen">
      <h2>Results: {scenario.name}</h2>
      <SummaryFigures
        result={result}
        stale={stale}
        extra={
          cost
            ? [
                { label: 'Teacher periods', value: String(Math.round(cost.perYear.teacherPeriods)), hint: 'a fortnight, per year' },
                { label: 'Teacher FTE', value: cost.perYear.fte.toFixed(2), hint: 'for the option blocks' },
                { label: 'Average class', value: cost.averageClassSize.toFixed(1), hint: 'students per group' },
                { label: 'Annual cost', value: money(cost.perYear.annualCost), hint: 'of the taught time' },
                ...stability,
              ]
            : stability
        }
      />
      {!ok && <p className="note warn">Accountability, equity and cost figures could not be worked out: {analysis.error}</p>}
      <nav aria-label="Sections of the results" className="on-page">
        <span>On this page:</span>
        <a href="#published-title" onClick={jump}>Publishing</a>
        <a href="#unmet-title" onClick={jump}>Students not satisfied</a>
        {ruleBreaches(scenario).length > 0 && <a href="#breaches-title" onClick={jump}>Choices that break a rule</a>}
        {ok && (
          <>
            <a href="#accountability-title" onClick={jump}>Accountability</a>
            <a href="#equity-title" onClick={jump}>Equity</a>
            <a href="#cost-title" onClick={jump}>Cost</a>
          </>
        )}
        <a href="#clash-title" onClick={jump}>Clash table</a>
        <a href="#sizes-title" onClick={jump}>Group sizes</a>
        <a href="#downloads-title" onClick={jump}>Downloads</a>
      </nav>
      <ReferenceSection />
      <UnmetTable scenario={scenario} result={result} />
      <RuleBreaches scenario={scenario} result={result} />
      {ok && <Accountability analysis={analysis} />}
      {ok && <Equity analysis={analysis} scenario={scenario} />}
      {ok && <Cost scenario={scenario} result={result} />}
      <ClashMap scenario={scenario} />
      <GroupSizes scenario={scenario} result={result} />
      <DownloadsSection scenario={scenario} result={result} />
    </div>
  );
}

/**
 * The planner routes by the URL hash (#/results), so a plain #id link would change screen: scroll to the
 * heading and move focus there instead, as a skip link does.
 */
function jump(e: MouseEvent<HTMLAnchorElement>) {
  const id = e.currentTarget.getAttribute('href')!.slice(1);
  const el = document.getElementById(id);
  if (!el) return;
  e.preventDefault();
  el.setAttribute('tabindex', '-1');
  el.scrollIntoView({ block: 'start' });
  el.focus({ preventScroll: true });
}

function UnmetTable({ scenario, result }: { scenario: Scenario; result: Result }) {
  const names = useMemo(() => new Map(scenario.students.map((s) => [s.id, s.name ?? s.id])), [scenario]);
  const courseName = useMemo(() => new Map(scenario.courses.map((c) => [c.id, c.name])), [scenario]);
  const unmet = result.students.filter((s) => s.unmet.length > 0);
  const [all, setAll] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const shown = all ? unmet : unmet.slice(0, 40);
  return (
    <section aria-labelledby="unmet-title">
      <h3 id="unmet-title">Students not fully satisfied ({unmet.length})</h3>
      {unmet.length === 0 ? (
        <p>Every student has every choice.</p>
      ) : (
        <div className="scroll">
          <table className="data" data-testid="unmet-table">
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Choices not met</th>
                <th scope="col">Reserve given</th>
                <th scope="col">Why</th>
                <th scope="col">What would fix it</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((s) => (
                <Fragment key={s.id}>
                <tr>
                  <th scope="row">
                    {names.get(s.id) ?? s.id} <span className="muted">{s.id}</span>
                  </th>
                  <td>{s.unmet.map((c) => courseName.get(c) ?? c).join(', ')}</td>
                  <td>{s.reserves.length ? s.reserves.map((c) => courseName.get(c) ?? c).join(', ') : '—'}</td>
                  <td>{s.reasons && s.reasons.length > 0 ? s.reasons.join(' ') : <span className="muted">No single reason found: the blocks as a whole leave no room.</span>}</td>
                  <td>
                    <button type="button" aria-expanded={open === s.id} aria-controls={`fix-${s.id}`} onClick={() => setOpen(open === s.id ? null : s.id)}>
                      {open === s.id ? 'Hide' : 'Show'} fixes<span className="visually-hidden"> for {names.get(s.id) ?? s.id}</span>
                    </button>
                  </td>
                </tr>
                {open === s.id && (
                  <tr id={`fix-${s.id}`}>
                    <td colSpan={5}>
                      <Fixes scenario={scenario} result={result} studentId={s.id} />
                    </td>
                  </tr>
                )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {unmet.length > shown.length && (
        <button type="button" onClick={() => setAll(true)}>
          Show all {unmet.length}
        </button>
      )}
    </section>
  );
}

/**
 * Students whose choices break a choice rule, per rule: how many, the rule in words, whether the solve
 * enforced it, and what each of them got. Absent when nobody breaks a rule.
 */
function RuleBreaches({ scenario, result }: { scenario: Scenario; result: Result }) {
  const breaches = ruleBreaches(scenario);
  const placed = useMemo(() => new Map(result.students.map((s) => [s.id, s.placed])), [result]);
  const courseName = useMemo(() => new Map(scenario.courses.map((c) => [c.id, c.name])), [scenario]);
  if (breaches.length === 0) return null;
  const students = new Set(breaches.map((b) => b.student)).size;
  const bySource = new Map<string, typeof breaches>();
  for (const b of breaches) bySource.set(`${b.source} ${b.kind}`, [...(bySource.get(`${b.source} ${b.kind}`) ?? []), b]);
  return (
    <section aria-labelledby="breaches-title" data-testid="rule-breaches-section">
      <h3 id="breaches-title">Choices that break a rule ({students})</h3>
      <div className="scroll">
        <table className="data" data-testid="rule-breaches-table">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">In the solve</th>
              <th scope="col">Students</th>
            </tr>
          </thead>
          <tbody>
            {[...bySource].map(([key, list]) => (
              <tr key={key}>
                <td>
                  {list[0].text} <span className="muted">({list[0].source})</span>
                </td>
                <td>{breachMode(list[0])}</td>
                <td>
                  {list.length}:{' '}
                  {list.map((b, k) => {
                    const mine = placed.get(b.id);
                    const got = b.courses.filter((c) => mine !== undefined && Object.hasOwn(mine, c));
                    return (
                      <span key={b.id}>
                        {k > 0 && '; '}
                        {b.name ?? b.id} <span className="muted">{b.id}</span> (placed: {got.length ? got.map((c) => courseName.get(c) ?? c).join(', ') : 'none'})
                      </span>
                    );
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ClashMap({ scenario }: { scenario: Scenario }) {
  const m = useMemo(() => clashMatrix(scenario), [scenario]);
  const n = m.courses.length;
  const keep = m.courses.map((_, i) => i).filter((i) => m.counts[i * n + i] > 0);
  return (
    <section aria-labelledby="clash-title">
      <h3 id="clash-title">Clash table: students choosing both courses</h3>
      <p className="muted">Darker cells are pairs chosen together more often: such pairs should not share a block. The diagonal shows how many chose each course.</p>
      <div className="scroll">
        <table className="heat" data-testid="clash-table">
          <thead>
            <tr>
              <td />
              {keep.map((j) => (
                <th key={j} scope="col" className="vert">
                  <span>{m.courses[j]}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {keep.map((i) => (
              <tr key={i}>
                <th scope="row">{m.courses[i]}</th>
                {keep.map((j) => {
                  const v = m.counts[i * n + j];
                  if (i === j) return <td key={j} className="diag" title={`${m.courses[i]}: chosen by ${v}`}>{v}</td>;
                  const t = m.max > 0 ? v / m.max : 0;
                  // Light to dark blue; black text on the light half, white on the dark half: at the switch
                  // (lightness 52%) both keep at least 4.5:1 contrast.
                  const light = Math.round(97 - t * 67);
                  return (
                    <td key={j} style={{ background: `hsl(215 70% ${light}%)`, color: light < 52 ? '#fff' : '#000' }} title={`${m.courses[i]} with ${m.courses[j]}: ${v} students`}>
                      {v || ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function GroupSizes({ scenario, result }: { scenario: Scenario; result: Result }) {
  const courses = useMemo(() => new Map(scenario.courses.map((c) => [c.id, c])), [scenario]);
  const groups = [...result.groups].sort((a, b) => (a.course < b.course ? -1 : a.course > b.course ? 1 : a.id < b.id ? -1 : 1));
  const top = Math.max(1, ...groups.map((g) => Math.max(g.students.length, courses.get(g.course)?.maxGroupSize ?? 0)));
  return (
    <section aria-labelledby="sizes-title">
      <h3 id="sizes-title">Group sizes</h3>
      <p className="muted">Each bar is a group; the tick marks its course's maximum. Blocks in brackets.</p>
      <ul className="sizes" data-testid="group-sizes">
        {groups.map((g) => {
          const c = courses.get(g.course);
          const max = c?.maxGroupSize ?? 0;
          const min = c?.minGroupSize ?? 0;
          const n = g.students.length;
          const cls = n > max ? 'over' : n < min ? 'under' : '';
          return (
            <li key={g.id} aria-label={`${g.id}: ${n} students of at most ${max}`}>
              <span className="label">
                {g.id} <span className="muted">({g.blocks.join('+')})</span>
              </span>
              <span className="track" aria-hidden="true">
                <span className={`fill ${cls}`} style={{ width: `${(100 * n) / top}%` }} />
                {max > 0 && <span className="max" style={{ left: `${(100 * max) / top}%` }} />}
              </span>
              <span className="num">
                {n}/{max}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Why one student is unmet and the cheapest changes that would place them (solver/explain.ts). */
function Fixes({ scenario, result, studentId }: { scenario: Scenario; result: Result; studentId: string }) {
  const out = useMemo(() => {
    try {
      return explainUnmet(scenario, result, studentId);
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [scenario, result, studentId]);
  if ('error' in out) return <p className="note error">{out.error}</p>;
  const apply = (c: SuggestedChange) => {
    const d = c.detail;
    if (d.kind === 'move') void moveGroup(d.group, d.blocks[0]);
    else if (d.kind === 'open') void addGroup(d.course, d.blocks[0]);
  };
  return (
    <div className="fixes" data-testid="fixes">
      <ul>
        {out.facts.map((f, i) => (
          <li key={i}>{f}</li>
        ))}
      </ul>
      {out.changes.length === 0 ? (
        <p className="muted">No single change was found that places this student.</p>
      ) : (
        <ol>
          {out.changes.map((c, i) => (
            <li key={i}>
              {c.text}
              {c.displaces.length > 0 && <span className="muted"> (displaces {c.displaces.join(', ')})</span>}
              {(c.detail.kind === 'move' || c.detail.kind === 'open') && (
                <button type="button" className="inline" onClick={() => apply(c)}>
                  Apply<span className="visually-hidden">: {c.text}</span>
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function DownloadsSection({ scenario, result }: { scenario: Scenario; result: Result }) {
  const [open, setOpen] = useState(false);
  return (
    <section aria-labelledby="downloads-title">
      <h3 id="downloads-title">Downloads</h3>
      {open ? (
        <Suspense fallback={<p>Loading…</p>}>
          <Downloads scenario={scenario} result={result} />
        </Suspense>
      ) : (
        <button type="button" onClick={() => setOpen(true)}>
          Class lists, blocking grid, placements, published offer, letters…
        </button>
      )}
    </section>
  );
}
