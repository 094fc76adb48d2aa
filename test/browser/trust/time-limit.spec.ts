/**
 * Issue 9 item 5 in a real Chromium, on the embedded 240-student sample: the time limit is a limit (a 5 s
 * solve gives the Solve button back within 5.5 s plus the page's own latency, a 2 s one within 2.2 s plus
 * it), and solving again starts from the blocking shown, so the fully-satisfied figure never gets worse.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { figure, message, open, setTimeLimit, settled, shot, type Ctx } from './common';

/**
 * The solver keeps to 1.1 x the limit (5.5 s; it aims at 0.95 x). On top of that the page needs: posting the
 * scenario and the previous result to the worker and the result back (structured clones of a few hundred kB),
 * React drawing the Blocks screen with its ~50 cards, and Playwright's polling for the button. Measured at
 * 0.3 to 0.65 s together (click to button, less the solver's own figure) on 2 shared cores under a load of 8;
 * 6 s in all still catches a solve that ignores its clock (before the fix "5 s" took 6.7 to 11 s).
 */
const UI_LATENCY_SECONDS = 0.5;

/** Clicks Solve and returns the seconds until the Solve button is back, and the solver's own figure. */
async function timedSolve(page: Page): Promise<{ wall: number; solver: number }> {
  const solve = page.getByRole('button', { name: 'Solve', exact: true });
  const t0 = Date.now();
  await solve.click();
  await page.getByRole('button', { name: 'Solving…' }).waitFor({ timeout: 5_000 }).catch(() => undefined);
  await solve.waitFor({ timeout: 60_000 });
  const wall = (Date.now() - t0) / 1000;
  await page.waitForFunction(() => /^Solved "/.test(document.querySelector('[data-testid=message]')?.textContent ?? ''), null, { timeout: 10_000 });
  const text = await message(page);
  const m = /in (\d+(?:\.\d+)?) s\./.exec(text);
  assert.ok(m, `the message gives the solve's time: ${text}`);
  return { wall, solver: Number(m[1]) };
}

/** Fully satisfied, then choices met: larger is better, compared in order. */
async function figures(page: Page): Promise<number[]> {
  const first = (s: string) => Number(s.split(' ')[0]);
  return [first(await figure(page, 'fully')), first(await figure(page, 'choices'))];
}

const notWorse = (after: number[], before: number[]) => {
  for (let i = 0; i < after.length; i++) if (after[i] !== before[i]) return after[i] > before[i];
  return true;
};

export const tests: { name: string; run: (c: Ctx) => Promise<void> }[] = [
  {
    name: 'time: a 5 s solve of the sample is back within the limit, and solving again never gets worse',
    async run(c) {
      const { page } = c;
      await open(c, 'blocks');
      // The first visit solves the sample at the default limit.
      await settled(page);
      const start = await figures(page);

      await setTimeLimit(page, 5);
      const limit = 5;
      const one = await timedSolve(page);
      await settled(page);
      const after1 = await figures(page);
      console.log(`    5 s solve: Solve button back after ${one.wall.toFixed(2)} s (solver ${one.solver} s); fully ${after1[0]}, choices ${after1[1]} (first visit ${start[0]}, ${start[1]})`);
      assert.ok(one.solver <= 1.1 * limit, `the solver took ${one.solver} s for a ${limit} s limit`);
      assert.ok(one.wall <= 1.1 * limit + UI_LATENCY_SECONDS, `Solve came back after ${one.wall.toFixed(2)} s for a ${limit} s limit`);
      assert.ok(notWorse(after1, start), `re-solving from ${start} gave ${after1}`);
      await shot(c, 'time-limit-first');

      const two = await timedSolve(page);
      await settled(page);
      const after2 = await figures(page);
      console.log(`    again: Solve button back after ${two.wall.toFixed(2)} s (solver ${two.solver} s); fully ${after2[0]}, choices ${after2[1]}`);
      assert.ok(two.wall <= 1.1 * limit + UI_LATENCY_SECONDS, `Solve came back after ${two.wall.toFixed(2)} s for a ${limit} s limit`);
      assert.ok(notWorse(after2, after1), `solving again went from ${after1} to ${after2}`);
      assert.match(await figure(page, 'fully'), /^\d+ \/ 240$/);
      await shot(c, 'time-limit-again');

      // A short limit is a limit too, and a short re-solve from a longer one keeps what the longer one found.
      await setTimeLimit(page, 2);
      const short = await timedSolve(page);
      await settled(page);
      const after3 = await figures(page);
      console.log(`    2 s solve: Solve button back after ${short.wall.toFixed(2)} s (solver ${short.solver} s); fully ${after3[0]}, choices ${after3[1]}`);
      assert.ok(short.wall <= 1.1 * 2 + UI_LATENCY_SECONDS, `Solve came back after ${short.wall.toFixed(2)} s for a 2 s limit`);
      assert.ok(notWorse(after3, after2), `a 2 s re-solve went from ${after2} to ${after3}`);
      await shot(c, 'time-limit-short');
    },
  },
];
