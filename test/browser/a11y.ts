/**
 * Page checks every browser suite makes on the screens it visits: every control is named, and text keeps
 * WCAG AA contrast. Shared by planner.spec.ts and the trust specs.
 */
import type { Page } from 'playwright-core';

/** Every visible form control and button has an accessible name (label, aria-label or text). */
export async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('input, select, textarea, button')) {
      const input = el as HTMLInputElement;
      const named = el.getAttribute('aria-label') || (input.labels && input.labels.length > 0) || (el.tagName === 'BUTTON' && el.textContent?.trim());
      if (!named) bad.push(el.outerHTML.slice(0, 120));
    }
    return bad;
  });
}

/**
 * Text whose colour against its background falls below WCAG AA: 4.5:1, or 3:1 for large text (24 px, or
 * 18.66 px bold). The background is the first opaque one up the tree; text over a gradient or image is
 * not judged. Returns one line per failing element, with its ratio.
 */
export async function lowContrast(page: Page): Promise<string[]> {
  // tsx compiles the named arrow functions below with esbuild's __name helper, which the page lacks.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const bgOf = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length >= 3 && (c.length === 3 || c[3] > 0.9)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const bad: string[] = [];
    const seen = new Set<Element>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !n.textContent?.trim()) continue;
      seen.add(el);
      const st = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || st.visibility === 'hidden' || el.closest('.visually-hidden, option, [aria-hidden=true]')) continue;
      // Disabled controls are exempt from the contrast rule (WCAG 1.4.3).
      if (el.closest('button:disabled, select:disabled, input:disabled')) continue;
      const fg = rgb(st.color);
      const alpha = fg.length > 3 ? fg[3] : 1;
      const bg = bgOf(el);
      const mixed = fg.slice(0, 3).map((v, i) => v * alpha + bg[i] * (1 - alpha));
      const [a, b] = [lum(mixed), lum(bg)].sort((x, y) => y - x);
      const ratio = (a + 0.05) / (b + 0.05);
      const size = parseFloat(st.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(st.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) bad.push(`${ratio.toFixed(2)}:1 "${n.textContent.trim().slice(0, 40)}" (${el.tagName.toLowerCase()}.${el.className})`);
    }
    return bad;
  });
}
