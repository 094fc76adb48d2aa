/**
 * Runs one benchmark instance in its own process (so peak memory is this instance's alone) and prints one
 * JSON line with what it measured. Instance specs:
 *   sample:NAME  gen:STUDENTS:SEED  ko:STUDENTS:SEED[:BLOCKS]  svws:DIR  itc:SEED  fit:SPEC (slashes for colons)
 * ko takes an optional block count (default 5; 4 blocks with 4 choices puts every student in every block).
 * itc is an ITC-2002-shaped instance at full size (data/itc-shaped.ts: 400 events, 45 periods, 10 rooms,
 * 300 students attending about 20 events), its planted timetable placing every student.
 * Usage: tsx test/bench/run-one.ts SPEC TIME_SECONDS SEED [first]
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkResult } from '../../data/checker';
import { generateScenario } from '../../data/generate';
import { itcShapedScenario } from '../../data/itc-shaped';
import { knownOptimumScenario } from '../../data/known-optimum';
import { convertSvws } from '../../data/svws';
import { solve } from '../../solver/solve';
import type { Result, Scenario } from '../../solver/types';

const root = fileURLToPath(new URL('../../', import.meta.url));

export async function loadInstance(spec: string): Promise<{ scenario: Scenario; knownOptimum?: number }> {
  const [kind, a, b, c] = spec.split(':');
  if (kind === 'fit') {
    // Fit mode on the groups a 3-second build found (teachers and rooms kept, students let go).
    const { scenario } = await loadInstance(a.replace(/\//g, ':'));
    const built = await solve(scenario, { timeSeconds: 3, seed: 1 });
    return { scenario: { ...scenario, mode: 'fit', groups: built.groups.map(({ students: _s, pinned: _p, ...g }) => g) } };
  }
  if (kind === 'sample') return { scenario: JSON.parse(readFileSync(`${root}data/samples/${a}.json`, 'utf8')) };
  if (kind === 'gen') return { scenario: generateScenario({ students: Number(a), seed: Number(b) }) };
  if (kind === 'ko') {
    const { scenario } = knownOptimumScenario({ students: Number(a), seed: Number(b), ...(c !== undefined ? { blocks: Number(c) } : {}) });
    return { scenario, knownOptimum: scenario.students.length };
  }
  if (kind === 'itc') {
    const { scenario } = itcShapedScenario({ seed: Number(a) });
    return { scenario, knownOptimum: scenario.students.length };
  }
  if (kind === 'svws') {
    // The SVWS exports live in the repository, with their licences (data/benchmarks/svws/README.md).
    const { scenario } = convertSvws(`${root}data/benchmarks/svws/${a}`);
    return { scenario, knownOptimum: scenario.students.length };
  }
  throw new Error(`Unknown instance ${spec}`);
}

/** Largest difference in size between groups of one course, over all courses. */
export function sizeSpread(result: Result): number {
  const byCourse = new Map<string, number[]>();
  for (const g of result.groups) byCourse.set(g.course, [...(byCourse.get(g.course) ?? []), g.students.length]);
  let spread = 0;
  for (const sizes of byCourse.values()) spread = Math.max(spread, Math.max(...sizes) - Math.min(...sizes));
  return spread;
}

/**
 * The objective of docs/format.md as a tuple, larger is better, from the result document alone: fully
 * satisfied, choices met, reserves placed, reserve order (minus the sum over placed reserves of how far down
 * the student's list each is), fewer groups, evenness (minus the sum over groups of their size squared).
 * The bench's anytime row compares these term by term between --time T and --time 2T.
 */
export function objectiveTerms(scenario: Scenario, result: Result): { reserveRank: number; sumSquares: number } {
  const reserveLists = new Map<string, string[]>();
  for (const st of scenario.students) if (st.reserves?.length) reserveLists.set(st.id, st.reserves);
  let reserveRank = 0;
  for (const rs of result.students) for (const course of rs.reserves) reserveRank += Math.max(0, (reserveLists.get(rs.id) ?? []).indexOf(course));
  let sumSquares = 0;
  for (const g of result.groups) sumSquares += g.students.length * g.students.length;
  return { reserveRank, sumSquares };
}

/**
 * A digest of what the solve decided (groups with their blocks, years, teachers, rooms and students, and each
 * student's placements), order-free where the order carries no meaning: equal digests, equal results.
 */
export function resultFingerprint(result: Result): string {
  const groups = result.groups
    .map((g) => [g.id, g.course, g.blocks.join(','), g.years.join(','), g.staff.join(','), g.room ?? '', g.students.slice().sort().join(',')].join('|'))
    .sort();
  const students = result.students
    .map((s) => [s.id, Object.entries(s.placed).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([c, g]) => `${c}=${g}`).join(','), s.reserves.join(',')].join('|'))
    .sort();
  return createHash('sha256').update(groups.join('\n')).update('\n--\n').update(students.join('\n')).digest('hex').slice(0, 16);
}

async function main() {
  const [spec, time, seed, mode] = process.argv.slice(2);
  const { scenario, knownOptimum } = await loadInstance(spec);
  const started = Date.now();
  const result = await solve(scenario, { timeSeconds: Number(time), seed: Number(seed), stopWhenPerfect: mode === 'first' });
  const wall = (Date.now() - started) / 1000;
  const verdict = checkResult(scenario, result);
  const s = result.summary;
  process.stdout.write(
    JSON.stringify({
      spec,
      seed: Number(seed),
      students: s.students,
      fullySatisfied: s.fullySatisfied,
      choices: s.choices,
      choicesMet: s.choicesMet,
      reservesUsed: s.reservesUsed,
      ...objectiveTerms(scenario, result),
      upperBound: s.upperBound ?? null,
      knownOptimum: knownOptimum ?? null,
      groups: s.groups,
      seconds: wall,
      bestFoundSeconds: s.bestFoundSeconds ?? null,
      firstPerfectSeconds: s.firstPerfectSeconds ?? null,
      spread: sizeSpread(result),
      peakMB: Math.round(process.resourceUsage().maxRSS / 1024),
      valid: verdict.ok,
      violations: verdict.violations.length,
      stoppedBy: s.stoppedBy ?? null,
      fingerprint: resultFingerprint(result),
    }) + '\n',
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    process.stderr.write(String(e?.stack ?? e) + '\n');
    process.exit(2);
  });
}
