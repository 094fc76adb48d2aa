/**
 * The portfolio against one search: each instance solved with each worker count in turn (interleaved, so a
 * change in the machine's load falls on both), through the command line's runner (cli/portfolio-node.ts:
 * worker threads, or this thread for one worker). Prints one JSON line a run, then a table of medians.
 *
 *   tsx test/bench/portfolio.ts TIME_SECONDS WORKERS[,WORKERS...] SPEC [SPEC...] [--seed N] [--repeat N]
 *   tsx test/bench/portfolio.ts 10 1,2 ko:120:1 ko:120:2 sample:sample-120 sample:sample-240
 *
 * Specs are run-one.ts's (sample:NAME, gen:STUDENTS:SEED, ko:STUDENTS:SEED, svws:DIR). A worker count
 * written `1p` runs the portfolio's rounds on this thread alone: its restarts from the shared best without
 * the parallelism (plain `1` is one solve in this thread, as the command line runs it).
 */
import { checkResult } from '../../data/checker';
import { portfolioRunners, solveOnCores } from '../../cli/portfolio-node';
import { solvePortfolio } from '../../solver/portfolio';
import { loadInstance } from './run-one';

interface Row {
  spec: string;
  workers: string;
  fullySatisfied: number;
  students: number;
  knownOptimum: number | null;
  upperBound: number | null;
  groups: number;
  bestFoundSeconds: number | null;
  firstPerfectSeconds: number | null;
  seconds: number;
  stoppedBy: string | null;
  valid: boolean;
}

const median = (xs: number[]) => {
  if (xs.length === 0) return NaN;
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const argv = process.argv.slice(2);
  const flag = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    if (i < 0) return fallback;
    const v = Number(argv[i + 1]);
    argv.splice(i, 2);
    return v;
  };
  const seed = flag('--seed', 1);
  const repeat = flag('--repeat', 1);
  const [time, workerList, ...specs] = argv;
  if (!time || !workerList || specs.length === 0) {
    process.stderr.write('Usage: tsx test/bench/portfolio.ts TIME_SECONDS WORKERS[,WORKERS...] SPEC [SPEC...] [--seed N] [--repeat N]\n');
    process.exit(2);
  }
  const counts = workerList.split(',');
  const rows: Row[] = [];
  for (let r = 0; r < repeat; r++) {
    for (const spec of specs) {
      const { scenario, knownOptimum } = await loadInstance(spec);
      for (const workers of counts) {
        const started = Date.now();
        const options = { timeSeconds: Number(time), seed };
        let result;
        if (workers.endsWith('p')) {
          const pool = portfolioRunners(Number(workers.slice(0, -1)));
          result = await solvePortfolio(scenario, options, pool.runners).finally(() => pool.close());
        } else result = await solveOnCores(scenario, options, Number(workers));
        const s = result.summary;
        const row: Row = {
          spec,
          workers,
          fullySatisfied: s.fullySatisfied,
          students: s.students,
          knownOptimum: knownOptimum ?? null,
          upperBound: s.upperBound ?? null,
          groups: s.groups,
          bestFoundSeconds: (s.bestFoundSeconds as number | undefined) ?? null,
          firstPerfectSeconds: (s.firstPerfectSeconds as number | undefined) ?? null,
          seconds: (Date.now() - started) / 1000,
          stoppedBy: s.stoppedBy ?? null,
          valid: checkResult(scenario, result).ok,
        };
        rows.push(row);
        process.stdout.write(JSON.stringify(row) + '\n');
      }
    }
  }
  process.stdout.write('\nworkers | runs | fully satisfied (sum) | perfect runs | median time to best (s) | median wall (s) | all valid\n');
  for (const workers of counts) {
    const mine = rows.filter((r) => r.workers === workers);
    const perfect = mine.filter((r) => r.fullySatisfied === r.students).length;
    process.stdout.write(
      `${workers} | ${mine.length} | ${mine.reduce((n, r) => n + r.fullySatisfied, 0)} | ${perfect} | ` +
        `${median(mine.map((r) => r.bestFoundSeconds ?? NaN).filter(Number.isFinite)).toFixed(2)} | ${median(mine.map((r) => r.seconds)).toFixed(2)} | ${mine.every((r) => r.valid)}\n`,
    );
  }
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(2);
});
