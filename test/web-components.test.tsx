/**
 * The planner's screens rendered to HTML in Node (react-dom/server: no DOM needed) from a real solved
 * store: what each screen shows, and that every form control has a label.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import sample from '../data/samples/sample-240.json';
import type { Scenario } from '../solver/types';
import { createSolverApi } from '../solver/worker-api';
import { App } from '../web/App';
import { ResultsScreen } from '../web/screens/ResultsScreen';
import { ScenariosScreen } from '../web/screens/ScenariosScreen';
import { cloneScenario, currentRecord, initPlanner, patchItem, removeGroup, selectScenario, setCompare, setTimeLimit, solveCurrent } from '../web/state/actions';
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

/** The frame and a screen; Results and Scenarios are lazy chunks in the app, so they are rendered directly. */
const render = (route: 'offer' | 'students' | 'blocks' | 'results' | 'scenarios') =>
  route === 'results' ? renderToStaticMarkup(<ResultsScreen />) : route === 'scenarios' ? renderToStaticMarkup(<ScenariosScreen />) : renderToStaticMarkup(<App route={route} />);

/**
 * Every input and select is named: by aria-label, or by a <label> wrapping it. Checked on the markup by
 * tracking open <label> elements, which is all the planner uses.
 */
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

describe('planner screens', () => {
  it('Blocks: one column per block and one card per group, with sizes against maxima, teachers and rooms', () => {
    const html = render('blocks');
    const rec = currentRecord()!;
    for (const b of rec.scenario.blocks) expect(html).toContain(`data-block="${b}"`);
    const cards = html.match(/<li class="card[^"]*"/g) ?? [];
    const slots = rec.result!.groups.reduce((n, g) => n + g.blocks.length, 0);
    expect(cards).toHaveLength(slots);
    const g = rec.result!.groups.find((x) => x.staff.length > 0 && x.room)!;
    const course = rec.scenario.courses.find((c) => c.id === g.course)!;
    expect(html).toContain(`${g.students.length} / ${course.maxGroupSize}`);
    expect(html).toContain(rec.scenario.staff!.find((t) => t.id === g.staff[0])!.name!);
    expect(html).toContain(`${rec.result!.summary.fullySatisfied} / 240`);
    expect(html).toMatch(/aria-label="Move [^"]+ to block"|Move [A-Z]+-\d+ to block/);
    expect(unlabelledControls(html)).toEqual([]);
  });

  it('Results: headline figures with FTE, unmet students with reasons, clash map, sizes, breakdown', () => {
    const html = render('results');
    expect(html).toContain('Teacher FTE');
    expect(html).toContain('data-testid="clash-table"');
    expect(html).toContain('data-testid="group-sizes"');
    expect(html).toContain('data-testid="equity"');
    expect(html).toContain('<h3 id="accountability-title">Accountability</h3>');
    const rec = currentRecord()!;
    const unmet = rec.result!.students.filter((s) => s.unmet.length > 0);
    expect(html).toContain(`Students not fully satisfied (${unmet.length})`);
    const withReason = unmet.find((s) => s.reasons?.length);
    if (withReason) expect(html).toContain(withReason.reasons![0].replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;'));
    expect(unlabelledControls(html)).toEqual([]);
  });

  it('Scenarios: both scenarios listed, compared side by side, with the students who lose Drama', () => {
    const html = render('scenarios');
    expect(html).toContain('data-testid="compare-table"');
    expect(html).toContain('No Drama');
    expect(html).toMatch(/students? gain a choice, [1-9]\d* lose one/);
    expect(html).toContain('Drama');
    expect(unlabelledControls(html)).toEqual([]);
  });

  it('Offer: every course, teacher and room in editable tables; an invalid value is marked and listed', () => {
    let html = render('offer');
    expect(html).toContain('data-testid="valid"');
    expect((html.match(/aria-label="[^"]+ max group size"/g) ?? []).length).toBe(SAMPLE.courses.length);
    expect((html.match(/aria-label="[^"]+ away in blocks"/g) ?? []).length).toBe(SAMPLE.staff!.length);
    patchItem('courses', 1, { maxGroupSize: 0 });
    html = render('offer');
    expect(html).toContain('data-testid="issues"');
    expect(html).toContain('courses[1].maxGroupSize');
    expect(html).toMatch(/aria-label="GEO max group size"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*aria-label="GEO max group size"/);
    expect(unlabelledControls(html)).toEqual([]);
    patchItem('courses', 1, { maxGroupSize: SAMPLE.courses[1].maxGroupSize });
  });

  it('Offer: pathways editable (id, name, choices, rules as lines, add and remove), the rules for every student, course rooms', () => {
    let html = render('offer');
    const ids = SAMPLE.pathways!.map((p) => p.id);
    for (const id of ids) {
      expect(html).toContain(`aria-label="Pathway ${id} id"`);
      expect(html).toContain(`aria-label="Remove pathway ${id}"`);
      expect(html).toMatch(new RegExp(`<textarea[^>]*aria-label="Pathway ${id} rules, one a line"`));
    }
    expect(html).toContain('at least 1 from tag:language');
    expect(html).toContain('not together: ART, PHO');
    expect(html).toContain('Add a pathway');
    expect(html).toContain('aria-label="Rules for every student, one a line"');
    expect((html.match(/aria-label="[^"]+ rooms it may use"/g) ?? []).length).toBe(SAMPLE.courses.length);
    expect((html.match(/aria-label="[^"]+ discount code"/g) ?? []).length).toBe(SAMPLE.courses.length);
    // A rule naming a course that does not exist is marked on its pathway.
    patchItem('pathways', 0, { rules: [{ min: 1, from: ['NOPE'] }] });
    html = render('offer');
    expect(html).toContain('pathways[0].rules[0]');
    expect(html).toMatch(/<textarea[^>]*aria-invalid="true"[^>]*aria-label="Pathway EBACC rules, one a line"|<textarea[^>]*aria-label="Pathway EBACC rules, one a line"[^>]*aria-invalid="true"/);
    patchItem('pathways', 0, { rules: SAMPLE.pathways![0].rules });
    expect(render('offer')).toContain('data-testid="valid"');
    expect(unlabelledControls(html)).toEqual([]);
  });

  it('Students: every student listed with choices; an invalid row is shown and marked, never dropped', () => {
    patchItem('courses', 1, { maxGroupSize: SAMPLE.courses[1].maxGroupSize }); // shape errors hide reference checks
    patchItem('students', 7, { choices: ['NOPE', ...SAMPLE.students[7].choices.slice(1)] });
    const html = render('students');
    expect(html).toContain('Showing 240 of 240 students');
    expect(html).toContain(`data-student="${SAMPLE.students[7].id}"`);
    expect(html).toMatch(new RegExp(`<tr class="invalid-row" data-student="${SAMPLE.students[7].id}"`));
    expect(html).toContain('NOPE (unknown)');
    expect(unlabelledControls(html)).toEqual([]);
  });
});
