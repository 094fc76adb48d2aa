/**
 * The planner remembers the user's time limit (issue 10 item 6): the Time limit select beside Solve
 * saves the choice with the planner's settings (IndexedDB's meta store; a Map here) and a restart, as a
 * reload would, restores it and shows it selected. Nothing is solved here: only the setting is at stake.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import sample from '../data/samples/sample-240.json';
import type { Scenario } from '../solver';
import { SolveBar } from '../web/components/SolveBar';
import { flushSaves, initPlanner, setTimeLimit } from '../web/state/actions';
import { memoryPersistence, type Persistence } from '../web/state/persist';
import { DEFAULT_TIME_SECONDS, plannerStore } from '../web/state/store';

const SAMPLE = sample as unknown as Scenario;
// The planner never solves in these tests: a solver that would fail loudly if it were asked to.
const solver = {
  solve: () => Promise.reject(new Error('not solving here')),
  cancel: () => undefined,
  reseat: () => Promise.reject(new Error('not re-seating here')),
};
const open = (persistence: Persistence) => initPlanner({ solver, persistence, sample: () => structuredClone(SAMPLE), now: () => Date.now() });
const limit = () => plannerStore.getState().solve.timeSeconds;
const selected = () => /<option value="(\d+(?:\.\d+)?)" selected="">/.exec(renderToStaticMarkup(createElement(SolveBar)))?.[1];

describe('the time limit', () => {
  it('starts at the default, and a choice is kept across a restart and shown selected', async () => {
    const persistence = memoryPersistence();
    await open(persistence);
    expect(limit()).toBe(DEFAULT_TIME_SECONDS);
    expect(selected()).toBe(String(DEFAULT_TIME_SECONDS));
    setTimeLimit(30);
    await flushSaves();
    expect(persistence.settings).toEqual({ timeSeconds: 30 });

    await open(persistence);
    expect(limit()).toBe(30);
    expect(selected()).toBe('30');
    // The scenarios are kept beside it, as before.
    expect(plannerStore.getState().order.length).toBe(1);
  });

  it('shows a limit that is not one of the usual choices as it is', async () => {
    const persistence = memoryPersistence();
    await open(persistence);
    setTimeLimit(1);
    await flushSaves();
    await open(persistence);
    expect(limit()).toBe(1);
    expect(selected()).toBe('1');
  });

  it('ignores a saved value that is not a time, and a persistence that cannot keep settings', async () => {
    const persistence = memoryPersistence();
    persistence.settings = { timeSeconds: -5 };
    await open(persistence);
    expect(limit()).toBe(DEFAULT_TIME_SECONDS);
    setTimeLimit(Number.NaN);
    expect(limit()).toBe(DEFAULT_TIME_SECONDS);

    const { putSettings: _dropped, ...older } = memoryPersistence();
    await open(older);
    setTimeLimit(10);
    await flushSaves();
    expect(limit()).toBe(10);
    await open(older);
    expect(limit()).toBe(DEFAULT_TIME_SECONDS);
  });
});
