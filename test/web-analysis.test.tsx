/**
 * The accountability, equity and cost analysis on the planner's Results and Scenarios screens, rendered to
 * HTML in Node from a really solved sample: every figure shown is checked against solver/analysis's own
 * numbers for the same scenario and result, and the cost settings are checked to reprice both screens.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import sample from '../data/samples/sample-240.json';
import { analyseOffer, costOffer, type OfferAnalysis } from '../solver/analysis';
import type { Scenario } from '../solver/types';
import { createSolverApi } from '../solver/worker-api';
import { dec2, metricGap, money, pct } from '../web/components/analysisFormat';
import { costAt, costSettingProblem, DEFAULT_COST_SETTINGS, setCostSettings } from '../web/components/costSettings';
import { Equity } from '../web/components/Equity';
import { ResultsScreen } from '../web/screens/ResultsScreen';
import { ScenariosScreen } from '../web/screens/ScenariosScreen';
import { cloneScenario, currentRecord, initPlanner, removeGroup, selectScenario, setCompare, setTimeLimit, solveCurrent } from '../web/state/actions';
import { analysisOf } from '../web/state/derived';
import { memoryPersistence } from '../web/state/persist';
import { plannerStore } from '../web/state/store';

const SAMPLE = sample as unknown as Scenario;
let baseId = '';
let copyId = '';

beforeAll(async () => {
  let t = 1_700_000_000_000;
  await initPlanner({ solver: createSolverApi(), persistence: memoryPersistence(), sample: () => structuredClone(SAMPLE), now: () => (t += 1) });
  setTimeLimit(1);
  await solveCurrent();
  baseId = plannerStore.getState().currentId!;
  copyId = cloneScenario(baseId, 'No Drama')!;
  for (const g of currentRecord()!.result!.groups.filter((x) => x.course === 'DRA')) await removeGroup(g.id);
  setCompare([baseId, copyId]);
  selectScenario(baseId);
}, 60_000);

afterEach(() => setCostSettings(DEFAULT_COST_SETTINGS));

/** What the solver's analysis says about a record, computed afresh (not through the screens' memo). */
function fresh(id: string): OfferAnalysis {
  const rec = plannerStore.getState().records[id];
  return analyseOffer(rec.scenario, rec.result!);
}

/** HTML text as a reader gets it: tags dropped, entities decoded, spaces collapsed. */
const text = (html: string) =>
  html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/\s+/g, ' ').trim();

/** The inner HTML of the first element carrying attribute `attr` (no nesting of the same tag inside). */
function element(html: string, attr: string): string {
  const at = html.indexOf(attr);
  expect(at, `${attr} in the markup`).toBeGreaterThan(-1);
  const open = html.lastIndexOf('<', at);
  const tag = /^<([a-z0-9]+)/.exec(html.slice(open))![1];
  const start = html.indexOf('>', at) + 1;
  let depth = 1;
  const re = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'g');
  re.lastIndex = start;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return html.slice(start, m.index);
  }
  throw new Error(`unclosed <${tag}> at ${attr}`);
}

/** Rows of a table (by data-testid) as arrays of cell texts, header row included. */
function rows(html: string, testId: string): string[][] {
  const table = element(html, `data-testid="${testId}"`);
  return [...table.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1])));
}

function unlabelledControls(html: string): string[] {
  const bad: string[] = [];
  let depth = 0;
  for (const m of html.matchAll(/<(\/?)(label|input|select|textarea)\b([^>]*)>/g)) {
    const [tag, close, name, attrs] = m;
    if (name === 'label') depth += close ? -1 : 1;
    else if (!close && depth === 0 && !/aria-label="[^"]+"/.test(attrs) && !/type="hidden"/.test(attrs)) bad.push(tag);
  }
  return bad;
}

describe('Results: accountability', () => {
  it('per rule set: mean slot fill, students by empty slots, EBacc entry marked historic, requirement rates', () => {
    const html = renderToStaticMarkup(<ResultsScreen />);
    const a = fresh(baseId);
    expect(html).toContain('<h3 id="accountability-title">Accountability</h3>');
    for (const m of a.totals.measures) {
      const card = element(html, `data-rule-set="${m.ruleSet}"`);
      expect(text(card)).toContain(m.name);
      if (m.slots > 0) {
        expect(text(element(card, `data-figure="${m.ruleSet}-fill"`))).toBe(`${dec2(m.meanSlotsFilled)} of ${m.slots}`);
        // The chart's rows: students with 0, 1, 2 ... empty slots, from the solver's distribution.
        const chart = rows(card, `empty-slots-${m.ruleSet}`).slice(1);
        expect(chart.length).toBeGreaterThanOrEqual(3);
        chart.forEach(([label, count], e) => {
          expect(label).toBe(e === 0 ? 'none' : String(e));
          expect(Number(count)).toBe(m.distribution[m.slots - e] ?? 0);
        });
        expect(chart.reduce((s, r) => s + Number(r[1]), 0)).toBe(a.totals.summary.students);
      }
      if (m.requirementsMetRate !== null) {
        expect(text(element(card, `data-figure="${m.ruleSet}-met"`))).toContain(pct(m.requirementsMetRate));
        const req = rows(card, `requirements-${m.ruleSet}`).slice(1);
        expect(req).toEqual(m.requirements.map((q) => [q.label, pct(q.metRate)]));
      }
    }
    const ebacc = element(html, 'data-rule-set="ebacc"');
    expect(text(element(ebacc, 'data-figure="ebacc-met"'))).toBe(`${pct(a.totals.summary.ebaccHistoricRate!)} historic`);
    expect(text(ebacc)).toContain('leaves the performance tables in 2026');
  });

  it('technical awards, early entries and discount-code collisions once each with the students affected, data notices', () => {
    const html = renderToStaticMarkup(<ResultsScreen />);
    const t = fresh(baseId).totals;
    const tech = text(element(html, 'data-testid="technical-awards"'));
    expect(tech).toContain(`${t.technicalAwards.studentsWithAny} students take at least one technical award; ${t.technicalAwards.entered} entries`);
    expect(tech).toContain(`${t.technicalAwards.countedInFirstRuleSet} of them fill`);
    const early = element(html, 'data-testid="early-entries"');
    // The sample enters Statistics at the end of Year 10: listed once, with its students counted.
    expect(t.earlyEntries.length).toBeGreaterThan(0);
    expect(early.match(/<li>/g) ?? []).toHaveLength(t.earlyEntries.length);
    for (const w of t.earlyEntries) expect(text(early)).toContain(`${w.course}: ${w.students} student${w.students === 1 ? '' : 's'}`);
    const coll = element(html, 'data-testid="collisions"');
    expect(coll.match(/<li>/g) ?? []).toHaveLength(t.collisions.length);
    for (const c of t.collisions) expect(text(coll)).toContain(`${c.code}: ${c.students} student`);
    const notices = text(element(html, 'data-testid="data-notices"'));
    const a = fresh(baseId);
    if (a.notices.length === 0) expect(notices).toContain('raise no questions');
    for (const n of a.notices) expect(notices).toContain(text(n.message));
    expect(unlabelledControls(html)).toEqual([]);
  });

  it('lists each collision and data notice once when the scenario has them (two courses sharing a code, an unknown tag)', () => {
    const rec = plannerStore.getState().records[baseId];
    // Give the first two courses some student is placed in one discount code, and Drama a tag no rule
    // knows, then analyse the same placements.
    const scenario: Scenario = structuredClone(rec.scenario);
    const pair = Object.keys(rec.result!.students.find((st) => Object.keys(st.placed).length >= 2)!.placed).slice(0, 2);
    for (const id of pair) (scenario.courses.find((c) => c.id === id)! as { discountCode?: string }).discountCode = 'JA1';
    const dra = scenario.courses.find((c) => c.id === 'DRA')!;
    (dra as { tags?: string[] }).tags = [...((dra as { tags?: string[] }).tags ?? []), 'performing-artz'];
    const a = analyseOffer(scenario, rec.result!);
    const both = a.totals.collisions.find((c) => c.code === 'JA1');
    const html = resultsWith(scenario);
    // Students placed in both Art and Photography: their pair is one collision, listed once for all of them.
    expect(both).toBeDefined();
    expect(both!.students).toBeGreaterThan(0);
    const coll = text(element(html, 'data-testid="collisions"'));
    expect(coll).toContain(`JA1: ${both!.students} student`);
    expect(coll.split('JA1:').length - 1).toBe(1);
    const notices = element(html, 'data-testid="data-notices"');
    const unknown = a.notices.filter((n) => n.message.includes('performing-artz'));
    expect(unknown).toHaveLength(1);
    expect(text(notices).split(text(unknown[0].message)).length - 1).toBe(1);
    expect(notices.match(/<li>/g) ?? []).toHaveLength(a.notices.length);
  });
});

/** The Results screen with the open record's scenario swapped for `scenario` (same result), then put back. */
function resultsWith(scenario: Scenario): string {
  const state = plannerStore.getState();
  plannerStore.setState({ records: { ...state.records, [baseId]: { ...state.records[baseId], scenario } } });
  try {
    return renderToStaticMarkup(<ResultsScreen />);
  } finally {
    plannerStore.setState({ records: state.records });
  }
}

describe('Results and Offer: courses without tags (issue 9)', () => {
  /** The sample's courses without tags; `opaque` ids get names that say nothing and lose their codes. */
  function untagged(opaque: string[] = []): Scenario {
    const rec = plannerStore.getState().records[baseId];
    return {
      ...rec.scenario,
      courses: rec.scenario.courses.map(({ tags: _, ...c }) => (opaque.includes(c.id) ? { ...c, name: `Option ${c.id.toLowerCase()}x` } : c)),
    };
  }

  it('a course with no type makes the figures resting on it "needs data" with a link, never a number', () => {
    // The ids themselves must say nothing either: rename them through a copy of the record's pair.
    const rec = plannerStore.getState().records[baseId];
    const ren = (id: string) => (id === 'FRE' || id === 'SPA' ? `Z${id}` : id);
    const scenario: Scenario = {
      ...untagged(),
      courses: untagged(['FRE', 'SPA']).courses.map((c) => ({ ...c, id: ren(c.id) })),
      students: rec.scenario.students.map((st) => ({ ...st, choices: st.choices.map(ren), reserves: st.reserves?.map(ren) })),
      staff: rec.scenario.staff?.map((t) => ({ ...t, courses: t.courses.map(ren) })),
    };
    const result = {
      ...rec.result!,
      groups: rec.result!.groups.map((g) => ({ ...g, course: ren(g.course) })),
      students: rec.result!.students.map((st) => ({ ...st, placed: Object.fromEntries(Object.entries(st.placed).map(([c, g]) => [ren(c), g])) })),
    };
    const state = plannerStore.getState();
    plannerStore.setState({ records: { ...state.records, [baseId]: { ...state.records[baseId], scenario, result } } });
    try {
      const html = renderToStaticMarkup(<ResultsScreen />);
      const a = analyseOffer(scenario, result);
      expect(a.totals.summary.ebaccHistoricRate).toBeNull();
      const ebacc = text(element(html, 'data-figure="ebacc-met"'));
      expect(ebacc).toMatch(/^— needs data \(known so far: at least \d+\.\d%\)/);
      expect(ebacc).not.toMatch(/^0\.0%/);
      const note = element(html, 'data-testid="needs-data"');
      expect(text(note)).toContain('2 courses have no qualification type: accountability figures need them.');
      expect(note).toContain('href="#/offer"');
      expect(text(element(html, 'data-testid="data-notices"'))).not.toContain('raise no questions');
      expect(text(element(html, 'data-testid="equity-needs-data"'))).toContain('needs data');
    } finally {
      plannerStore.setState({ records: state.records });
    }
  });

  it('types read from names are used, and said to be read from names', () => {
    const scenario = untagged();
    const html = resultsWith(scenario);
    const a = analyseOffer(scenario, currentRecord()!.result!);
    expect(a.totals.summary.ebaccHistoricRate).toBe(fresh(baseId).totals.summary.ebaccHistoricRate);
    expect(text(element(html, 'data-testid="inferred-note"'))).toMatch(new RegExp(`^Based on ${scenario.courses.length} course types read from course names`));
    expect(html).not.toContain('data-testid="needs-data"');
  });
});

describe('Results: equity', () => {
  it('every attribute, its groups with every figure, the gap row, the largest gaps marked, the worst-off students', () => {
    const html = renderToStaticMarkup(<ResultsScreen />);
    const eq = fresh(baseId).totals.equity;
    expect(eq.attributes.length).toBeGreaterThanOrEqual(3);
    for (const attr of eq.attributes) {
      const table = rows(html, `equity-${attr.attribute}`);
      const metrics = Object.keys(attr.groups[0].metrics);
      expect(table[0].length).toBe(2 + metrics.length);
      attr.groups.forEach((g, i) => {
        const row = table[1 + i];
        expect(row[0]).toContain(g.value);
        expect(Number(row[1])).toBe(g.students);
        metrics.forEach((k, j) => {
          const shown = row[2 + j].replace(' (least served: largest gap)', '');
          expect(shown).toBe(k.endsWith('Rate') || k.startsWith('requirementsMet:') ? pct(g.metrics[k]) : dec2(g.metrics[k]));
        });
      });
      const gapRow = table[table.length - 1];
      expect(gapRow[0]).toBe('Gap');
      for (const gap of attr.gaps) {
        const cell = gapRow[2 + metrics.indexOf(gap.metric)];
        expect(cell.replace(' largest', '')).toBe(gap.gap > 0 ? metricGap(gap.metric, gap.gap) : '–');
      }
    }
    // The largest gap of each measure is flagged in exactly its attribute's table, and summarised.
    const summary = rows(html, 'biggest-gaps').slice(1);
    expect(summary).toHaveLength(Object.keys(eq.biggestGaps).length);
    for (const [metric, g] of Object.entries(eq.biggestGaps)) {
      if (g.gap <= 0) continue;
      const table = element(html, `data-testid="equity-${g.attribute}"`);
      expect(table).toMatch(new RegExp(`class="biggest-gap" data-metric="${metric}"`));
      expect(summary.some((r) => r[1] === g.attribute && r[4] === metricGap(metric, g.gap))).toBe(true);
    }
    const sat = eq.biggestGaps.fullySatisfiedRate;
    expect(sat.attribute).toBe(fresh(baseId).totals.summary.biggestEquityGap!.attribute);
    const worst = rows(html, 'worst-off').slice(1);
    expect(worst).toHaveLength(eq.worstOff.length);
    eq.worstOff.forEach((w, i) => {
      expect(worst[i][0]).toContain(w.id);
      expect(worst[i][1]).toBe(`${w.choicesMet} of ${w.choices}`);
      expect(Number(worst[i][3])).toBe(w.reservesUsed);
    });
  });

  it('a scenario whose students carry no attributes shows no breakdown, and says so', () => {
    const rec = plannerStore.getState().records[baseId];
    const scenario: Scenario = { ...rec.scenario, students: rec.scenario.students.map(({ attributes: _a, ...s }) => s) };
    const a = analyseOffer(scenario, rec.result!);
    const html = renderToStaticMarkup(<Equity analysis={a} scenario={scenario} />);
    expect(html).toContain('carry no attributes');
    expect(html).not.toContain('data-testid="equity-');
    expect(html).not.toContain('data-testid="biggest-gaps"');
  });
});

describe('Results: cost', () => {
  it('groups, teacher periods, FTE and cost per department and in total, at the default settings', () => {
    const html = renderToStaticMarkup(<ResultsScreen />);
    const c = fresh(baseId).totals.cost;
    expect(c.settings.contactRatio).toBe(0.78);
    expect(c.settings.costPerWeeklyHour).toBe(1900);
    const table = rows(html, 'cost-departments');
    expect(table.length).toBe(1 + c.departments.length + 1);
    c.departments.forEach((d, i) => {
      const r = table[1 + i];
      expect(r[0]).toBe(d.department);
      expect(Number(r[2])).toBeCloseTo(d.groups, 2);
      expect(Number(r[3])).toBeCloseTo(d.teacherPeriods, 2);
      expect(r[4]).toBe(d.fte.toFixed(2));
      expect(r[6]).toBe(money(d.annualCost));
    });
    const total = table[table.length - 1];
    expect(total[0]).toBe('Total');
    expect(total[4]).toBe(c.perYear.fte.toFixed(2));
    expect(total[6]).toBe(money(c.perYear.annualCost));
    const figs = text(element(html, 'data-testid="cost-figures"'));
    expect(figs).toContain(`Pupil-teacher ratio ${c.pupilTeacherRatio.toFixed(1)}`);
    expect(figs).toContain(`Average class ${c.averageClassSize.toFixed(1)}`);
    expect(figs).toContain(`Teacher FTE ${c.perYear.fte.toFixed(2)} at contact ratio 0.78`);
    expect(html).toMatch(/<label><span>Contact ratio<\/span><input type="number"[^>]*value="0.78"/);
    expect(html).toMatch(/<label><span>Cost per weekly hour \(£ a year\)<\/span><input type="number"[^>]*value="1900"/);
  });

  it('a changed contact ratio and cost per hour reprice the department table, the headline and the comparison', () => {
    setCostSettings({ contactRatio: 0.5, costPerWeeklyHour: 2500 });
    const rec = plannerStore.getState().records[baseId];
    const expected = costOffer(rec.scenario, rec.result!, { contactRatio: 0.5, costPerWeeklyHour: 2500 });
    expect(expected.perYear.fte).not.toBeCloseTo(fresh(baseId).totals.cost.perYear.fte, 2);
    const html = renderToStaticMarkup(<ResultsScreen />);
    const total = rows(html, 'cost-departments').at(-1)!;
    expect(total[4]).toBe(expected.perYear.fte.toFixed(2));
    expect(total[6]).toBe(money(expected.perYear.annualCost));
    expect(text(element(html, 'data-figure="extra-1"'))).toBe(`Teacher FTE ${expected.perYear.fte.toFixed(2)} for the option blocks`);
    const cmp = rows(renderToStaticMarkup(<ScenariosScreen />), 'compare-table');
    expect(cmp.find((r) => r[0] === 'Teacher FTE')![1]).toBe(expected.perYear.fte.toFixed(2));
    expect(cmp.find((r) => r[0] === 'Annual cost')![1]).toBe(money(expected.perYear.annualCost));
  });

  it('bad settings are refused with a hint; costs are memoised per result and settings', () => {
    expect(costSettingProblem('contactRatio', 0)).toMatch(/Maybe 0.78/);
    expect(costSettingProblem('contactRatio', 1.2)).toMatch(/at most 1/);
    expect(costSettingProblem('contactRatio', 0.8)).toBeNull();
    expect(costSettingProblem('costPerWeeklyHour', -5)).toMatch(/Maybe 1900/);
    expect(costSettingProblem('costPerWeeklyHour', Number.NaN)).not.toBeNull();
    const rec = plannerStore.getState().records[baseId];
    const a = costAt(rec.scenario, rec.result!, DEFAULT_COST_SETTINGS);
    expect(costAt(rec.scenario, rec.result!, { ...DEFAULT_COST_SETTINGS })).toBe(a);
    expect(analysisOf(rec.scenario, rec.result!)).toBe(analysisOf(rec.scenario, rec.result!));
  });
});

describe('Scenarios: comparison', () => {
  it('EBacc entry %, mean A8 fill, the largest equity gaps, FTE and cost per scenario, differences coloured', () => {
    const html = renderToStaticMarkup(<ScenariosScreen />);
    const table = rows(html, 'compare-table');
    const [a, b] = [fresh(baseId).totals.summary, fresh(copyId).totals.summary];
    const row = (label: string) => table.find((r) => r[0] === label)!;
    const value = (cell: string) => cell.split(' (')[0];
    expect(value(row('EBacc entry % (historic)')[1])).toBe(`${(a.ebaccHistoricRate! * 100).toFixed(1)}%`);
    expect(value(row('EBacc entry % (historic)')[2])).toBe(`${(b.ebaccHistoricRate! * 100).toFixed(1)}%`);
    expect(value(row('Mean Attainment 8 slots filled (of 8)')[1])).toBe(a.meanA8SlotFill!.toFixed(2));
    expect(value(row('Mean Attainment 8 slots filled (of 8)')[2])).toBe(b.meanA8SlotFill!.toFixed(2));
    expect(row('Largest equity gap in fully satisfied')[1]).toContain(`${(a.biggestEquityGap!.gap * 100).toFixed(1)} points`);
    expect(row('Largest equity gap in fully satisfied')[1]).toContain(a.biggestEquityGap!.attribute);
    expect(row('Largest equity gap in Attainment 8 slots filled')[2]).toContain(`${b.biggestA8FillGap!.gap.toFixed(2)} slots`);
    expect(value(row('Teacher FTE')[2])).toBe(b.fte.toFixed(2));
    expect(value(row('Annual cost')[2])).toBe(money(b.annualCost));
    // Dropping Drama removes its groups: fewer teachers and a lower cost, shown as better (green).
    expect(b.fte).toBeLessThan(a.fte);
    const tr = element(html, 'data-row="cost"');
    expect(tr).toMatch(/<td class="better">[^<]*<span class="delta"> \(−£/);
    expect(text(tr)).toContain(`(−${money(a.annualCost - b.annualCost)})`);
    // Differences in the new rows are coloured by the same rule: higher EBacc entry and A8 fill are better.
    const ebaccTr = element(html, 'data-row="ebacc"');
    const d = b.ebaccHistoricRate! - a.ebaccHistoricRate!;
    if (Math.abs(d) > 1e-9) expect(ebaccTr).toContain(d > 0 ? 'class="better"' : 'class="worse"');
    expect(text(html)).toContain('historic: it leaves the performance tables in 2026');
  });
});
