/**
 * What the trust browser tests (issue 9) share: moving around the planner, waiting for a solve or
 * re-seat to settle, reading figures and messages, screenshots, and starting the planner on a school's
 * own scenario instead of the embedded sample.
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

export interface Ctx {
  page: Page;
  context: BrowserContext;
  url: string;
  shots: string;
}

/** Opens the planner at a screen by its route: 'offer', 'students', 'blocks', 'results', 'scenarios'. */
export async function open(c: Ctx, route: string): Promise<void> {
  await c.page.goto(`${c.url}#/${route}`);
  await c.page.locator('main h2').first().waitFor();
}

/** Goes to a screen through the navigation, as a user clicks it. */
export async function go(c: Ctx, route: string): Promise<void> {
  await c.page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: route, exact: true }).click();
  await c.page.locator('main h2').first().waitFor();
}

/** Waits until no solve or re-seat is running and a blocking is on screen. */
export async function settled(page: Page, timeout = 60_000): Promise<void> {
  await page.getByRole('button', { name: 'Solve', exact: true }).waitFor({ timeout });
  await page.locator('[data-testid=figures]').first().waitFor({ timeout });
  await page.waitForFunction(() => !document.body.textContent?.includes('Re-seating students'), null, { timeout });
}

/** The value of one headline figure (data-figure="fully", ...). */
export async function figure(page: Page, id: string): Promise<string> {
  return (await page.locator(`[data-testid=figures] [data-figure=${id}] .value`).first().textContent())?.trim() ?? '';
}

/** The text of the message bar. */
export async function message(page: Page): Promise<string> {
  return (await page.locator('[data-testid=message]').textContent()) ?? '';
}

/** What the user sees first (`name.png`) and the whole page (`name-full.png`). */
export async function shot(c: Ctx, name: string): Promise<void> {
  await c.page.screenshot({ path: join(c.shots, `${name}.png`) });
  await c.page.screenshot({ path: join(c.shots, `${name}-full.png`), fullPage: true });
}

export async function setTimeLimit(page: Page, seconds: number): Promise<void> {
  await page.getByLabel('Time limit').selectOption(String(seconds));
}

/**
 * Starts the planner with a school's own scenario document (an object following docs/format.md) by importing
 * it through the header's file input, as a user would, and opens it. The sample stays in the list.
 */
export async function importScenario(c: Ctx, scenario: unknown, fileName = 'our-school.scenario.json'): Promise<void> {
  await open(c, 'scenarios');
  const input = c.page.locator('[data-testid=import-file]');
  await input.setInputFiles({ name: fileName, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(scenario)) });
  await c.page.waitForFunction(() => /Imported scenario/.test(document.querySelector('[data-testid=message]')?.textContent ?? ''), null, { timeout: 20_000 });
}

/** A small seeded generator (mulberry32), so a test's made-up school is the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
