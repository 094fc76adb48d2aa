/**
 * Per-school block relabelling: a school's blocks are interchangeable until the shared groups pin some of them
 * down, so the search can settle a school's own groups in a permutation of the blocks that suits its pupils
 * except those in shared groups (measured on a planted consortium of 10 schools of 100 pupils: every home
 * course in a rotated block, 917 of 1,000 with the shared courses held to their planted columns). Undoing that
 * takes moving every group of a block at once, which the search's one-group moves do not reach.
 *
 * For each school, every permutation of its blocks (up to 7 blocks: 5,040) is scored by how many of its pupils
 * could then take all their (combined) choices in distinct blocks, each course in one of its groups: its own
 * groups moved by the permutation, the shared groups where they are. Seats are ignored (the solve that follows
 * re-seats); a permutation must keep each group in blocks its course allows. The best permutation of each
 * school, when it beats leaving the school as it is, moves that school's groups in a copy of the plan, which
 * the caller solves from and keeps only when it is better.
 */
import type { Result, ResultGroup } from '../types';
import { splitId, type JointModel } from './reduce';

/** The most blocks a school may have for its permutations to be tried. */
const MAX_PERMUTED_BLOCKS = 7;

function permutationsOf<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  const out: T[][] = [];
  items.forEach((x, i) => {
    for (const rest of permutationsOf([...items.slice(0, i), ...items.slice(i + 1)])) out.push([x, ...rest]);
  });
  return out;
}

/** Can each course take one of its options (block lists) with no block used twice? Depth-first; a pupil has a handful of courses. */
function fitsDistinct(options: string[][][], k: number, used: Set<string>): boolean {
  if (k === options.length) return true;
  for (const blocks of options[k]) {
    if (blocks.some((b) => used.has(b))) continue;
    for (const b of blocks) used.add(b);
    const ok = fitsDistinct(options, k + 1, used);
    for (const b of blocks) used.delete(b);
    if (ok) return true;
  }
  return false;
}

/** A copy of `combined` with some schools' own groups moved to better blocks, or null when no school gains. */
export function relabelSchools(model: JointModel, combined: Result): Result | null {
  const allowed = new Map(model.scenario.courses.map((c) => [c.id, new Set(c.blocks ?? model.scenario.blocks)]));
  const groupsOf = new Map<string, ResultGroup[]>();
  for (const g of combined.groups) groupsOf.set(g.course, [...(groupsOf.get(g.course) ?? []), g]);
  const moves = new Map<string, Map<string, string>>(); // member index -> block -> block
  model.memberIds.forEach((_, m) => {
    const blocks = [...new Set(model.blockToGlobal[m].values())];
    if (blocks.length > MAX_PERMUTED_BLOCKS) return;
    const pupils = model.scenario.students.filter((st) => splitId(st.id).member === m);
    const own = combined.groups.filter((g) => splitId(g.course).member === m);
    const score = (map: Map<string, string>): number => {
      let n = 0;
      for (const st of pupils) {
        const options = st.choices.map((c) =>
          (groupsOf.get(c) ?? []).map((g) => (splitId(g.course).member === m ? g.blocks.map((b) => map.get(b) ?? b) : g.blocks)),
        );
        if (options.every((o) => o.length > 0) && fitsDistinct(options, 0, new Set())) n++;
      }
      return n;
    };
    const identity = new Map(blocks.map((b) => [b, b]));
    let best = identity;
    let bestScore = score(identity);
    for (const perm of permutationsOf(blocks)) {
      const map = new Map(blocks.map((b, i) => [b, perm[i]]));
      if (own.some((g) => g.blocks.some((b) => !allowed.get(g.course)!.has(map.get(b) ?? b)))) continue;
      const s = score(map);
      if (s > bestScore) {
        best = map;
        bestScore = s;
      }
    }
    if (best !== identity) moves.set(String(m), best);
  });
  if (moves.size === 0) return null;
  return {
    ...combined,
    groups: combined.groups.map((g) => {
      const map = moves.get(String(splitId(g.course).member));
      return map ? { ...g, blocks: g.blocks.map((b) => map.get(b) ?? b) } : g;
    }),
  };
}
