/** Number formats shared by the analysis sections and the scenario comparison (British English). */

/** A rate 0..1 as a percentage with one decimal: 0.4167 -> "41.7%". */
export const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;

/** Pounds, whole: 218500 -> "£218,500". */
export const money = (x: number) => `£${Math.round(x).toLocaleString('en-GB')}`;

/** Two decimals, for mean slots and FTE. */
export const dec2 = (x: number) => x.toFixed(2);

/** A difference between two rates in percentage points: 0.0357 -> "3.6 points". */
export const points = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)} points`;

/** Equity metric keys (solver/analysis/equity.ts) whose values are rates 0..1 rather than counts. */
export const isRate = (metric: string) => metric.endsWith('Rate') || metric.startsWith('requirementsMet:');

/** A metric value as shown: rates as percentages, slot fill and reserves with two decimals. */
export const metricValue = (metric: string, v: number) => (isRate(metric) ? pct(v) : dec2(v));

/** A gap in a metric's own unit: percentage points for rates, slots or reserves otherwise. */
export const metricGap = (metric: string, v: number) =>
  isRate(metric) ? points(v) : metric.startsWith('fill:') ? `${dec2(v)} slots` : `${dec2(v)} per student`;

const BASE_LABELS: Record<string, string> = {
  fullySatisfiedRate: 'Fully satisfied',
  choicesMetRate: 'Choices met',
  reservesPerStudent: 'Reserves per student',
};

/** Short names of the shipped rule sets, for column headers; other rule sets keep their own names. */
const SHORT_RULE_NAMES: Record<string, string> = { a8: 'Attainment 8', ebacc: 'EBacc', proposed: 'Proposed P8' };

/** A readable name of an equity metric, given the rule sets' names by id. */
export function metricLabel(metric: string, ruleNames: Map<string, string>): string {
  if (BASE_LABELS[metric]) return BASE_LABELS[metric];
  const [kind, id] = metric.split(':');
  const name = SHORT_RULE_NAMES[id] ?? ruleNames.get(id) ?? id;
  if (kind === 'fill') return `${name}: mean slots filled`;
  if (kind === 'requirementsMet') return id === 'ebacc' ? 'EBacc entered (historic)' : `${name}: requirements met`;
  return metric;
}

/** Higher is better for every metric but reserves used. */
export const higherIsBetter = (metric: string) => metric !== 'reservesPerStudent';
