/**
 * The solver as the planner sees it: the comlink API of solver/worker-api.ts, running in a module Web
 * Worker. comlink alone never settles a call whose worker died (an out-of-memory crash, an uncaught
 * error at load), so every call here also races the worker's `error` event: a crash rejects the pending
 * calls with a plain message, and the next call starts a fresh worker.
 */
import * as Comlink from 'comlink';
import type { SolveProgress, Group, Result, Scenario, SolverApi, WorkerSolveOptions } from '../../solver';

/** What the store needs from a solver; tests pass the in-process API of solver/worker-api.ts. */
export interface SolverPort {
  solve(scenario: Scenario, options: WorkerSolveOptions, onProgress?: (p: SolveProgress) => void): Promise<Result>;
  cancel(): void;
  reseat(scenario: Scenario, groups: Group[], options?: { timeSeconds?: number; seed?: number }): Promise<Result>;
}

export class WorkerCrashed extends Error {}

export function workerSolver(makeWorker: () => Worker = defaultWorker): SolverPort {
  let current: { worker: Worker; api: Comlink.Remote<SolverApi>; crashed: Promise<never> } | null = null;

  const start = () => {
    const worker = makeWorker();
    let fail!: (e: Error) => void;
    const crashed = new Promise<never>((_, reject) => (fail = reject));
    crashed.catch(() => undefined); // observed by whichever call is pending; none may be
    const onCrash = (why: string) => {
      if (current?.worker === worker) current = null;
      worker.terminate();
      fail(new WorkerCrashed(`The solver stopped unexpectedly (${why}).`));
    };
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      onCrash(e.message || 'the worker raised an error');
    });
    worker.addEventListener('messageerror', () => onCrash('a message could not be read'));
    current = { worker, api: Comlink.wrap<SolverApi>(worker), crashed };
    return current;
  };
  const get = () => current ?? start();
  // structuredClone would copy anyway; stripping React-frozen proxies is not needed: scenarios are plain data.
  return {
    solve(scenario, options, onProgress) {
      const w = get();
      const cb = onProgress ? Comlink.proxy(onProgress) : undefined;
      return Promise.race([w.api.solve(scenario, options, cb as never), w.crashed]);
    },
    cancel() {
      if (current) void current.api.cancel();
    },
    reseat(scenario, groups, options) {
      const w = get();
      return Promise.race([w.api.reseat(scenario, groups, options), w.crashed]);
    },
  };
}

function defaultWorker(): Worker {
  return new Worker(new URL('../../solver/worker.ts', import.meta.url), { type: 'module', name: 'ks4-solver' });
}
