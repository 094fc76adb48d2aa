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
import { cloneScenario, currentRecord, editScenario, initPlanner, patchItem, removeGroup, scenarioIssues, selectScenario, setCompare, setTimeLimit, solveCurrent, undo } from '../web/state/actions';
import { issuesByStudent, pageOf, STUDENTS_PAGE_SIZE } from '../web/screens/StudentsScreen';
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

  it('Students: 5,000 students render one page of rows with page controls; a bad row far down stays findable', () => {
    const base = currentRecord()!.scenario;
    const courses = base.courses.map((c) => c.id);
    // A generated cohort: every student picks four different courses, rotating through the offer.
    const students = Array.from({ length: 5000 }, (_, i) => ({
      id: `G${String(i + 1).padStart(5, '0')}`,
      name: `Generated ${i + 1}`,
      choices: [0, 1, 2, 3].map((k) => courses[(i + k * 3) % courses.length]),
    }));
    students[4321] = { ...students[4321], choices: ['NOPE', ...students[4321].choices.slice(1)] };
    editScenario('generated cohort', (s) => ({ ...s, students }));
    try {
      const html = render('students');
      const rows = html.match(/<tr[^>]*data-student="/g) ?? [];
      expect(rows).toHaveLength(STUDENTS_PAGE_SIZE);
      expect(html).toContain('data-student="G00001"');
      expect(html).not.toContain('data-student="G00101"');
      expect(html).toContain('Showing 5000 of 5000 students: 1–100 on this page.');
      expect(html).toMatch(/<nav class="pager" aria-label="Pages of students">/);
      expect(html).toContain('aria-label="Next page"');
      expect(html).toMatch(/<button type="button" disabled="" aria-label="Previous page">/);
      expect(html).toMatch(/<option value="49">50<\/option>/);
      // The problem on row 4322 is announced with a way to show only such rows, and found by index.
      expect(html).toContain('in 1 student&#x27;s row');
      expect(html).toContain('Show only rows with problems');
      const bad = issuesByStudent(scenarioIssues(currentRecord()!.scenario));
      expect([...bad.keys()]).toEqual([4321]);
      expect(bad.get(4321)![0].path).toMatch(/^students\[4321\]\.choices/);
      expect(unlabelledControls(html)).toEqual([]);
    } finally {
      undo();
    }
    expect(currentRecord()!.scenario.students).toHaveLength(240);
  });

  it('Students paging: pages of 100, a page past the end clamps to the last', () => {
    expect(pageOf(5000, 0)).toEqual({ page: 0, pages: 50, from: 0, to: 100 });
    expect(pageOf(4999, 49)).toEqual({ page: 49, pages: 50, from: 4900, to: 4999 });
    expect(pageOf(250, 7)).toEqual({ page: 2, pages: 3, from: 200, to: 250 });
    expect(pageOf(0, 3)).toEqual({ page: 0, pages: 1, from: 0, to: 0 });
  });

  it('Offer: the course and teacher lists each offer an import from a spreadsheet or CSV', () => {
    const html = render('offer');
    expect(html).toContain('Import courses from a spreadsheet or CSV…');
    expect(html).toContain('Import teachers from a spreadsheet or CSV…');
  });
});
