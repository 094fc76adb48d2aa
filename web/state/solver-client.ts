/**
 * The solver as the planner sees it: the comlink API of solver/worker-api.ts, running in a module Web
 * Worker. comlink alone never settles a call whose worker died (an out-of-memory crash, an uncaught
 * error at load), so every call here also races the worker's `error` event: a crash rejects the pending
 * calls with a plain message, and the next call starts a fresh worker. With several workers, one crash
 * fails the solve (the portfolio stops the others).
 */
import * as Comlink from 'comlink';
import { solvePortfolio, type PortfolioRunner, type SolveProgress, type Group, type Result, type Scenario, type SolverApi, type WorkerSolveOptions } from '../../solver';

/** What the store needs from a solver; tests pass the in-process API of solver/worker-api.ts. */
export interface SolverPort {
  solve(scenario: Scenario, options: WorkerSolveOptions, onProgress?: (p: SolveProgress) => void): Promise<Result>;
  cancel(): void;
  reseat(scenario: Scenario, groups: Group[], options?: { timeSeconds?: number; seed?: number }): Promise<Result>;
}

export class WorkerCrashed extends Error {}

/**
 * Web Workers for a solve: one per core the browser reports, at most four (each holds the scenario and a
 * search's state; more would crowd the planner's own thread on a laptop). One where the browser does not
 * say (and in Node, where the tests drive this module).
 */
export const MAX_WEB_WORKERS = 4;
function defaultWorkerCount(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
  return Math.max(1, Math.min(MAX_WEB_WORKERS, cores ?? 1));
}

/**
 * The planner's solver: `workers` Web Workers (default: defaultWorkerCount). With more than one, a solve runs
 * the portfolio of solver/portfolio.ts across them (the same seed, time and number of workers give the same
 * result); re-seating, which must answer at once, and a re-solve with a published reference use the first
 * worker alone.
 */
export function workerSolver(makeWorker: () => Worker = defaultWorker, workers = defaultWorkerCount()): SolverPort {
  type Slot = { worker: Worker; api: Comlink.Remote<SolverApi>; crashed: Promise<never> };
  const slots: (Slot | null)[] = new Array(Math.max(1, workers)).fill(null);

  const start = (i: number): Slot => {
    const worker = makeWorker();
    let fail!: (e: Error) => void;
    const crashed = new Promise<never>((_, reject) => (fail = reject));
    crashed.catch(() => undefined); // observed by whichever call is pending; none may be
    const onCrash = (why: string) => {
      if (slots[i]?.worker === worker) slots[i] = null;
      worker.terminate();
      fail(new WorkerCrashed(`The solver stopped unexpectedly (${why}).`));
    };
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      onCrash(e.message || 'the worker raised an error');
    });
    worker.addEventListener('messageerror', () => onCrash('a message could not be read'));
    const slot = { worker, api: Comlink.wrap<SolverApi>(worker), crashed };
    slots[i] = slot;
    return slot;
  };
  const get = (i: number) => slots[i] ?? start(i);
  const solveIn = (i: number, scenario: Scenario, options: WorkerSolveOptions, onProgress?: (p: SolveProgress) => void) => {
    const w = get(i);
    const cb = onProgress ? Comlink.proxy(onProgress) : undefined;
    return Promise.race([w.api.solve(scenario, options, cb as never), w.crashed]);
  };
  // cancel() ends the solve running when it is made: the portfolio polls this generation through shouldStop.
  let generation = 0;
  // structuredClone would copy anyway; stripping React-frozen proxies is not needed: scenarios are plain data.
  return {
    solve(scenario, options, onProgress) {
      // A re-solve against a published blocking runs in one worker: the portfolio picks its best by the usual
      // objective alone and would throw away the fewest-moves order (solver/api.ts ReferenceOptions).
      if (slots.length === 1 || options.reference) return solveIn(0, scenario, options, onProgress);
      const mine = generation;
      const runners: PortfolioRunner[] = slots.map((_, i) => ({
        solve: (sc, runnerOptions, progress) => solveIn(i, sc, runnerOptions, progress),
        cancel: () => void slots[i]?.api.cancel(),
      }));
      return solvePortfolio(scenario, { ...options, onProgress, shouldStop: () => generation !== mine }, runners);
    },
    cancel() {
      generation++;
      for (const slot of slots) if (slot) void slot.api.cancel();
    },
    reseat(scenario, groups, options) {
      const w = get(0);
      return Promise.race([w.api.reseat(scenario, groups, options), w.crashed]);
    },
  };
}

function defaultWorker(): Worker {
  return new Worker(new URL('../../solver/worker.ts', import.meta.url), { type: 'module', name: 'ks4-solver' });
}
