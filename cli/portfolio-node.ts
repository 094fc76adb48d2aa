/**
 * The command line's portfolio (solver/portfolio.ts) on Node worker threads: worker 0 in this thread, each
 * other worker a thread running cli/solve-worker.ts, started once and reused for every round. `solveOnCores`
 * is the entry point; with one worker it runs solve() in this thread, exactly as before the portfolio.
 *
 * Finding the worker: bundled (dist-cli/*.mjs, scripts/build-cli.mjs) the entry is dist-cli/solve-worker.mjs beside this file;
 * from the TypeScript sources (tsx, vitest) it is cli/solve-worker.ts, which a worker thread can load only
 * with tsx's loader registered inside it (on Node 20 `execArgv: ['--import', 'tsx']` does not reach a
 * worker's module loader, so a two-line bootstrap registers it and imports the entry).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SolveOptions, SolveProgress } from '../solver/api';
import { ModelError } from '../solver/model';
import { solvePortfolio, type PortfolioRunner, type RunnerSolveOptions } from '../solver/portfolio';
import type { Result, Scenario } from '../solver/types';
import { createSolverApi } from '../solver/worker-api';
import type { WorkerReply, WorkerRequest } from './solve-worker';

/**
 * The default number of workers: one per core this process may use. Measured on 2 shared cores under a load
 * of 4 to 8 (test/bench/portfolio.ts, ko:120:1..3 and gymabi-ef2018, seeds 1 to 3): 2 workers reach the same
 * blockings as one; to finish, median 0.64 s against 0.34 s over seeds 1 to 3 (the thread's start and the last
 * step weigh on these sub-second instances) and 0.88 s against 1.38 s in another run of seed 1 twice (ko:120:2
 * 0.87 s against 1.32 s; ko:120:3's first perfect 0.34 s against 0.10 s); on sample-120 2 workers keep the one
 * worker's 110 and 111 (worker 0 is the one-worker search); ko:300:3 was 300 of 300 with 2 workers, 299 with
 * one. A quiet machine gives each worker its own core, where worker 0 loses nothing to the others, so the
 * default stays one per core; `--workers 1` is the choice on a machine that other work keeps busy.
 */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** A running worker thread with its runner; `close` ends the thread. */
interface ThreadRunner extends PortfolioRunner {
  close(): Promise<void>;
}

/** The worker thread's entry and how to start it, from the sources or from the bundle. */
function workerSource(): { code: string; eval: true } | { url: URL; eval: false } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) {
    const bundled = new URL('./solve-worker.mjs', here);
    if (existsSync(fileURLToPath(bundled))) return { url: bundled, eval: false };
  }
  const entry = new URL('./solve-worker.ts', here);
  // tsx's ESM register API (the package's ESM build: its CommonJS build cannot register from a worker).
  const api = pathToFileURL(createRequire(here).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const code = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return { code, eval: true };
}

function startThread(index: number): ThreadRunner {
  const source = workerSource();
  const worker = source.eval ? new Worker(source.code, { eval: true, name: `ks4-solve-${index}` }) : new Worker(source.url, { name: `ks4-solve-${index}` });
  // Each call carries the scenario (a structured copy, a few milliseconds at 600 students): the thread keeps
  // no state between rounds.
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: Result) => void; reject: (e: Error) => void; onProgress?: (p: SolveProgress) => void }>();
  let failure: Error | null = null;
  const failAll = (e: Error) => {
    failure = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('message', (reply: WorkerReply) => {
    if (reply.type === 'ready') return;
    const call = pending.get(reply.id);
    if (!call) return;
    if (reply.type === 'progress') call.onProgress?.(reply.progress);
    else {
      pending.delete(reply.id);
      if (reply.type === 'result') call.resolve(reply.result);
      else {
        // A scenario the solver refuses reads as ModelError here too, so the command line exits 1 with its message.
        const e = reply.modelError ? new ModelError(reply.message) : new Error(reply.message);
        if (reply.stack) e.stack = reply.stack;
        call.reject(e);
      }
    }
  });
  worker.on('error', (e: Error) => failAll(new Error(`Solver worker ${index} failed: ${e.message}`, { cause: e })));
  worker.on('exit', (code) => {
    if (pending.size > 0 || code !== 0) failAll(failure ?? new Error(`Solver worker ${index} stopped (exit code ${code}).`));
  });
  const send = (request: WorkerRequest) => worker.postMessage(request);
  return {
    // Posted at once, even while the thread still loads (Node queues a worker's messages until it listens):
    // the requests of a round go out before worker 0's solve in this thread holds the event loop.
    solve(scenario: Scenario, options: RunnerSolveOptions, onProgress?: (p: SolveProgress) => void): Promise<Result> {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise<Result>((resolve, reject) => {
        pending.set(id, { resolve, reject, onProgress });
        send({ type: 'solve', id, scenario, options });
      });
    },
    cancel() {
      for (const id of pending.keys()) send({ type: 'cancel', id });
    },
    async close() {
      await worker.terminate();
    },
  };
}

/**
 * Solves with `workers` searches in parallel (default: one per core) and returns the portfolio's result;
 * `workers` 1 runs solve() in this thread, as before the portfolio.
 */
export async function solveOnCores(scenario: Scenario, options: SolveOptions, workers = defaultWorkers()): Promise<Result> {
  if (workers <= 1) {
    const { solve } = await import('../solver');
    return solve(scenario, options);
  }
  const pool = portfolioRunners(workers);
  try {
    return await solvePortfolio(scenario, options, pool.runners);
  } finally {
    await pool.close();
  }
}

/**
 * The portfolio's `count` runners: worker 0 in this thread (it idles otherwise while the threads search, and
 * starts at once: its one search, on the caller's seed, is the one-worker solve's own, without waiting for a
 * thread to load), the others on worker threads started now. The portfolio's clock starts with them, so the
 * time limit and the summary's times count the threads' load (about 0.1 s compiled, more from the sources
 * under tsx), as a user waits for it. `close` ends the threads. The bench also runs it with one runner, to
 * tell the rounds' restarts from the parallelism.
 */
export function portfolioRunners(count: number): { runners: PortfolioRunner[]; close(): Promise<void> } {
  const threads = Array.from({ length: Math.max(0, count - 1) }, (_, i) => startThread(i + 1));
  return {
    runners: [inThisThread(), ...threads],
    close: async () => {
      await Promise.all(threads.map((t) => t.close()));
    },
  };
}

/**
 * Worker 0 in this thread. Its solve starts after a turn of the event loop, so the portfolio's requests to
 * the threads for the same round are posted first (a solve here compiles and constructs without a break).
 */
function inThisThread(): PortfolioRunner {
  const api = createSolverApi();
  // cancel() ends every call made before it, including one still waiting for its turn.
  let generation = 0;
  return {
    async solve(scenario, options, onProgress) {
      const mine = generation;
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      const answer = api.solve(scenario, options, onProgress);
      if (generation !== mine) api.cancel();
      return answer;
    },
    cancel() {
      generation++;
      api.cancel();
    },
  };
}
