/**
 * Near-miss suggestions for misspelt identifiers and enum values ("GOE" -> "GEO", "Btec" -> "BTEC").
 * Browser-safe, no dependencies. Used by data/schema.ts to end validation messages with "Maybe you meant X?".
 */

/**
 * Optimal-string-alignment distance: Levenshtein plus the transposition of two neighbouring characters
 * counted as one edit, because swapped letters ("GOE" for "GEO") are the commonest typing slip.
 * Returns early with `limit + 1` once the distance is known to exceed `limit`, so scanning a few
 * thousand student ids for a suggestion stays cheap.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // Three rolling rows: the one two back is needed for transpositions.
  let prevPrev = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, prevPrev[j - 2] + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[b.length];
}

/**
 * The candidate closest to `word`, or undefined when nothing is close enough to be a plausible slip.
 * A case-insensitive exact match wins outright ("Btec" -> "BTEC"); otherwise the allowed distance
 * grows with the length of the word (1 edit for up to 5 characters, 2 for up to 8, then a third of it),
 * compared case-insensitively. Ties go to the earlier candidate, so callers pass lists in document order.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const candidateLower = candidate.toLowerCase();
    if (candidateLower === lower) return candidate;
    if (bestDistance === 1 && best !== undefined) continue; // nothing but a case match can beat 1
    const d = editDistance(lower, candidateLower, bestDistance - 1);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}
