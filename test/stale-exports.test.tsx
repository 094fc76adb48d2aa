/**
 * Issue 9 item 4: exports made from an out-of-date blocking. "Export anyway" marks every file (a first
 * line in the tables, a field in the result document, OUT-OF-DATE in the file name, a line on each
 * letter), and no list carries a pupil who is no longer in the scenario, with or without a name.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { EXPORTS, Letters } from '../web/io';
import { resultForScenario } from '../web/state/basis';
import { result, scenario } from './fixtures/io/solved';

const text = (d: Uint8Array | string) => (typeof d === 'string' ? d : new TextDecoder().decode(d));
const gone = scenario.students[0];
const now = { ...scenario, students: scenario.students.slice(1) };
const changes = [`1 student removed (${gone.id})`];
const item = (id: string) => EXPORTS.find((e) => e.id === id)!;

describe('exports of an out-of-date blocking', () => {
  it('class lists, grid and placements: marked on the first line and in the name, without the removed pupil', async () => {
    for (const id of ['class-lists-csv', 'grid-csv', 'placements-csv']) {
      const f = await item(id).make(now, result, changes);
      expect(f.name).toMatch(/-OUT-OF-DATE-/);
      const lines = text(f.data).replace(/^\uFEFF/, '').split(/\r?\n/);
      expect(lines[0]).toMatch(/^"?OUT OF DATE: this blocking was made before the scenario changed \(1 student removed/);
      expect(lines.slice(1).some((l) => l.includes(gone.id))).toBe(false);
    }
  });

  it('up to date: no mark, and still no row for a pupil the scenario does not have', async () => {
    const f = await item('class-lists-csv').make(now, result, null);
    expect(f.name).not.toMatch(/OUT-OF-DATE/);
    expect(text(f.data)).not.toContain(gone.id);
    expect(text(f.data)).not.toMatch(/OUT OF DATE/);
  });

  it('the result document carries the changes; the restricted result drops the pupil from every list', async () => {
    const f = await item('result-json').make(now, result, changes);
    expect(f.name).toMatch(/OUT-OF-DATE\.result\.json$/);
    expect(JSON.parse(text(f.data)).outOfDate).toEqual({ note: expect.stringMatching(/^OUT OF DATE/), changes });
    const r = resultForScenario(now, result);
    expect(r.students.some((s) => s.id === gone.id)).toBe(false);
    expect(r.groups.some((g) => g.students.includes(gone.id))).toBe(false);
    expect(resultForScenario(scenario, result)).toBe(result);
  });

  it('letters: each says it is a draft, out of date; the removed pupil gets none', () => {
    const html = renderToStaticMarkup(<Letters scenario={now} result={result} stale={changes} />);
    expect(html).toContain('DRAFT, NOT TO BE SENT.');
    expect(html.match(/class="ks4-letter"/g)!.length).toBe(now.students.length);
    expect(html.match(/DRAFT, NOT TO BE SENT/g)!.length).toBe(now.students.length);
    expect(html).not.toContain(`aria-label="Letter to ${gone.name ?? gone.id}"`);
    expect(renderToStaticMarkup(<Letters scenario={scenario} result={result} />)).toContain(`aria-label="Letter to ${gone.name ?? gone.id}"`);
  });
});
