/**
 * Hostile documents (issue 11 items 2, 3, 4, 6, 7) against solve, check, analyse and publish: every file of
 * test/fixtures/hostile/documents (manifest.json, written by make-documents.ts) and the big ones
 * makeRuntimeDocuments writes into a temporary folder (a 60 MB file of "[", megabyte-long names).
 *
 * A refused document: exit 1, a message matching the manifest's, the same message from every command,
 * no stack trace, nothing written (no file, no temporary file). A handled one: exit 0 from each, and the
 * independent checker (ks4 check) says the solve's result keeps all rules. No output floods the screen
 * with a document's string: a megabyte-long name or id is clipped.
 *
 * The CLI is spawned (node cli/ks4.mjs; two documents at a time, solve first, then the other three
 * together) for every document except the schema mutations,
 * whose refusal comes from the same reader and schema; those run each command's main() in this process
 * (fast), and three of them are spawned too to show the two ways print the same. preview (offers) and
 * export are spawned on a few of the files, and preview on offers whose course ids are __proto__ and the
 * like. Prints
 * "hostile documents: N tried, N handled, N failed" (commands x files).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as analyseMain } from '../cli/analyse';
import { main as checkMain } from '../cli/check';
import { main as publishMain } from '../cli/publish';
import { main as solveMain } from '../cli/solve';
import { makeRuntimeDocuments, type HostileCase } from './fixtures/hostile/documents/make-documents';

const root = join(import.meta.dirname, '..');
const DOCS = join(root, 'test/fixtures/hostile/documents');
const SAMPLE = join(root, 'data/samples/sample-120.json');
const COMMANDS = ['solve', 'check', 'analyse', 'publish'] as const;
type Command = (typeof COMMANDS)[number];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const STACK = /\n\s+at .+[:(]\d+:\d+|RangeError|TypeError|Maximum call stack|Internal failure/;
/** More than this on stderr, or on stdout apart from analyse's JSON, is a flood. */
const FLOOD = 5_000;

function spawnKs4(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'cli/ks4.mjs'), ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const MAINS: Record<Command, (argv: string[]) => number | Promise<number>> = {
  solve: solveMain,
  check: checkMain,
  analyse: (argv) => analyseMain(argv),
  publish: publishMain,
};

/** A command's main() in this process, its console and standard streams captured (one at a time). */
async function inProcess(command: Command, args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { log: console.log, error: console.error, out: process.stdout.write, err: process.stderr.write };
  console.log = (...a: unknown[]) => void out.push(`${a.join(' ')}\n`);
  console.error = (...a: unknown[]) => void err.push(`${a.join(' ')}\n`);
  process.stdout.write = ((s: string | Uint8Array) => out.push(String(s)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => err.push(String(s)) > 0) as typeof process.stderr.write;
  let code: number;
  try {
    code = await MAINS[command](args);
  } catch (e) {
    err.push(`Internal failure: ${(e as Error).stack}\n`);
    code = 2;
  } finally {
    console.log = saved.log;
    console.error = saved.error;
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Runs `tasks` with at most `width` at once. */
async function pool<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}

/** Schema mutations: refused by the shared schema, run in process (and three spawned). */
const inProcessCase = (c: HostileCase) => c.role === 'scenario' && c.expect === 'refused' && /^(ref|num|dup|type)-/.test(c.file);
const SPAWNED_TOO = new Set(['ref-reserve.json', 'num-fractional-size.json', 'dup-sites.json']);

const manifest: HostileCase[] = JSON.parse(readFileSync(join(DOCS, 'manifest.json'), 'utf8')).cases;
const tmp = mkdtempSync(join(tmpdir(), 'ks4-hostile-'));
let baseResult: string;
let runtime: HostileCase[] = [];
const failures: string[] = [];
let tried = 0;
let handled = 0;
const seen: Record<string, string> = {};

beforeAll(async () => {
  runtime = makeRuntimeDocuments(tmp);
  baseResult = join(tmp, 'sample-120.result.json');
  const solved = await spawnKs4(['solve', SAMPLE, '--out', baseResult, '--time', '1', '--quiet'], tmp);
  if (solved.code !== 0) throw new Error(`The sample does not solve: ${solved.stderr}`);
}, 60_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The checks of one case; `runs` holds each command's run, `folder` is where it was told to write. */
function judge(c: HostileCase, runs: Record<Command, Run>, folder: string, how: string): void {
  const problems: string[] = [];
  const say = (command: Command | '*', what: string) => problems.push(`${c.file} (${c.about}) ${command} [${how}]: ${what}`);
  for (const command of COMMANDS) {
    const r = runs[command];
    const before = problems.length;
    const all = r.stdout + r.stderr;
    if (STACK.test(all)) say(command, `a stack trace or internal failure:\n${all.slice(0, 600)}`);
    if (r.stderr.length > FLOOD || (command !== 'analyse' && r.stdout.length > FLOOD)) say(command, `${all.length} characters of output (a document string not clipped?)`);
    if (c.expect === 'refused') {
      if (r.code !== 1) say(command, `exit ${r.code}, expected 1:\n${all.slice(0, 400)}`);
      if (!new RegExp(c.message ?? '.').test(r.stderr)) say(command, `message does not match /${c.message}/:\n${r.stderr.slice(0, 400)}`);
    } else if (r.code !== 0) say(command, `exit ${r.code}, expected 0:\n${all.slice(0, 600)}`);
    if (problems.length === before) handled++;
    tried++;
  }
  if (c.expect === 'refused') {
    // The same words from every command: identical for a scenario; for a result, solve says "result to
    // start from" in its first line, so the lines after it.
    const body = (r: Run) => (c.role === 'scenario' ? r.stderr : r.stderr.split('\n').slice(1).join('\n'));
    const messages = new Set(COMMANDS.map((command) => body(runs[command])));
    if (messages.size !== 1) say('*', `the commands refuse with different messages:\n${COMMANDS.map((command) => `${command}: ${runs[command].stderr}`).join('\n')}`);
    const left = readdirSync(folder);
    if (left.length > 0) say('*', `files written on refusal: ${left.join(', ')}`);
    seen[c.file] = runs.solve.stderr;
  } else {
    if (!/^OK: result keeps all rules/.test(runs.check.stdout)) say('check', `the checker does not pass the solve's result:\n${runs.check.stdout.slice(0, 600)}`);
    if (!existsSync(join(folder, 'offer.json'))) say('publish', 'no offer written');
    const summary = runs.solve.stdout.split('\n')[0];
    if (summary.length > 400) say('solve', `the summary line is ${summary.length} characters`);
    seen[c.file] = summary;
  }
  failures.push(...problems);
}

function argvFor(c: HostileCase, path: string, folder: string, command: Command): string[] {
  const result = c.role === 'result' ? path : c.expect === 'handled' ? join(folder, 'result.json') : baseResult;
  const scenario = c.role === 'scenario' ? path : SAMPLE;
  switch (command) {
    case 'solve':
      return c.role === 'result'
        ? ['solve', scenario, '--from', path, '--out', join(folder, 'result.json'), '--time', '1', '--quiet']
        : ['solve', scenario, '--out', join(folder, 'result.json'), '--time', '1', '--quiet'];
    case 'check':
      return ['check', scenario, result];
    case 'analyse':
      return ['analyse', scenario, result, '--summary'];
    case 'publish':
      return ['publish', scenario, result, '--out', join(folder, 'offer.json')];
  }
}

describe('hostile documents against solve, check, analyse and publish', () => {
  it('refuses or handles every document, the same way from every command', async () => {
    const cases = [...manifest.map((c) => ({ c, path: join(DOCS, c.file) })), ...runtime.map((c) => ({ c, path: join(tmp, c.file) }))];
    let n = 0;
    const folderFor = (c: HostileCase, how: string) => {
      const folder = join(tmp, `${how}-${n++}-${c.file}`);
      mkdirSync(folder);
      return folder;
    };

    // In process, one at a time: the schema mutations.
    for (const { c, path } of cases.filter(({ c }) => inProcessCase(c))) {
      const folder = folderFor(c, 'main');
      const runs = {} as Record<Command, Run>;
      for (const command of COMMANDS) runs[command] = await inProcess(command, argvFor(c, path, folder, command).slice(1));
      judge(c, runs, folder, 'main()');
    }

    // Spawned, two documents at a time; solve runs first, as for a handled document the others read its result.
    const spawned = cases.filter(({ c }) => !inProcessCase(c) || SPAWNED_TOO.has(c.file));
    await pool(
      spawned.map(({ c, path }) => async () => {
        const folder = folderFor(c, 'cli');
        const runs = {} as Record<Command, Run>;
        runs.solve = await spawnKs4(argvFor(c, path, folder, 'solve'), folder);
        const rest = await Promise.all(COMMANDS.slice(1).map((command) => spawnKs4(argvFor(c, path, folder, command), folder)));
        COMMANDS.slice(1).forEach((command, i) => (runs[command] = rest[i]));
        judge(c, runs, folder, 'cli');
        if (SPAWNED_TOO.has(c.file)) {
          const inside = await inProcess('check', argvFor(c, path, folder, 'check').slice(1));
          if (inside.stderr !== runs.check.stderr) failures.push(`${c.file}: check in process and spawned differ:\n${inside.stderr}\n---\n${runs.check.stderr}`);
        }
      }),
      2,
    );

    process.stdout.write(`hostile documents: ${tried} tried, ${handled} handled, ${tried - handled} failed (${COMMANDS.length} commands x ${tried / COMMANDS.length} files)\n`);
    for (const file of ['deep-100000.json', 'latin1-name.json', 'overlong-id.json', 'surrogate-id.json', 'brackets-60mb.json', 'choice-1mb.json', 'name-1mb.json']) {
      process.stdout.write(`  ${file}: ${(seen[file] ?? '').trim().split('\n').slice(-1)[0]}\n`);
    }
    expect(failures).toEqual([]);
    expect(tried - handled).toBe(0);
  }, 240_000);
});

describe('the same reader for preview (offers) and export', () => {
  it('refuses hostile offers and documents with the same words, and previews ids named like Object.prototype', async () => {
    const folder = join(tmp, 'preview-export');
    mkdirSync(folder);
    const problems: string[] = [];
    let count = 0;
    const expectRun = (what: string, r: Run, code: number, message: RegExp) => {
      count++;
      const all = r.stdout + r.stderr;
      if (r.code !== code || !message.test(code === 0 ? r.stdout : r.stderr) || STACK.test(all) || r.stderr.length > FLOOD) {
        problems.push(`${what}: exit ${r.code}, expected ${code} and /${message.source}/:\n${all.slice(0, 500)}`);
      }
    };
    const offers: [string, RegExp][] = [
      [join(DOCS, 'deep-100000.json'), /more than 64 levels deep/],
      [join(DOCS, 'latin1-result.json'), /not UTF-8: line 1, column 41 \(byte offset 40\)/],
      [join(DOCS, 'surrogate-id.json'), /encoded UTF-16 surrogate/],
      [join(DOCS, 'not-json-result.json'), /not valid JSON/],
      [join(tmp, 'brackets-60mb.json'), /is 62,914,560 bytes; the largest accepted is 52,428,800/],
    ];
    const runs = await pool(
      [
        ...offers.map(([offer]) => () => spawnKs4(['preview', offer, '--choices', 'HIS,GEO'], folder)),
        // export: an invalid scenario in the words solve used; a hostile result.
        () => spawnKs4(['export', join(DOCS, 'ref-reserve.json'), baseResult, '--out', join(folder, 'x.csv')], folder),
        () => spawnKs4(['export', SAMPLE, join(DOCS, 'deep-result-100000.json'), '--out', join(folder, 'x.csv')], folder),
        () => spawnKs4(['export', join(DOCS, 'latin1-name.json'), baseResult, '--out', join(folder, 'x.xlsx')], folder),
      ],
      3,
    );
    offers.forEach(([offer, message], i) => expectRun(`preview ${offer}`, runs[i], 1, message));
    const [invalid, deepResult, latin1] = runs.slice(offers.length);
    expectRun('export ref-reserve.json', invalid, 1, /students\[0\]\.reserves\[0\]: "NOPE"/);
    const solveWords = (await inProcess('solve', [join(DOCS, 'ref-reserve.json'), '--out', join(folder, 'r.json')])).stderr;
    if (invalid.stderr !== solveWords) problems.push(`export and solve refuse ref-reserve.json differently:\n${invalid.stderr}\n---\n${solveWords}`);
    expectRun('export with a deep result', deepResult, 1, /more than 64 levels deep/);
    expectRun('export latin1-name.json', latin1, 1, /not UTF-8/);
    if (readdirSync(folder).length > 0) problems.push(`written on refusal: ${readdirSync(folder).join(', ')}`);

    // Previews of offers published from scenarios whose ids are Object.prototype's names.
    for (const name of ['proto', 'constructor', 'toString', 'hasOwnProperty']) {
      const published = readdirSync(tmp).find((f) => f.endsWith(`-ids-${name}-course.json`));
      const offer = published && join(tmp, published, 'offer.json');
      if (!offer || !existsSync(offer)) {
        problems.push(`no offer was published for ids-${name}-course.json`);
        continue;
      }
      const id = name === 'proto' ? '__proto__' : name;
      const r = await spawnKs4(['preview', offer, '--choices', `${id},GEO,FRE`, '--reserves', 'ART'], folder);
      expectRun(`preview with course ${id}`, r, 0, /"fits"/);
      if (r.code === 0 && !JSON.stringify(JSON.parse(r.stdout).placement ?? {}).includes(id)) problems.push(`preview with course ${id}: ${id} is not in the placement: ${r.stdout.slice(0, 300)}`);
    }
    process.stdout.write(`preview and export: ${count} tried, ${count - problems.length} handled, ${problems.length} failed\n`);
    expect(problems).toEqual([]);
  }, 120_000);
});
