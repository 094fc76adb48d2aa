/**
 * The worker API in-process (directly, and through comlink over a real MessageChannel as the browser uses
 * it), and the solve command line's contract: exit codes, messages naming the path, nothing written on
 * bad input, a result the independent checker accepts; and the ks4 bin with its import and export commands.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { expose, proxy, wrap } from 'comlink';
import { describe, expect, it } from 'vitest';
import { checkResult } from '../data/checker';
import type { SolveProgress } from '../solver/api';
import { createSolverApi, type SolverApi } from '../solver/worker-api';
import type { Scenario } from '../solver/types';

const root = join(import.meta.dirname, '..');
const sample: Scenario = JSON.parse(readFileSync(join(root, 'data/samples/sample-240.json'), 'utf8'));

describe('worker API', () => {
  it('solves with progress reports, and the result keeps every rule', async () => {
    const api = createSolverApi();
    const seen: SolveProgress[] = [];
    const result = await api.solve(sample, { timeSeconds: 1, seed: 1 }, (p) => seen.push(p));
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)!.phase).toBe('done');
    expect(checkResult(sample, result).violations).toEqual([]);
    expect(result.summary.fullySatisfied).toBeGreaterThan(200);
  });

  it('cancel() stops a long solve early with the best result so far', async () => {
    const api = createSolverApi();
    const started = Date.now();
    const pending = api.solve(sample, { timeSeconds: 60, seed: 1 });
    setTimeout(() => api.cancel(), 300);
    const result = await pending;
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(checkResult(sample, result).violations).toEqual([]);
  });

  it('reseat() keeps exactly the groups given, including a moved one', async () => {
    const api = createSolverApi();
    const first = await api.solve(sample, { timeSeconds: 1, seed: 1 });
    const moved = first.groups.map((g) => ({ ...g }));
    // Move a group to a block its course allows where its teacher is free and available, as a timetabler would.
    const busy = (teacher: string, block: string) => moved.some((g) => g.staff.includes(teacher) && g.blocks.includes(block));
    const away = (teacher: string, block: string) =>
      (sample.staff ?? []).find((t) => t.id === teacher)?.unavailable?.some((u) => u.block === block) ?? false;
    let target: (typeof moved)[number] | undefined;
    let to = '';
    for (const g of moved) {
      if (g.blocks.length !== 1 || g.staff.length !== 1) continue;
      const allowed = sample.courses.find((c) => c.id === g.course)!.blocks ?? sample.blocks;
      const roomFree = (b: string) =>
        g.room === null ||
        (!moved.some((h) => h.room === g.room && h.blocks.includes(b)) &&
          !(sample.rooms ?? []).find((r) => r.id === g.room)?.unavailable?.some((u) => u.block === b));
      const free = allowed.find((b) => b !== g.blocks[0] && !busy(g.staff[0], b) && !away(g.staff[0], b) && roomFree(b));
      if (free) {
        target = g;
        to = free;
        break;
      }
    }
    expect(target).toBeDefined();
    target!.blocks = [to];
    const again = await api.reseat(sample, moved);
    expect(again.groups.map((g) => `${g.id}:${g.blocks.join('+')}`).sort()).toEqual(moved.map((g) => `${g.id}:${g.blocks.join('+')}`).sort());
    const asGiven = moved.map(({ students: _students, ...g }) => g);
    expect(checkResult({ ...sample, mode: 'fit', groups: asGiven }, again).violations).toEqual([]);
    expect(again.summary.fullySatisfied).toBeGreaterThan(200);
  });

  it('reseat() says plainly when a group given has no teacher free', async () => {
    const api = createSolverApi();
    const first = await api.solve(sample, { timeSeconds: 1, seed: 1 });
    // Two groups of one teacher put in the same block: one of them cannot be taught.
    const withTeacher = first.groups.filter((g) => g.staff.length === 1 && g.blocks.length === 1);
    const a = withTeacher[0];
    const b = withTeacher.find((g) => g !== a && g.staff[0] === a.staff[0] && g.blocks[0] !== a.blocks[0])!;
    const groups = first.groups.map((g) => (g === b ? { ...g, blocks: a.blocks.slice() } : g));
    const again = await api.reseat(sample, groups);
    expect(again.diagnostics?.join(' ')).toMatch(new RegExp(`${a.staff[0]} is fixed to teach both`));
  });

  it('works through comlink over a MessageChannel, with a proxied progress callback', async () => {
    const { port1, port2 } = new MessageChannel();
    expose(createSolverApi(), port1 as never);
    const remote = wrap<SolverApi>(port2 as never);
    let calls = 0;
    const result = await remote.solve(sample, { timeSeconds: 0.5, seed: 2 }, proxy(() => void calls++));
    expect(result.format).toBe('ks4-result/1');
    expect(calls).toBeGreaterThan(0);
    port1.close();
    port2.close();
  });
});

describe('solve command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ks4-cli-'));
  const cli = (...args: string[]) =>
    spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'cli/ks4.ts'), 'solve', ...args], { encoding: 'utf8' });

  it('writes a result the checker accepts and prints a one-line summary', () => {
    const out = join(dir, 'ok.json');
    const run = cli(join(root, 'data/samples/sample-120.json'), '--out', out, '--time', '1', '--seed', '3');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/\/120 students fully satisfied/);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.summary.seed).toBe(3);
    const check = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'cli/ks4.ts'), 'check', join(root, 'data/samples/sample-120.json'), out], { encoding: 'utf8' });
    expect(check.status).toBe(0);
  });

  const bad: [string, (s: Scenario) => unknown, RegExp][] = [
    ['a broken reference', (s) => ({ ...s, students: [{ id: 'X1', choices: ['NOPE'] }, ...s.students] }), /students\[0\]\.choices\[0\].*NOPE/],
    ['a negative size', (s) => ({ ...s, courses: s.courses.map((c, i) => (i === 2 ? { ...c, maxGroupSize: -3 } : c)) }), /courses\[2\]\.maxGroupSize.*-3/],
    ['a duplicate id', (s) => ({ ...s, students: [s.students[0], ...s.students] }), /students\[1\]\.id/],
    ['an unknown block', (s) => ({ ...s, courses: s.courses.map((c, i) => (i === 0 ? { ...c, blocks: ['Z'] } : c)) }), /courses\[0\]\.blocks\[0\].*Z/],
    ['a course chosen twice', (s) => ({ ...s, students: [{ id: 'X2', choices: [s.courses[0].id, s.courses[0].id] }, ...s.students] }), /students\[0\]\.choices\[1\]/],
  ];
  for (const [what, mutate, message] of bad) {
    it(`exits 1 on ${what}, naming the path and value, and writes nothing`, () => {
      const input = join(dir, `${what}.json`);
      const out = join(dir, `${what}.out.json`);
      writeFileSync(input, JSON.stringify(mutate(sample)));
      const run = cli(input, '--out', out);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('exits 1 on JSON that does not parse, with the line', () => {
    const input = join(dir, 'broken.json');
    writeFileSync(input, '{\n  "format": "ks4-scenario/1",\n  "name": "x",\n  "blocks": ["A",]\n}');
    const run = cli(input, '--out', join(dir, 'broken.out.json'));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/line 4/);
    expect(existsSync(join(dir, 'broken.out.json'))).toBe(false);
  });

  it('solves an impossible scenario as far as it can and says why', () => {
    const impossible: Scenario = {
      format: 'ks4-scenario/1',
      name: 'impossible',
      blocks: ['A', 'B'],
      courses: [{ id: 'HIS', name: 'History', maxGroupSize: 30 }, { id: 'GEO', name: 'Geography', maxGroupSize: 30 }, { id: 'LAT', name: 'Latin', maxGroupSize: 30 }],
      staff: [{ id: 'T1', courses: ['HIS', 'GEO'] }],
      students: [{ id: 'S1', choices: ['HIS', 'GEO', 'LAT'] }],
    };
    const input = join(dir, 'impossible.json');
    const out = join(dir, 'impossible.out.json');
    writeFileSync(input, JSON.stringify(impossible));
    const run = cli(input, '--out', out, '--time', '0.5');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Nobody on the staff list can teach LAT/);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.students[0].unmet).toEqual(['LAT']);
    expect(result.students[0].reasons[0]).toMatch(/LAT runs no group/);
  });
});

describe('the ks4 command (package.json bin)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ks4-bin-'));
  // The bin as npm links it: node runs cli/ks4.mjs, which runs the compiled commands (dist-cli/) when they are
  // current and the TypeScript sources in-process otherwise (test/cli-start.test.ts tests the compiled ones).
  const ks4 = (...args: string[]) => spawnSync(process.execPath, [join(root, 'cli/ks4.mjs'), ...args], { encoding: 'utf8', cwd: dir });
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

  it('is the package bin, and the npm scripts of docs/format.md run it', () => {
    expect(pkg.bin).toEqual({ ks4: 'cli/ks4.mjs' });
    for (const c of ['solve', 'check', 'analyse', 'publish', 'preview', 'generate', 'import', 'export']) expect(pkg.scripts[c]).toBe(`node cli/ks4.mjs ${c}`);
  });

  it('as an npm script typed in another folder, reads file names from that folder', () => {
    const sub = join(root, 'data', 'samples');
    const ok = spawnSync('npm', ['run', '--silent', 'check', '--', 'sample-120.json', 'no-such-result.json'], { encoding: 'utf8', cwd: sub });
    // The scenario was found beside the user (it is only the result that is missing), and the hint names their folder.
    expect(ok.status).toBe(1);
    expect(ok.stderr).toContain('no-such-result.json is not a valid result');
    expect(ok.stderr).toContain(`the current one is ${sub}`);
    expect(ok.stderr).not.toContain('sample-120.json');
  });

  it('lists its commands, and names a near miss', () => {
    const help = ks4('--help');
    expect(help.status).toBe(0);
    for (const c of ['solve', 'check', 'analyse', 'publish', 'preview', 'generate', 'import', 'export']) expect(help.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    const typo = ks4('sovle');
    expect(typo.status).toBe(1);
    expect(typo.stderr).toMatch(/Unknown command sovle\. Maybe ks4 solve\?/);
  });

  it('imports course, staff and choices files, solves, checks and exports class lists and the grid', () => {
    const sample: Scenario = JSON.parse(readFileSync(join(root, 'data/samples/sample-120.json'), 'utf8'));
    // Files as a school would have them: written by the planner's own exporters (data/io).
    const write = (name: string, rows: unknown[][]) =>
      writeFileSync(join(dir, name), '\uFEFF' + rows.map((r) => r.map((c) => (c === undefined || c === null ? '' : /[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')).join('\r\n') + '\r\n');
    write('courses.csv', [['Course ID', 'Name', 'Max group size'], ...sample.courses.map((c) => [c.id, c.name, c.maxGroupSize])]);
    write('staff.csv', [['Staff ID', 'Name', 'Courses'], ...(sample.staff ?? []).map((t) => [t.id, t.name, t.courses.join('; ')])]);
    write('choices.csv', [['Student ID', 'Name', 'Choice 1', 'Choice 2', 'Choice 3', 'Choice 4'], ...sample.students.map((s) => [s.id, s.name, ...s.choices])]);
    expect(ks4('import', 'courses.csv', '--out', 's.json', '--blocks', sample.blocks.join(',')).stdout).toMatch(/as a course list .* 23 courses added/);
    expect(ks4('import', 'staff.csv', '--into', 's.json', '--out', 's.json').stdout).toMatch(/as a staff list/);
    const choices = ks4('import', 'choices.csv', '--into', 's.json', '--out', 's.json');
    expect(choices.status, choices.stderr).toBe(0);
    expect(choices.stdout).toMatch(/120 students added/);
    const imported: Scenario = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8'));
    expect(imported.students.map((s) => s.choices)).toEqual(sample.students.map((s) => s.choices));
    expect(ks4('solve', 's.json', '--out', 'r.json', '--time', '1', '--quiet').status).toBe(0);
    expect(ks4('check', 's.json', 'r.json').status).toBe(0);
    const lists = ks4('export', 's.json', 'r.json', '--out', 'lists.xlsx');
    expect(lists.status, lists.stderr).toBe(0);
    expect(readFileSync(join(dir, 'lists.xlsx')).subarray(0, 2).toString()).toBe('PK');
    expect(ks4('export', 's.json', 'r.json', '--out', 'grid.csv', '--what', 'grid').status).toBe(0);
    expect(readFileSync(join(dir, 'grid.csv'), 'utf8')).toMatch(/^\uFEFFBlock A,Block B/);
  });

  it('import writes nothing and lists the rows when a file has problems', () => {
    writeFileSync(join(dir, 'c2.csv'), 'Course ID,Name,Max group size\r\nHIS,History,30\r\n');
    expect(ks4('import', 'c2.csv', '--out', 'two.json').status).toBe(0);
    writeFileSync(join(dir, 'bad.csv'), 'Student ID,Choice 1,Choice 2\r\nS1,HIS,Histroy\r\nS2,HIS,\r\n');
    const run = ks4('import', 'bad.csv', '--into', 'two.json', '--out', 'bad.json');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Row 2, column "Choice 2"/);
    expect(existsSync(join(dir, 'bad.json'))).toBe(false);
    expect(ks4('import', 'bad.csv', '--into', 'two.json', '--out', 'bad.json', '--skip-problem-rows').status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'bad.json'), 'utf8')).students.map((s: { id: string }) => s.id)).toEqual(['S2']);
  });
});

describe('--out that cannot be written (issue 11 item 7)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ks4-out-'));
  const ks4 = (...args: string[]) => spawnSync(process.execPath, [join(root, 'cli/ks4.mjs'), ...args], { encoding: 'utf8', cwd: dir });
  const scenario = join(root, 'data/samples/sample-120.json');
  const result = join(dir, 'r.json');
  const noStack = (run: { stdout: string; stderr: string }) => expect(run.stdout + run.stderr).not.toMatch(/\n\s+at |Error:|Internal failure/);

  it('says which path and why, exits 2, writes nothing and leaves no temporary file', () => {
    expect(ks4('solve', scenario, '--out', result, '--time', '0.5', '--quiet').status).toBe(0);
    writeFileSync(join(dir, 'a-file'), 'x');
    const cases: [string[], RegExp][] = [
      [['solve', scenario, '--out', join(dir, 'missing/r.json'), '--time', '0.5'], /^Cannot write the result to .*missing\/r\.json: no such folder \(ENOENT\)\. Nothing was written\.$/],
      [['publish', scenario, result, '--out', dir], /^Cannot write the offer to .*: it is a folder \(EISDIR\)\. Nothing was written\.$/],
      [['export', scenario, result, '--out', join(dir, 'a-file/grid.csv'), '--what', 'grid'], /^Cannot write the export to .*a-file\/grid\.csv: a part of the path is a file, not a folder \(ENOTDIR\)\. Nothing was written\.$/],
      [['generate', '--students', '10', '--seed', '1', '--out', join(dir, 'missing/s.json')], /^Cannot write the scenario to .*: no such folder \(ENOENT\)\. Nothing was written\.$/],
      [['publish', scenario, result, '--out', '/proc/offer.json'], /^Cannot write the offer to \/proc\/offer\.json: the folder takes no new files \(ENOENT\)\. Nothing was written\.$/],
    ];
    for (const [args, message] of cases) {
      const run = ks4(...args);
      expect(run.status, run.stderr).toBe(2);
      expect(run.stderr.trim()).toMatch(message);
      noStack(run);
    }
    expect(readdirSync(dir).sort()).toEqual(['a-file', 'r.json']);
  });

  it('replaces an existing file whole (a temporary file, then a rename)', () => {
    const offer = join(dir, 'offer.json');
    writeFileSync(offer, 'old');
    const run = ks4('publish', scenario, result, '--out', offer);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(offer, 'utf8')).blocks).toEqual(['A', 'B', 'C', 'D']);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('clips a scenario name of a million characters on the summary line', () => {
    const named = JSON.parse(readFileSync(scenario, 'utf8'));
    named.name = 'Options '.repeat(125_000);
    writeFileSync(join(dir, 'long-name.json'), JSON.stringify(named));
    const run = ks4('solve', 'long-name.json', '--out', 'long.json', '--time', '0.5', '--quiet');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.length).toBeLessThan(1000);
    expect(run.stdout).toMatch(/^Options Options .{40,60}… \(1,000,000 characters\): \d+\/120 students fully satisfied/);
  });
});
