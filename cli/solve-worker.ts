/**
 * The Node worker-thread entry of the command line's portfolio (cli/portfolio-node.ts starts one per
 * worker): it runs solve() on request and answers with the result. Bundled to dist/cli/solve-worker.mjs
 * with the command line; under tsx it runs from this source.
 *
 * Messages in (parentPort): { type: 'solve', id, scenario, options } and { type: 'cancel' } (stops the
 * solve running now, which then answers with its best so far). Messages out: { type: 'ready' } once loaded,
 * { type: 'progress', id, progress } a few times a second, and { type: 'result', id, result } or
 * { type: 'error', id, message, stack } for every solve.
 */
import { parentPort } from 'node:worker_threads';
import type { RunnerSolveOptions } from '../solver/portfolio';
import { solve } from '../solver/solve';
import type { Scenario } from '../solver/types';

export type WorkerRequest = { type: 'solve'; id: number; scenario: Scenario; options: RunnerSolveOptions } | { type: 'cancel' };
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'progress'; id: number; progress: import('../solver/api').SolveProgress }
  | { type: 'result'; id: number; result: import('../solver/types').Result }
  | { type: 'error'; id: number; message: string; stack?: string };

const port = parentPort;
if (!port) throw new Error('cli/solve-worker.ts runs only as a worker thread (cli/portfolio-node.ts starts it).');

// cancel() ends the solve running when it arrives: each solve remembers the generation it started in.
let generation = 0;
port.on('message', (request: WorkerRequest) => {
  if (request.type === 'cancel') {
    generation++;
    return;
  }
  const mine = generation;
  const { id, scenario, options } = request;
  const post = (reply: WorkerReply) => port.postMessage(reply);
  solve(scenario, {
    ...options,
    onProgress: (progress) => post({ type: 'progress', id, progress }),
    shouldStop: () => generation !== mine,
  }).then(
    (result) => post({ type: 'result', id, result }),
    (e: unknown) => post({ type: 'error', id, message: (e as Error)?.message ?? String(e), stack: (e as Error)?.stack }),
  );
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);
