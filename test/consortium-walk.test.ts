/**
 * What a first walk through the consortium as three schools and a coordinator found (issue 15): a part whose
 * figures are not its result's passed the consortium check; a merge into a scenario that is not the one the
 * demand file came from wrote a result breaking hundreds of rules; a column a shared course lists but may not
 * use (a school with places has no block there) was dropped without a word, in the command line and in the
 * workspace's ticked boxes; the dashboard split each group's cost but gave no school its total, and a failed
 * consortium check said how many problems but not which.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { parseConsortium, resolveConsortium, sharedColumns, unusableColumns } from '../data/consortium';
import { exportDemand, mergePart, MergeError } from '../data/consortium-demand';
import { plantedConsortium } from '../data/consortium-gen';
import { checkConsortium } from '../data/consortium-check';
import { checkResult } from '../data/checker';
import { solveConsortium } from '../solver/index';
import { main } from '../cli/consortium';
import type { Consortium, ConsortiumPart } from '../solver/consortium/types';
import type { ConsortiumOutcome } from '../solver/consortium/solve';
import { ConsortiumScreen } from '../web/consortium/ConsortiumScreen';
import { dashboard, groupAnnualCost } from '../web/consortium/logic';
import { addDemandFile, closeConsortium, consortiumStore, mergeMyPart, openConsortium } from '../web/consortium/store';
import { openConsortiumText } from '../web/consortium/logic';
import { captureConsole } from './helpers/console-capture';

const runCli = (args: string[]) => captureConsole(() => main(args));

const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('a joint plan from demand files, walked back to the schools', () => {
  const g = plantedConsortium({ schools: 2, seed: 3, pupils: 40 });
  const ids = g.consortium.members.map((m) => m.id);
  const exported = g.scenarios.map((s, i) => exportDemand(s, g.consortium, ids[i]));
  const demandScenarios = exported.map((e) => e.demand.scenario);
  let parts: ConsortiumPart[] = [];
  let outcome: ConsortiumOutcome;
  const dir = mkdtempSync(join(tmpdir(), 'ks4-consortium-walk-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('solves, and the parts pass the consortium check', async () => {
    outcome = await solveConsortium(g.consortium, demandScenarios, { timeSeconds: 4, seed: 1 });
    parts = outcome.parts;
    const check = checkConsortium(g.consortium, demandScenarios, parts);
    expect(check.violations).toEqual([]);
  }, 30_000);

  it('refuses a part whose figures are not its result (the dashboard shows them as they are)', () => {
    const lying = copy(parts);
    const truth = lying[1].figures.fullySatisfied;
    lying[1].figures.fullySatisfied = truth + 5;
    lying[1].figures.travelling += 1;
    const sharedId = Object.keys(lying[0].figures.placesUsed)[0];
    lying[0].figures.placesUsed[sharedId] += 2;
    const check = checkConsortium(g.consortium, demandScenarios, lying);
    expect(check.ok).toBe(false);
    const messages = check.violations.map((v) => `${v.member}: ${v.message}`);
    expect(messages).toContain(`${ids[1]}: Member ${ids[1]}'s part says figures.fullySatisfied ${truth + 5}, but its result has ${truth}.`);
    expect(messages.some((m) => m.startsWith(`${ids[1]}: `) && m.includes('figures.travelling'))).toBe(true);
    expect(messages.some((m) => m.startsWith(`${ids[0]}: `) && m.includes(`figures.placesUsed.${sharedId} ${parts[0].figures.placesUsed[sharedId] + 2}`))).toBe(true);
  });

  it('merges a part into its own scenario, and refuses another school\'s scenario or one with a pupil the key lacks', () => {
    const merged = mergePart(parts[0], g.scenarios[0], exported[0].key);
    expect(merged.result.students.length).toBe(g.scenarios[0].students.length);
    // Every shared group is fixed where the consortium placed it, so a re-solve at the school keeps it there.
    const sharedIds = new Set(parts[0].courses.map((x) => x.id));
    const sharedGroups = merged.result.groups.filter((x) => sharedIds.has(x.course));
    expect(sharedGroups.length).toBeGreaterThan(0);
    expect(merged.scenario.groups).toEqual(sharedGroups.map((x) => ({ id: x.id, course: x.course, blocks: x.blocks, years: x.years })));
    expect(checkResult(merged.scenario, merged.result).violations).toEqual([]);
    const moved = copy(merged.result);
    const first = moved.groups.find((x) => x.id === sharedGroups[0].id)!;
    // Moved by hand to another of the course's blocks (its pupils may clash there too: only the pin is asserted).
    const allowed = merged.scenario.courses.find((x) => x.id === first.course)!.blocks ?? g.scenarios[0].blocks;
    first.blocks = [allowed.find((b) => b !== first.blocks[0]) ?? g.scenarios[0].blocks.find((b) => b !== first.blocks[0])!];
    const movedCheck = checkResult(merged.scenario, moved);
    expect(movedCheck.violations.map((v) => v.message)).toContain(`Pinned group ${first.id} sits in blocks ${sharedGroups[0].blocks[0]} in the scenario but ${first.blocks[0]} in the result (rule 1)`);
    // Generated schools number their pupils alike; real schools' ids differ.
    const otherSchool = copy(g.scenarios[1]);
    otherSchool.students.forEach((st) => (st.id = `${ids[1]}-${st.id}`));
    expect(() => mergePart(parts[0], otherSchool, exported[0].key)).toThrow(MergeError);
    expect(() => mergePart(parts[0], otherSchool, exported[0].key)).toThrow(/The key's pupil .* and \d+ more of its \d+ are not in the scenario/);
    const joined = copy(g.scenarios[0]);
    joined.students.push({ ...copy(joined.students[0]), id: 'late-joiner' });
    expect(() => mergePart(parts[0], joined, exported[0].key)).toThrow("The scenario's pupil late-joiner is not in the key");
  });

  it('ks4 consortium merge writes nothing when the merged result would break the checker', async () => {
    writeFileSync(join(dir, 'part.json'), JSON.stringify(parts[0]));
    writeFileSync(join(dir, 'key.json'), JSON.stringify(exported[0].key));
    // The school's own scenario, changed after the export: a pupil now wants a course the plan did not place them in.
    const changed = copy(g.scenarios[0]);
    const pupil = changed.students[0];
    const other = changed.courses.find((c) => !pupil.choices.includes(c.id) && !(pupil.reserves ?? []).includes(c.id))!;
    pupil.choices = [...pupil.choices.slice(0, -1), other.id];
    writeFileSync(join(dir, 'changed.json'), JSON.stringify(changed));
    const err: string[] = [];
    const error = console.error;
    console.error = (...a: unknown[]) => void err.push(a.join(' '));
    let code: number;
    try {
      code = await main(['merge', join(dir, 'part.json'), '--scenario', join(dir, 'changed.json'), '--key', join(dir, 'key.json'), '--out', join(dir, 'merged')]);
    } finally {
      console.error = error;
    }
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('changed.json with');
    expect(err.join('\n')).toMatch(/breaks \d+ rules? of ks4 check/);
    expect(err.join('\n')).toContain('Nothing was written.');
    expect(existsSync(join(dir, 'merged'))).toBe(false);
  });

  it('names a column a shared course lists but may not use, on the command line and beside its tick in the workspace', async () => {
    // school02 has no block in Z: SH1 lists Y and Z, SH2 lists none (every column), both have school02's places.
    const c: Consortium = { ...copy(g.consortium), members: g.consortium.members.map((m, i) => ({ ...m, scenario: demandScenarios[i] })) };
    delete c.columns[2].blocks[ids[1]];
    c.sharedCourses[0].columns = ['Y', 'Z'];
    expect(unusableColumns(c, c.sharedCourses[0])).toEqual([{ column: 'Z', without: [ids[1]] }]);
    expect(unusableColumns(c, c.sharedCourses[1])).toEqual([{ column: 'Z', without: [ids[1]] }]);
    expect(sharedColumns(c, c.sharedCourses[0])).toEqual(['Y']);
    expect(unusableColumns(g.consortium, g.consortium.sharedCourses[0])).toEqual([]);
    writeFileSync(join(dir, 'narrow.json'), JSON.stringify(c));
    const solved = await runCli(['solve', join(dir, 'narrow.json'), '--out', join(dir, 'narrow-parts'), '--time', '2']);
    expect(solved.code, solved.err).toBe(0);
    expect(solved.out).toContain(`  SH1 is never in Z: ${ids[1]} has places in it but no block in Z`);
    expect(solved.out).toContain(`  SH2 is never in Z: ${ids[1]} has places in it but no block in Z`);
    expect(solved.out).not.toContain('SH1 is never in Y');

    const saved = consortiumStore.getState();
    consortiumStore.setState({ consortium: c, outcome: null, solving: false, message: null });
    const html = renderToStaticMarkup(createElement(ConsortiumScreen));
    consortiumStore.setState({ ...saved });
    const notes = [...html.matchAll(/<tr data-course="(SH\d)"(?:(?!<\/tr>).)*?data-unusable="(\w+)">never used: no block of ([^<]*), which has places/gs)].map((m) => [m[1], m[2], m[3]]);
    const name = c.members[1].name;
    expect(notes).toEqual(c.sharedCourses.map((x) => [x.id, 'Z', name]));
  }, 30_000);

  it('the dashboard gives each school its total cost of the shared groups, and lists a failed check\'s problems', () => {
    const c: Consortium = { ...g.consortium, members: g.consortium.members.map((m, i) => ({ ...m, scenario: demandScenarios[i] })) };
    const saved = consortiumStore.getState();
    const failed = { ok: false, violations: [{ member: ids[0], message: 'Pupil p1 of member school01 has 2 away courses, over the 1 allowed.' }] };
    consortiumStore.setState({ consortium: c, outcome, alone: {}, check: failed, solving: false, message: null });
    const html = renderToStaticMarkup(createElement(ConsortiumScreen));
    consortiumStore.setState({ ...saved });
    closeConsortium();
    const d = dashboard(c, outcome.parts);
    const money = (x: number) => `£${Math.round(x).toLocaleString('en-GB')}`;
    for (const m of c.members) {
      const total = d.groups.reduce((n, gr) => n + groupAnnualCost(c, gr.host, 1900) * (gr.share[m.id] ?? 0), 0);
      expect(total).toBeGreaterThan(0);
      expect(html).toContain(`data-member-cost="${m.id}">${money(total)}</strong>`);
    }
    expect(html).toContain('The consortium check finds 1 problem:');
    expect(html).toContain(`<li>${c.members[0].name}: Pupil p1 of member school01 has 2 away courses, over the 1 allowed.</li>`);
  });

  it('names the consortium file\'s folder for a missing member file, and a school hears at export what the consortium asks of its scenario', async () => {
    g.scenarios.forEach((sc, i) => writeFileSync(join(dir, `${ids[i]}.json`), JSON.stringify(sc)));
    const withFiles = (names: string[]) => ({ ...copy(g.consortium), members: g.consortium.members.map((m, i) => ({ ...m, scenario: names[i] })) });
    writeFileSync(join(dir, 'absent.json'), JSON.stringify(withFiles([`${ids[0]}.json`, 'absent.demand.json'])));
    const missing = await runCli(['solve', join(dir, 'absent.json'), '--out', join(dir, 'absent-parts')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('members[1].scenario: "absent.demand.json"');
    expect(missing.err).toContain(`a member's file is read from the consortium file's folder (${dir})`);
    expect(existsSync(join(dir, 'absent-parts'))).toBe(false);

    const doc = withFiles(ids.map((m) => `${m}.json`));
    doc.columns[2].blocks[ids[1]] = 'W';
    writeFileSync(join(dir, 'typo.json'), JSON.stringify(doc));
    const exported = await runCli(['demand', join(dir, `${ids[1]}.json`), '--consortium', join(dir, 'typo.json'), '--member', ids[1], '--out', join(dir, 'typo.demand.json'), '--key', join(dir, 'typo.key.json')]);
    expect(exported.code).toBe(0);
    expect(existsSync(join(dir, 'typo.demand.json'))).toBe(true);
    expect(exported.err).toContain('Before you send it:');
    expect(exported.err).toContain(`columns[2].blocks.${ids[1]}: "W"`);
    // The other school, whose blocks the file names rightly, hears nothing.
    const fine = await runCli(['demand', join(dir, `${ids[0]}.json`), '--consortium', join(dir, 'typo.json'), '--member', ids[0], '--out', join(dir, 'fine.demand.json'), '--key', join(dir, 'fine.key.json')]);
    expect(fine.code).toBe(0);
    expect(fine.err).toBe('');
  });

  it('suggests for a block a school lacks only a block no other column holds, else leaving the school out of the column', () => {
    const doc = copy(g.consortium);
    doc.columns[2].blocks[ids[1]] = 'W';
    const lines = (blocks: string[]) => resolveConsortium(doc, [g.scenarios[0], { ...g.scenarios[1], blocks }]).map((i) => `${i.path}: ${i.message}`);
    const [x, y, z] = doc.columns.map((col) => col.blocks[ids[1]]);
    expect(lines([x, y, 'Q'])).toEqual([`columns[2].blocks.${ids[1]}: Column Z names block W of member ${ids[1]}, which has blocks ${x}, ${y}, Q. Maybe Q?`]);
    expect(lines([x, y])[0]).toContain(`Its blocks are all in other columns: maybe leave ${ids[1]} out of column Z`);
  });

  it('the workspace reads a cut-short file as the command line does (line, column, the line quoted), and says a school sent again was replaced', () => {
    const c: Consortium = { ...g.consortium, members: g.consortium.members.map((m, i) => ({ ...m, scenario: demandScenarios[i] })) };
    const full = JSON.stringify(c, null, 1);
    const cut = openConsortiumText(full.slice(0, 300), 'riverside.consortium.json');
    expect(cut.ok).toBe(false);
    if (!cut.ok) expect(cut.lines[0]).toMatch(/^riverside\.consortium\.json: The file is not valid JSON: .* at line \d+, column \d+ near `.*`\. Maybe/);
    const badPart = mergeMyPart('{"format": "ks4-consortium-part/1", ', 'north.part.json', JSON.stringify(exported[0].key), 'north.KEY.json', g.scenarios[0]);
    expect(badPart.ok).toBe(false);
    if (!badPart.ok) expect(badPart.lines[0]).toMatch(/^north\.part\.json: The file is not valid JSON: .* at line 1, column \d+/);

    expect(openConsortium(JSON.stringify(c), "riverside.consortium.json"), JSON.stringify(consortiumStore.getState().message)).toBe(true);
    const again = exportDemand(g.scenarios[1], g.consortium, ids[1]).demand;
    again.scenario.students = again.scenario.students.slice(0, 30);
    const added = addDemandFile(JSON.stringify(again), `${ids[1]}.demand.json`);
    expect(added, JSON.stringify(consortiumStore.getState().message)).toBe(true);
    expect(consortiumStore.getState().message?.text).toBe(`Replaced the demand of ${c.members[1].name} (${demandScenarios[1].students.length} pupils) with ${ids[1]}.demand.json (30 pupils); its line-up in the columns, its places and the travel rules stay.`);
    closeConsortium();
  });

  it('refuses a shared course whose schools with places share no column, and counts capacity over the columns it may use', () => {
    // school01 has no block in X, school02 none in Z: a course listing X and Z, with places at both, could never run.
    const doc = copy(g.consortium);
    delete doc.columns[0].blocks[ids[0]];
    delete doc.columns[2].blocks[ids[1]];
    doc.sharedCourses[0].columns = ['X', 'Z'];
    const refused = parseConsortium(doc);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.errors.map((e) => e.path)).toEqual(['sharedCourses[0].columns']);
      expect(refused.errors[0].value).toEqual(['X', 'Z']);
      expect(refused.errors[0].message).toBe(`Shared course SH1 has no column in which every school with places has a block (${ids[0]}: Z; ${ids[1]}: X), so no group of it could run. Maybe line the schools' blocks up in one common column, or give places only to schools that share one?`);
    }
    // With no maxGroups, one group a column it may use: Y only here, so 24 seats, not 3 x 24.
    const capacity = copy(g.consortium);
    delete capacity.columns[0].blocks[ids[0]];
    delete capacity.columns[2].blocks[ids[1]];
    delete capacity.sharedCourses[1].maxGroups;
    capacity.sharedCourses[1].places = { [ids[0]]: 20, [ids[1]]: 20 };
    const over = parseConsortium(capacity);
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.errors.map((e) => e.message)).toContain('Shared course SH2 gives 40 places but its groups hold at most 24 (1 group of 24, one in each column it may use: Y). Maybe lower the places or allow more groups?');
    capacity.sharedCourses[1].places = { [ids[0]]: 12, [ids[1]]: 12 };
    expect(parseConsortium(capacity).ok).toBe(true);
  });
});
