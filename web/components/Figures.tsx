/**
 * Headline figures of a result, shared by the Blocks and Results screens, and the mark on figures that
 * rest on fewer students than they count: a student with no choices has nothing unmet, so the document
 * counts them fully satisfied (FORMAT.md), and before an options round that is most of the cohort.
 */
import type { Result } from '../../solver';
import { showStudentsWithoutChoices } from '../state/student-filter';
import { studentsWithoutChoices, withoutChoicesText } from '../state/without-choices';

export { studentsWithoutChoices, withoutChoicesText };

const pct = (a: number, b: number) => (b > 0 ? `${Math.round((1000 * a) / b) / 10}%` : '–');

/**
 * The mark beside satisfaction figures when some students have not chosen: the count in words, and a
 * link to the Students screen showing only them.
 */
export function WithoutChoicesNote({ result, compact }: { result: Result; compact?: boolean }) {
  const n = studentsWithoutChoices(result);
  if (n === 0) return null;
  const show = (
    <a
      href="#/students"
      onClick={(e) => {
        e.preventDefault();
        showStudentsWithoutChoices();
      }}
    >
      {compact ? 'show them' : 'Show them on the Students screen'}
    </a>
  );
  if (compact) {
    return (
      <span className="muted" data-testid="without-choices">
        {' '}
        · {n} not chosen yet ({show})
      </span>
    );
  }
  return (
    <p className="note warn" role="note" data-testid="without-choices">
      {withoutChoicesText(n, result.students.length)} {show}.
    </p>
  );
}

export function SummaryFigures({ result, stale, extra }: { result: Result; stale?: boolean; extra?: { label: string; value: string; hint?: string }[] }) {
  const s = result.summary;
  const withoutChoices = studentsWithoutChoices(result);
  const items = [
    {
      label: 'Fully satisfied',
      value: `${s.fullySatisfied} / ${s.students}`,
      hint: withoutChoices > 0 ? `${pct(s.fullySatisfied, s.students)}, ${withoutChoices} of them not chosen yet` : pct(s.fullySatisfied, s.students),
      id: 'fully',
    },
    { label: 'Choices met', value: `${s.choicesMet} / ${s.choices}`, hint: pct(s.choicesMet, s.choices), id: 'choices' },
    { label: 'Reserves used', value: String(s.reservesUsed), id: 'reserves' },
    { label: 'Groups', value: String(s.groups), id: 'groups' },
    {
      label: 'Proven bound',
      value: s.upperBound !== undefined ? `≤ ${s.upperBound}` : 'none',
      hint:
        s.upperBound === undefined
          ? 'no bound proven yet'
          : s.upperBound <= s.fullySatisfied
            ? // The bound met: no blocking fully satisfies more students, so say so plainly.
              `${s.fullySatisfied} of ${s.students} — optimal: proven the most that can be fully satisfied`
            : `most that can be fully satisfied (${s.upperBound - s.fullySatisfied} more at best)`,
      id: 'bound',
    },
    ...(extra ?? []).map((e, i) => ({ ...e, id: `extra-${i}` })),
  ];
  return (
    <>
      <dl className={`figures${stale ? ' stale' : ''}`} aria-label="Headline figures" data-testid="figures">
        {items.map((it) => (
          <div key={it.id} className="figure" data-figure={it.id}>
            <dt>{it.label}</dt>
            <dd>
              <span className="value">{it.value}</span>
              {it.hint && <span className="hint">{it.hint}</span>}
            </dd>
          </div>
        ))}
      </dl>
      <WithoutChoicesNote result={result} />
    </>
  );
}
