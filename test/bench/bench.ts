/**
 * npm run bench: the solver's quality, speed and memory on the embedded samples, generated cohorts,
 * scenarios built around a known perfect blocking, and the real SVWS (Kurs42) blocking data. Every
 * instance runs in its own process; every result is checked by the independent checker.
 * Options: --quick (fewer seeds, shorter limits), --only SUBSTRING.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface Row {
  spec: string;
  seed: number;
  students: number;
  fullySatisfied: number;
  choices: number;
  choicesMet: number;
  upperBound: number | null;
  knownOptimum: number | null;
  groups: number;
  seconds: number;
  bestFoundSeconds: number | null;
  firstPerfectSeconds: number | null;
  spread: number;
  peakMB: number;
  valid: boolean;
  violations: number;
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : '';
const runner = fileURLToPath(new URL('./run-one.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

function run(spec: string, time: number, seed: number, mode = ''): Row | null {
  if (only && !spec.includes(only)) return null;
  const out = spawnSync(tsx, [runner, spec, String(time), String(seed), mode], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (out.status !== 0) {
    console.error(`${spec} seed ${seed} failed (exit ${out.status}):\n${out.stderr}`);
    return null;
  }
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as Row;
}

const pct = (a: number, b: number) => (b === 0 ? 100 : (100 * a) / b).toFixed(1);
const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function table(title: string, rows: Row[]): void {
  if (rows.length === 0) return;
  console.log(`\n## ${title}\n`);
  const head = ['instance', 'seed', 'students', 'fully sat. %', 'choices met %', 'bound', 'known opt.', 'groups', 'seconds', 'best at s', 'first perfect s', 'size spread', 'peak MB', 'valid'];
  const lines = rows.map((r) => [
    r.spec,
    String(r.seed),
    String(r.students),
    pct(r.fullySatisfied, r.students),
    pct(r.choicesMet, r.choices),
    r.upperBound === null ? '-' : String(r.upperBound),
    r.knownOptimum === null ? '-' : String(r.knownOptimum),
    String(r.groups),
    r.seconds.toFixed(2),
    r.bestFoundSeconds === null ? '-' : r.bestFoundSeconds.toFixed(2),
    r.firstPerfectSeconds === null ? '-' : r.firstPerfectSeconds.toFixed(2),
    String(r.spread),
    String(r.peakMB),
    r.valid ? 'yes' : `NO (${r.violations})`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(fmt(head));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const l of lines) console.log(fmt(l));
}

const keep = (r: Row | null): r is Row => r !== null;
const seeds = quick ? [1, 2] : [1, 2, 3, 4, 5];

console.log(`# Benchmark (${new Date().toISOString()}, ${quick ? 'quick' : 'full'})`);

const samples = ['sample-120', 'sample-240', 'sample-360'].map((n) => run(`sample:${n}`, n === 'sample-360' ? 20 : 10, 1)).filter(keep);
table('Embedded samples (10 s; 360: 20 s)', samples);

const generated = [120, 240, 360, 600].map((n) => run(`gen:${n}:1`, n >= 600 ? 30 : n >= 360 ? 20 : 10, 1)).filter(keep);
table('Generated cohorts (seed 1; 10 s, 360: 20 s, 600: 30 s)', generated);

const koSeeds = quick ? [1, 2] : [1, 2, 3];
const known = [120, 240, 360, 600].flatMap((n) => koSeeds.map((s) => run(`ko:${n}:${s}`, 30, 1))).filter(keep);
table('Known perfect blocking exists: tight teachers, rooms and group counts (30 s limit)', known);

const fitted = ['fit:sample/sample-120', 'fit:sample/sample-240', 'fit:gen/600/1'].map((spec) => run(spec, 10, 1)).filter(keep);
table('Fit mode: seating into the groups of an earlier 3 s build (10 s); bound = proven optimum of the exact seating', fitted);

const svwsRows: Row[] = [];
for (const dir of ['blockung001', 'gymabi-ef2018']) for (const seed of seeds) svwsRows.push(...[run(`svws:${dir}`, 10, seed)].filter(keep));
table('SVWS real data: 10 s per run', svwsRows);

if (!only || 'other'.includes(only)) {
  console.log('\n## Other speed targets (one process, this machine)\n');
  const other = spawnSync(tsx, [fileURLToPath(new URL('./other.ts', import.meta.url))], { encoding: 'utf8' });
  console.log(other.status === 0 ? other.stdout.trim() : `failed: ${other.stderr}`);
}

console.log('\n## Summary\n');
if (known.length > 0) {
  const worst = Math.min(...known.map((r) => r.fullySatisfied / r.students));
  const perfect = known.filter((r) => r.fullySatisfied === r.students).length;
  console.log(`- Known-optimum scenarios: ${perfect} of ${known.length} perfect; worst ${(100 * worst).toFixed(1)}% fully satisfied; median time to first perfect ${median(known.filter((r) => r.firstPerfectSeconds !== null).map((r) => r.firstPerfectSeconds!)).toFixed(2)} s.`);
}
const svwsRef: Record<string, number> = { blockung001: 19.6, 'gymabi-ef2018': 3 };
for (const dir of Object.keys(svwsRef)) {
  const rows = svwsRows.filter((r) => r.spec === `svws:${dir}`);
  if (rows.length === 0) continue;
  const firsts = rows.map((r) => r.firstPerfectSeconds ?? Infinity);
  const bests = rows.map((r) => r.bestFoundSeconds ?? Infinity);
  const m = median(firsts);
  console.log(
    `- ${dir}: perfect in ${rows.filter((r) => r.fullySatisfied === r.students).length}/${rows.length} runs; first perfect median ${m.toFixed(2)} s (max ${Math.max(...firsts).toFixed(2)} s), ` +
      `SVWS reference median ${svwsRef[dir]} s, ratio ${(m / svwsRef[dir]).toFixed(3)} (target 0.2); final best found median ${median(bests).toFixed(2)} s; largest size spread ${Math.max(...rows.map((r) => r.spread))}.`,
  );
}
for (const r of [...samples, ...generated]) {
  if (r.students === 240 || r.students >= 600) {
    console.log(`- ${r.spec}: final quality reached at ${r.bestFoundSeconds?.toFixed(2)} s (target ${r.students >= 600 ? 30 : 5} s), peak ${r.peakMB} MB.`);
  }
}
for (const r of fitted) {
  console.log(`- ${r.spec}: ${r.fullySatisfied} fully satisfied, ${r.upperBound === r.fullySatisfied ? 'proven optimal for these groups' : `proven bound ${r.upperBound ?? 'none'}`}, ${r.seconds.toFixed(2)} s.`);
}
const all = [...samples, ...generated, ...known, ...fitted, ...svwsRows];
const invalid = all.filter((r) => !r.valid);
console.log(`- Results checked by the independent checker: ${all.length - invalid.length}/${all.length} valid.`);
if (invalid.length > 0) process.exitCode = 1;

// Scale and memory (test/bench/scale.ts): 1,000 / 5,000 / 20,000 generated students, one process each.
if (!only || 'scale'.includes(only)) {
  const { scaleTable } = await import('./scale');
  const scale = await scaleTable();
  if (scale.some((r) => !r.valid)) process.exitCode = 1;
}
