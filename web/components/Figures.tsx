/** Headline figures of a result, shared by the Blocks and Results screens. */
import type { Result } from '../../solver';

const pct = (a: number, b: number) => (b > 0 ? `${Math.round((1000 * a) / b) / 10}%` : '–');

export function SummaryFigures({ result, stale, extra }: { result: Result; stale?: boolean; extra?: { label: string; value: string; hint?: string }[] }) {
  const s = result.summary;
  const items = [
    { label: 'Fully satisfied', value: `${s.fullySatisfied} / ${s.students}`, hint: pct(s.fullySatisfied, s.students), id: 'fully' },
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
  );
}
