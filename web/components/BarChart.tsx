/**
 * A small horizontal bar chart drawn as a table: the row headers name the bars and each cell holds the
 * figure as text beside a bar, so a screen reader reads a plain table and sighted users see the shape.
 */
export interface Bar {
  label: string;
  value: number;
  /** The figure as shown; defaults to the value. */
  display?: string;
  /** Colours the bar: 'warn' for the bars a head should look at (students with empty slots). */
  tone?: 'warn' | 'muted';
}

export function BarChart({ caption, labelHeader, valueHeader, bars, max, testId }: {
  caption: string;
  labelHeader: string;
  valueHeader: string;
  bars: Bar[];
  /** The value a full-width bar stands for; defaults to the largest value. */
  max?: number;
  testId?: string;
}) {
  const top = max ?? Math.max(0, ...bars.map((b) => b.value));
  return (
    <table className="bars" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{labelHeader}</th>
          <th scope="col">{valueHeader}</th>
        </tr>
      </thead>
      <tbody>
        {bars.map((b) => (
          <tr key={b.label}>
            <th scope="row">{b.label}</th>
            <td>
              <div className="bar-row">
                <span className="bar-track" aria-hidden="true">
                  <span className={`bar-fill${b.tone ? ` ${b.tone}` : ''}`} style={{ width: `${top > 0 ? (100 * Math.max(0, b.value)) / top : 0}%` }} />
                </span>
                <span className="bar-num">{b.display ?? String(b.value)}</span>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
