/**
 * Issue 9, item 10: the Blocks screen from the keyboard alone, in Chromium, on the embedded sample (it
 * opens and solves by itself). The grid is one Tab stop with arrow keys inside it; "Go to group" reaches
 * any group by its course; a group moves only when the user confirms, and the focus stays on its card.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { figure, message, open, settled, shot, type Ctx } from './common';
import { lowContrast, unnamedControls } from '../a11y';

interface Focus {
  tag: string;
  name: string;
  body: boolean;
  group: string | null;
  block: string | null;
  onCard: boolean;
  inGrid: boolean;
}

/** What has the focus: its tag and accessible-ish name, and the card and block it is in. */
async function focused(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    const card = a?.closest<HTMLElement>('li.card');
    // A wrapping label's own text is its first span (the label also holds the control and its options).
    const lab = a && 'labels' in a ? (a as HTMLInputElement).labels?.[0] : undefined;
    const label = lab ? (lab.querySelector('span')?.textContent ?? lab.textContent ?? '') : '';
    return {
      tag: a?.tagName.toLowerCase() ?? '',
      name: (a?.getAttribute('aria-label') || label || a?.textContent || '').trim().slice(0, 80),
      body: !a || a === document.body,
      group: card?.dataset.group ?? null,
      block: a?.closest<HTMLElement>('section[data-block]')?.dataset.block ?? null,
      onCard: !!card && a === card,
      inGrid: !!a?.closest('[aria-label="Option blocks"]'),
    };
  });
}

/** Opens the Blocks screen afresh, so the keyboard starts from the top of the page with nothing focused. */
async function fromTop(c: Ctx): Promise<void> {
  await open(c, 'blocks');
  await settled(c.page);
  await c.page.reload();
  await c.page.locator('[data-testid=figures]').first().waitFor();
  await settled(c.page);
  assert.ok((await focused(c.page)).body, 'nothing has the focus on arrival');
}



/** A group with one block (a double's Move differs), in `block`, the last such card there. */
async function singleGroupIn(page: Page, block: string, which: 'first' | 'last' = 'last'): Promise<string> {
  const cards = page.locator(`section[data-block=${block}] li.card:not(.continued)`).filter({ hasNot: page.locator('.tag', { hasText: 'Double' }) });
  const card = which === 'first' ? cards.first() : cards.last();
  return (await card.getAttribute('data-group'))!;
}

/** Takes the message away without moving the focus, so the next one can be waited for. */
async function clearMessage(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelector<HTMLButtonElement>('[data-testid=message] button')?.click());
  await page.waitForFunction(() => !document.querySelector('[data-testid=message]'));
}

/**
 * With the focus on the group's Move-to list, chooses a block (`first` if it is offered, then the others
 * in turn) and confirms with the keyboard: Tab to Move and Enter, or Enter on the list. A move the
 * planner refuses (a rule it would break) leaves the group where it was with the focus on its card; the
 * next block is then tried from the card. Returns the block the group went to, or null.
 */
async function moveByKeyboard(page: Page, id: string, how: 'button' | 'enter', first: string): Promise<string | null> {
  const select = page.getByLabel(`Move ${id} to block`);
  const options = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  const order = options.includes(first) ? [first, ...options.filter((o) => o !== first)] : options;
  for (const to of order) {
    const from = (await focused(page)).block;
    await select.selectOption(to);
    if (how === 'button') {
      await page.keyboard.press('Tab');
      assert.equal((await focused(page)).name, `Move ${id}`);
    }
    await clearMessage(page);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=message]').waitFor({ timeout: 15_000 });
    await settled(page);
    const text = await message(page);
    const f = await focused(page);
    assert.ok(f.onCard && f.group === id, `after confirming, the focus is on ${id}'s card: ${JSON.stringify(f)} ("${text}")`);
    if ((await page.locator(`section[data-block=${to}] li.card[data-group="${id}"]`).count()) > 0) {
      assert.match(text, new RegExp(`^Moved ${id} to block ${to}`));
      return to;
    }
    assert.equal(f.block, from, `a refused move leaves ${id} in block ${from}`);
    console.log(`    ${id} to block ${to} refused: "${text.trim().slice(0, 140)}"; focus on its card in block ${f.block}`);
    await page.keyboard.press('Enter');
  }
  return null;
}

export const tests: { name: string; run: (c: Ctx) => Promise<void> }[] = [
  {
    name: 'keyboard: the blocks grid is one Tab stop; any group\'s Move control is a few keys from the top of the page',
    async run(c) {
      const { page } = c;
      await open(c, 'blocks');
      await settled(page);
      const cards = await page.locator('li.card').count();
      const target = await singleGroupIn(page, 'E');

      // Tab alone, from the top of the page, to the grid: the header, Solve, Go to group, Add a group.
      await fromTop(c);
      let toGrid = 0;
      for (; toGrid < 80; ) {
        await page.keyboard.press('Tab');
        toGrid++;
        if ((await focused(page)).inGrid) break;
      }
      const first = await focused(page);
      assert.ok(first.onCard, `Tab reaches a card of the grid (${toGrid} presses), got ${JSON.stringify(first)}`);
      assert.ok(toGrid <= 25, `the grid is ${toGrid} Tab presses from the top`);
      // Inside the grid Tab visits the focused card's own controls only, then leaves the grid.
      const inside: string[] = [];
      for (;;) {
        await page.keyboard.press('Tab');
        const f = await focused(page);
        if (!f.inGrid) break;
        assert.equal(f.group, first.group, `Tab stays on the focused card's controls, went to ${JSON.stringify(f)}`);
        inside.push(f.name);
        assert.ok(inside.length <= 5, `Tab goes through the grid's ${cards} cards: ${inside.join(', ')}`);
      }
      console.log(`    Tab only: ${toGrid} presses from the top to the grid (${cards} cards), then ${inside.length} controls of the focused card (${inside.join(', ')}), then out`);

      // A given group far down the grid: skip link, Go to group, type its name, Enter, Tab.
      await fromTop(c);
      let tabs = 0;
      await page.keyboard.press('Tab');
      tabs++;
      assert.match((await focused(page)).name, /Skip to content/);
      await page.keyboard.press('Enter');
      for (; tabs < 12; ) {
        await page.keyboard.press('Tab');
        tabs++;
        if ((await focused(page)).name === 'Go to group') break;
      }
      assert.equal((await focused(page)).name, 'Go to group', `Go to group is a few Tab presses after Skip to content (${tabs})`);
      await page.keyboard.type(target);
      await page.keyboard.press('Enter');
      const onTarget = await focused(page);
      assert.ok(onTarget.onCard && onTarget.group === target && onTarget.block === 'E', `Go to group ${target} focuses its card: ${JSON.stringify(onTarget)}`);
      await page.keyboard.press('Tab');
      tabs++;
      const move = await focused(page);
      assert.equal(move.tag, 'select');
      assert.equal(move.name, `Move ${target} to block`);
      const keys = tabs + 1 + target.length + 1;
      console.log(`    to ${target}'s Move control (block E): ${tabs} Tab presses, ${keys} keys in all (the old screen: one Tab stop per card control, 125 presses to one group in issue 9)`);
      assert.ok(tabs <= 10, `${tabs} Tab presses to a group's Move control`);
      await shot(c, 'keyboard-move-control');

      // Arrow keys inside the grid: across blocks, within a block, to its ends; type-ahead by course.
      await page.keyboard.press('Escape');
      assert.ok((await focused(page)).onCard, 'Escape goes back from the controls to the card');
      await page.keyboard.press('ArrowLeft');
      let f = await focused(page);
      assert.ok(f.onCard && f.block === 'D', `ArrowLeft goes to block D: ${JSON.stringify(f)}`);
      await page.keyboard.press('ArrowRight');
      f = await focused(page);
      assert.ok(f.onCard && f.block === 'E', `ArrowRight comes back to block E: ${JSON.stringify(f)}`);
      await page.keyboard.press('Home');
      const top = await focused(page);
      assert.equal(top.group, await page.locator('section[data-block=E] li.card').first().getAttribute('data-group'), 'Home: the first card of the block');
      await page.keyboard.press('ArrowDown');
      f = await focused(page);
      assert.equal(f.group, await page.locator('section[data-block=E] li.card').nth(1).getAttribute('data-group'), 'ArrowDown: the next card of the block');
      await page.keyboard.press('End');
      f = await focused(page);
      assert.equal(f.group, await page.locator('section[data-block=E] li.card').last().getAttribute('data-group'), 'End: the last card of the block');
      await page.keyboard.press('Control+Home');
      f = await focused(page);
      assert.equal(f.group, await page.locator('section[data-block=A] li.card').first().getAttribute('data-group'), 'Ctrl+Home: the first card of the grid');
      await page.keyboard.type('mus');
      f = await focused(page);
      assert.match(f.group ?? '', /^MUS-/, `typing "mus" goes to a Music card: ${JSON.stringify(f)}`);
      // The grid stays one Tab stop wherever the focus went inside it.
      assert.equal(await page.locator('[aria-label="Option blocks"] [tabindex="0"]').evaluateAll((els) => new Set(els.map((e) => e.closest('li.card'))).size), 1);
    },
  },
  {
    name: 'keyboard: arrow keys on the closed Move-to list only choose; Move (or Enter) moves, and the focus stays on the moved card',
    async run(c) {
      const { page } = c;
      await open(c, 'blocks');
      await settled(page);
      const id = await singleGroupIn(page, 'A', 'first');
      const before = { fully: await figure(page, 'fully'), choices: await figure(page, 'choices'), message: await message(page) };
      await page.getByLabel('Go to group').fill(id);
      await page.keyboard.press('Enter');
      assert.equal((await focused(page)).group, id);
      await page.keyboard.press('Enter');
      let f = await focused(page);
      assert.equal(f.name, `Move ${id} to block`, 'Enter on a card opens its controls at Move to');

      // The issue: ArrowDown on the closed list moved the group at once and dropped the focus to the page.
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowUp');
      await page.waitForTimeout(800);
      f = await focused(page);
      assert.ok(!f.body, 'the focus did not drop to the page');
      assert.equal(f.name, `Move ${id} to block`, `the focus stays on the list: ${JSON.stringify(f)}`);
      assert.equal(await page.locator(`section[data-block=A] li.card[data-group="${id}"]`).count(), 1, `${id} is still in block A`);
      assert.equal(await page.locator('[data-testid=reseat-ms]').count(), 0, 'nothing was re-seated');
      assert.equal(await figure(page, 'fully'), before.fully, 'the figures did not change');
      assert.equal(await figure(page, 'choices'), before.choices);
      assert.equal(await message(page), before.message, 'no move was announced');
      const chosen = await page.getByLabel(`Move ${id} to block`).inputValue();
      console.log(`    ArrowDown, ArrowDown, ArrowUp on ${id}'s closed list: chose "${chosen}", moved nothing, focus on the list; fully satisfied still ${before.fully}`);
      await shot(c, 'keyboard-chosen-not-moved');

      // Confirm with the Move button, from the keyboard. The planner refuses a move that would break a
      // rule (no teacher free there, say): then the next block is tried, and the focus must stay on the
      // card either way.
      const where = await moveByKeyboard(page, id, 'button', chosen);
      assert.ok(where, `${id} could not be moved to any block`);
      f = await focused(page);
      assert.ok(f.group === id && f.block === where && f.onCard, `the focus is on ${id}'s card in block ${where}: ${JSON.stringify(f)}`);
      // The result is announced in the live message area.
      const live = (await page.locator('[aria-live] [data-testid=message]').textContent()) ?? '';
      assert.match(live, new RegExp(`oved ${id} to block ${where}: \\d+ of 240 fully satisfied`));
      console.log(`    Move: "${live.trim()}"; focus on "${f.name}"`);
      await shot(c, 'keyboard-after-move');

      // Enter on the list confirms too, and the focus again follows the card.
      await page.keyboard.press('Enter');
      assert.equal((await focused(page)).name, `Move ${id} to block`);
      const again = await moveByKeyboard(page, id, 'enter', 'A');
      assert.ok(again, `${id} could not be moved on from block ${where}`);
      f = await focused(page);
      assert.ok(f.group === id && f.block === again && f.onCard, `after Enter on the list the focus is on ${id}'s card in block ${again}: ${JSON.stringify(f)}`);

      // Ctrl+Z on the card undoes the move: the card goes back and the focus goes with it.
      await page.keyboard.press('Control+z');
      await page.locator(`section[data-block=${where}] li.card[data-group="${id}"]`).waitFor();
      await settled(page);
      f = await focused(page);
      assert.ok(f.group === id && f.block === where && f.onCard, `after Ctrl+Z the focus is on ${id}'s card back in block ${where}: ${JSON.stringify(f)}`);

      // Remove from the keyboard: the focus goes to a neighbouring card (or stays, if refused), never to the page.
      await page.keyboard.press('ArrowDown');
      const gone = (await focused(page)).group!;
      await page.keyboard.press('Enter');
      for (let k = 0; k < 4 && (await focused(page)).name !== `Remove ${gone}`; k++) await page.keyboard.press('Tab');
      assert.equal((await focused(page)).name, `Remove ${gone}`);
      await clearMessage(page);
      await page.keyboard.press('Enter');
      await page.locator('[data-testid=message]').waitFor({ timeout: 15_000 });
      await settled(page);
      const removed = (await page.locator(`li.card[data-group="${gone}"]`).count()) === 0;
      f = await focused(page);
      assert.ok(!f.body && f.inGrid, `after Remove the focus stays in the grid: ${JSON.stringify(f)}`);
      if (removed) assert.ok(f.onCard && f.group !== gone, `after Remove the focus is on another card: ${JSON.stringify(f)}`);
      console.log(`    Remove ${gone}: ${removed ? 'removed' : `refused ("${(await message(page)).trim()}")`}; focus on "${f.name}"`);
    },
  },
  {
    name: 'keyboard: Go to group finds a group by its course code or name, walks a course\'s groups, and says when nothing matches',
    async run(c) {
      const { page } = c;
      await open(c, 'blocks');
      await settled(page);
      const box = page.getByLabel('Go to group');
      await box.fill('DT');
      await page.keyboard.press('Enter');
      const one = await focused(page);
      assert.ok(one.onCard && /^DT-/.test(one.group ?? ''), `"DT" then Enter focuses a Design and Technology card: ${JSON.stringify(one)}`);
      const dt = await page.locator('li.card[data-group^="DT-"]:not(.continued)').count();
      if (dt > 1) {
        await box.focus();
        await page.keyboard.press('Enter');
        const two = await focused(page);
        assert.ok(/^DT-/.test(two.group ?? '') && two.group !== one.group, `Enter again goes to the next DT group: ${one.group} then ${two.group}`);
        assert.match((await page.locator('form.jump').textContent()) ?? '', /Group 2 of \d+/);
        await shot(c, 'keyboard-jump-next');
      }
      // A double group's second card has no controls of its own: Enter on it goes to the group's first card.
      const cont = page.locator('li.card.continued').first();
      if ((await cont.count()) > 0) {
        const dbl = (await cont.getAttribute('data-group'))!;
        await cont.focus();
        await page.keyboard.press('Enter');
        const f = await focused(page);
        assert.ok(f.onCard && f.group === dbl && f.block === (await page.locator(`li.card[data-group="${dbl}"]:not(.continued)`).getAttribute('data-key'))!.split('@')[1], `Enter on ${dbl}'s second card goes to its first: ${JSON.stringify(f)}`);
      }
      await box.fill('photo');
      await page.keyboard.press('Enter');
      assert.match((await focused(page)).group ?? '', /^PHO-/, 'part of a course name finds it');
      await box.fill('zzz');
      await page.keyboard.press('Enter');
      const f = await focused(page);
      assert.equal(f.name, 'Go to group', 'with no match the focus stays in the box');
      assert.match((await page.locator('form.jump').textContent()) ?? '', /No group matches "zzz"/);
      assert.equal(await box.getAttribute('aria-invalid'), 'true');
      await shot(c, 'keyboard-jump-no-match');
    },
  },
  {
    name: 'keyboard: the Blocks screen\'s controls are all named and its text is readable, with a card focused',
    async run(c) {
      const { page } = c;
      await open(c, 'blocks');
      await settled(page);
      await page.getByLabel('Go to group').fill('HIS');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      assert.deepEqual(await unnamedControls(page), []);
      assert.deepEqual(await lowContrast(page), []);
      // Exactly one card (and its controls) is in the tab order.
      const stops = await page.locator('[aria-label="Option blocks"] [tabindex="0"]').count();
      assert.ok(stops >= 2 && stops <= 5, `one card and its controls in the tab order, found ${stops} stops`);
      await shot(c, 'keyboard-card-controls');
      // What a screen reader hears on a card: its name, then who teaches it where (Chromium's own tree).
      const card = page.locator('li.card:focus-within');
      const id = (await card.getAttribute('data-group'))!;
      const cdp = await c.context.newCDPSession(page);
      const { root } = (await cdp.send('DOM.getDocument', { depth: 0 })) as { root: { nodeId: number } };
      const { nodeId } = (await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: `li.card[data-group="${id}"]` })) as { nodeId: number };
      const { nodes } = (await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false })) as {
        nodes: { name?: { value: string }; description?: { value: string } }[];
      };
      const name = nodes[0]?.name?.value ?? '';
      const description = nodes[0]?.description?.value ?? '';
      const who = await card.locator('.who > span:not(.visually-hidden)').allTextContents();
      console.log(`    a card as heard: "${name}", described as "${description}"`);
      assert.match(name, new RegExp(`^History group ${id}, block [A-E], \\d+ of \\d+ students`));
      assert.equal(description.replace(/\s+/g, ' ').replace(/ ,/g, ',').trim(), who.join(', '));
    },
  },
];
