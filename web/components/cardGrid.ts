/**
 * Keyboard movement over the Blocks screen's cards, kept free of React and the DOM so it can be tested
 * on its own. The grid is a list of columns (one per block), each a list of card keys from top to
 * bottom; a key is `${groupId}@${block}` because a double group has a card in each of its blocks.
 */

export type Columns = readonly (readonly string[])[];

export const cardKey = (groupId: string, block: string): string => `${groupId}@${block}`;

function find(cols: Columns, key: string): { col: number; row: number } | null {
  for (let col = 0; col < cols.length; col++) {
    const row = cols[col].indexOf(key);
    if (row >= 0) return { col, row };
  }
  return null;
}

/** The first card of the grid, reading block by block; null when there is none. */
export function firstCard(cols: Columns): string | null {
  for (const c of cols) if (c.length > 0) return c[0];
  return null;
}

/**
 * Where a navigation key takes the focus from card `key`: Left/Right to the next block that has cards
 * (the same row, or its last card when shorter), Up/Down within the block, Home/End to the first/last
 * card of the block, and with Ctrl to the first/last card of the grid. Null for any other key, or when
 * the key leads nowhere (the focus then stays where it is).
 */
export function moveFrom(cols: Columns, key: string, nav: string, ctrl = false): string | null {
  const at = find(cols, key);
  if (!at) return firstCard(cols);
  const here = cols[at.col];
  switch (nav) {
    case 'ArrowUp':
      return at.row > 0 ? here[at.row - 1] : null;
    case 'ArrowDown':
      return at.row < here.length - 1 ? here[at.row + 1] : null;
    case 'ArrowLeft':
    case 'ArrowRight': {
      const step = nav === 'ArrowLeft' ? -1 : 1;
      for (let c = at.col + step; c >= 0 && c < cols.length; c += step) {
        if (cols[c].length > 0) return cols[c][Math.min(at.row, cols[c].length - 1)];
      }
      return null;
    }
    case 'Home':
      return ctrl ? firstCard(cols) : here[0];
    case 'End': {
      if (!ctrl) return here[here.length - 1];
      for (let c = cols.length - 1; c >= 0; c--) if (cols[c].length > 0) return cols[c][cols[c].length - 1];
      return null;
    }
    default:
      return null;
  }
}

export interface JumpGroup {
  id: string;
  course: string;
  courseName: string;
  blocks: readonly string[];
}

/**
 * The group a "Go to group" query names: a group id ("DT-2"), a course code ("DT": its first group, or
 * the one after `from` when `from` is already one of them, so pressing Enter again walks through them),
 * or the start of, then any word in, a course name ("design"). Case does not matter. `groups` are in
 * the order the screen shows them.
 */
export function findGroup(groups: readonly JumpGroup[], query: string, from?: string | null): { id: string; of: number; index: number } | null {
  const q = query.trim().toLowerCase();
  if (!q) return null;
  const exact = groups.find((g) => g.id.toLowerCase() === q);
  if (exact) return { id: exact.id, of: 1, index: 0 };
  const tiers = [
    groups.filter((g) => g.course.toLowerCase() === q),
    groups.filter((g) => g.id.toLowerCase().startsWith(q) || g.courseName.toLowerCase().startsWith(q)),
    groups.filter((g) => g.courseName.toLowerCase().split(/[^a-z0-9]+/).some((w) => w.startsWith(q)) || g.courseName.toLowerCase().includes(q)),
  ];
  const list = tiers.find((t) => t.length > 0);
  if (!list) return null;
  const i = from ? list.findIndex((g) => g.id === from) : -1;
  const index = i >= 0 ? (i + 1) % list.length : 0;
  return { id: list[index].id, of: list.length, index };
}
