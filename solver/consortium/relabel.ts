/**
 * Moves the search's one-group moves do not reach, each scored without a solve and then solved from by the
 * caller (solve.ts), which keeps the result only when more pupils end fully placed:
 *
 * - Per-school block relabelling (relabelSchools): a school's blocks are interchangeable until the shared groups
 *   pin some of them down, so the search can settle a school's own groups in a permutation of the blocks that
 *   suits its pupils except those in shared groups (measured on a planted consortium of 10 schools of 100 pupils:
 *   every home course in a rotated block, 917 of 1,000 with the shared courses held to their planted columns).
 *   Undoing that takes moving every group of a block at once. For each school, every permutation of its blocks
 *   (up to 7 blocks: 5,040) is scored by how many of its pupils could then take all their (combined) choices in
 *   distinct blocks, each course in one of its groups: its own groups moved by the permutation, the shared groups
 *   where they are. Seats and sizes are ignored (the solve that follows re-seats); a permutation must keep each
 *   group in blocks its course allows. The best permutation of each school, when it beats leaving the school as
 *   it is, moves that school's groups.
 * - Shared groups to other columns (moveSharedGroups): the search moves a shared group only where every school's
 *   own groups already suit the new column, which they rarely do, so two pairs of shared groups can settle in one
 *   column and leave another empty (planted, 10 schools of 100 pupils, seed 2: 973 of 1,000 for the rest of the
 *   minute). Each move of one shared group to another column it may use is scored by the schools' best
 *   relabelling scores summed, moves are taken greedily while the sum grows, and the schools are relabelled for
 *   the result.
 *
 * Scoring layout (SchoolFrame): blocks are bits of the combined grid (at most 30 blocks); a pupil's choices are
 * runs in `options` of group references (g >= 0 an own group of the school, -1 - s the shared group s), so a
 * permutation's score reads the own groups' permuted block masks and the shared groups' masks, allocation-free.
 */
import type { Result, ResultGroup } from '../types';
import { splitId, type JointModel } from './reduce';

/** The most blocks a school may have for its permutations to be tried. */
const MAX_PERMUTED_BLOCKS = 7;
/** The most shared-group moves taken greedily in one call. */
const MAX_SHARED_MOVES = 8;

function permutationsOf<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  const out: T[][] = [];
  items.forEach((x, i) => {
    for (const rest of permutationsOf([...items.slice(0, i), ...items.slice(i + 1)])) out.push([x, ...rest]);
  });
  return out;
}

interface SchoolFrame {
  member: number;
  /** The school's block bits, and its allowed permutations: perms[p][i] is where blocks[i] goes. */
  blocks: number[];
  perms: number[][];
  /** Own groups: indices into combined.groups, and their block mask under each permutation: permMask[p * G + g]. */
  ownGroups: number[];
  permMask: Int32Array;
  /** Index of the identity permutation in perms. */
  identity: number;
  /** Per pupil: choiceStart[i]..choiceStart[i+1] are its choices; optionStart[k]..optionStart[k+1] each choice's options. */
  choiceStart: Int32Array;
  optionStart: Int32Array;
  options: Int32Array;
  pupils: number;
}

/** Everything the scores read, built once a plan. Null when the grid has more than 30 blocks. */
interface Frames {
  schools: SchoolFrame[];
  /** Shared groups: indices into combined.groups, and their block masks now (changed by moveSharedGroups). */
  sharedGroups: number[];
  sharedMask: Int32Array;
  /** The shared groups' masks in the plan itself. */
  sharedMaskInPlan: Int32Array;
  blockBit: Map<string, number>;
}

function buildFrames(model: JointModel, combined: Result): Frames | null {
  const labels = model.scenario.blocks;
  if (labels.length > 30) return null;
  const blockBit = new Map(labels.map((b, i) => [b, i]));
  const maskOf = (blocks: readonly string[]): number => blocks.reduce((m, b) => m | (1 << blockBit.get(b)!), 0);
  const allowed = new Map(model.scenario.courses.map((c) => [c.id, maskOf(c.blocks ?? labels)]));
  const groupsOf = new Map<string, number[]>();
  combined.groups.forEach((g, i) => groupsOf.set(g.course, [...(groupsOf.get(g.course) ?? []), i]));
  const sharedGroups: number[] = [];
  const sharedIndex = new Map<number, number>();
  combined.groups.forEach((g, i) => {
    if (splitId(g.course).member === -1) {
      sharedIndex.set(i, sharedGroups.length);
      sharedGroups.push(i);
    }
  });
  const sharedMask = Int32Array.from(sharedGroups, (i) => maskOf(combined.groups[i].blocks));
  const pupilsOf = new Map<number, typeof model.scenario.students>();
  for (const st of model.scenario.students) {
    const m = splitId(st.id).member;
    pupilsOf.set(m, [...(pupilsOf.get(m) ?? []), st]);
  }
  const schools: SchoolFrame[] = [];
  model.memberIds.forEach((_, m) => {
    const blocks = [...new Set(model.blockToGlobal[m].values())].map((b) => blockBit.get(b)!);
    if (blocks.length > MAX_PERMUTED_BLOCKS) return;
    const ownGroups: number[] = [];
    const ownIndex = new Map<number, number>();
    combined.groups.forEach((g, i) => {
      if (splitId(g.course).member === m) {
        ownIndex.set(i, ownGroups.length);
        ownGroups.push(i);
      }
    });
    const perms: number[][] = [];
    const masks: number[] = [];
    let identity = -1;
    for (const perm of permutationsOf(blocks)) {
      const where = new Map(blocks.map((b, i) => [b, perm[i]]));
      const row: number[] = [];
      let fits = true;
      for (const gi of ownGroups) {
        const g = combined.groups[gi];
        const mask = g.blocks.reduce((acc, b) => acc | (1 << (where.get(blockBit.get(b)!) ?? blockBit.get(b)!)), 0);
        if ((mask & allowed.get(g.course)!) !== mask) {
          fits = false;
          break;
        }
        row.push(mask);
      }
      if (!fits) continue;
      if (perm.every((b, i) => b === blocks[i])) identity = perms.length;
      perms.push(perm);
      masks.push(...row);
    }
    if (identity < 0) return; // the plan itself breaks a course's blocks: leave the school as it is
    const pupils = pupilsOf.get(m) ?? [];
    const choiceStart: number[] = [0];
    const optionStart: number[] = [0];
    const options: number[] = [];
    for (const st of pupils) {
      for (const c of st.choices) {
        for (const gi of groupsOf.get(c) ?? []) {
          const own = ownIndex.get(gi);
          options.push(own !== undefined ? own : -1 - sharedIndex.get(gi)!);
        }
        optionStart.push(options.length);
      }
      choiceStart.push(optionStart.length - 1);
    }
    schools.push({
      member: m,
      blocks,
      perms,
      ownGroups,
      permMask: Int32Array.from(masks),
      identity,
      choiceStart: Int32Array.from(choiceStart),
      optionStart: Int32Array.from(optionStart),
      options: Int32Array.from(options),
      pupils: pupils.length,
    });
  });
  return { schools, sharedGroups, sharedMask, sharedMaskInPlan: sharedMask.slice(), blockBit };
}

/** Can choices k.. of a pupil each take one option with no block used twice (under permutation p)? */
function fits(f: SchoolFrame, shared: Int32Array, p: number, k: number, end: number, used: number): boolean {
  if (k === end) return true;
  const G = f.ownGroups.length;
  for (let o = f.optionStart[k]; o < f.optionStart[k + 1]; o++) {
    const ref = f.options[o];
    const mask = ref >= 0 ? f.permMask[p * G + ref] : shared[-1 - ref];
    if ((used & mask) !== 0) continue;
    if (fits(f, shared, p, k + 1, end, used | mask)) return true;
  }
  return false;
}

/** Pupils of the school who could take all their choices under permutation p. */
function scorePermutation(f: SchoolFrame, shared: Int32Array, p: number): number {
  let n = 0;
  for (let i = 0; i < f.pupils; i++) if (fits(f, shared, p, f.choiceStart[i], f.choiceStart[i + 1], 0)) n++;
  return n;
}

/** The school's best permutation (the identity unless another scores strictly more) and its score. */
function bestPermutation(f: SchoolFrame, shared: Int32Array): { perm: number; score: number } {
  let perm = f.identity;
  let score = scorePermutation(f, shared, f.identity);
  for (let p = 0; p < f.perms.length; p++) {
    if (p === f.identity) continue;
    const s = scorePermutation(f, shared, p);
    if (s > score) {
      perm = p;
      score = s;
    }
  }
  return { perm, score };
}

/** `combined` with the shared groups at `frames.sharedMask` and each school's groups moved by its best permutation; null when nothing moves. */
function applyFrames(model: JointModel, combined: Result, frames: Frames): Result | null {
  const labels = model.scenario.blocks;
  const groups: ResultGroup[] = combined.groups.slice();
  let moved = false;
  frames.sharedGroups.forEach((gi, s) => {
    const mask = frames.sharedMask[s];
    if (mask === frames.sharedMaskInPlan[s]) return;
    groups[gi] = { ...groups[gi], blocks: labels.filter((_, b) => (mask & (1 << b)) !== 0) };
    moved = true;
  });
  for (const f of frames.schools) {
    const { perm } = bestPermutation(f, frames.sharedMask);
    if (perm === f.identity) continue;
    moved = true;
    const where = new Map(f.blocks.map((b, i) => [labels[b], labels[f.perms[perm][i]]]));
    for (const gi of f.ownGroups) groups[gi] = { ...groups[gi], blocks: groups[gi].blocks.map((b) => where.get(b) ?? b) };
  }
  return moved ? { ...combined, groups } : null;
}

/** A copy of `combined` with some schools' own groups moved to better blocks, or null when no school gains. */
export function relabelSchools(model: JointModel, combined: Result): Result | null {
  const frames = buildFrames(model, combined);
  return frames === null ? null : applyFrames(model, combined, frames);
}

/**
 * A copy of `combined` with shared groups moved to other columns (greedily, while the schools' best relabelling
 * scores summed grow) and the schools relabelled around them; null when no move gains. Pinned shared groups stay.
 */
export function moveSharedGroups(model: JointModel, combined: Result): Result | null {
  const frames = buildFrames(model, combined);
  if (frames === null || frames.sharedGroups.length === 0) return null;
  const total = (): number => frames.schools.reduce((n, f) => n + bestPermutation(f, frames.sharedMask).score, 0);
  const allowed = new Map(model.scenario.courses.map((c) => [c.id, (c.blocks ?? model.scenario.blocks).map((b) => frames.blockBit.get(b)!)]));
  let current = total();
  let movedAny = false;
  for (let step = 0; step < MAX_SHARED_MOVES; step++) {
    let bestGain = 0;
    let bestShared = -1;
    let bestMask = 0;
    frames.sharedGroups.forEach((gi, s) => {
      const g = combined.groups[gi];
      if (g.pinned || g.blocks.length !== 1) return;
      const was = frames.sharedMask[s];
      for (const b of allowed.get(g.course) ?? []) {
        const mask = 1 << b;
        if (mask === was) continue;
        frames.sharedMask[s] = mask;
        const gain = total() - current;
        if (gain > bestGain) {
          bestGain = gain;
          bestShared = s;
          bestMask = mask;
        }
      }
      frames.sharedMask[s] = was;
    });
    if (bestShared < 0) break;
    frames.sharedMask[bestShared] = bestMask;
    current += bestGain;
    movedAny = true;
  }
  return movedAny ? applyFrames(model, combined, frames) : null;
}
