/**
 * The Node worker-thread entry of the command line's portfolio (cli/portfolio-node.ts starts one per
 * worker): it runs solve() on request and answers with the result. Bundled to dist-cli/solve-worker.mjs
 * with the command line; under tsx it runs from this source.
 *
 * Messages in (parentPort): { type: 'solve', id, scenario, options } and { type: 'cancel', id } (stops that
 * solve, which then answers with its best so far). Messages out: { type: 'ready' } once loaded
 * (requests posted before are queued by Node and answered in order), { type: 'progress', id, progress } a few times a second, and { type: 'result', id, result } or
 * { type: 'error', id, message, stack, modelError } for every solve.
 */
import { parentPort } from 'node:worker_threads';
import type { SolveProgress } from '../solver/api';
import { ModelError } from '../solver/model';
import type { RunnerSolveOptions } from '../solver/portfolio';
import { solve } from '../solver/solve';
import type { Result, Scenario } from '../solver/types';

export type WorkerRequest = { type: 'solve'; id: number; scenario: Scenario; options: RunnerSolveOptions } | { type: 'cancel'; id: number };
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'progress'; id: number; progress: SolveProgress }
  | { type: 'result'; id: number; result: Result }
  /** `modelError`: the scenario cannot be solved as it stands (ModelError: the user's to fix, not a crash). */
  | { type: 'error'; id: number; message: string; stack?: string; modelError: boolean };

const port = parentPort;
if (!port) throw new Error('cli/solve-worker.ts runs only as a worker thread (cli/portfolio-node.ts starts it).');

// The solves running here, by id; a cancel marks its solve, whose shouldStop then answers true.
const cancelled = new Set<number>();
const running = new Set<number>();
port.on('message', (request: WorkerRequest) => {
  if (request.type === 'cancel') {
    if (running.has(request.id)) cancelled.add(request.id);
    return;
  }
  const { id, scenario, options } = request;
  const post = (reply: WorkerReply) => port.postMessage(reply);
  running.add(id);
  solve(scenario, {
    ...options,
    onProgress: (progress) => post({ type: 'progress', id, progress }),
    shouldStop: () => cancelled.has(id),
  })
    .then(
      (result) => post({ type: 'result', id, result }),
      (e: unknown) =>
        post({ type: 'error', id, message: (e as Error)?.message ?? String(e), stack: (e as Error)?.stack, modelError: e instanceof ModelError }),
    )
    .finally(() => {
      running.delete(id);
      cancelled.delete(id);
    });
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);
