/**
 * The joint solve as a Web Worker offers it (worker.ts exposes this through comlink; the tests drive it in
 * process). Kept apart from the planner's solver worker: a joint solve holds every school's scenario and runs
 * for the coordinator's time limit, and must not queue behind (or cancel) the school's own solve.
 */
import { solve, solveConsortium, type Consortium, type ConsortiumOutcome, type Scenario, type SolveProgress } from '../../solver';

export interface ConsortiumWorkerOptions {
  timeSeconds: number;
  seed?: number;
  workPerSecond?: number;
}

export interface ConsortiumSolverApi {
  solve(consortium: Consortium, scenarios: Scenario[], options: ConsortiumWorkerOptions, onProgress?: (p: SolveProgress) => void): Promise<ConsortiumOutcome>;
  /**
   * Each school planning alone, for the fairness column: an ordinary solve of each member's own scenario (its
   * stand-ins for the shared courses as it has them), `secondsEach` seconds each; its pupils fully satisfied.
   */
  alone(scenarios: Scenario[], secondsEach: number, seed?: number): Promise<number[]>;
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
    async alone(scenarios, secondsEach, seed) {
      const mine = generation;
      const figures: number[] = [];
      for (const scenario of scenarios) {
        const result = await solve(scenario, { timeSeconds: secondsEach, seed: seed ?? 1, stopWhenPerfect: true, shouldStop: () => generation !== mine });
        figures.push(result.summary.fullySatisfied);
      }
      return figures;
    },
    cancel() {
      generation++;
    },
  };
}
