/**
 * The accountability part of the analysis (solver/analysis): per rule set the mean slot fill and the
 * students by empty slots as a chart, requirement rates (EBacc marked historic), technical awards,
 * early-entry warnings and discount-code collisions (each listed once with how many students it touches),
 * and the notices about the scenario's tags and discount codes.
 *
 * A figure resting on courses with no qualification type is shown as "needs data" with the reason and a
 * link to the Offer screen's Course types panel, never as a number (the number known is a lower bound,
 * shown as "at least"). Figures using types read from course names say so above the rule sets.
 */
import type { OfferAnalysis, RuleSetTotals } from '../../solver';
import { BarChart } from './BarChart';
import { dec2, pct } from './analysisFormat';
import { CourseTypesLink } from './courseTypesLink';

const STATUS_TEXT: Record<RuleSetTotals['status'], string> = {
  current: 'current measure',
  historic: 'historic: leaves the performance tables in 2026',
  proposed: 'proposed, not yet in force',
};

export function Accountability({ analysis }: { analysis: OfferAnalysis }) {
  const t = analysis.totals;
  const n = t.summary.students;
  return (
    <section aria-labelledby="accountability-title" className="analysis" data-testid="accountability">
      <h3 id="accountability-title">Accountability</h3>
      <p className="muted">
        How each student’s options plus the core ({coreText(analysis)}) fill the slots of each measure. No grades exist
        yet, so a slot counts as filled when a qualification that may fill it is entered.
      </p>
      <CourseTypeNotes analysis={analysis} />
      <div className="rule-sets">
        {t.measures.map((m) => (
          <RuleSetCard key={m.ruleSet} m={m} students={n} />
        ))}
      </div>
      <TechnicalAwards analysis={analysis} />
      <EarlyEntries analysis={analysis} />
      <Collisions analysis={analysis} />
      <Notices analysis={analysis} />
    </section>
  );
}

/** What the figures rest on: courses with no type (figures need data) and types read from names. */
function CourseTypeNotes({ analysis }: { analysis: OfferAnalysis }) {
  const { untyped, inferred } = analysis.courseTypes;
  const list = (xs: { course: string; name: string }[]) =>
    xs.slice(0, 8).map((x) => `${x.name} (${x.course})`).join(', ') + (xs.length > 8 ? `, and ${xs.length - 8} more` : '');
  return (
    <>
      {untyped.length > 0 && (
        <p className="note warn" data-testid="needs-data">
          <strong>
            {untyped.length} course{untyped.length === 1 ? ' has' : 's have'} no qualification type: accountability figures need{' '}
            {untyped.length === 1 ? 'it' : 'them'}.
          </strong>{' '}
          {list(untyped)}. Figures that depend on {untyped.length === 1 ? 'it' : 'them'} show “needs data”.{' '}
          <CourseTypesLink>Give {untyped.length === 1 ? 'it a type' : 'them types'} on the Offer screen</CourseTypesLink>.
        </p>
      )}
      {inferred.length > 0 && (
        <p className="note" data-testid="inferred-note">
          Based on {inferred.length} course type{inferred.length === 1 ? '' : 's'} read from course names, not given by the school (
          {inferred.slice(0, 5).map((t) => (t.name.toLowerCase() === t.label.toLowerCase() ? t.name : `${t.name} → ${t.label}`)).join('; ')}
          {inferred.length > 5 ? '; …' : ''}). <CourseTypesLink>Confirm them on the Offer screen</CourseTypesLink>.
        </p>
      )}
    </>
  );
}

/** A headline figure that rests on missing data: not the number, but why, and what is known. */
function NeedsData({ known }: { known: string }) {
  return (
    <>
      <span className="needs-data">— needs data</span> <span className="muted small">(known so far: at least {known})</span>
    </>
  );
}

function coreText(a: OfferAnalysis): string {
  const parts: string[] = [];
  if (a.core.english === 'both') parts.push('English language and literature');
  else if (a.core.english === 'language') parts.push('English language');
  if (a.core.maths) parts.push('maths');
  if (a.core.science === 'combined') parts.push('combined science');
  else if (a.core.science === 'triple') parts.push('biology, chemistry and physics');
  return parts.length ? parts.join(', ') : 'no core set';
}

function RuleSetCard({ m, students }: { m: RuleSetTotals; students: number }) {
  const id = `rs-${m.ruleSet}`;
  return (
    <section aria-labelledby={id} className={`rule-set ${m.status}`} data-rule-set={m.ruleSet}>
      <h4 id={id}>
        {m.name} <span className={`status ${m.status}`}>{STATUS_TEXT[m.status]}</span>
      </h4>
      <p className="muted small">{m.note}</p>
      {m.missing && (
        <p className="note warn small" data-testid={`missing-${m.ruleSet}`}>
          Needs data: {m.missing.message} <CourseTypesLink>Give {m.missing.courses.length === 1 ? 'it a type' : 'them types'}</CourseTypesLink>.
        </p>
      )}
      <dl className="mini-figures">
        {m.slots > 0 && (
          <>
            <div>
              <dt>Mean slots filled</dt>
              <dd data-figure={`${m.ruleSet}-fill`}>
                {m.missing?.fill ? <NeedsData known={`${dec2(m.meanSlotsFilled)} of ${m.slots}`} /> : <>{dec2(m.meanSlotsFilled)} <span className="muted">of {m.slots}</span></>}
              </dd>
            </div>
            <div>
              <dt>Mean points</dt>
              <dd>
                {m.missing?.fill ? <NeedsData known={`${dec2(m.meanPoints)} of ${m.maxPoints}`} /> : <>{dec2(m.meanPoints)} <span className="muted">of {m.maxPoints}</span></>}
              </dd>
            </div>
            <div>
              <dt>Every slot filled</dt>
              <dd>{m.missing?.fill ? <NeedsData known={pct(m.fullFillRate)} /> : pct(m.fullFillRate)}</dd>
            </div>
          </>
        )}
        {m.requirementsMetRate !== null && (
          <div>
            <dt>{m.ruleSet === 'ebacc' ? 'Entered for the full EBacc' : 'Every requirement met'}</dt>
            <dd data-figure={`${m.ruleSet}-met`}>
              {m.missing?.requirements ? <NeedsData known={pct(m.requirementsMetRate)} /> : pct(m.requirementsMetRate)}
              {m.status === 'historic' && <span className="status historic">historic</span>}
            </dd>
          </div>
        )}
        {m.studentsWithDiscounting > 0 && (
          <div>
            <dt>Students losing a slot to a discount code</dt>
            <dd>{m.studentsWithDiscounting}</dd>
          </div>
        )}
      </dl>
      {m.slots > 0 && (
        <BarChart
          caption={`${m.name}: students by empty slots${m.missing?.fill ? ' (courses with no type left out)' : ''}`}
          labelHeader="Empty slots"
          valueHeader="Students"
          testId={`empty-slots-${m.ruleSet}`}
          max={students}
          bars={emptySlotBars(m)}
        />
      )}
      {m.slots > 0 && m.buckets.some((b) => b.studentsWithEmpty > 0) && (
        <ul className="plain-list small">
          {m.buckets.filter((b) => b.studentsWithEmpty > 0).map((b) => (
            <li key={b.id}>
              {b.label}: {b.studentsWithEmpty} student{b.studentsWithEmpty === 1 ? '' : 's'} with an empty slot ({b.emptySlots} empty of {b.slots * students}; mean {dec2(b.meanFilled)} of {b.slots} filled)
            </li>
          ))}
        </ul>
      )}
      {m.requirements.length > 0 && (
        <BarChart
          caption={`${m.name}: students meeting each requirement${m.missing?.requirements ? ' (courses with no type left out)' : ''}`}
          labelHeader="Requirement"
          valueHeader="Students meeting it"
          testId={`requirements-${m.ruleSet}`}
          max={1}
          bars={m.requirements.map((q) => ({ label: q.label, value: q.metRate, display: pct(q.metRate), tone: q.metRate < 1 ? 'warn' : undefined }))}
        />
      )}
    </section>
  );
}

/** distribution[k] counts students with k slots filled; the chart counts empty slots, the fuller rows first. */
function emptySlotBars(m: RuleSetTotals) {
  const bars = [];
  let last = 0;
  for (let e = 0; e <= m.slots; e++) if (m.distribution[m.slots - e] > 0) last = e;
  // Always show 0 to 2 empty, and further rows only up to the last that has students.
  for (let e = 0; e <= Math.max(2, last) && e <= m.slots; e++) {
    const count = m.distribution[m.slots - e] ?? 0;
    bars.push({ label: e === 0 ? 'none' : String(e), value: count, display: String(count), tone: e > 0 ? ('warn' as const) : undefined });
  }
  return bars;
}

function TechnicalAwards({ analysis }: { analysis: OfferAnalysis }) {
  const ta = analysis.totals.technicalAwards;
  const first = analysis.totals.measures.find((m) => m.slots > 0);
  return (
    <section aria-labelledby="tech-title" data-testid="technical-awards">
      <h4 id="tech-title">Technical awards</h4>
      <p>
        {ta.studentsWithAny} student{ta.studentsWithAny === 1 ? '' : 's'} take at least one technical award; {ta.entered} entries
        in all.
        {first && ` ${ta.countedInFirstRuleSet} of them fill ${first.name} slots that nothing else these students take could fill (technical awards count only in the open slots).`}
      </p>
      {ta.distribution.length > 1 && (
        <BarChart
          caption="Students by number of technical awards"
          labelHeader="Technical awards"
          valueHeader="Students"
          bars={ta.distribution.map((count, k) => ({ label: String(k), value: count, tone: k >= 3 ? ('warn' as const) : undefined }))}
        />
      )}
    </section>
  );
}

function EarlyEntries({ analysis }: { analysis: OfferAnalysis }) {
  const list = analysis.totals.earlyEntries;
  return (
    <section aria-labelledby="early-title" data-testid="early-entries">
      <h4 id="early-title">Early entries (first entry in Year 10)</h4>
      {list.length === 0 ? (
        <p>No course is entered before the final year.</p>
      ) : (
        <ul className="warnings">
          {list.map((w) => (
            <li key={w.course}>
              <strong>
                {w.course}: {w.students} student{w.students === 1 ? '' : 's'}
              </strong>
              {w.blockingLaterEntries > 0 && <>, of whom {w.blockingLaterEntries} also take a later entry that will not count</>}. {w.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Collisions({ analysis }: { analysis: OfferAnalysis }) {
  const list = analysis.totals.collisions;
  return (
    <section aria-labelledby="collisions-title" data-testid="collisions">
      <h4 id="collisions-title">Discount-code collisions</h4>
      {list.length === 0 ? (
        <p>No student takes two qualifications sharing a discount code.</p>
      ) : (
        <ul className="warnings">
          {list.map((c) => (
            <li key={c.code}>
              <strong>
                {c.code}: {c.students} student{c.students === 1 ? '' : 's'}
              </strong>{' '}
              take more than one of {c.qualifications.join(', ')}; only one counts in the performance tables.
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Notices({ analysis }: { analysis: OfferAnalysis }) {
  return (
    <section aria-labelledby="notices-title" data-testid="data-notices">
      <h4 id="notices-title">Data notices</h4>
      {analysis.notices.length === 0 ? (
        <p>Every course has a type given by the school, and the tags and discount codes raise no questions.</p>
      ) : (
        <ul className="warnings">
          {analysis.notices.map((d, i) => (
            <li key={i}>
              {d.message}
              {d.courses.length > 0 && <span className="muted"> ({d.courses.join(', ')})</span>}
              {(d.kind === 'no-type' || d.kind === 'inferred-type' || d.kind === 'tag-conflict') && (
                <> <CourseTypesLink>Course types</CourseTypesLink></>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
