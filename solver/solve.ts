/**
 * The solve pipeline: compile the scenario, construct, anneal within the budget, repair so every hard rule
 * holds, and write the result with reasons for unmet students. Pure TypeScript: runs in Node and in a worker.
 */
import type { SolveOptions, SolveProgress } from './api';
import { compile, type Model } from './model';
import { unmetReasons } from './reasons';
import { buildResult } from './result';
import { Search, WORK_PER_SECOND } from './search';
import type { Result, Scenario } from './types';

export const DEFAULT_TIME_SECONDS = 10;

export async function solve(scenario: Scenario, options: SolveOptions = {}): Promise<Result> {
  const startMs = Date.now();
  const timeSeconds = options.timeSeconds ?? DEFAULT_TIME_SECONDS;
  const seed = options.seed ?? 1;
  const model = compile(scenario);
  const search = new Search(model, seed);
  const report = (phase: SolveProgress['phase']) => {
    if (!options.onProgress) return;
    const st = search.st;
    options.onProgress({
      phase,
      seconds: (Date.now() - startMs) / 1000,
      students: model.studentCount,
      fullySatisfied: search.best ? model.studentCount - search.bestNotFull : st.fullySatisfied(),
      choices: model.totalChoices,
      choicesMet: model.totalChoices - st.t.unmet,
      reservesUsed: st.t.reserves,
      groups: search.best ? search.bestOpenGroups : st.t.openGroups,
      moves: search.moves,
    });
  };
  report('construct');
  search.construct();
  report('search');
  await search.run(
    {
      workBudget: timeSeconds * WORK_PER_SECOND,
      startMs,
      deadlineMs: startMs + timeSeconds * 2000 + 1000,
      shouldStop: options.shouldStop,
      assertIncremental: options.assertIncremental,
      stopWhenPerfect: options.stopWhenPerfect,
      stopAtFullySatisfied: model.studentCount,
    },
    () => report('search'),
  );
  search.repair();
  const result = buildResult(model, search.st, { seconds: (Date.now() - startMs) / 1000, seed });
  // Optional extras: when the best blocking was found, and the first one with every student satisfied.
  result.summary.bestFoundSeconds = Math.round(Math.max(0, search.bestAtMs - startMs)) / 1000;
  if (search.firstPerfectAtMs >= 0) result.summary.firstPerfectSeconds = Math.round(search.firstPerfectAtMs - startMs) / 1000;
  attachReasons(model, search, result);
  report('done');
  return result;
}

function attachReasons(model: Model, search: Search, result: Result): void {
  for (let s = 0; s < model.studentCount; s++) {
    if (result.students[s].unmet.length === 0) continue;
    result.students[s].reasons = unmetReasons(model, search.st, s);
  }
  if (model.diagnostics.length > 0) result.diagnostics = model.diagnostics.slice();
}
