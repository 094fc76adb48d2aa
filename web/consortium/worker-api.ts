/**
 * The joint solve as a Web Worker offers it (worker.ts exposes this through comlink; the tests drive it in
 * process). Kept apart from the planner's solver worker: a joint solve holds every school's scenario and runs
 * for the coordinator's time limit, and must not queue behind (or cancel) the school's own solve.
 */
import { solveConsortium, type Consortium, type ConsortiumOutcome, type Scenario, type SolveProgress } from '../../solver';

import { handPlacedConsortium } from './logic';

export interface ConsortiumWorkerOptions {
  timeSeconds: number;
  seed?: number;
  workPerSecond?: number;
}

export interface ConsortiumSolverApi {
  solve(consortium: Consortium, scenarios: Scenario[], options: ConsortiumWorkerOptions, onProgress?: (p: SolveProgress) => void): Promise<ConsortiumOutcome>;
  /**
   * Each school planning alone, for the fairness column: member id -> its pupils fully satisfied with every
   * shared course placed by hand in its first common column (logic.ts handPlacedConsortium), in `seconds`.
   */
  alone(consortium: Consortium, scenarios: Scenario[], seconds: number, seed?: number): Promise<Record<string, number>>;
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
    async alone(consortium, scenarios, seconds, seed) {
      const mine = generation;
      const outcome = await solveConsortium(handPlacedConsortium(consortium), scenarios, { timeSeconds: seconds, seed: seed ?? 1, shouldStop: () => generation !== mine });
      return Object.fromEntries(outcome.parts.map((p) => [p.member, p.figures.fullySatisfied]));
    },
    cancel() {
      generation++;
    },
  };
}
