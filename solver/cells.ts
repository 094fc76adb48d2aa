/**
 * Cell masks of any width. A cell is one (block, year) pair, id = block * yearCount + yearIndex (model.ts).
 * A set of cells is held in `cw` Int32 words (model.cellWords = ceil(cellCount / 32), at least 1): cell x is
 * bit (x & 31) of word (x >>> 5). The masks of N entities (placements, slots, students, teachers, rooms) sit
 * in one Int32Array of length N * cw, entity i in words i * cw .. i * cw + cw - 1.
 *
 * Up to 32 cells (every school grid of the usual 4 to 6 blocks over 2 or 3 years) cw is 1, and the hot tests
 * stay one AND: each helper checks cw === 1 first and then touches exactly the word the one-word code always
 * did (index i, since i * 1 = i); V8 inlines these small functions into the search's loops. Wider grids (a
 * two-week timetable, 45 periods in a year) loop over the words.
 */

/** Do entity i of `a` and entity j of `b` share a cell? */
export function cellsOverlap(a: Int32Array, i: number, b: Int32Array, j: number, cw: number): boolean {
  if (cw === 1) return (a[i] & b[j]) !== 0;
  const ai = i * cw;
  const bj = j * cw;
  for (let w = 0; w < cw; w++) if ((a[ai + w] & b[bj + w]) !== 0) return true;
  return false;
}

/** Does entity i of `a` share a cell with entity j of `b` that entity k of `except` does not hold? */
export function cellsOverlapExcept(a: Int32Array, i: number, b: Int32Array, j: number, except: Int32Array, k: number, cw: number): boolean {
  if (cw === 1) return (a[i] & b[j] & ~except[k]) !== 0;
  const ai = i * cw;
  const bj = j * cw;
  const ek = k * cw;
  for (let w = 0; w < cw; w++) if ((a[ai + w] & b[bj + w] & ~except[ek + w]) !== 0) return true;
  return false;
}

/** Does entity i of `a` share a cell with the union of entity j of `b` and entity k of `c`? */
export function cellsOverlapEither(a: Int32Array, i: number, b: Int32Array, j: number, c: Int32Array, k: number, cw: number): boolean {
  if (cw === 1) return (a[i] & (b[j] | c[k])) !== 0;
  const ai = i * cw;
  const bj = j * cw;
  const ck = k * cw;
  for (let w = 0; w < cw; w++) if ((a[ai + w] & (b[bj + w] | c[ck + w])) !== 0) return true;
  return false;
}

/** Are entity i of `a` and entity j of `b` the same set of cells? */
export function cellsEqual(a: Int32Array, i: number, b: Int32Array, j: number, cw: number): boolean {
  if (cw === 1) return a[i] === b[j];
  const ai = i * cw;
  const bj = j * cw;
  for (let w = 0; w < cw; w++) if (a[ai + w] !== b[bj + w]) return false;
  return true;
}

/** Entity i of `into` gains the cells of entity j of `from`. */
export function cellsAdd(into: Int32Array, i: number, from: Int32Array, j: number, cw: number): void {
  if (cw === 1) {
    into[i] |= from[j];
    return;
  }
  const ii = i * cw;
  const fj = j * cw;
  for (let w = 0; w < cw; w++) into[ii + w] |= from[fj + w];
}

/** Entity i of `into` loses the cells of entity j of `from`. */
export function cellsRemove(into: Int32Array, i: number, from: Int32Array, j: number, cw: number): void {
  if (cw === 1) {
    into[i] &= ~from[j];
    return;
  }
  const ii = i * cw;
  const fj = j * cw;
  for (let w = 0; w < cw; w++) into[ii + w] &= ~from[fj + w];
}

/** Entity i of `into` becomes a copy of entity j of `from` (j = -1: no cells). */
export function cellsCopy(into: Int32Array, i: number, from: Int32Array, j: number, cw: number): void {
  if (cw === 1) {
    into[i] = j >= 0 ? from[j] : 0;
    return;
  }
  const ii = i * cw;
  if (j < 0) into.fill(0, ii, ii + cw);
  else for (let w = 0; w < cw; w++) into[ii + w] = from[j * cw + w];
}

/** Does entity i of `a` hold cell x? */
export function cellHas(a: Int32Array, i: number, x: number, cw: number): boolean {
  return (a[i * cw + (x >>> 5)] & (1 << (x & 31))) !== 0;
}

/** Entity i of `a` gains cell x. */
export function cellSet(a: Int32Array, i: number, x: number, cw: number): void {
  a[i * cw + (x >>> 5)] |= 1 << (x & 31);
}

/** The cell ids entity i of `a` holds, ascending (not for hot loops: it allocates). */
export function cellList(a: Int32Array, i: number, cw: number, cellCount: number): number[] {
  const cells: number[] = [];
  for (let x = 0; x < cellCount; x++) if (cellHas(a, i, x, cw)) cells.push(x);
  return cells;
}

/** How many cells entity i of `a` holds. */
export function cellCountOf(a: Int32Array, i: number, cw: number): number {
  let n = 0;
  for (let w = 0; w < cw; w++) {
    let x = a[i * cw + w];
    x = x - ((x >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    n += (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return n;
}
