/**
 * The planner in a real browser, against the built site (run.ts serves it). Each test gets a fresh
 * browser context, so it starts as a newcomer does: the 240-student sample, solved at once.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { lowContrast, unnamedControls } from './a11y';

export interface Ctx {
  page: Page;
  context: BrowserContext;
  url: string;
  shots: string;
}

/** The 1-minute load average per core, to read the timings printed beside it. */
function loadNow(): string {
  return `${(loadavg()[0] / availableParallelism()).toFixed(1)} per core`;
}

const SAMPLE = readFileSync(resolve(import.meta.dirname, '../../data/samples/sample-240.json'), 'utf8');
const SAMPLE_NAME = (JSON.parse(SAMPLE) as { name: string }).name;

async function open(c: Ctx, route: string): Promise<void> {
  await c.page.goto(`${c.url}#/${route}`);
  await c.page.locator('main h2').first().waitFor();
}

async function go(c: Ctx, route: string): Promise<void> {
  await c.page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: route, exact: true }).click();
  await c.page.locator('main h2').first().waitFor();
}

/** Waits until no solve or re-seat is running and a blocking is on screen. */
async function settled(page: Page, timeout = 30_000): Promise<void> {
  await page.getByRole('button', { name: 'Solve', exact: true }).waitFor({ timeout });
  await page.locator('[data-testid=figures]').first().waitFor({ timeout });
  await page.waitForFunction(() => !document.body.textContent?.includes('Re-seating students'), null, { timeout });
}

async function figure(page: Page, id: string): Promise<string> {
  return (await page.locator(`[data-testid=figures] [data-figure=${id}] .value`).first().textContent())?.trim() ?? '';
}

async function message(page: Page): Promise<string> {
  return (await page.locator('[data-testid=message]').textContent()) ?? '';
}

/** What the user sees first (`name.png`) and the whole page (`name-full.png`). */
async function shot(c: Ctx, name: string): Promise<void> {
  await c.page.screenshot({ path: join(c.shots, `${name}.png`) });
  await c.page.screenshot({ path: join(c.shots, `${name}-full.png`), fullPage: true });
}

async function setTimeLimit(page: Page, seconds: number): Promise<void> {
  await page.getByLabel('Time limit').selectOption(String(seconds));
}

export const tests: { name: string; run: (c: Ctx) => Promise<void> }[] = [
  {
    name: 'opens on the 240-student sample, solves it with progress, shows the figures, cancels',
    async run(c) {
      const { page } = c;
      await open(c, 'blocks');
      assert.match((await page.locator('main h2').textContent()) ?? '', new RegExp(SAMPLE_NAME.slice(0, 20)));
      // The first visit solves the sample at once: progress and the live best-so-far figure show.
      await page.getByRole('progressbar', { name: 'Solve progress' }).waitFor({ timeout: 10_000 });
      await page.waitForFunction(() => document.querySelector('[data-testid=best-so-far]')?.textContent?.includes('Best so far'), null, { timeout: 10_000 });
      await shot(c, 'blocks-solving');
      await settled(page);
      assert.match(await message(page), /Solved/);
      const fully = await figure(page, 'fully');
      assert.match(fully, /^\d+ \/ 240$/);
      const satisfied = Number(fully.split(' ')[0]);
      assert.ok(satisfied >= 200, `a good blocking of the sample satisfies most students, got ${fully}`);
      assert.match(await figure(page, 'choices'), /^\d+ \/ \d+$/);
      const cards = await page.locator('li.card').count();
      assert.ok(cards >= 30, `expected the groups as cards, found ${cards}`);
      for (const b of ['A', 'B', 'C', 'D', 'E']) await page.locator(`section[data-block=${b}]`).waitFor();
      await shot(c, 'blocks');

      // Solve again and cancel: the best so far comes back and the page stays usable.
      await setTimeLimit(page, 30);
      await page.getByRole('button', { name: 'Solve', exact: true }).click();
      await page.getByRole('progressbar', { name: 'Solve progress' }).waitFor();
      await page.waitForTimeout(700);
      const t0 = Date.now();
      await page.getByRole('button', { name: 'Cancel' }).click();
      await settled(page);
      assert.ok(Date.now() - t0 < 5000, 'cancel answers within seconds');
      assert.match(await figure(page, 'fully'), /^\d+ \/ 240$/);

      // Results: headline figures, unmet students with reasons, the clash map, sizes, breakdowns.
      await go(c, 'Results');
      await page.locator('[data-testid=clash-table]').waitFor();
      await page.locator('[data-testid=group-sizes]').waitFor();
      await page.getByRole('heading', { name: 'Accountability', level: 3 }).waitFor();
      await page.locator('[data-testid^=equity-]').first().waitFor();
      await page.locator('[data-testid=cost-departments]').waitFor();
      assert.match((await page.locator('[data-figure=extra-1] .value').textContent()) ?? '', /^\d+\.\d\d$/, 'teacher FTE shown');
      if (satisfied < 240) await page.locator('[data-testid=unmet-table]').waitFor();
      await shot(c, 'results');
      assert.deepEqual(await unnamedControls(page), []);
      // The fixes for an unmet student come from the explainer, with changes that can be applied.
      if (satisfied < 240) {
        await page.getByRole('button', { name: /^Show fixes/ }).first().click();
        await page.locator('[data-testid=fixes]').waitFor();
        await page.locator('[data-testid=fixes]').scrollIntoViewIfNeeded();
        await shot(c, 'results-fixes');
      }
      await page.locator('[data-testid=clash-table]').scrollIntoViewIfNeeded();
      await c.page.screenshot({ path: join(c.shots, 'results-clash.png') });
    },
  },
  {
    name: 'keyboard: the first Tab reaches the skip link, then the screens; every control is named',
    async run(c) {
      const { page } = c;
      await open(c, 'blocks');
      await settled(page);
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Solve');
      for (const route of ['blocks', 'offer', 'students', 'results', 'scenarios', 'student']) {
        await page.goto(`${c.url}#/${route}`);
        await page.locator('main h2').first().waitFor();
        if (route === 'results') await page.locator('[data-testid=clash-table]').waitFor();
        assert.deepEqual(await unnamedControls(page), [], `unnamed controls on ${route}`);
        assert.deepEqual(await lowContrast(page), [], `text below WCAG AA contrast on ${route}`);
      }
      await shot(c, 'student-preview');
      // The contrast check itself finds pale text.
      await page.evaluate(() => {
        const p = document.createElement('p');
        p.id = 'pale';
        p.style.color = '#bbbbbb';
        p.textContent = 'pale grey on white';
        document.querySelector('main')!.append(p);
      });
      assert.match((await lowContrast(page)).join(' '), /pale grey on white/);
      await page.evaluate(() => document.getElementById('pale')!.remove());
    },
  },
  {
    name: 'works offline after the first visit (service worker), with the saved work',
    async run(c) {
      const { page, context } = c;
      await open(c, 'blocks');
      await settled(page);
      await page.evaluate(async () => {
        const reg = await navigator.serviceWorker.ready;
        // Wait until every file of the build is in the cache.
        for (let i = 0; i < 100 && !(navigator.serviceWorker.controller && reg.active?.state === 'activated'); i++) await new Promise((r) => setTimeout(r, 100));
      });
      const names = await page.evaluate(async () => {
        const keys = await caches.keys();
        const c = await caches.open(keys[0]);
        return (await c.keys()).map((r) => r.url);
      });
      assert.ok(names.some((u) => u.endsWith('.wasm')) && names.some((u) => /ResultsScreen/.test(u)), `cached: ${names.join(' ')}`);
      const fully = await figure(page, 'fully');
      await context.setOffline(true);
      await page.reload();
      await page.locator('[data-testid=figures]').waitFor();
      assert.equal(await figure(page, 'fully'), fully);
      await go(c, 'Results');
      await page.locator('[data-testid=clash-table]').waitFor();
      await context.setOffline(false);
    },
  },
  {
    name: 'drag a group to another block: students are re-seated and the figures change; undo brings them back',
    async run(c) {
      const { page } = c;
      await open(c, 'blocks');
      await settled(page);
      const before = { fully: await figure(page, 'fully'), choices: await figure(page, 'choices') };
      // Groups of block A in turn, until moving one round the blocks changes the figures (a move can leave them
      // as they were: the students re-seat as well elsewhere).
      const candidates = (await page.locator('section[data-block=A] li.card:not(.continued)').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-group')!))).slice(0, 4);
      let id = candidates[0];
      let changed = false;
      let firstMove: { id: string; target: string } | null = null;
      let last = before;
      const times: number[] = [];
      const solverTimes: number[] = [];
      // A move that would break a rule (no teacher or room free in that block) is refused with the reason
      // and the card stays: such targets are skipped. Each move's message is awaited afresh.
      const refused: string[] = [];
      const dismiss = async () => {
        if ((await page.locator('[data-testid=message]').count()) > 0) await page.getByRole('button', { name: 'Dismiss message' }).click();
      };
      for (const candidate of candidates) {
        if (changed) break;
        id = candidate;
        for (const target of ['B', 'C', 'D', 'E']) {
          // Grab the card by its title and drop it on the column's heading: both stay in view, so the
          // page does not scroll in the middle of the drag.
          await dismiss();
          const from = page.locator(`li.card[data-group="${id}"]:not(.continued) .card-head`);
          await from.dragTo(page.locator(`section[data-block=${target}] h3`));
          await page.waitForFunction((g) => document.querySelector('[data-testid=message]')?.textContent?.includes(`oved ${g} to block`), id, { timeout: 10_000 });
          await settled(page);
          if ((await message(page)).includes('was not made')) {
            refused.push(target);
            continue;
          }
          await page.locator(`section[data-block=${target}] li.card[data-group="${id}"]`).waitFor();
          firstMove ??= { id, target };
          times.push(Number(/took (\d+) ms/.exec((await page.locator('[data-testid=reseat-ms]').textContent()) ?? '')?.[1]));
          solverTimes.push(Number(/solver (\d+) ms/.exec((await page.locator('[data-testid=reseat-ms]').textContent()) ?? '')?.[1]));
          const now = { fully: await figure(page, 'fully'), choices: await figure(page, 'choices') };
          if (now.fully !== last.fully || now.choices !== last.choices) {
            changed = true;
            last = now;
            break;
          }
          last = now;
        }
      }
      console.log(`    figures ${before.fully} -> ${last.fully}, choices ${before.choices} -> ${last.choices}${refused.length ? `; refused (a rule would break): block ${refused.join(', ')}` : ''}`);
      assert.ok(changed, `moving ${id} round the blocks never changed the figures`);
      // The keyboard way: the card's "Move to" list, then Move. A few more moves to see warm re-seat times.
      const moved: string[] = [];
      for (const target of ['C', 'D', 'B', 'E']) {
        const select = page.locator(`li.card[data-group="${id}"]:not(.continued)`).getByLabel(`Move ${id} to block`);
        if ((await select.locator(`option[value="${target}"]`).count()) === 0) continue;
        await dismiss();
        await select.selectOption(target);
        await page.locator(`li.card[data-group="${id}"]:not(.continued)`).getByRole('button', { name: `Move ${id}`, exact: true }).click();
        await page.waitForFunction((g) => document.querySelector('[data-testid=message]')?.textContent?.includes(`oved ${g} to block`), id, { timeout: 10_000 });
        await settled(page);
        if ((await message(page)).includes('was not made')) continue;
        await page.locator(`section[data-block=${target}] li.card[data-group="${id}"]`).waitFor();
        times.push(Number(/took (\d+) ms/.exec((await page.locator('[data-testid=reseat-ms]').textContent()) ?? '')?.[1]));
        solverTimes.push(Number(/solver (\d+) ms/.exec((await page.locator('[data-testid=reseat-ms]').textContent()) ?? '')?.[1]));
        moved.push(target);
      }
      const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
      console.log(`    re-seat round trips (ms), drags then keyboard moves: ${times.join(', ')}; of which in the solver: ${solverTimes.join(', ')}`);
      console.log(`    median re-seat round trip ${median} ms: ${median < 200 ? 'under' : 'OVER'} the 200 ms the issue asks for (machine load now: ${loadNow()})`);
      assert.ok(times.every((t) => t > 0), `every move reports its re-seat time: ${times.join(', ')} ms`);
      // 200 ms is the aim on an unloaded machine; the tests share two cores with other work, so the
      // assertion allows twice that for the median and 1 s for any one move.
      assert.ok(median < 400 && times.every((t) => t < 1000), `re-seating must answer at once: ${times.join(', ')} ms`);
      await shot(c, 'blocks-after-drag');
      // Undo every move: the original figures come back.
      for (let k = 0; k < times.length; k++) await page.getByRole('button', { name: 'Undo' }).click();
      await page.locator(`section[data-block=A] li.card[data-group="${id}"]`).waitFor();
      assert.equal(await figure(page, 'fully'), before.fully);
      assert.equal(await figure(page, 'choices'), before.choices);
      await page.getByRole('button', { name: 'Redo' }).click();
      await page.locator(`section[data-block=${firstMove!.target}] li.card[data-group="${firstMove!.id}"]`).waitFor();

      // Pin a group (pressed state) and remove one: the group count drops by one.
      const pin = page.locator('li.card:not(.continued)').nth(3).getByRole('button', { name: /^Pin / });
      await pin.click();
      await page.locator('li.card:not(.continued)').nth(3).getByRole('button', { name: /^Unpin / }).waitFor();
      const groups = Number(await figure(page, 'groups'));
      await page.locator('li.card:not(.continued)').nth(5).getByRole('button', { name: /^Remove / }).click();
      await page.waitForFunction(() => document.querySelector('[data-testid=message]')?.textContent?.includes('Removed'), null, { timeout: 10_000 });
      await settled(page);
      assert.equal(Number(await figure(page, 'groups')), groups - 1);
    },
  },
  {
    name: 'clone a scenario, change it and compare; reload and find the work still there',
    async run(c) {
      const { page } = c;
      await open(c, 'blocks');
      await settled(page);
      const baseFully = await figure(page, 'fully');
      await go(c, 'Scenarios');
      await page.getByRole('button', { name: `Clone ${SAMPLE_NAME}` }).click();
      await page.getByLabel(`Name of the copy of ${SAMPLE_NAME}`).fill('Drop Music');
      await page.getByRole('button', { name: 'Make copy' }).click();
      await page.locator('tr[data-scenario="Drop Music"]').waitFor();
      assert.match(await message(page), /Cloned as "Drop Music"/);
      // Drop music: remove every Music group of the copy.
      await go(c, 'Blocks');
      await settled(page);
      for (;;) {
        const mus = page.locator('li.card[data-group^="MUS-"]:not(.continued)').first();
        if ((await mus.count()) === 0) break;
        await mus.getByRole('button', { name: /^Remove / }).click();
        await page.waitForFunction(() => document.querySelector('[data-testid=message]')?.textContent?.includes('Removed MUS'), null, { timeout: 10_000 });
        await settled(page);
      }
      const dropFully = await figure(page, 'fully');
      assert.notEqual(dropFully, baseFully, 'dropping Music changes who is fully satisfied');
      await go(c, 'Scenarios');
      await page.getByLabel(`Compare ${SAMPLE_NAME}`).check();
      await page.getByLabel('Compare Drop Music').check();
      const table = page.locator('[data-testid=compare-table]');
      await table.waitFor();
      const head = (await table.locator('thead').textContent()) ?? '';
      assert.ok(head.includes(SAMPLE_NAME) && head.includes('Drop Music'), head);
      assert.match((await page.locator('.changes h4').textContent()) ?? '', /[1-9]\d* lose one/);
      await page.locator('[data-testid=changes-table]').waitFor();
      await shot(c, 'scenarios-compare');

      // Reload: both scenarios, the comparison and the changed blocking are still there (IndexedDB).
      await page.reload();
      await page.locator('tr[data-scenario="Drop Music"]').waitFor();
      await page.locator(`tr[data-scenario="${SAMPLE_NAME}"]`).waitFor();
      await go(c, 'Blocks');
      await page.locator('[data-testid=figures]').waitFor();
      assert.equal(await figure(page, 'fully'), dropFully);
      assert.equal(await page.locator('li.card[data-group^="MUS-"]').count(), 0);
      const picker = page.getByLabel('Scenario');
      assert.equal(await picker.locator('option').count(), 2);
    },
  },
  {
    name: 'a crashed worker leaves the last good blocking on screen with a message; the next solve starts a fresh one',
    async run(c) {
      // Own context without the service worker, so the route below sees the worker script's request.
      const context = await c.context.browser()!.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        await page.goto(`${c.url}#/blocks`);
        await settled(page);
        const before = { fully: await figure(page, 'fully'), choices: await figure(page, 'choices'), cards: await page.locator('li.card').count() };
        // From now on the solver's worker dies as it starts, as a worker that runs out of memory would.
        let served = 0;
        await context.route(/\/assets\/worker-[^/]*\.js/, (route) => {
          served++;
          return route.fulfill({ contentType: 'text/javascript', body: 'throw new Error("simulated crash: out of memory");' });
        });
        await page.reload();
        await page.locator('[data-testid=figures]').waitFor();
        assert.equal(await figure(page, 'fully'), before.fully, 'the saved blocking comes back after the reload');

        await page.getByRole('button', { name: 'Solve', exact: true }).click();
        const alert = page.getByRole('alert');
        await alert.waitFor({ timeout: 15_000 });
        const text = (await alert.textContent()) ?? '';
        assert.match(text, /solver stopped unexpectedly/i);
        assert.match(text, /last good blocking is still shown/);
        await page.getByRole('button', { name: 'Solve', exact: true }).waitFor();
        assert.equal(await figure(page, 'fully'), before.fully);
        assert.equal(await figure(page, 'choices'), before.choices);
        assert.equal(await page.locator('li.card').count(), before.cards);
        await shot({ ...c, page }, 'blocks-worker-crash');

        // A move needs the worker too: the card goes back where it was, with a message.
        const card = page.locator('section[data-block=A] li.card:not(.continued)').first();
        const id = (await card.getAttribute('data-group'))!;
        const select = card.getByLabel(`Move ${id} to block`);
        const target = (await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).find((v) => v && v !== 'A')!;
        await select.selectOption(target);
        await card.getByRole('button', { name: `Move ${id}`, exact: true }).click();
        await page.waitForFunction(() => document.querySelector('[role=alert]')?.textContent?.includes('change was not made'), null, { timeout: 15_000 });
        await page.locator(`section[data-block=A] li.card[data-group="${id}"]`).waitFor();
        assert.equal(await figure(page, 'fully'), before.fully);
        // The failed move left no undo step: the last step, if any, is still the solve (undo history survives a
        // reload once written, a few hundred milliseconds after the step; this test reloads sooner than that).
        const undoButton = page.getByRole('button', { name: 'Undo' });
        if (await undoButton.isEnabled()) {
          await undoButton.click();
          await page.waitForFunction(() => /Undone: /.test(document.querySelector('[data-testid=message]')?.textContent ?? ''), null, { timeout: 5_000 });
          assert.match(await message(page), /Undone: solve\./, 'the failed move left no undo step');
          await page.getByRole('button', { name: 'Redo' }).click();
          await page.locator('[data-testid=figures]').waitFor();
        }
        assert.equal(await figure(page, 'fully'), before.fully);
        assert.ok(served >= 2, `each call after a crash starts a fresh worker (started ${served})`);

        // The worker is healthy again: the next solve works and replaces the message.
        await context.unroute(/\/assets\/worker-[^/]*\.js/);
        await setTimeLimit(page, 2);
        await page.getByRole('button', { name: 'Solve', exact: true }).click();
        await page.waitForFunction(() => document.querySelector('[data-testid=message]')?.textContent?.startsWith('Solved'), null, { timeout: 30_000 });
        await settled(page);
        assert.match(await figure(page, 'fully'), /^\d+ \/ 240$/);
        if (errors.length) throw new Error(`uncaught errors in the page: ${errors.join(' | ')}`);
      } finally {
        await context.close();
      }
    },
  },
  {
    name: 'import a broken file: the errors are listed and nothing changes; a good file is imported',
    async run(c) {
      const { page } = c;
      await open(c, 'scenarios');
      await page.locator('[data-testid=scenario-list] tbody tr').first().waitFor();
      const rows = () => page.locator('[data-testid=scenario-list] tbody tr').count();
      const n = await rows();
      const input = page.locator('[data-testid=import-file]');
      await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "format": "ks4-scenario/1",\n  "name": "x",\n') });
      const alert = page.getByRole('alert');
      await alert.waitFor();
      const text1 = (await alert.textContent()) ?? '';
      assert.match(text1, /broken\.json was not imported/);
      assert.match(text1, /not valid JSON/);
      assert.equal(await rows(), n);
      await shot(c, 'import-broken');

      const bad = JSON.parse(SAMPLE);
      bad.courses[0].maxGroupSize = 0;
      await input.setInputFiles({ name: 'bad-sizes.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
      await page.waitForFunction(() => document.querySelector('[role=alert]')?.textContent?.includes('bad-sizes.json'));
      const text2 = (await alert.textContent()) ?? '';
      assert.match(text2, /courses\[0\]\.maxGroupSize/);
      assert.equal(await rows(), n);

      // A result file that does not validate, and one made for another school: refused, figures kept.
      await go(c, 'Blocks');
      await settled(page);
      const fully = await figure(page, 'fully');
      const result = {
        format: 'ks4-result/1', scenario: 'x', groups: [{ id: 'X-1', course: 'XXX', blocks: ['A'], years: [10, 11], staff: [], room: null, students: [] }],
        students: [], summary: { students: 0, fullySatisfied: 'lots', choices: 0, choicesMet: 0, reservesUsed: 0, groups: 1, seconds: 0, seed: 1 },
      };
      await input.setInputFiles({ name: 'bad-result.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(result)) });
      await page.waitForFunction(() => document.querySelector('[role=alert]')?.textContent?.includes('bad-result.json'));
      const text3 = (await alert.textContent()) ?? '';
      assert.match(text3, /not a valid result/);
      assert.match(text3, /summary\.fullySatisfied/);
      result.summary.fullySatisfied = 0 as never;
      await input.setInputFiles({ name: 'other-school.result.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(result)) });
      await page.waitForFunction(() => document.querySelector('[role=alert]')?.textContent?.includes('other-school.result.json'));
      assert.match((await alert.textContent()) ?? '', /result for another scenario[^]*groups\[0\]\.course/);
      assert.equal(await figure(page, 'fully'), fully);
      await go(c, 'Scenarios');

      const good = JSON.parse(SAMPLE);
      good.name = 'Imported school';
      await input.setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
      await page.locator('tr[data-scenario="Imported school"]').waitFor();
      assert.equal(await rows(), n + 1);
      assert.match(await message(page), /Imported scenario "Imported school"/);

      // Solve the imported school, export it and its result as files, and import both again.
      await go(c, 'Blocks');
      await setTimeLimit(page, 2);
      await page.getByRole('button', { name: 'Solve', exact: true }).click();
      await page.waitForFunction(() => document.querySelector('[data-testid=message]')?.textContent?.startsWith('Solved'), null, { timeout: 30_000 });
      await settled(page);
      const exported: Record<string, string> = {};
      for (const kind of ['scenario', 'result']) {
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Export ${kind}` }).click()]);
        assert.match(download.suggestedFilename(), new RegExp(`\\.${kind}\\.json$`));
        exported[kind] = readFileSync((await download.path())!, 'utf8');
      }
      assert.equal(JSON.parse(exported.scenario).format, 'ks4-scenario/1');
      assert.equal(JSON.parse(exported.result).format, 'ks4-result/1');
      const fullyBefore = await figure(page, 'fully');
      await input.setInputFiles({ name: 'again.scenario.json', mimeType: 'application/json', buffer: Buffer.from(exported.scenario) });
      await page.waitForFunction(() => document.querySelector('[data-testid=message]')?.textContent?.includes('Imported scenario'));
      await go(c, 'Scenarios');
      assert.equal(await rows(), n + 2);
      // The result goes onto the scenario just imported (it is open now, and has the same courses and students).
      await input.setInputFiles({ name: 'again.result.json', mimeType: 'application/json', buffer: Buffer.from(exported.result) });
      await page.waitForFunction(() => document.querySelector('[data-testid=message]')?.textContent?.includes('Imported the result'));
      await go(c, 'Blocks');
      await page.locator('[data-testid=figures]').waitFor();
      assert.equal(await figure(page, 'fully'), fullyBefore, 'the imported result shows the figures it was exported with');
    },
  },
  {
    name: 'offer and students: edits validate as you type, invalid rows stay, solve refuses until fixed',
    async run(c) {
      const { page } = c;
      await open(c, 'blocks');
      await settled(page);
      await go(c, 'Offer');
      await page.locator('[data-testid=valid]').waitFor();
      await shot(c, 'offer');
      const cell = page.getByLabel('HIS max group size');
      await cell.fill('0');
      await page.locator('[data-testid=issues]').waitFor();
      assert.match((await page.locator('[data-testid=issues]').textContent()) ?? '', /courses\[0\]\.maxGroupSize/);
      assert.equal(await cell.getAttribute('aria-invalid'), 'true');
      await shot(c, 'offer-invalid');
      await go(c, 'Blocks');
      // The out-of-date banner (on every screen) names what changed.
      assert.match((await page.locator('[data-testid=stale-banner]').textContent()) ?? '', /out of date:.*maximum group size/);
      await page.getByRole('button', { name: 'Solve', exact: true }).click();
      await page.getByRole('alert').waitFor();
      assert.match((await page.getByRole('alert').textContent()) ?? '', /cannot be solved until these are fixed/);
      await page.getByRole('button', { name: 'Undo' }).click();
      await go(c, 'Offer');
      await page.locator('[data-testid=valid]').waitFor();

      // Pathway rules are lines of text: a mistyped line is kept and explained, a good one validates.
      const rules = page.getByLabel('Pathway EBACC rules, one a line');
      const original = await rules.inputValue();
      assert.match(original, /^at least 1 from tag:language$/m);
      await rules.fill(`${original}\nat lest 1 from HIS`);
      await page.locator('[data-testid=issues]').waitFor();
      assert.match((await page.locator('#offer-pathways').textContent()) ?? '', /Line 6 is not a rule/);
      assert.equal(await rules.getAttribute('aria-invalid'), 'true');
      await rules.scrollIntoViewIfNeeded();
      await c.page.screenshot({ path: join(c.shots, 'offer-pathway-rule.png') });
      await rules.fill(`${original}\nat most 1 from ART, PHO, MUS`);
      await page.locator('[data-testid=valid]').waitFor();
      await rules.blur();
      assert.equal(await rules.inputValue(), `${original}\nat most 1 from ART, PHO, MUS`);

      await go(c, 'Students');
      assert.match((await page.locator('[data-testid=student-count]').textContent()) ?? '', /Showing 240 of 240/);
      await shot(c, 'students');
      await page.getByLabel('Search').fill('S0001');
      await page.waitForFunction(() => document.querySelector('[data-testid=student-count]')?.textContent?.includes('Showing 1 of 240'));
      await page.getByRole('button', { name: /^Edit / }).click();
      // A student choosing the same course twice: shown, marked, kept.
      const first = page.getByLabel('Choices 1', { exact: true });
      const value = await first.inputValue();
      await page.getByLabel('Choices 2', { exact: true }).selectOption(value);
      await page.getByRole('button', { name: 'Done' }).click();
      await page.locator('tr.invalid-row[data-student=S0001]').waitFor();
      await shot(c, 'students-invalid-row');
      await page.getByLabel('Search').fill('');
      await page.getByLabel('Show').selectOption('invalid');
      // S0001's invalid row, and S0210, whose choices break the "at most 1 from ART, PHO, MUS" rule typed above.
      await page.waitForFunction(() => document.querySelector('[data-testid=student-count]')?.textContent?.includes('Showing 2 of 240'));
      await page.locator('tr.invalid-row[data-student=S0001]').waitFor();
    },
  },
];
