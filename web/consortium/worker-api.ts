/**
 * The joint solve as a Web Worker offers it (worker.ts exposes this through comlink; the tests drive it in
 * process). Kept apart from the planner's solver worker: a joint solve holds every school's scenario and runs
 * for the coordinator's time limit, and must not queue behind (or cancel) the school's own solve.
 */
import { solveConsortium, type Consortium, type ConsortiumOutcome, type Scenario, type SolveProgress } from '../../solver';

export interface ConsortiumWorkerOptions {
  timeSeconds: number;
  seed?: number;
  workPerSecond?: number;
}

export interface ConsortiumSolverApi {
  solve(consortium: Consortium, scenarios: Scenario[], options: ConsortiumWorkerOptions, onProgress?: (p: SolveProgress) => void): Promise<ConsortiumOutcome>;
  /** Stops the running joint solve; it resolves with its best plan so far (split into parts). */
  cancel(): void;
}

export function createConsortiumApi(): ConsortiumSolverApi {
  // Each solve remembers the generation it started in; cancel() moves it on, so only running solves hear it.
  let generation = 0;
  return {
    solve(consortium, scenarios, options, onProgress) {
      const mine = generation;
      return solveConsortium(consortium, scenarios, {
        timeSeconds: options.timeSeconds,
        seed: options.seed ?? 1,
        workPerSecond: options.workPerSecond,
        onProgress: onProgress ? (p) => void onProgress(p) : undefined,
        shouldStop: () => generation !== mine,
      });
    },
    cancel() {
      generation++;
    },
  };
}
