/**
 * Runs one benchmark instance in its own process (so peak memory is this instance's alone) and prints one
 * JSON line with what it measured. Instance specs:
 *   sample:NAME  gen:STUDENTS:SEED  ko:STUDENTS:SEED  svws:DIR
 * Usage: tsx test/bench/run-one.ts SPEC TIME_SECONDS SEED [first]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkResult } from '../../data/checker';
import { generateScenario } from '../../data/generate';
import { knownOptimumScenario } from '../../data/known-optimum';
import { convertSvws } from '../../data/svws';
import { solve } from '../../solver/solve';
import type { Result, Scenario } from '../../solver/types';

const root = fileURLToPath(new URL('../../', import.meta.url));

export async function loadInstance(spec: string): Promise<{ scenario: Scenario; knownOptimum?: number }> {
  const [kind, a, b] = spec.split(':');
  if (kind === 'fit') {
    // Fit mode on the groups a 3-second build found (teachers and rooms kept, students let go).
    const { scenario } = await loadInstance(a.replace(/\//g, ':'));
    const built = await solve(scenario, { timeSeconds: 3, seed: 1 });
    return { scenario: { ...scenario, mode: 'fit', groups: built.groups.map(({ students: _s, pinned: _p, ...g }) => g) } };
  }
  if (kind === 'sample') return { scenario: JSON.parse(readFileSync(`${root}data/samples/${a}.json`, 'utf8')) };
  if (kind === 'gen') return { scenario: generateScenario({ students: Number(a), seed: Number(b) }) };
  if (kind === 'ko') {
    const { scenario } = knownOptimumScenario({ students: Number(a), seed: Number(b) });
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
    }) + '\n',
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    process.stderr.write(String(e?.stack ?? e) + '\n');
    process.exit(2);
  });
}
