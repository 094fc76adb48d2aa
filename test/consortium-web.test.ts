/**
 * The planner's consortium workspace (issue 15 point 4) below the page: opening a consortium (refusals name the
 * file, path and value and change nothing), starting one from the current scenario, the grid's and the shared
 * courses' edits, adding members from demand files (never another school's scenario), the joint solve through
 * the worker's API in process, the dashboard's figures against the parts and the consortium check, the
 * per-school files, and merging a school's part with its key, checked before it is taken.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkConsortium } from '../data/consortium-check';
import { exportDemand } from '../data/consortium-demand';
import { realisticConsortium } from '../data/consortium-gen';
import type { Consortium, Scenario } from '../solver';
import { jsonSchemaFiles } from '../data/json-schema';
import {
  addFarApart,
  consortiumFromScenario,
  dashboard,
  memberRemoval,
  memberRemovalText,
  memberScenarios,
  openConsortiumText,
  renameColumn,
  setColumnBlock,
  setFarApart,
  setPlaces,
} from '../web/consortium/logic';
import { memoryConsortiumPersistence } from '../web/consortium/persist';
import {
  addDemandFile,
  asideFile,
  cancelSolveTogether,
  changeColumnName,
  changeCourseColumn,
  changeCourseHost,
  changeFarApart,
  changeMaxAwayCourses,
  changePlaces,
  closeConsortium,
  consortiumStore,
  consortiumWritesDone,
  dropFarApart,
  dropMember,
  dropSharedCourse,
  exportMyDemand,
  forgetAside,
  lineUp,
  mergeMyPart,
  newFarApart,
  newSharedCourse,
  openConsortium,
  partFiles,
  redoConsortium,
  restoreConsortium,
  saveConsortiumFile,
  solveTogether,
  startFromScenario,
  undoConsortium,
} from '../web/consortium/store';
import { createConsortiumApi } from '../web/consortium/worker-api';
import { ConsortiumScreen } from '../web/consortium/ConsortiumScreen';

const text = (doc: unknown) => JSON.stringify(doc);
const state = () => consortiumStore.getState();

describe('opening and editing a consortium', () => {
  beforeEach(() => closeConsortium());
  const g = realisticConsortium(1);

  it('opens a valid consortium with its members inline', () => {
    expect(openConsortium(text(g.consortium), 'harpenden.consortium.json')).toBe(true);
    expect(state().consortium?.members.map((m) => m.id)).toEqual(['north', 'east', 'south', 'west']);
  });

  it('refuses a column naming a block a school does not have, with the file, path and value, and keeps what was open', () => {
    openConsortium(text(g.consortium), 'good.json');
    const before = state().consortium;
    const bad: Consortium = structuredClone(g.consortium);
    bad.columns[0].blocks.north = 'Q';
    expect(openConsortium(text(bad), 'bad.consortium.json')).toBe(false);
    expect(state().consortium).toBe(before);
    const lines = state().message?.details ?? [];
    expect(lines.some((l) => l.startsWith('bad.consortium.json, columns[0].blocks.north = "Q"') && /Maybe/.test(l))).toBe(true);
  });

  it('refuses a file that is not JSON and a member named by a file path', () => {
    expect(openConsortiumText('{ not json', 'x.json').ok).toBe(false);
    const byPath = { ...g.consortium, members: g.consortium.members.map((m) => ({ ...m, scenario: `${m.id}.demand.json` })) };
    const out = openConsortiumText(text(byPath), 'paths.json');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.lines[0]).toMatch(/^paths\.json, members\[0\]\.scenario = "north\.demand\.json": .*demand file/);
  });

  it('refuses places over the groups capacity or not a whole number, and takes a valid change', () => {
    const c = g.consortium;
    const i = 0;
    const s = c.sharedCourses[i];
    const capacity = s.maxGroupSize * (s.maxGroups ?? c.columns.length);
    const others = Object.entries(s.places).filter(([m]) => m !== 'north').reduce((n, [, v]) => n + v, 0);
    const over = setPlaces(c, i, 'north', String(capacity - others + 1));
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.lines.join(' ')).toMatch(/sharedCourses\[0\]\.places .*holds? at most/);
    expect(setPlaces(c, i, 'north', '2.5').ok).toBe(false);
    expect(setPlaces(c, i, 'north', '-1').ok).toBe(false);
    const ok = setPlaces(c, i, 'north', '1');
    expect(ok.ok && ok.value.sharedCourses[i].places.north).toBe(1);
    expect(c.sharedCourses[i].places.north).not.toBe(1); // the document given is not changed
  });

  it('lines a block up under a column and refuses one block in two columns', () => {
    const c = g.consortium;
    const twice = setColumnBlock(c, 1, 'north', c.columns[0].blocks.north);
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.lines.join(' ')).toMatch(/already in column AM1/);
    openConsortium(text(c), 'c.json');
    const own = c.members[0].scenario as Scenario;
    const free = own.blocks.find((b) => !c.columns.some((col) => col.blocks.north === b));
    expect(free).toBeDefined();
    // Moving north's PM block to a block in no column: taken, and the places that needed it still fit.
    const moved = lineUp(2, 'north', free!);
    expect(moved).toBe(true);
    expect(state().consortium?.columns[2].blocks.north).toBe(free);
  });

  it('starts a consortium from the current scenario, one column a block, and adds members from demand files only', () => {
    const own = g.scenarios[0];
    const ownKey = startFromScenario(own);
    const c = state().consortium!;
    expect(c.members).toHaveLength(1);
    // The first school is held under random ids too (the consortium file goes round); its key comes back to keep.
    const first = c.members[0].scenario as Scenario;
    expect(first.students.map((p) => p.id).sort()).toEqual(Object.keys(JSON.parse(ownKey!.text).students).sort());
    expect(first.students.some((p) => own.students.some((o) => o.id === p.id))).toBe(false);
    expect(c.columns.map((x) => Object.values(x.blocks)[0])).toEqual(own.blocks);
    // Another school exports its demand file for this consortium; the coordinator adds it.
    const { demand } = JSON.parse(JSON.stringify({ demand: JSON.parse(exportMyDemand(g.scenarios[1], 'east')!.demand.text) }));
    const added0 = addDemandFile(text(demand), 'east.demand.json');
    expect(state().message?.details ?? []).toEqual([]);
    expect(added0).toBe(true);
    const added = state().consortium!.members[1];
    expect(added.id).toBe('east');
    const pupils = (added.scenario as Scenario).students;
    expect(pupils.every((p) => /^p[0-9a-z]+$/i.test(p.id) && p.name === undefined)).toBe(true);
    // A school's own scenario is not a demand file; one from another consortium is refused, nothing changed.
    const before = state().consortium;
    expect(addDemandFile(text(g.scenarios[2]), 'south.scenario.json')).toBe(false);
    expect(addDemandFile(text({ ...demand, consortium: 'other-2026' }), 'other.demand.json')).toBe(false);
    expect(state().message?.details?.[0]).toMatch(/^other\.demand\.json, consortium = "other-2026"/);
    expect(state().consortium).toBe(before);
    // No shared course yet: refused, nothing changed; then one added and its places given out.
    expect(changePlaces(0, 'east', '3')).toBe(false);
    newSharedCourse({ id: 'LAT', name: 'Latin', host: c.members[0].id, maxGroupSize: 16, maxGroups: 1 });
    expect(state().message?.details ?? []).toEqual([]);
    expect(changePlaces(0, 'east', '17')).toBe(false);
    expect(state().message?.details?.join(' ')).toMatch(/gives 17 places but its groups hold at most 16/);
    // East has no block in any column yet: its places are refused until one is lined up.
    expect(changePlaces(0, 'east', '8')).toBe(false);
    expect(state().message?.details?.join(' ')).toMatch(/Member east has places in shared course LAT but no block/);
    expect(lineUp(0, 'east', (added.scenario as Scenario).blocks[0])).toBe(true);
    expect(changePlaces(0, 'east', '8')).toBe(true);
    expect(state().consortium!.sharedCourses[0].places).toEqual({ east: 8 });
    expect(saveConsortiumFile()?.fileName).toMatch(/\.consortium\.json$/);
  });

  it('exports my demand file and key as two files, warning the key stays at school', () => {
    openConsortium(text(g.consortium), 'c.json');
    const files = exportMyDemand(g.scenarios[1], 'east');
    expect(files?.demand.fileName).toBe('east.demand.json');
    expect(files?.key.fileName).toBe('east.KEY.json');
    expect(JSON.parse(files!.demand.text).format).toBe('ks4-consortium-demand/1');
    expect(JSON.parse(files!.key.text).format).toBe('ks4-consortium-key/1');
    expect(state().message?.text).toMatch(/Keep east\.KEY\.json at school/);
  });
});

describe('solving together, the dashboard, the files and the merge', async () => {
  const g = realisticConsortium(2);
  // The coordinator's consortium: every member from its demand file; each school keeps its key.
  const exports = g.consortium.members.map((m, i) => exportDemand(g.scenarios[i], g.consortium, m.id));
  closeConsortium();
  openConsortium(text(g.consortium), 'harpenden.consortium.json');
  // Replace each member's own scenario by its demand file, as the coordinator's workspace holds them.
  exports.forEach((e, i) => addDemandFile(text(e.demand), `${g.consortium.members[i].id}.demand.json`));
  consortiumStore.setState({ timeSeconds: 6 });
  const api = createConsortiumApi();
  const outcome = await solveTogether(api, { seed: 3 });
  // Captured now: the other block's tests close the workspace between theirs.
  const c = state().consortium!;
  const afterSolve = { alone: state().alone, check: state().check, message: state().message, files: partFiles() };

  it('solves, and the consortium check passes the plan', () => {
    expect(outcome).not.toBeNull();
    expect(afterSolve.check?.ok).toBe(true);
    expect(checkConsortium(c, memberScenarios(c), outcome!.parts).ok).toBe(true);
    expect(afterSolve.message?.text).toMatch(new RegExp(`${outcome!.fullySatisfied} of ${outcome!.students} pupils fully satisfied`));
  });

  it("the dashboard's figures agree with the parts: places within allowed, travellers, shares, the lowest school", () => {
    const d = dashboard(c, outcome!.parts);
    expect(d.totals).toEqual({ students: outcome!.students, fullySatisfied: outcome!.fullySatisfied });
    for (const row of d.places) for (const { used, allowed } of Object.values(row.byMember)) expect(used).toBeLessThanOrEqual(allowed);
    // Pupils travelling: each away pupil counted once per away course; against the parts' own "travelling" (pupils in at least one away course).
    const awayPlacements = d.groups.reduce((n, gr) => n + Object.entries(gr.byMember).filter(([m]) => m !== gr.host).reduce((k, [, v]) => k + v, 0), 0);
    const travelSum = Object.values(d.travelling).reduce((n, row) => n + Object.values(row).reduce((a, b) => a + b, 0), 0);
    expect(travelSum).toBe(awayPlacements);
    const travellers = outcome!.parts.reduce((n, p) => n + p.figures.travelling, 0);
    expect(travelSum).toBeGreaterThanOrEqual(travellers);
    // Shares of a group with pupils add up to one; the group's pupils are those of every school in it.
    for (const gr of d.groups) if (gr.pupils > 0) expect(Object.values(gr.share).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const low = Math.min(...d.satisfaction.map((r) => r.fullySatisfied / r.students));
    expect(d.satisfaction.filter((r) => r.lowest).every((r) => r.fullySatisfied / r.students === low)).toBe(true);
    // Each school was planned alone too, by the joint solve itself: its figure for every member, within its pupils.
    expect(outcome!.alone).not.toBeNull();
    expect(afterSolve.alone).toEqual(outcome!.alone);
    for (const r of d.satisfaction) expect(afterSolve.alone[r.member]).toBeLessThanOrEqual(r.students);
    expect(Object.keys(afterSolve.alone)).toEqual(c.members.map((m) => m.id));
    // A school told its own plan's figure is shown worse off when the joint plan gives it fewer.
    const north = d.satisfaction.find((r) => r.member === 'north')!;
    const shown = dashboard(c, outcome!.parts, { north: north.fullySatisfied + 1 }).satisfaction.find((r) => r.member === 'north')!;
    expect(shown.alone).toBe(north.fullySatisfied + 1);
  });

  it('the screen shows the members, the grid, the places and the dashboard of the plan, every control named', () => {
    const saved = state();
    consortiumStore.setState({ consortium: c, outcome, alone: afterSolve.alone, check: afterSolve.check, solving: false, message: null });
    const html = renderToStaticMarkup(createElement(ConsortiumScreen));
    consortiumStore.setState({ ...saved });
    expect(html.match(/<tr data-member=/g)).toHaveLength(c.members.length);
    expect(html.match(/<tr data-column=/g)).toHaveLength(c.columns.length);
    for (const p of outcome!.parts) {
      expect(html).toContain(`data-member="${p.member}" data-fully="${p.figures.fullySatisfied}"`);
      for (const s of c.sharedCourses) expect(html).toContain(`data-course="${s.id}" data-member="${p.member}" data-used="${p.figures.placesUsed[s.id] ?? 0}"`);
    }
    expect(html).toContain('lowest');
    expect(html).toContain('The consortium check passes');
    // Every select and number input carries a name a screen reader reads (aria-label, or a wrapping label).
    const unnamed = [...html.matchAll(/<(select|input)(?![^>]*aria-label)[^>]*>/g)].filter((m) => !/type="file"|type="checkbox"/.test(m[0]) && !/<label[^>]*>(?:(?!<\/label>).)*$/s.test(html.slice(0, m.index)));
    expect(unnamed.map((m) => m[0])).toEqual([]);
  });

  it('a stop during the joint solve comes back at once with its best plan, which the check passes', async () => {
    const saved = state();
    consortiumStore.setState({ consortium: c, timeSeconds: 60, outcome: null });
    const t0 = Date.now();
    const running = solveTogether(api, { seed: 5 });
    await new Promise((r) => setTimeout(r, 1500));
    cancelSolveTogether(api);
    const stopped = await running;
    const seconds = (Date.now() - t0) / 1000;
    expect(seconds).toBeLessThan(20); // a 60 s limit, stopped after 1.5 s: back within the step being run
    expect(stopped).not.toBeNull();
    expect(state().check?.ok).toBe(true);
    expect(state().solving).toBe(false);
    // An edit made while solving wins: the plan for the consortium as it was is not taken.
    consortiumStore.setState({ timeSeconds: 1, outcome: null });
    const edited = solveTogether(api, { seed: 5 });
    expect(changeMaxAwayCourses('2')).toBe(true);
    expect(await edited).toBeNull();
    expect(state().outcome).toBeNull();
    expect(state().message?.text).toMatch(/changed while solving/);
    consortiumStore.setState({ ...saved });
  });

  it('gives one part file a school, and merges a school part with its key into its own ids, checked', () => {
    // A part of this consortium while another is open is refused; with this one open it merges.
    const files = afterSolve.files;
    const other = mergeMyPart(files[1].text, 'east.part.json', JSON.stringify(exports[1].key), 'east.KEY.json', g.scenarios[1]);
    if (state().consortium?.id !== c.id) expect(other.ok).toBe(false);
    consortiumStore.setState({ consortium: c });
    expect(files.map((f) => f.fileName)).toEqual(c.members.map((m) => `${m.id}.part.json`));
    const east = files.find((f) => f.fileName === 'east.part.json')!;
    const key = JSON.stringify(exports[1].key);
    const merged = mergeMyPart(east.text, 'east.part.json', key, 'east.KEY.json', g.scenarios[1]);
    expect(merged.ok ? [] : merged.lines).toEqual([]);
    if (merged.ok) {
      const own = new Set(g.scenarios[1].students.map((s) => s.id));
      expect(merged.value.result.students.every((s) => own.has(s.id))).toBe(true);
    }
    // Another school's key: refused, with the part and key named.
    const wrong = mergeMyPart(east.text, 'east.part.json', JSON.stringify(exports[0].key), 'north.KEY.json', g.scenarios[1]);
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.lines[0]).toMatch(/^east\.part\.json with north\.KEY\.json: The key is for member north/);
  });
});

describe('travel rules, removals and renames: each edit checked whole, refused with its reason, nothing else changed', () => {
  const g = realisticConsortium(1);
  beforeEach(() => {
    closeConsortium();
    consortiumStore.setState({ past: [], future: [] });
    openConsortium(text(g.consortium), 'c.json');
  });

  it('sets and clears the most away courses; a negative or fractional limit is refused in words and by the schema', () => {
    expect(changeMaxAwayCourses('2')).toBe(true);
    expect(state().consortium!.travel?.maxAwayCourses).toBe(2);
    expect(changeMaxAwayCourses('')).toBe(true);
    expect(state().consortium!.travel?.maxAwayCourses).toBeUndefined();
    expect(state().consortium!.travel?.farApart).toEqual(g.consortium.travel?.farApart);
    const before = state().consortium;
    for (const bad of ['-1', '2.5', 'two']) {
      expect(changeMaxAwayCourses(bad)).toBe(false);
      expect(state().consortium).toBe(before);
      const lines = state().message?.details ?? [];
      expect(lines[0]).toMatch(/courses away from home a pupil: the limit is a whole number, 0 or more, or empty for no limit/);
      // The schema's own line follows: the path and the value as the file's parser names them.
      expect(lines[1]).toMatch(/^Consortium, travel\.maxAwayCourses = /);
    }
  });

  it('adds, changes and removes far-apart places; a place with itself, a pair twice, an unknown place or a negative count is refused', () => {
    const c0 = state().consortium!;
    expect(c0.travel?.farApart).toEqual([{ between: ['west', 'college'], freeAfter: 1 }]);
    expect(setFarApart(c0, 0, 'freeBefore', '-1').ok).toBe(false);
    expect(newFarApart('north', 'east', '1', '0')).toBe(true);
    expect(state().consortium!.travel?.farApart?.[1]).toEqual({ between: ['north', 'east'], freeBefore: 1, freeAfter: 0 });
    const before = state().consortium;
    expect(newFarApart('east', 'north', '0', '0')).toBe(false);
    expect(state().message?.details?.[0]).toMatch(/already far apart \(rule 2\)/);
    expect(newFarApart('north', 'north', '0', '0')).toBe(false);
    expect(state().message?.details?.[0]).toMatch(/are the same place/);
    const unknown = addFarApart(before!, 'north', 'airport', '0', '1');
    expect(!unknown.ok && unknown.lines[1]).toMatch(/travel\.farApart\[2\]\.between\[1\] = "airport": There is no member or site airport/);
    expect(changeFarApart(1, 'freeAfter', '-2')).toBe(false);
    expect(state().message?.details?.join(' ')).toMatch(/travel\.farApart\[1\]\.freeAfter = -2/);
    expect(state().consortium).toBe(before);
    expect(changeFarApart(1, 'freeAfter', '2')).toBe(true);
    expect(state().consortium!.travel?.farApart?.[1].freeAfter).toBe(2);
    expect(dropFarApart(0)).toBe(true);
    expect(state().consortium!.travel?.farApart).toEqual([{ between: ['north', 'east'], freeBefore: 1, freeAfter: 2 }]);
    expect(state().consortium!.travel?.maxAwayCourses).toBe(g.consortium.travel?.maxAwayCourses);
  });

  it('a school hosting a shared course is not removed (the reason names the course); another goes with its places, line-up and far-apart rules', () => {
    const c = state().consortium!;
    const hosting = memberRemoval(c, 'north')!;
    expect(hosting.blockedBy.map((s) => s.course)).toEqual(['LAT']);
    expect(dropMember('north')).toBe(false);
    expect(state().message?.details?.[0]).toMatch(/hosts Latin.*\(LAT\).*cannot leave while the course is taught there.*"Taught at".*remove it/);
    expect(state().consortium).toBe(c);
    // A shared course removed takes its places with it; the others stay as they were.
    const statistics = c.sharedCourses.findIndex((s) => s.id === 'STX');
    expect(dropSharedCourse(statistics)).toBe(true);
    expect(state().consortium!.sharedCourses).toEqual(c.sharedCourses.filter((s) => s.id !== 'STX'));
    // West hosts Dance: teach it at the college instead (a host that is no school or site is refused), then West goes with everything naming it.
    const dance = state().consortium!.sharedCourses.findIndex((s) => s.id === 'DAN');
    expect(changeCourseHost(dance, 'airport')).toBe(false);
    expect(state().message?.details?.[0]).toMatch(/Dance cannot be taught at "airport"/);
    expect(state().message?.details?.[1]).toMatch(/sharedCourses\[\d\]\.host = "airport"/);
    expect(changeCourseHost(dance, 'college')).toBe(true);
    const c1 = state().consortium!;
    expect(c1.sharedCourses[dance].host).toBe('college');
    const r = memberRemoval(c1, 'west')!;
    expect(r.blockedBy).toEqual([]);
    const words = memberRemovalText(r);
    expect(words).toContain(`its demand (${(c1.members[3].scenario as Scenario).students.length} pupils' choices)`);
    for (const p of r.places) expect(words).toContain(`${p.name} (${p.places})`);
    for (const x of r.columns) expect(words).toContain(`${x.column}: block ${x.block}`);
    expect(words).toContain('far-apart rule');
    expect(dropMember('west')).toBe(true);
    const c2 = state().consortium!;
    expect(c2.members.map((m) => m.id)).toEqual(['north', 'east', 'south']);
    expect(c2.columns.every((col) => col.blocks.west === undefined)).toBe(true);
    expect(c2.sharedCourses.every((s) => s.places.west === undefined)).toBe(true);
    expect(c2.travel?.farApart ?? []).toEqual([]);
    // Everything else as it was: the other schools' line-up and places.
    expect(c2.columns.map((col) => ({ ...col.blocks }))).toEqual(c1.columns.map((col) => Object.fromEntries(Object.entries(col.blocks).filter(([m]) => m !== 'west'))));
    expect(openConsortiumText(text(c2), 'after.json').ok).toBe(true);
  });

  it('keeps a shared course to some common columns; none is refused, all is the default again', () => {
    const c = state().consortium!;
    const [a, b, p] = c.columns.map((x) => x.id);
    expect(changeCourseColumn(0, a, false)).toBe(true);
    expect(state().consortium!.sharedCourses[0].columns).toEqual([b, p]);
    expect(changeCourseColumn(0, b, false)).toBe(true);
    const before = state().consortium;
    expect(changeCourseColumn(0, p, false)).toBe(false);
    expect(state().message?.details?.[0]).toMatch(/needs at least one common column/);
    expect(state().consortium).toBe(before);
    expect(changeCourseColumn(0, a, true)).toBe(true);
    expect(changeCourseColumn(0, b, true)).toBe(true);
    expect('columns' in state().consortium!.sharedCourses[0]).toBe(false);
    expect(state().consortium!.sharedCourses.slice(1)).toEqual(c.sharedCourses.slice(1));
  });

  it('renames a column (the shared courses listing it follow); an empty or taken name is refused', () => {
    const c = state().consortium!;
    const listed = { ...c, sharedCourses: c.sharedCourses.map((s, i) => (i === 0 ? { ...s, columns: [c.columns[0].id, c.columns[1].id] } : s)) };
    const renamed = renameColumn(listed, 0, 'Mon AM');
    expect(renamed.ok && renamed.value.columns[0].id).toBe('Mon AM');
    expect(renamed.ok && renamed.value.sharedCourses[0].columns).toEqual(['Mon AM', c.columns[1].id]);
    expect(renameColumn(c, 0, '  ').ok).toBe(false);
    const taken = renameColumn(c, 0, c.columns[1].id);
    expect(!taken.ok && taken.lines[0]).toMatch(/already a column named/);
    expect(changeColumnName(2, 'Thu PM')).toBe(true);
    expect(state().consortium!.columns.map((x) => x.id)).toEqual([c.columns[0].id, c.columns[1].id, 'Thu PM']);
  });

  it('undo and redo step through the edits, bringing back the plan solved before an edit', () => {
    const c = state().consortium!;
    consortiumStore.setState({ outcome: { parts: [] } as never });
    const solvedOutcome = state().outcome;
    expect(changeMaxAwayCourses('2')).toBe(true);
    expect(state().outcome).toBeNull();
    expect(changeColumnName(0, 'Mon AM')).toBe(true);
    expect(undoConsortium()).toBe(true);
    expect(state().message?.text).toBe('Undone: rename column AM1.');
    expect(state().consortium!.columns[0].id).toBe('AM1');
    expect(undoConsortium()).toBe(true);
    expect(state().consortium).toBe(c);
    expect(state().outcome).toBe(solvedOutcome);
    expect(redoConsortium()).toBe(true);
    expect(state().consortium!.travel?.maxAwayCourses).toBe(2);
    // A refused edit is no step; a new edit ends the redo.
    expect(changeMaxAwayCourses('-3')).toBe(false);
    expect(state().future).toHaveLength(1);
    expect(changePlaces(0, 'north', '1')).toBe(true);
    expect(state().future).toHaveLength(0);
    // Closing is a step too: undo opens the consortium again.
    closeConsortium();
    expect(state().consortium).toBeNull();
    expect(undoConsortium()).toBe(true);
    expect(state().consortium?.sharedCourses[0].places.north).toBe(1);
  });
});

describe('kept in this browser (IndexedDB through persist.ts; memory here)', () => {
  const g = realisticConsortium(1);

  it('keeps the consortium and its last joint plan across a reload, checked again on the way in', async () => {
    closeConsortium();
    const store = memoryConsortiumPersistence();
    await restoreConsortium(store);
    expect(state().kept?.state).toBe('saved');
    openConsortium(text(g.consortium), 'c.json');
    changeMaxAwayCourses('2');
    await consortiumWritesDone();
    expect(state().kept?.state).toBe('saved');
    expect((store.workspace?.consortium as Consortium).travel?.maxAwayCourses).toBe(2);
    // A joint plan, as the solve leaves it, is written with the consortium.
    const api = createConsortiumApi();
    const c = state().consortium!;
    const outcome = await api.solve(c, memberScenarios(c), { timeSeconds: 2, seed: 1 });
    consortiumStore.setState({ outcome, alone: { north: 1 } });
    await consortiumWritesDone();
    expect(store.workspace?.outcome?.fullySatisfied).toBe(outcome.fullySatisfied);
    // "Reload": the page's memory is gone, the browser's store is not.
    consortiumStore.setState({ consortium: null, outcome: null, alone: {}, check: null, past: [], future: [] });
    await restoreConsortium(memoryCopy(store));
    expect(state().consortium).toEqual(c);
    expect(state().outcome?.fullySatisfied).toBe(outcome.fullySatisfied);
    expect(state().alone).toEqual({ north: 1 });
    expect(state().check?.ok).toBe(true);
    expect(state().message?.text).toMatch(/as kept in this browser, with its last joint plan/);
    // Closing the consortium deletes it from the browser.
    closeConsortium();
    await consortiumWritesDone();
  });

  it('a stored consortium that no longer parses is reported and kept aside, never dropped', async () => {
    closeConsortium();
    const store = memoryConsortiumPersistence();
    const old = { ...structuredClone(g.consortium), format: 'ks4-consortium/0' };
    store.workspace = { consortium: old, outcome: null, alone: {}, savedAt: '2026-01-01T00:00:00.000Z' };
    await restoreConsortium(store);
    expect(state().consortium).toBeNull();
    expect(state().message?.kind).toBe('error');
    expect(state().message?.text).toMatch(/no longer opens.*kept aside, not deleted/);
    expect(state().message?.details?.[0]).toMatch(/^The consortium kept in this browser, format = "ks4-consortium\/0"/);
    expect([...store.aside.values()].map((e) => e.workspace.consortium)).toEqual([old]);
    expect(state().aside).toHaveLength(1);
    expect(JSON.parse(asideFile(state().aside[0]).text)).toEqual(old);
    // Not kept aside twice: the current slot is emptied once the copy is aside.
    expect(store.workspace).toBeNull();
    // Forgotten only when the user asks.
    await forgetAside(state().aside[0].id);
    expect(store.aside.size).toBe(0);
    expect(state().aside).toEqual([]);
    // A plan that no longer passes the consortium check is kept aside; the consortium still opens.
    const c = g.consortium;
    const api = createConsortiumApi();
    const outcome = await api.solve(c, memberScenarios(c), { timeSeconds: 1, seed: 1 });
    const broken = structuredClone(outcome);
    broken.parts[0].result.groups = broken.parts[0].result.groups.filter((gr) => !c.sharedCourses.some((s) => s.id === gr.course));
    store.workspace = { consortium: c, outcome: broken, alone: {}, savedAt: '2026-01-02T00:00:00.000Z' };
    closeConsortium();
    await restoreConsortium(memoryCopy(store));
    expect(state().consortium).toEqual(c);
    expect(state().outcome).toBeNull();
    expect(state().message?.text).toMatch(/its last joint plan no longer passes the checks and is kept aside/);
  });
});

describe('JSON Schema of the consortium documents', () => {
  it('the generated documents pass their JSON Schema, and a broken one is refused (ajv, draft 2020-12)', async () => {
    const files = jsonSchemaFiles();
    const { default: Ajv2020 } = await import('ajv/dist/2020.js');
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    for (const f of ['data/scenario.schema.json', 'data/result.schema.json']) ajv.addSchema(JSON.parse(files[f]));
    const schema = (f: string) => ajv.compile(JSON.parse(files[f]));
    const consortium = schema('data/consortium.schema.json');
    const demand = schema('data/consortium-demand.schema.json');
    const key = schema('data/consortium-key.schema.json');
    const part = schema('data/consortium-part.schema.json');
    const g = realisticConsortium(3);
    const { demand: d, key: k } = exportDemand(g.scenarios[0], g.consortium, 'north');
    expect(consortium(g.consortium), JSON.stringify(consortium.errors)).toBe(true);
    expect(demand(d), JSON.stringify(demand.errors)).toBe(true);
    expect(key(k), JSON.stringify(key.errors)).toBe(true);
    const outcome = await createConsortiumApi().solve(g.consortium, g.scenarios, { timeSeconds: 1, seed: 1 });
    for (const p of outcome.parts) expect(part(p), JSON.stringify(part.errors)).toBe(true);
    // What the zod schemas refuse, the JSON Schema refuses too: negative places, a member scenario that is not one.
    const bad = structuredClone(g.consortium);
    bad.sharedCourses[0].places.north = -1;
    expect(consortium(bad)).toBe(false);
    expect(consortium({ ...g.consortium, members: [{ id: 'x', name: 'X', scenario: { format: 'ks4-scenario/1' } }] })).toBe(false);
    expect(demand({ ...d, scenario: { ...d.scenario, students: 'none' } })).toBe(false);
    expect(key({ ...k, students: { p1: 3 } })).toBe(false);
  });
});

/** A second persistence holding what the first one holds (a reload reads the same database afresh). */
function memoryCopy(from: ReturnType<typeof memoryConsortiumPersistence>): ReturnType<typeof memoryConsortiumPersistence> {
  const copy = memoryConsortiumPersistence();
  copy.workspace = from.workspace ? structuredClone(from.workspace) : null;
  for (const [k, v] of from.aside) copy.aside.set(k, structuredClone(v));
  return copy;
}
