/** The headline figures' bound: "optimal" when the bound meets the fully satisfied count, the gap otherwise. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Result } from '../solver';
import { SummaryFigures } from '../web/components/Figures';

const result = (fullySatisfied: number, upperBound?: number): Result =>
  ({
    format: 'ks4-result/1',
    scenario: 'x',
    groups: [],
    students: [],
    summary: { students: 120, fullySatisfied, choices: 346, choicesMet: 334, reservesUsed: 11, groups: 24, seconds: 1, seed: 1, ...(upperBound !== undefined ? { upperBound } : {}) },
  }) as unknown as Result;

describe('SummaryFigures bound', () => {
  it('says optimal when the proven bound equals the fully satisfied count', () => {
    const html = renderToStaticMarkup(<SummaryFigures result={result(111, 111)} />);
    expect(html).toContain('≤ 111');
    expect(html).toContain('111 of 120 — optimal: proven the most that can be fully satisfied');
  });
  it('gives the gap when the bound is above it, and none when there is no bound', () => {
    const html = renderToStaticMarkup(<SummaryFigures result={result(108, 112)} />);
    expect(html).not.toMatch(/optimal/);
    expect(html).toContain('4 more at best');
    expect(renderToStaticMarkup(<SummaryFigures result={result(108)} />)).toContain('no bound proven yet');
  });
});
