/**
 * What a re-solve with the fewest changes cannot keep of the published blocking, said before it runs
 * (docs/reference.md "Re-solving with the fewest moves"). The solver never fails on these: it keeps what
 * still fits and seats the rest afresh. The user should hear, plainly and up front, which published groups
 * must move or go whatever order they choose, so the moves that follow are no surprise.
 *
 * Each sentence names the courses, groups and blocks concerned. Checked, against the scenario now:
 *  - a published group's course is no longer offered (the group is cancelled, its pupils placed afresh);
 *  - a block it sat in is gone, or the course may no longer run in that block (the group must move);
 *  - the course now runs at most fewer groups than were published (some must be cancelled);
 *  - a scenario in fit mode runs only its own groups: published groups not among them cannot run.
 * Pure: no React, no store.
 */
import type { Result, Scenario } from '../../solver';

export function notHonoured(published: { result: Result; scenario: Scenario }, now: Scenario): string[] {
  const out: string[] = [];
  const course = new Map(now.courses.map((c) => [c.id, c]));
  const courseName = (id: string) => course.get(id)?.name ?? published.scenario.courses.find((c) => c.id === id)?.name ?? id;
  const blocksNow = new Set(now.blocks);
  const byCourse = new Map<string, string[]>();
  for (const g of published.result.groups) byCourse.set(g.course, [...(byCourse.get(g.course) ?? []), g.id]);

  for (const [id, groups] of byCourse) {
    if (!course.has(id)) out.push(`${courseName(id)} is no longer offered: its published ${groupWords(groups)} cannot run, so their pupils are placed afresh.`);
  }
  const goneBlocks = new Map<string, string[]>();
  const notAllowed = new Map<string, string[]>();
  for (const g of published.result.groups) {
    const c = course.get(g.course);
    if (!c) continue;
    for (const b of g.blocks) {
      if (!blocksNow.has(b)) goneBlocks.set(b, [...(goneBlocks.get(b) ?? []), g.id]);
      else if (c.blocks && !c.blocks.includes(b)) notAllowed.set(`${c.name}\u0000${b}`, [...(notAllowed.get(`${c.name}\u0000${b}`) ?? []), g.id]);
    }
  }
  for (const [b, groups] of goneBlocks) out.push(`Block ${b} no longer exists: ${groupWords(groups)} must move to another block.`);
  for (const [key, groups] of notAllowed) {
    const [name, b] = key.split('\u0000');
    out.push(`${name} may no longer run in block ${b}: ${groupWords(groups)} must move to another block.`);
  }
  for (const [id, groups] of byCourse) {
    const max = course.get(id)?.maxGroups;
    if (max !== undefined && max < groups.length) {
      const cut = groups.length - max;
      out.push(`${courseName(id)} now runs at most ${max} group${max === 1 ? '' : 's'} (${groups.length} were published): ${cut === 1 ? 'one of' : `${cut} of`} ${groups.join(', ')} must be cancelled and ${cut === 1 ? 'its' : 'their'} pupils placed elsewhere.`);
    }
  }
  if (now.mode === 'fit') {
    const own = new Set((now.groups ?? []).map((g) => g.id));
    const outside = published.result.groups.filter((g) => course.has(g.course) && !own.has(g.id)).map((g) => g.id);
    if (outside.length > 0) out.push(`The scenario fits pupils into its own fixed groups: the published ${groupWords(outside)} ${outside.length === 1 ? 'is' : 'are'} not among them and cannot be kept.`);
  }
  return out;
}

function groupWords(ids: readonly string[]): string {
  return ids.length === 1 ? `group ${ids[0]}` : `groups ${ids.join(', ')}`;
}
