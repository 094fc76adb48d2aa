/**
 * Schools planning together (issue 15), `npm run bench -- --only consortium`:
 *
 * 1. Planted consortia (data/consortium-gen.ts plantedConsortium): 10 schools of 300 pupils with a planted
 *    perfect plan, seeds 1 to 5, 60 s each: target 100% fully satisfied within 60 s of wall time on every seed
 *    (median and slowest seed reported); 20 schools as a scale row with its time and peak memory; and a row of
 *    10 schools of 100 pupils (one group a home course, so each school's blocks must line up with the shared
 *    groups: the search alone stalled there, solver/consortium/relabel.ts), for information.
 * 2. The realistic consortium (4 schools of 4, 5, 5 and 6 blocks, 6 shared courses, places, at most one away
 *    course a pupil, a far-apart buffer): satisfaction per school, pupils travelling, and the gain over each
 *    school planning alone with the shared courses placed by hand in the first common column. That baseline is
 *    the same solve with every shared course held to its first usable column: once the shared groups' columns
 *    are fixed nothing ties one school's blocking to another's (each school's places are within the groups'
 *    size), so it is exactly each school planning alone around the hand-placed shared groups.
 *    Then the same with pupils wanting two shared courses (realisticConsortium pairs): without them the first
 *    column is about as good as any (no pupil wants two shared courses, and each school's blocking adapts around
 *    a shared group wherever it is), so the plain rows show little to gain; the pairs rows show what lining the
 *    shared groups up jointly is worth.
 *
 * Every run is its own process (`--child`), so the peak resident set (VmHWM) is that run's; every joint plan is
 * checked by the consortium check (data/consortium-check.ts), which runs every part through the checker.
 *
 *   npx tsx test/bench/consortium.ts                 the tables
 *   npx tsx test/bench/consortium.ts --child planted SCHOOLS SEED TIME [PUPILS]
 *   npx tsx test/bench/consortium.ts --child realistic SEED TIME [hand] [pairs]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkConsortium } from '../../data/consortium-check';
import { plantedConsortium, realisticConsortium } from '../../data/consortium-gen';
import { sharedColumns } from '../../data/consortium';
import { solveConsortium } from '../../solver/consortium/solve';
import type { MemberFigures } from '../../solver/consortium/types';

interface ChildRow {
  kind: string;
  schools: number;
  seed: number;
  students: number;
  fullySatisfied: number;
  /** Wall seconds inside the child from the call to solveConsortium to its outcome. */
  seconds: number;
  peakMB: number;
  valid: boolean;
  violations: string[];
  members: MemberFigures[];
  repair: { overPlaces: number; buffers: number; closedGroups: number };
  combined: { blocks: number; years: number; courses: number; students: number; collapsed: boolean };
}

function peakMB(): number {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Math.round(Number(m[1]) / 1024);
  } catch {
    // no /proc: the heap's own figure below
  }
  return Math.round(process.memoryUsage().rss / 1048576);
}

async function child(argv: string[]): Promise<void> {
  const [kind, ...rest] = argv;
  const hand = kind === 'realistic' && rest.slice(2).includes('hand');
  const pairs = kind === 'realistic' && rest.slice(2).includes('pairs');
  const g = kind === 'planted' ? plantedConsortium({ schools: Number(rest[0]), seed: Number(rest[1]), pupils: rest[3] ? Number(rest[3]) : undefined }) : realisticConsortium(Number(rest[0]), { pairs });
  const seed = Number(kind === 'planted' ? rest[1] : rest[0]);
  const time = Number(kind === 'planted' ? rest[2] : rest[1]);
  const consortium = g.consortium;
  if (hand) {
    // Each shared course held to the first common column it can use: the schools planning alone around it.
    for (const course of consortium.sharedCourses) course.columns = [sharedColumns(consortium, course)[0]];
  }
  const started = Date.now();
  const outcome = await solveConsortium(consortium, g.scenarios, { timeSeconds: time, seed });
  const seconds = (Date.now() - started) / 1000;
  const check = checkConsortium(consortium, g.scenarios, outcome.parts);
  const row: ChildRow = {
    kind: `${hand ? 'hand' : kind}${pairs ? ' pairs' : ''}`,
    schools: consortium.members.length,
    seed,
    students: outcome.students,
    fullySatisfied: outcome.fullySatisfied,
    seconds,
    peakMB: peakMB(),
    valid: check.ok,
    violations: check.violations.slice(0, 5).map((v) => v.message),
    members: outcome.parts.map((p) => p.figures),
    repair: { overPlaces: outcome.repair.overPlaces, buffers: outcome.repair.buffers, closedGroups: outcome.repair.closedGroups },
    combined: outcome.combined,
  };
  console.log(JSON.stringify(row));
}

const self = fileURLToPath(import.meta.url);
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

function spawnChild(args: string[]): { row: ChildRow | null; wall: number; error?: string } {
  const t = Date.now();
  const out = spawnSync(tsx, [self, '--child', ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const wall = (Date.now() - t) / 1000;
  if (out.status !== 0) return { row: null, wall, error: out.stderr.trim().split('\n').find((l) => /\S/.test(l) && !/^\s+at /.test(l)) ?? `exit ${out.status}` };
  return { row: JSON.parse(out.stdout.trim().split('\n').pop()!) as ChildRow, wall };
}

const median = (xs: number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (a: number, b: number): string => (b === 0 ? '100.0' : ((100 * a) / b).toFixed(1));

function printTable(head: string[], lines: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]): string => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(fmt(head));
  console.log('| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |');
  for (const l of lines) console.log(fmt(l));
}

/**
 * The realistic rows (joint against by hand, per school for the first seed, then a line a seed), of the plain
 * realistic consortium or of its variant with pupils wanting two shared courses. False when a plan breaks a rule.
 */
function realisticSection(withPairs: boolean, REALISTIC_SECONDS: number, realisticSeeds: number[]): boolean {
  let ok = true;
  const flag = withPairs ? ['pairs'] : [];
  const what = withPairs
    ? 'The same consortium with pupils wanting two shared courses (data/consortium-gen.ts pairs: 40% of those wanting an away shared course also want the one their school hosts, whose groups are raised to hold them; by hand the two always clash)'
    : 'Realistic consortium';
  console.log(`\n${what} (4 schools with 4, 5, 5 and 6 blocks, 6 shared courses, at most 1 away course a pupil, west and the college far apart: the column after a course there kept free), ${REALISTIC_SECONDS} s each. Joint: shared groups in any common column; by hand: every shared course in its first common column, each school planning alone around it. Per school for seed ${realisticSeeds[0]}:\n`);
  const pairs = realisticSeeds.map((seed) => ({ seed, joint: spawnChild(['realistic', String(seed), String(REALISTIC_SECONDS), ...flag]), hand: spawnChild(['realistic', String(seed), String(REALISTIC_SECONDS), 'hand', ...flag]) }));
  const first = pairs[0];
  if (!first.joint.row || !first.hand.row) {
    console.log(`failed: ${first.joint.error ?? first.hand.error}`);
    return false;
  }
  const j = first.joint.row;
  const h = first.hand.row;
  const lines = j.members.map((m, i) => {
    const hm = h.members[i];
    const used = Object.values(m.placesUsed).reduce((a, b) => a + b, 0);
    const usedHand = Object.values(hm.placesUsed).reduce((a, b) => a + b, 0);
    return [m.member, String(m.students), `${m.fullySatisfied} (${pct(m.fullySatisfied, m.students)}%)`, `${hm.fullySatisfied} (${pct(hm.fullySatisfied, hm.students)}%)`, `${m.fullySatisfied - hm.fullySatisfied >= 0 ? '+' : ''}${m.fullySatisfied - hm.fullySatisfied}`, `${m.travelling} / ${hm.travelling}`, `${used} / ${usedHand}`];
  });
  lines.push(['all', String(j.students), `${j.fullySatisfied} (${pct(j.fullySatisfied, j.students)}%)`, `${h.fullySatisfied} (${pct(h.fullySatisfied, h.students)}%)`, `${j.fullySatisfied - h.fullySatisfied >= 0 ? '+' : ''}${j.fullySatisfied - h.fullySatisfied}`, `${j.members.reduce((n, m) => n + m.travelling, 0)} / ${h.members.reduce((n, m) => n + m.travelling, 0)}`, '']);
  printTable(['school', 'pupils', 'joint fully satisfied', 'by hand', 'gain', 'travelling joint / hand', 'shared seats joint / hand'], lines);
  console.log(`\n- Seed ${first.seed}: the joint plan ${j.valid ? 'passes' : 'FAILS'} the consortium check, the by-hand plan ${h.valid ? 'passes' : 'FAILS'}. Repair after the search (joint): ${j.repair.overPlaces} seats over a school's places, ${j.repair.buffers} in buffers, ${j.repair.closedGroups} groups closed; ${j.seconds.toFixed(1)} s, peak ${j.peakMB} MB.`);
  const shares = j.members.map((m) => m.fullySatisfied / m.students);
  console.log(`- Fairness (seed ${first.seed}): lowest school ${(100 * Math.min(...shares)).toFixed(1)}%, highest ${(100 * Math.max(...shares)).toFixed(1)}%; no school below its by-hand figure: ${j.members.every((m, i) => m.fullySatisfied >= h.members[i].fullySatisfied) ? 'yes' : `no (${j.members.filter((m, i) => m.fullySatisfied < h.members[i].fullySatisfied).map((m) => m.member).join(', ')})`}.`);
  const gains: number[] = [];
  for (const p of pairs) {
    if (!p.joint.row || !p.hand.row) {
      console.log(`- Seed ${p.seed}: failed: ${p.joint.error ?? p.hand.error}`);
      ok = false;
      continue;
    }
    gains.push(p.joint.row.fullySatisfied - p.hand.row.fullySatisfied);
    if (!p.joint.row.valid || !p.hand.row.valid) ok = false;
    console.log(`- Seed ${p.seed}: joint ${p.joint.row.fullySatisfied} of ${p.joint.row.students}, by hand ${p.hand.row.fullySatisfied} (gain ${gains[gains.length - 1] >= 0 ? '+' : ''}${gains[gains.length - 1]}); repair after the joint search: ${p.joint.row.repair.overPlaces} seats over places, ${p.joint.row.repair.buffers} in buffers; check ${p.joint.row.valid && p.hand.row.valid ? 'ok' : 'FAILED'}.`);
  }
  if (gains.length > 1) console.log(`- Gain of the joint plan over by hand: median ${median(gains)} pupils over ${gains.length} seeds.`);
  return ok;
}

/** Prints the section; false when a target is missed or a plan breaks a rule. */
export async function consortiumSection(quick = false): Promise<boolean> {
  let ok = true;
  const PLANTED_SECONDS = 60;
  const seeds = quick ? [1, 2] : [1, 2, 3, 4, 5];
  console.log(`\n## Consortium: schools planning together (issue 15)\n`);
  console.log(`Planted consortia: 300 pupils a school, 6 shared courses with demand = places = one group's size, ${PLANTED_SECONDS} s limit, stops at the first perfect plan; wall = the child process from start to exit.\n`);
  const planted: { schools: number; seed: number; size: number; row: ChildRow | null; wall: number; error?: string }[] = [];
  for (const seed of seeds) planted.push({ schools: 10, seed, size: 300, ...spawnChild(['planted', '10', String(seed), String(PLANTED_SECONDS)]) });
  planted.push({ schools: 20, seed: 1, size: 300, ...spawnChild(['planted', '20', '1', String(PLANTED_SECONDS)]) });
  planted.push({ schools: 10, seed: 1, size: 100, ...spawnChild(['planted', '10', '1', String(PLANTED_SECONDS), '100']) });
  printTable(
    ['schools', 'a school', 'seed', 'pupils', 'fully satisfied', 'solve s', 'wall s', 'peak MB', 'combined grid', 'check'],
    planted.map(({ schools, size, seed, row, wall, error }) =>
      row
        ? [String(schools), String(size), String(seed), String(row.students), `${row.fullySatisfied} (${pct(row.fullySatisfied, row.students)}%)`, row.seconds.toFixed(2), wall.toFixed(2), String(row.peakMB), `${row.combined.blocks} blocks x ${row.combined.years} years`, row.valid ? 'ok' : `FAILED: ${row.violations[0]}`]
        : [String(schools), String(size), String(seed), '-', `failed: ${error}`, '-', wall.toFixed(2), '-', '-', '-'],
    ),
  );
  const tens = planted.filter((p) => p.schools === 10 && p.size === 300);
  const perfect = tens.filter((p) => p.row && p.row.fullySatisfied === p.row.students && p.wall <= PLANTED_SECONDS && p.row.valid);
  const walls = tens.map((p) => p.wall);
  const slowest = tens.reduce((a, b) => (b.wall > a.wall ? b : a));
  console.log(`\n- 10 schools: ${perfect.length} of ${tens.length} seeds 100% within ${PLANTED_SECONDS} s (target all); wall median ${median(walls).toFixed(2)} s, slowest seed ${slowest.seed} at ${slowest.wall.toFixed(2)} s.`);
  const twenty = planted.find((p) => p.schools === 20)!;
  const small = planted.find((p) => p.size === 100)!;
  console.log(`- 20 schools (scale row): ${twenty.row ? `${pct(twenty.row.fullySatisfied, twenty.row.students)}% in ${twenty.wall.toFixed(2)} s wall, peak ${twenty.row.peakMB} MB` : `failed: ${twenty.error}`}.`);
  console.log(`- 10 schools of 100 pupils (for information): ${small.row ? `${small.row.fullySatisfied} of ${small.row.students} in ${small.wall.toFixed(2)} s wall` : `failed: ${small.error}`}.`);
  if (perfect.length < tens.length) ok = false;
  if (planted.some((p) => !p.row || !p.row.valid)) ok = false;

  const REALISTIC_SECONDS = quick ? 10 : 30;
  const realisticSeeds = quick ? [1] : [1, 2, 3];
  if (!realisticSection(false, REALISTIC_SECONDS, realisticSeeds)) ok = false;
  if (!realisticSection(true, REALISTIC_SECONDS, realisticSeeds)) ok = false;
  return ok;
}

if (process.argv[2] === '--child') {
  await child(process.argv.slice(3));
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const good = await consortiumSection(process.argv.includes('--quick'));
  process.exitCode = good ? 0 : 1;
}
