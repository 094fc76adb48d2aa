/**
 * The third walk through the consortium (issue 15): the host school saw its own shared course as taught at a
 * partner site named after itself, without its teacher; a far-apart rule that costs every pupil of a school
 * taking an away course a choice was said only after the solve; a merged plan was named "(consortium plan)"
 * after the open scenario.
 */
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { ConsortiumScreen } from '../web/consortium/ConsortiumScreen';
import { consortiumStore } from '../web/consortium/store';
import { memberView, memberViewAdditions, mergedPlanName, travelShortfalls } from '../data/consortium';
import { checkConsortium } from '../data/consortium-check';
import { exportDemand, mergePart } from '../data/consortium-demand';
import { checkResult } from '../data/checker';
import { solveConsortium } from '../solver/index';
import type { Consortium } from '../solver/consortium/types';
import type { Scenario } from '../solver/types';

function school(name: string, own: string[], shared: string[], pupils: number, blocks = ['A', 'B', 'C']): Scenario {
  return {
    format: 'ks4-scenario/1',
    name,
    blocks,
    courses: [...own, ...shared].map((id) => ({ id, name: id, maxGroupSize: 30, roomType: 'class' })),
    staff: [...own.map((id) => ({ id: `T-${id}`, courses: [id] })), ...(name === 'North' ? [{ id: 'ST', courses: ['LAT'] }] : [])],
    rooms: [1, 2, 3].map((i) => ({ id: `R${i}`, type: 'class', capacity: 30 })),
    students: Array.from({ length: pupils }, (_, i) => ({ id: `${name}-${i}`, choices: i % 2 === 0 ? [...own.slice(0, 2), ...shared.slice(0, 1)] : own.slice(0, 3) })),
  } as Scenario;
}

const north = school('North', ['MA', 'EN', 'SC'], ['LAT'], 12);
const east = school('East', ['HI', 'GE', 'AR'], ['LAT'], 10);
const consortium: Consortium = {
  format: 'ks4-consortium/1',
  id: 'pair',
  name: 'Pair partnership',
  members: [{ id: 'north', name: 'North School', scenario: north }, { id: 'east', name: 'East School', scenario: east }],
  columns: ['A', 'B', 'C'].map((b) => ({ id: `COL-${b}`, blocks: { north: b, east: b } })),
  sharedCourses: [{ id: 'LAT', name: 'Latin', host: 'north', maxGroupSize: 16, maxGroups: 1, places: { north: 6, east: 5 } }],
} as Consortium;

describe('the host school teaches its shared course at home', () => {
  it('its view has no site named after itself; the others see it away at the host', () => {
    const mine = memberViewAdditions(consortium, 'north', north);
    expect(mine.sites.map((s) => s.id)).not.toContain('north');
    expect(mine.courses.find((x) => x.id === 'LAT')!.site).toBeUndefined();
    const theirs = memberViewAdditions(consortium, 'east', east);
    expect(theirs.courses.find((x) => x.id === 'LAT')!.site).toBe('north');
    expect(theirs.sites).toEqual([{ id: 'north', name: 'North School' }]);
    // The host's view keeps its stand-in's room needs.
    expect(memberView(north, mine).courses.find((x) => x.id === 'LAT')!.roomType).toBe('class');
  });

  it('the joint plan gives the host group its own teacher and room, passes both checks, and merges', async () => {
    const ids = ['north', 'east'];
    const exported = [north, east].map((s, i) => exportDemand(s, consortium, ids[i]));
    const demands = exported.map((e) => e.demand.scenario);
    const outcome = await solveConsortium(consortium, demands, { timeSeconds: 3, seed: 1 });
    expect(checkConsortium(consortium, demands, outcome.parts).violations).toEqual([]);
    const part = outcome.parts.find((p) => p.member === 'north')!;
    const lat = part.result.groups.filter((g) => g.course === 'LAT');
    expect(lat.length).toBe(1);
    expect(lat[0].staff).toEqual([exported[0].key.staff ? Object.keys(exported[0].key.staff).find((k) => exported[0].key.staff[k] === 'ST') : 'ST']);
    expect(lat[0].room).not.toBeNull();
    const eastLat = outcome.parts.find((p) => p.member === 'east')!.result.groups.find((g) => g.course === 'LAT')!;
    expect(eastLat.staff).toEqual([]);
    expect(eastLat.room).toBeNull();
    const merged = mergePart(part, north, exported[0].key);
    expect(checkResult(merged.scenario, merged.result).violations).toEqual([]);
    const group = merged.result.groups.find((g) => g.course === 'LAT')!;
    expect(group.staff).toEqual(['ST']);
    expect(['R1', 'R2', 'R3']).toContain(group.room);
    expect((merged.scenario.sites ?? []).map((s) => s.id)).not.toContain('north');
  }, 30_000);
});

describe('a far-apart rule that costs a choice, said before solving', () => {
  const west = school('West', ['MA', 'EN'], ['ENG'], 8);
  const far: Consortium = {
    format: 'ks4-consortium/1',
    id: 'far',
    name: 'Far',
    members: [{ id: 'west', name: 'West School', scenario: west }],
    sites: [{ id: 'college', name: 'the college' }],
    columns: ['A', 'B', 'C'].map((b) => ({ id: `COL-${b}`, blocks: { west: b } })),
    sharedCourses: [{ id: 'ENG', name: 'Engineering', host: 'college', maxGroupSize: 18, columns: ['COL-C'], places: { west: 8 } }],
    travel: { farApart: [{ between: ['west', 'college'], freeBefore: 1 }] },
  } as Consortium;

  it('counts the pupils choosing the course who have more choices than blocks left to them', () => {
    const found = travelShortfalls(far, 'west', west);
    expect(found.length).toBe(1);
    // Even-numbered pupils choose MA, EN and ENG: 4 of the 8.
    expect(found[0].pupils).toBe(4);
    expect(found[0].message).toContain('west: pupils choosing ENG (4) cannot have all their choices: west and the college are far apart');
    expect(found[0].message).toContain('COL-B');
  });

  it('the workspace says it above Solve together, before any solve', () => {
    const saved = consortiumStore.getState();
    consortiumStore.setState({ consortium: far, outcome: null, solving: false, message: null });
    const html = renderToStaticMarkup(createElement(ConsortiumScreen));
    consortiumStore.setState({ ...saved });
    const list = /<ul class="warnings" data-testid="consortium-travel-shortfalls"><li>([^<]*)<\/li><\/ul>/.exec(html);
    expect(list?.[1].replaceAll('&#x27;', "'")).toBe(travelShortfalls(far, 'west', west)[0].message);
  });

  it('says nothing where some column leaves enough blocks', () => {
    const free = { ...far, sharedCourses: [{ ...far.sharedCourses[0], columns: ['COL-A', 'COL-C'] }] } as Consortium;
    expect(travelShortfalls(free, 'west', west)).toEqual([]);
    const spare = school('West', ['MA', 'EN'], ['ENG'], 8, ['A', 'B', 'C', 'D']);
    expect(travelShortfalls(far, 'west', spare)).toEqual([]);
  });
});

describe('a merged plan is named after the school and the consortium', () => {
  it('names both', () => {
    expect(mergedPlanName(consortium, 'north', 'pair')).toBe('North School — Pair partnership plan');
    expect(mergedPlanName(null, 'north', 'pair')).toBe('north — pair plan');
  });
});
