/**
 * Equity: the same per-student figures broken down by every attribute the scenario's students carry
 * (disadvantaged, SEN, gender, prior attainment, whatever the school records), with the gap between the
 * best- and worst-served groups, and the students worst off.
 *
 * Attribute values become groups as they are, except numbers with many distinct values (a prior
 * attainment score), which are cut into thirds at the cohort's own quantiles. A student without the
 * attribute falls in "(not recorded)". Gaps skip groups smaller than `minGroupForGap` students, whose
 * rates swing on one student, unless fewer than two groups would remain.
 */

/** The per-student figures equity works on; analyse.ts fills them in. */
export interface EquityStudent {
  id: string;
  name?: string;
  attributes: Record<string, string | number | boolean>;
  fullySatisfied: boolean;
  choices: number;
  choicesMet: number;
  unmet: string[];
  reservesUsed: number;
  /** Per rule set id with slots: slots filled. */
  fill: Record<string, number>;
  /** Per rule set id with requirements: all met. */
  requirementsMet: Record<string, boolean>;
}

export interface GroupFigures {
  value: string;
  students: number;
  /** Fewer students than minGroupForGap: shown, but left out of the gaps. */
  small: boolean;
  metrics: Record<string, number>;
}

export interface Gap {
  metric: string;
  /** Highest minus lowest group value, in the metric's own unit (a rate 0..1, or slots). */
  gap: number;
  highest: { value: string; metric: number; students: number };
  lowest: { value: string; metric: number; students: number };
}

export interface AttributeBreakdown {
  attribute: string;
  /** For a numeric attribute cut into thirds: the two cut points. */
  cuts?: [number, number];
  groups: GroupFigures[];
  gaps: Gap[];
}

export interface WorstOff {
  id: string;
  name?: string;
  attributes: Record<string, string | number | boolean>;
  unmet: string[];
  choicesMet: number;
  choices: number;
  reservesUsed: number;
  fill: Record<string, number>;
}

export interface EquityReport {
  attributes: AttributeBreakdown[];
  worstOff: WorstOff[];
  /** The largest gap in the fully-satisfied rate over every attribute; null without attributes. */
  biggestGap: (Gap & { attribute: string }) | null;
  /**
   * Per metric (`fullySatisfiedRate`, `fill:a8`, `requirementsMet:ebacc`, ...), the attribute with the
   * largest gap: where an offer that satisfies everyone still leaves a group with less. Empty without attributes.
   */
  biggestGaps: Record<string, Gap & { attribute: string }>;
}

export interface EquityOptions {
  minGroupForGap?: number;
  worstOff?: number;
}

const NOT_RECORDED = '(not recorded)';
/** Numeric attributes with more distinct values than this are cut into thirds. */
const MAX_NUMERIC_VALUES = 6;

const round = (x: number) => Math.round(x * 10000) / 10000;

/** Band names that have an order (prior attainment "low", "middle", "high"): shown low to high, not A to Z. */
const ORDINAL = new Map<string, number>([
  ['low', 0], ['lower', 0], ['middle', 1], ['mid', 1], ['medium', 1], ['average', 1], ['high', 2], ['higher', 2],
]);

function metricsOf(list: readonly EquityStudent[], fillIds: string[], reqIds: string[]): Record<string, number> {
  const n = list.length;
  let sat = 0;
  let choices = 0;
  let met = 0;
  let reserves = 0;
  const fill = new Float64Array(fillIds.length);
  const req = new Float64Array(reqIds.length);
  for (const s of list) {
    if (s.fullySatisfied) sat++;
    choices += s.choices;
    met += s.choicesMet;
    reserves += s.reservesUsed;
    fillIds.forEach((id, i) => { fill[i] += s.fill[id] ?? 0; });
    reqIds.forEach((id, i) => { if (s.requirementsMet[id]) req[i]++; });
  }
  // Unrounded: gaps are taken between these, and rounded only for the report.
  const m: Record<string, number> = {
    fullySatisfiedRate: n ? sat / n : 0,
    choicesMetRate: choices ? met / choices : 1,
    reservesPerStudent: n ? reserves / n : 0,
  };
  fillIds.forEach((id, i) => { m[`fill:${id}`] = n ? fill[i] / n : 0; });
  reqIds.forEach((id, i) => { m[`requirementsMet:${id}`] = n ? req[i] / n : 0; });
  return m;
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function equityReport(students: readonly EquityStudent[], fillIds: string[], reqIds: string[], options: EquityOptions = {}): EquityReport {
  const minGroup = options.minGroupForGap ?? 5;
  const worstN = options.worstOff ?? 10;
  const names = new Set<string>();
  for (const s of students) for (const k of Object.keys(s.attributes)) names.add(k);
  const attributes: AttributeBreakdown[] = [];
  let biggest: (Gap & { attribute: string }) | null = null;
  const biggestByMetric: Record<string, Gap & { attribute: string }> = {};

  for (const attr of [...names].sort()) {
    // Own properties only: an attribute named toString is data, and a student without it has none.
    const valueOf = (s: EquityStudent) => (Object.hasOwn(s.attributes, attr) ? s.attributes[attr] : undefined);
    const present = students.map(valueOf).filter((v) => v !== undefined && v !== null);
    const numeric = present.length > 0 && present.every((v) => typeof v === 'number');
    let cuts: [number, number] | undefined;
    if (numeric && new Set(present).size > MAX_NUMERIC_VALUES) {
      const sorted = (present as number[]).slice().sort((a, b) => a - b);
      cuts = [round(quantile(sorted, 1 / 3)), round(quantile(sorted, 2 / 3))];
    }
    const label = (v: string | number | boolean | undefined): string => {
      if (v === undefined || v === null) return NOT_RECORDED;
      if (cuts && typeof v === 'number') {
        if (v <= cuts[0]) return `low (≤ ${cuts[0]})`;
        if (v <= cuts[1]) return `middle (${cuts[0]} to ${cuts[1]})`;
        return `high (> ${cuts[1]})`;
      }
      return String(v);
    };
    const byValue = new Map<string, EquityStudent[]>();
    for (const s of students) {
      const key = label(valueOf(s));
      const list = byValue.get(key);
      if (list) list.push(s); else byValue.set(key, [s]);
    }
    const keys = [...byValue.keys()];
    const ordinal = keys.every((k) => k === NOT_RECORDED || ORDINAL.has(k.toLowerCase()));
    const order = cuts
      ? keys.sort((a, b) => ['low', 'middle', 'high', '('].findIndex((p) => a.startsWith(p)) - ['low', 'middle', 'high', '('].findIndex((p) => b.startsWith(p)))
      : keys.sort((a, b) => (a === NOT_RECORDED ? 1 : b === NOT_RECORDED ? -1
        : ordinal ? ORDINAL.get(a.toLowerCase())! - ORDINAL.get(b.toLowerCase())!
        : a < b ? -1 : a > b ? 1 : 0));
    const groups: GroupFigures[] = order.map((value) => {
      const list = byValue.get(value)!;
      return { value, students: list.length, small: list.length < minGroup, metrics: metricsOf(list, fillIds, reqIds) };
    });
    const big = groups.filter((g) => !g.small);
    const compared = big.length >= 2 ? big : groups;
    const gaps: Gap[] = [];
    if (compared.length >= 2) {
      for (const metric of Object.keys(compared[0].metrics)) {
        // Highest: the first group with the top value; lowest: the last group with the bottom value, so
        // that with every group level the two still name different groups (a gap of 0 between them).
        let hi = compared[0];
        let lo = compared[compared.length - 1];
        for (const g of compared) {
          if (g.metrics[metric] > hi.metrics[metric]) hi = g;
          if (g.metrics[metric] < lo.metrics[metric]) lo = g;
        }
        gaps.push({
          metric,
          gap: round(hi.metrics[metric] - lo.metrics[metric]),
          highest: { value: hi.value, metric: round(hi.metrics[metric]), students: hi.students },
          lowest: { value: lo.value, metric: round(lo.metrics[metric]), students: lo.students },
        });
      }
      const sat = gaps.find((g) => g.metric === 'fullySatisfiedRate')!;
      if (!biggest || sat.gap > biggest.gap) biggest = { attribute: attr, ...sat };
      for (const g of gaps) {
        const best = biggestByMetric[g.metric];
        if (!best || g.gap > best.gap) biggestByMetric[g.metric] = { attribute: attr, ...g };
      }
    }
    for (const g of groups) for (const k of Object.keys(g.metrics)) g.metrics[k] = round(g.metrics[k]);
    attributes.push({ attribute: attr, ...(cuts ? { cuts } : {}), groups, gaps });
  }

  // Worst off: most unmet choices, then least slot fill (first rule set with slots), then most reserves.
  // A student every choice of whom was met still counts as worse off when their offer fills fewer slots
  // than the best-served students' (an empty EBacc slot): when everyone is satisfied, that is who is left.
  const firstFill = fillIds[0];
  let bestFill = 0;
  if (firstFill) for (const s of students) bestFill = Math.max(bestFill, s.fill[firstFill] ?? 0);
  const struggling = students.filter((s) =>
    s.unmet.length > 0 || s.reservesUsed > 0 || (firstFill !== undefined && (s.fill[firstFill] ?? 0) < bestFill));
  struggling.sort((a, b) =>
    b.unmet.length - a.unmet.length ||
    (firstFill ? (a.fill[firstFill] ?? 0) - (b.fill[firstFill] ?? 0) : 0) ||
    b.reservesUsed - a.reservesUsed ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const worstOff: WorstOff[] = struggling.slice(0, worstN).map((s) => ({
    id: s.id, ...(s.name ? { name: s.name } : {}), attributes: s.attributes, unmet: s.unmet,
    choicesMet: s.choicesMet, choices: s.choices, reservesUsed: s.reservesUsed, fill: s.fill,
  }));
  return { attributes, worstOff, biggestGap: biggest, biggestGaps: biggestByMetric };
}
