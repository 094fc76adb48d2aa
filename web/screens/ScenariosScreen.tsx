/**
 * Every saved scenario: open, rename, clone (to try a change), delete, and tick two or more to compare
 * them side by side on the headline figures (satisfaction, accountability, equity gaps, staffing and cost)
 * and on which students gain or lose a choice.
 */
import { useState } from 'react';
import type { OfferSummary, StabilityFigures } from '../../solver';
import { recordMoves } from '../reference/derived';
import { money } from '../components/analysisFormat';
import { costAt, useCostSettings } from '../components/costSettings';
import { cloneScenario, deleteScenario, newFromSample, renameScenario, selectScenario, staleChanges, toggleCompare } from '../state/actions';
import { changesSentence } from '../state/basis';
import { analysisOf, studentChanges } from '../state/derived';
import { usePlanner } from '../state/store';
import type { ScenarioRecord } from '../state/types';
import { NewSchoolButton } from '../components/NewSchool';
import { studentsWithoutChoices, WithoutChoicesNote } from '../components/Figures';

export function ScenariosScreen() {
  const order = usePlanner((s) => s.order);
  const records = usePlanner((s) => s.records);
  const currentId = usePlanner((s) => s.currentId);
  const compare = usePlanner((s) => s.compare);
  const solving = usePlanner((s) => (s.solve.status === 'solving' ? s.solve.recordId : null));
  return (
    <div className="screen scenarios-screen">
      <h2>Scenarios</h2>
      <p className="muted">
        Every scenario is saved in this browser as you work. Clone one to try a change, solve the copy, then tick both to
        compare.
      </p>
      <div className="scroll">
        <table className="data" data-testid="scenario-list">
          <thead>
            <tr>
              <th scope="col">Compare</th>
              <th scope="col">Name</th>
              <th scope="col">Students</th>
              <th scope="col">Fully satisfied</th>
              <th scope="col">Groups</th>
              <th scope="col">Saved</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {order.map((id) => (
              <ScenarioRow key={id} rec={records[id]} solving={solving === id} current={id === currentId} ticked={compare.includes(id)} parent={records[id].clonedFrom ? records[records[id].clonedFrom!]?.scenario.name : undefined} />
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <button type="button" onClick={() => void newFromSample()}>
          New scenario from the sample school
        </button>{' '}
        <NewSchoolButton />
      </p>
      <Comparison ids={compare} records={records} />
    </div>
  );
}

function ScenarioRow({ rec, current, ticked, parent, solving }: { rec: ScenarioRecord; current: boolean; ticked: boolean; parent?: string; solving: boolean }) {
  const [mode, setMode] = useState<'idle' | 'rename' | 'clone' | 'delete'>('idle');
  const [text, setText] = useState('');
  const name = rec.scenario.name;
  const s = rec.result?.summary;
  return (
    <tr className={current ? 'current' : ''} data-scenario={name}>
      <td>
        <input type="checkbox" checked={ticked} onChange={() => toggleCompare(rec.id)} aria-label={`Compare ${name}`} disabled={!rec.result} title={rec.result ? '' : 'Solve it first'} />
      </td>
      <th scope="row">
        {mode === 'rename' ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              renameScenario(rec.id, text.trim());
              setMode('idle');
            }}
          >
            <label>
              <span className="visually-hidden">New name for {name}</span>
              <input value={text} onChange={(e) => setText(e.target.value)} autoFocus required />
            </label>
            <button type="submit">Save name</button>
            <button type="button" onClick={() => setMode('idle')}>
              Cancel
            </button>
          </form>
        ) : (
          <>
            {name}
            {current && <span className="tag">open</span>}
            {parent && <span className="muted"> · cloned from {parent}</span>}
          </>
        )}
      </th>
      <td>{rec.scenario.students?.length ?? 0}</td>
      <td>
        {s ? `${s.fullySatisfied} (${Math.round((1000 * s.fullySatisfied) / Math.max(1, s.students)) / 10}%)` : solving ? 'solving…' : 'not solved'}
        {rec.result && <WithoutChoicesNote result={rec.result} compact />}
        {rec.resultStale && <span className="muted" title={staleChanges(rec).join('; ')}> · out of date ({changesSentence(staleChanges(rec).slice(0, 2))})</span>}
      </td>
      <td>{s ? s.groups : '—'}</td>
      <td>{new Date(rec.updatedAt).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' })}</td>
      <td className="actions">
        {mode === 'clone' ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              cloneScenario(rec.id, text);
              setMode('idle');
            }}
          >
            <label>
              <span className="visually-hidden">Name of the copy of {name}</span>
              <input value={text} onChange={(e) => setText(e.target.value)} autoFocus placeholder="e.g. drop Music, add BTEC Engineering" />
            </label>
            <button type="submit">Make copy</button>
            <button type="button" onClick={() => setMode('idle')}>
              Cancel
            </button>
          </form>
        ) : mode === 'delete' ? (
          <>
            <span>Delete {name}?</span>{' '}
            <button type="button" className="danger" onClick={() => deleteScenario(rec.id)}>
              Yes, delete
            </button>
            <button type="button" onClick={() => setMode('idle')}>
              Keep
            </button>
          </>
        ) : (
          <>
            <button type="button" onClick={() => selectScenario(rec.id)} disabled={current} aria-label={`Open ${name}`}>
              Open
            </button>
            <button type="button" onClick={() => { setText(`${name} (copy)`); setMode('clone'); }} aria-label={`Clone ${name}`}>
              Clone
            </button>
            <button type="button" onClick={() => { setText(name); setMode('rename'); }} aria-label={`Rename ${name}`}>
              Rename
            </button>
            <button type="button" onClick={() => setMode('delete')} aria-label={`Delete ${name}`}>
              Delete
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

/** One row of the comparison: a figure of every scenario, with its difference from the first one. */
type Row = {
  label: string;
  /** Null when the figure does not apply (no attributes, or the rule set is not applied). */
  get: (s: Figures) => number | null;
  show: (x: number) => string;
  /** 1: higher is better, -1: lower is better, 0: neither (coloured neither way). */
  better: 1 | -1 | 0;
  /** Said under the figure: which groups a gap is between. */
  note?: (s: Figures) => string | null;
  testId?: string;
};

/**
 * The analysis summary with the staffing figures priced at the shared cost settings, and the stability
 * figures against the scenario's published blocking (web/reference/; null when none is published).
 */
/** withoutChoices: students counted fully satisfied because they have not chosen (components/Figures.tsx). */
type Figures = OfferSummary & { stability?: StabilityFigures | null; withoutChoices: number };

const gapNote = (g: OfferSummary['biggestEquityGap']) =>
  g && g.gap > 0 ? `${g.attribute}: ${g.highest.value} vs ${g.lowest.value}` : null;

const ROWS: Row[] = [
  { label: 'Fully satisfied', get: (s) => s.fullySatisfied, show: String, better: 1 },
  { label: 'Fully satisfied %', get: (s) => s.fullySatisfiedRate * 100, show: (x) => `${x.toFixed(1)}%`, better: 1 },
  {
    label: 'Of them, not chosen yet', get: (s) => s.withoutChoices, show: String, better: 0, testId: 'without-choices',
    note: (s) => (s.withoutChoices > 0 ? 'fully satisfied by definition: no choices to meet' : null),
  },
  { label: 'Choices met', get: (s) => s.choicesMet, show: String, better: 1 },
  { label: 'Reserves used', get: (s) => s.reservesUsed, show: String, better: -1 },
  {
    label: 'Mean Attainment 8 slots filled (of 8)', get: (s) => s.meanA8SlotFill, show: (x) => x.toFixed(2), better: 1, testId: 'a8-fill',
  },
  {
    label: 'EBacc entry % (historic)', get: (s) => (s.ebaccHistoricRate === null ? null : s.ebaccHistoricRate * 100),
    show: (x) => `${x.toFixed(1)}%`, better: 1, testId: 'ebacc',
  },
  {
    label: 'Largest equity gap in fully satisfied', get: (s) => (s.biggestEquityGap ? s.biggestEquityGap.gap * 100 : null),
    show: (x) => `${x.toFixed(1)} points`, better: -1, note: (s) => gapNote(s.biggestEquityGap), testId: 'gap-satisfied',
  },
  {
    label: 'Largest equity gap in Attainment 8 slots filled', get: (s) => (s.biggestA8FillGap ? s.biggestA8FillGap.gap : null),
    show: (x) => `${x.toFixed(2)} slots`, better: -1, note: (s) => gapNote(s.biggestA8FillGap), testId: 'gap-a8',
  },
  {
    label: 'Pupils unchanged since publishing', get: (s) => s.stability?.pupilsUnchanged ?? null, show: String, better: 1,
    note: (s) => (s.stability ? `of ${s.stability.pupilsInBoth} in both` : null), testId: 'pupils-unchanged',
  },
  {
    label: 'Groups unchanged since publishing', get: (s) => s.stability?.groupsUnchanged ?? null, show: String, better: 1,
    note: (s) => (s.stability ? `of ${s.stability.groupsPublished} published` : null), testId: 'groups-unchanged',
  },
  { label: 'Groups', get: (s) => s.groups, show: String, better: -1 },
  { label: 'Teacher periods (fortnight)', get: (s) => s.teacherPeriods, show: (x) => String(Math.round(x)), better: -1 },
  { label: 'Teacher FTE', get: (s) => s.fte, show: (x) => x.toFixed(2), better: -1, testId: 'fte' },
  { label: 'Average class size', get: (s) => s.averageClassSize, show: (x) => x.toFixed(1), better: 0 },
  { label: 'Annual cost', get: (s) => s.annualCost, show: (x) => `£${Math.round(x).toLocaleString('en-GB')}`, better: -1, testId: 'cost' },
];

function Comparison({ ids, records }: { ids: string[]; records: Record<string, ScenarioRecord> }) {
  const settings = useCostSettings();
  const recs = ids.map((id) => records[id]).filter((r): r is ScenarioRecord => !!r?.result);
  if (recs.length < 2) {
    return (
      <section aria-labelledby="compare-title">
        <h3 id="compare-title">Compare</h3>
        <p className="muted">Tick two or more solved scenarios above to compare them side by side.</p>
      </section>
    );
  }
  // Both memoised per result: the analysis in state/derived.ts, the cost at the settings in costSettings.ts.
  const summaries: (Figures | null)[] = recs.map((r) => {
    const a = analysisOf(r.scenario, r.result!);
    if ('error' in a) return null;
    const c = costAt(r.scenario, r.result!, settings);
    return { ...a.totals.summary, teacherPeriods: c.perYear.teacherPeriods, fte: c.perYear.fte, annualCost: c.perYear.annualCost, stability: recordMoves(r)?.figures ?? null, withoutChoices: studentsWithoutChoices(r.result!) };
  });
  const base = recs[0];
  return (
    <section aria-labelledby="compare-title">
      <h3 id="compare-title">Compare</h3>
      <p className="muted">
        Differences are from “{base.scenario.name}”: green where the other scenario does better, red where it does worse. FTE and cost at
        contact ratio {settings.contactRatio} and {money(settings.costPerWeeklyHour)} per weekly hour (change them in the Cost section of
        the Results screen). The EBacc entry measure is historic: it leaves the performance tables in 2026.
      </p>
      <div className="scroll">
        <table className="data compare" data-testid="compare-table">
          <thead>
            <tr>
              <th scope="col">Figure</th>
              {recs.map((r) => (
                <th key={r.id} scope="col">
                  {r.scenario.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ROWS.map((row) => {
              const b = summaries[0] ? row.get(summaries[0]) : null;
              return (
                <tr key={row.label} data-row={row.testId}>
                  <th scope="row">{row.label}</th>
                  {summaries.map((s, i) => {
                    const v = s ? row.get(s) : null;
                    if (!s || v === null) return <td key={i}>—</td>;
                    const d = b === null || i === 0 ? 0 : v - b;
                    const changed = Math.abs(d) > 1e-9;
                    const good = row.better !== 0 && changed ? (d * row.better > 0 ? 'better' : 'worse') : '';
                    const note = row.note?.(s);
                    return (
                      <td key={i} className={good}>
                        {row.show(v)}
                        {i > 0 && changed && <span className="delta"> ({d > 0 ? '+' : '−'}{row.show(Math.abs(d))})</span>}
                        {good && <span className="visually-hidden"> ({good})</span>}
                        {note && <span className="cell-note">{note}</span>}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {recs.slice(1).map((other) => (
        <Changes key={other.id} base={base} other={other} />
      ))}
    </section>
  );
}

function Changes({ base, other }: { base: ScenarioRecord; other: ScenarioRecord }) {
  const changes = studentChanges({ scenario: base.scenario, result: base.result! }, { scenario: other.scenario, result: other.result! });
  const gain = changes.filter((c) => c.after > c.before).length;
  const lose = changes.filter((c) => c.after < c.before).length;
  const [all, setAll] = useState(false);
  const shown = all ? changes : changes.slice(0, 25);
  const names = new Map([...base.scenario.courses, ...other.scenario.courses].map((c) => [c.id, c.name]));
  const list = (ids: string[]) => ids.map((id) => names.get(id) ?? id).join(', ') || '—';
  return (
    <div className="changes">
      <h4>
        From “{base.scenario.name}” to “{other.scenario.name}”: {gain} student{gain === 1 ? '' : 's'} gain a choice, {lose} lose one
        {changes.length - gain - lose > 0 ? `, ${changes.length - gain - lose} swap one for another` : ''}
      </h4>
      {changes.length > 0 && (
        <table className="data" data-testid="changes-table">
          <thead>
            <tr>
              <th scope="col">Student</th>
              <th scope="col">Gains</th>
              <th scope="col">Loses</th>
              <th scope="col">Choices met</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {c.name ?? c.id} <span className="muted">{c.id}</span>
                </th>
                <td className={c.gained.length ? 'better' : ''}>{list(c.gained)}</td>
                <td className={c.lost.length ? 'worse' : ''}>{list(c.lost)}</td>
                <td>
                  {c.before} → {c.after}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {changes.length > shown.length && (
        <button type="button" onClick={() => setAll(true)}>
          Show all {changes.length}
        </button>
      )}
    </div>
  );
}
