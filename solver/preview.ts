/**
 * The preview engine: does a student's combination fit the published offer, which rules does it break,
 * and when it does not fit (or breaks a rule), which nearby combinations do.
 *
 * Fitting is exact. A combination fits when each chosen course can get its own group such that
 *   - the group has a free place (and the course has a place left on its quota, if it has one), and
 *   - no two of the chosen groups share a cell, a cell being one block in one year.
 * Cells make the calendar rules fall out without special cases: a Year 10-only group and a Year 11-only
 * group in the same block use different cells and so may both be taken; a double option (span 2) uses
 * the cells of both its blocks; a partner-site group uses the cells of its blocks like any other.
 * The search is a depth-first search over groups, most constrained course first, on cell bit masks.
 *
 * Alternatives are found by enumeration, so none is missed: every combination at distance one (one course
 * swapped for another; or one added or dropped when the pathway asks for a different number of choices)
 * is tried, and each one that fits and keeps every rule is returned. When fewer than `want` exist, the best
 * distance-two combinations are added. Ranking prefers the student's reserves (in their order), then
 * courses of the same department, then shared tags, then the same kind, and changing less-wanted choices.
 *
 * Layout of the precomputed tables (one per offer, built by createPreviewer and reused by every preview):
 *   cell(b, y)           = b * years.length + y
 *   groupMask[g*W + w]   = bit (cell % 32) of word w = floor(cell / 32) is set when group g uses that cell
 *   usable[c]            = group indices of course c with a free place, most free places first, -> [] when
 *                          the course's quota is used up
 *   all[c]               = every group index of course c (for "would it fit with room to spare" questions)
 */
import { OFFER_FORMAT, parseOffer, formatOfferIssues, type Offer } from './offer';
import { RuleBook, listWords, suggest, type AttributeValue } from './rules';
import { Rng } from './rng';

export interface PreviewRequest {
  /** Course ids, most wanted first. */
  choices: readonly string[];
  reserves?: readonly string[];
  attributes?: Readonly<Record<string, AttributeValue>>;
  pathway?: string;
}

/** Course id -> its block, or its two blocks for a double option. */
export type Placement = Record<string, string | string[]>;

export interface Change {
  /** The course given up, or null when one is added. */
  out: string | null;
  /** The course taken instead, or null when one is dropped. */
  in: string | null;
}

export interface Alternative {
  choices: string[];
  placement: Placement;
  /** Course id -> offer group id. */
  groups: Record<string, string>;
  changes: Change[];
  distance: number;
}

export interface PreviewResult {
  /** True when a placement exists (rules are reported separately in `broken`). */
  fits: boolean;
  placement: Placement;
  groups: Record<string, string>;
  /** Every rule broken, in plain words. */
  broken: string[];
  /** Things to tell the student that are not broken rules. */
  notes: string[];
  /** Why it does not fit: the smallest set of chosen courses that cannot be placed together. */
  clash: string[];
  alternatives: Alternative[];
}

export interface PreviewOptions {
  /** Fill up to this many alternatives with distance-two ones when distance one gives fewer. Default 5. */
  want?: number;
}

export class PreviewInputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'PreviewInputError';
  }
}

export interface Previewer {
  readonly offer: Offer;
  readonly rules: RuleBook;
  /** Problems with a request (unknown codes, duplicates...), each with a hint; empty when it is usable. */
  validate(request: PreviewRequest): string[];
  /** Throws PreviewInputError when validate() finds problems. */
  preview(request: PreviewRequest, options?: PreviewOptions): PreviewResult;
  /** Course id -> group id for a fitting placement, or null. Ids must be valid and distinct. */
  place(choices: readonly string[]): Record<string, string> | null;
}

interface Candidate {
  removed: number[];
  added: number[];
  picks: Int32Array;
  courses: number[];
  score: number;
  tie: number;
}

class OfferPreviewer implements Previewer {
  readonly rules: RuleBook;
  private readonly courseIndex = new Map<string, number>();
  private readonly W: number;
  private readonly groupMask: Uint32Array;
  private readonly usable: Int32Array[];
  private readonly all: Int32Array[];
  private readonly used: Uint32Array;
  /** Scratch for search(): course order and the next candidate per depth (sized to the course count). */
  private readonly order: Int32Array;
  private readonly next: Int32Array;
  private readonly pairOk: Uint8Array;

  constructor(readonly offer: Offer) {
    this.rules = new RuleBook(offer);
    offer.courses.forEach((c, i) => this.courseIndex.set(c.id, i));
    const blockIndex = new Map(offer.blocks.map((b, i) => [b, i] as const));
    const yearIndex = new Map(offer.years.map((y, i) => [y, i] as const));
    const nCells = offer.blocks.length * offer.years.length;
    this.W = Math.max(1, Math.ceil(nCells / 32));
    this.used = new Uint32Array(this.W);
    this.order = new Int32Array(offer.courses.length + 1);
    this.next = new Int32Array(offer.courses.length + 1);
    this.groupMask = new Uint32Array(offer.groups.length * this.W);
    offer.groups.forEach((g, gi) => {
      for (const b of g.blocks) {
        for (const y of g.years) {
          const cell = blockIndex.get(b)! * offer.years.length + yearIndex.get(y)!;
          this.groupMask[gi * this.W + (cell >>> 5)] |= 1 << (cell & 31);
        }
      }
    });
    const usable: number[][] = offer.courses.map(() => []);
    const all: number[][] = offer.courses.map(() => []);
    offer.groups.forEach((g, gi) => {
      const c = this.courseIndex.get(g.course)!;
      all[c].push(gi);
      if (g.free > 0) usable[c].push(gi);
    });
    this.usable = usable.map((list, c) => {
      const left = offer.courses[c].placesLeft;
      if (left !== undefined && left <= 0) return new Int32Array(0);
      return Int32Array.from(list.sort((a, b) => offer.groups[b].free - offer.groups[a].free || a - b));
    });
    this.all = all.map((list) => Int32Array.from(list));
    // pairOk[a * nCourses + b] = 1 when some usable group of a and some usable group of b share no cell:
    // a necessary condition for a and b to be taken together, checked before a distance-two search.
    const nc = offer.courses.length;
    this.pairOk = new Uint8Array(nc * nc);
    for (let a = 0; a < nc; a++) {
      for (let b = a; b < nc; b++) {
        let ok = 0;
        for (const ga of this.usable[a]) {
          for (const gb of this.usable[b]) {
            let clash = false;
            for (let w = 0; w < this.W; w++) if ((this.groupMask[ga * this.W + w] & this.groupMask[gb * this.W + w]) !== 0) clash = true;
            if (!clash) ok = 1;
            if (ok) break;
          }
          if (ok) break;
        }
        this.pairOk[a * nc + b] = ok;
        this.pairOk[b * nc + a] = ok;
      }
    }
  }

  /**
   * One group per course with no shared cell, or null. `pool` is usable (capacity respected) or all.
   * Returns group indices aligned with `courses`.
   */
  private search(courses: readonly number[], pool: Int32Array[]): Int32Array | null {
    const k = courses.length;
    // Most constrained course first (insertion sort: k is a handful).
    const order = this.order;
    for (let i = 0; i < k; i++) {
      const len = pool[courses[i]].length;
      if (len === 0) return null;
      let j = i;
      while (j > 0 && pool[courses[order[j - 1]]].length > len) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = i;
    }
    const picks = new Int32Array(k).fill(-1);
    // next[d] = index of the next candidate to try at depth d; iterative to avoid a closure per call.
    const next = this.next;
    const used = this.used;
    used.fill(0);
    const W = this.W;
    const mask = this.groupMask;
    let d = 0;
    next[0] = 0;
    while (d >= 0) {
      if (d === k) return picks;
      const slot = order[d];
      const cands = pool[courses[slot]];
      // Undo the group placed at this depth before trying the next one.
      if (picks[slot] >= 0) {
        const base = picks[slot] * W;
        for (let w = 0; w < W; w++) used[w] &= ~mask[base + w];
        picks[slot] = -1;
      }
      let placed = false;
      while (next[d] < cands.length) {
        const g = cands[next[d]++];
        const base = g * W;
        let clash = false;
        for (let w = 0; w < W; w++) {
          if ((used[w] & mask[base + w]) !== 0) {
            clash = true;
            break;
          }
        }
        if (clash) continue;
        for (let w = 0; w < W; w++) used[w] |= mask[base + w];
        picks[slot] = g;
        placed = true;
        break;
      }
      if (placed) {
        d++;
        if (d < k) next[d] = 0;
      } else d--;
    }
    return null;
  }

  private describePlacement(courses: readonly number[], picks: Int32Array): { placement: Placement; groups: Record<string, string> } {
    // Course ids are data: objects without a prototype keep a course called __proto__ as an own key.
    const placement: Placement = Object.create(null);
    const groups: Record<string, string> = Object.create(null);
    courses.forEach((c, i) => {
      const g = this.offer.groups[picks[i]];
      const id = this.offer.courses[c].id;
      placement[id] = g.blocks.length === 1 ? g.blocks[0] : [...g.blocks];
      groups[id] = g.id;
    });
    return { placement, groups };
  }

  validate(request: PreviewRequest): string[] {
    const problems: string[] = [];
    const ids = this.offer.courses.map((c) => c.id);
    const checkList = (list: unknown, what: 'choices' | 'reserves', seen: Set<string>) => {
      if (list === undefined && what === 'reserves') return;
      if (!Array.isArray(list)) {
        problems.push(`The ${what} should be a list of course codes such as ["HIS","FRE"]; found ${JSON.stringify(list)}.`);
        return;
      }
      if (what === 'choices' && list.length === 0) problems.push('No courses are chosen. Pick at least one course code, for example --choices HIS,FRE.');
      list.forEach((code) => {
        if (typeof code !== 'string' || code === '') {
          problems.push(`${JSON.stringify(code)} in the ${what} is not a course code.`);
          return;
        }
        if (!this.courseIndex.has(code)) {
          const byName = this.offer.courses.find((c) => c.name.toLowerCase() === code.toLowerCase());
          const hint = byName ? byName.id : suggest(code, ids);
          const hintName = hint ? this.offer.courses[this.courseIndex.get(hint)!].name : '';
          problems.push(`Course ${code} (in the ${what}) is not in this offer.${hint ? ` Maybe you meant ${hint} (${hintName})?` : ` The codes are: ${ids.join(', ')}.`}`);
          return;
        }
        if (seen.has(code)) {
          problems.push(
            what === 'reserves' && Array.isArray(request.choices) && request.choices.includes(code)
              ? `${code} is both a choice and a reserve. A reserve should be a course not already chosen.`
              : `${code} appears twice in the ${what}. Each course can be picked once.`,
          );
          return;
        }
        seen.add(code);
      });
    };
    const seen = new Set<string>();
    checkList(request.choices, 'choices', seen);
    checkList(request.reserves, 'reserves', seen);
    if (request.pathway !== undefined && !this.rules.hasPathway(request.pathway)) {
      const known = this.rules.pathwayIds();
      const hint = suggest(request.pathway, known);
      problems.push(
        `Pathway ${request.pathway} is not in this offer.${hint ? ` Maybe you meant ${hint}?` : known.length > 0 ? ` The pathways are: ${known.join(', ')}.` : ' This offer has no pathways.'}`,
      );
    }
    if (request.attributes !== undefined) {
      if (typeof request.attributes !== 'object' || request.attributes === null || Array.isArray(request.attributes)) {
        problems.push(`The attributes should be an object such as { "prior": "high" }.`);
      } else {
        for (const [k, v] of Object.entries(request.attributes)) {
          if (!['string', 'number', 'boolean'].includes(typeof v)) problems.push(`Attribute ${k} is ${JSON.stringify(v)}; it should be a string, number or true/false.`);
        }
      }
    }
    return problems;
  }

  place(choices: readonly string[]): Record<string, string> | null {
    const idx = choices.map((c) => {
      const i = this.courseIndex.get(c);
      if (i === undefined) throw new PreviewInputError([`Course ${c} is not in this offer.`]);
      return i;
    });
    const picks = this.search(idx, this.usable);
    return picks ? this.describePlacement(idx, picks).groups : null;
  }

  /** A group in words: "block A", "blocks B and C", "block A (Year 10 only)". */
  private where(gi: number): string {
    const g = this.offer.groups[gi];
    const blocks = g.blocks.length === 1 ? `block ${g.blocks[0]}` : `blocks ${listWords(g.blocks)}`;
    const allYears = this.offer.years.every((y) => g.years.includes(y));
    return allYears ? blocks : `${blocks} (Year ${listWords(g.years.map(String))} only)`;
  }

  /** A course as a student reads it: "Drama (DRA)". */
  private label(c: number): string {
    const course = this.offer.courses[c];
    return course.name && course.name !== course.id ? `${course.name} (${course.id})` : course.id;
  }

  /** Where a course still has places, in words: "block B or C", "block A (Year 10 only)", "blocks A and D". */
  private placesText(c: number): string {
    // In block order, whatever order the groups are listed in.
    const first = (g: number) => Math.min(...this.offer.groups[g].blocks.map((b) => this.offer.blocks.indexOf(b)));
    const gs = [...this.usable[c]].sort((a, b) => first(a) - first(b) || a - b);
    const plain = gs.every((g) => this.offer.groups[g].blocks.length === 1 && this.offer.years.every((y) => this.offer.groups[g].years.includes(y)));
    if (plain) {
      // Two groups of one course in the same block are one place to the student.
      const blocks = [...new Set(gs.map((g) => this.offer.groups[g].blocks[0]))];
      return `block ${listWords(blocks, 'or')}`;
    }
    return listWords([...new Set(gs.map((g) => this.where(g)))], 'or');
  }

  /**
   * Plain-words reasons a combination does not fit: first each course that cannot be had at all (no group,
   * no quota left, every group full), then a minimal set of the other chosen courses that cannot go together.
   */
  private explainClash(courses: readonly number[]): string[] {
    const out: string[] = [];
    const rest: number[] = [];
    for (const c of courses) {
      if (this.usable[c].length > 0) {
        rest.push(c);
        continue;
      }
      const course = this.offer.courses[c];
      if (this.all[c].length === 0) out.push(`${this.label(c)} does not run in this offer.`);
      else if (course.placesLeft !== undefined && course.placesLeft <= 0) out.push(`${this.label(c)} has no places left${course.site !== 'home' ? ' at the partner site' : ''}.`);
      else out.push(`${this.label(c)} is full: every group has been taken.`);
    }
    if (rest.length === 0 || this.search(rest, this.usable) !== null) return out;
    // Deletion filter: drop each course whose removal leaves the rest still unplaceable; what remains is a
    // minimal clashing set. Less-wanted courses are tried first so the set keeps the student's favourites.
    let set = [...rest];
    for (let i = rest.length - 1; i >= 0; i--) {
      const without = set.filter((c) => c !== rest[i]);
      if (without.length > 0 && this.search(without, this.usable) === null) set = without;
    }
    const places = set.map((c) => this.placesText(c));
    const only = (c: number) => new Set([...this.usable[c]].map((g) => this.where(g))).size === 1;
    const listed = listWords(set.map((c, i) => `${this.label(c)}${i === 0 ? ' can go' : ''} ${only(c) ? 'only in' : 'in'} ${places[i]}`));
    // With two-year groups only, the clash is a counting one (Hall's condition): the courses need more
    // blocks than they have places in between them. Say the count; otherwise just say they overlap.
    const twoYear = set.every((c) => this.usable[c].every((g) => this.offer.years.every((y) => this.offer.groups[g].years.includes(y))));
    const blocks = new Set(set.flatMap((c) => [...this.usable[c]].flatMap((g) => this.offer.groups[g].blocks)));
    const need = set.reduce((sum, c) => sum + this.offer.courses[c].span, 0);
    const doubles = set.some((c) => this.offer.courses[c].span === 2);
    if (set.length === 2 && places[0] === places[1] && blocks.size === 1) {
      out.push(`${this.label(set[0])} and ${this.label(set[1])} both have places only in ${places[0]}, so you cannot take both.`);
    } else if (twoYear && need > blocks.size) {
      const list = [...blocks].sort((a, b) => this.offer.blocks.indexOf(a) - this.offer.blocks.indexOf(b));
      out.push(
        `${listed}: together they need ${need} blocks${doubles ? ' (a double option takes two)' : ''} but have places in only ${blocks.size} ` +
          `(${listWords(list)}), so they cannot all be taken.`,
      );
    } else {
      out.push(`${listed}: these overlap, so they cannot all be taken.`);
    }
    // Capacity: when the same courses would fit if full groups had room, say which groups are full.
    if (this.search(set, this.all) !== null) {
      for (const c of set) {
        for (const g of this.all[c]) {
          if (this.offer.groups[g].free <= 0) out.push(`The ${this.offer.courses[c].name} group in ${this.where(g)} is full.`);
        }
      }
    }
    return out;
  }

  /** Preference of swapping course `from` (or nothing) for course `to`: higher is better. */
  private similarity(from: number | null, to: number, reserves: readonly number[]): number {
    let s = 0;
    const r = reserves.indexOf(to);
    if (r >= 0) s += 1000 - 10 * r;
    if (from === null) return s;
    const a = this.offer.courses[from];
    const b = this.offer.courses[to];
    if (a.department !== undefined && a.department === b.department) s += 100;
    for (const t of a.tags) if (b.tags.includes(t)) s += 20;
    if (a.kind === b.kind) s += 5;
    return s;
  }

  preview(request: PreviewRequest, options: PreviewOptions = {}): PreviewResult {
    const problems = this.validate(request);
    if (problems.length > 0) throw new PreviewInputError(problems);
    const want = options.want ?? 5;
    const choices = request.choices.map((c) => this.courseIndex.get(c)!);
    const reserves = (request.reserves ?? []).map((c) => this.courseIndex.get(c)!);
    const check = this.rules.check(request);
    const picks = this.search(choices, this.usable);
    const result: PreviewResult = {
      fits: picks !== null,
      placement: {},
      groups: {},
      broken: check.broken.map((b) => b.text),
      notes: check.notes,
      clash: [],
      alternatives: [],
    };
    if (picks) Object.assign(result, this.describePlacement(choices, picks));
    else result.clash = this.explainClash(choices);
    if (picks && check.broken.length === 0) return result;

    const n = choices.length;
    const m = this.rules.requiredChoices(request.pathway) ?? n;
    const inChoices = new Set(choices);
    // Courses that could be added: not already chosen and with a free group.
    const pool: number[] = [];
    for (let c = 0; c < this.offer.courses.length; c++) if (!inChoices.has(c) && this.usable[c].length > 0) pool.push(c);

    // A candidate is scored before it is checked: distance one checks them all (none may be missed);
    // distance two checks them best-first and stops once `want` are found.
    const score = (removed: number[], added: number[], distance: number): Candidate => {
      let total = 0;
      let ordered = added;
      if (removed.length === 2 && added.length === 2) {
        // Pair each removed course with the added one it is most like (two pairings to compare).
        const [r0, r1] = removed.map((i) => choices[i]);
        const straight = this.similarity(r0, added[0], reserves) + this.similarity(r1, added[1], reserves);
        const crossed = this.similarity(r0, added[1], reserves) + this.similarity(r1, added[0], reserves);
        total = Math.max(straight, crossed);
        if (crossed > straight) ordered = [added[1], added[0]];
      } else {
        added.forEach((a, k) => (total += this.similarity(k < removed.length ? choices[removed[k]] : null, a, reserves)));
      }
      // Changing a less-wanted choice (later in the list) is preferred.
      const tie = removed.reduce((sum, i) => sum + i, 0);
      return { removed, added: ordered, picks: EMPTY, courses: [], score: total - 1e6 * distance, tie };
    };
    const verify = (cand: Candidate, keep: number[]): boolean => {
      const courses = [...keep, ...cand.added];
      // Rules first: a few set look-ups, cheaper than the search.
      if (!this.rules.passes(courses.map((c) => this.offer.courses[c].id), request.attributes, request.pathway)) return false;
      const p = this.search(courses, this.usable);
      if (!p) return false;
      cand.picks = p;
      cand.courses = courses;
      return true;
    };
    const rank = (x: Candidate, y: Candidate) => y.score - x.score || y.tie - x.tie || compareLists(x.added, y.added);

    const found: Candidate[] = [];
    for (let d = 1; d <= 2; d++) {
      if (d === 2 && found.length >= want) break;
      const level: { cand: Candidate; keep: number[] }[] = [];
      for (let r = 0; r <= Math.min(d, n); r++) {
        const a = m - n + r;
        if (a < 0 || a > d || Math.max(r, a) !== d) continue;
        if (n - r + a === 0) continue;
        for (const removed of subsets(n, r)) {
          const keep = choices.filter((_, i) => !removed.includes(i));
          // Fitting is monotone (a subset of a fitting set fits), which prunes most of distance two:
          // the kept courses must fit, and each added course must fit with them on its own.
          if (keep.length > 0 && this.search(keep, this.usable) === null) continue;
          const addPool = a >= 2 ? pool.filter((c) => this.search([...keep, c], this.usable) !== null) : pool;
          const nc = this.offer.courses.length;
          for (const addIdx of subsets(addPool.length, a)) {
            if (a === 2 && this.pairOk[addPool[addIdx[0]] * nc + addPool[addIdx[1]]] === 0) continue;
            level.push({ cand: score(removed, addIdx.map((k) => addPool[k]), d), keep });
          }
        }
      }
      level.sort((x, y) => rank(x.cand, y.cand));
      const need = d === 1 ? Number.POSITIVE_INFINITY : want - found.length;
      let got = 0;
      for (const { cand, keep } of level) {
        if (got >= need) break;
        if (verify(cand, keep)) {
          found.push(cand);
          got++;
        }
      }
    }

    result.alternatives = found.map((f) => {
      const ordered = this.orderedChoices(choices, f.removed, f.added);
      const { placement, groups } = this.describePlacement(f.courses, f.picks);
      const placementOrdered: Placement = Object.create(null);
      const groupsOrdered: Record<string, string> = Object.create(null);
      for (const c of ordered) {
        const id = this.offer.courses[c].id;
        placementOrdered[id] = placement[id];
        groupsOrdered[id] = groups[id];
      }
      const changes: Change[] = [];
      const len = Math.max(f.removed.length, f.added.length);
      for (let k = 0; k < len; k++) {
        changes.push({
          out: k < f.removed.length ? this.offer.courses[choices[f.removed[k]]].id : null,
          in: k < f.added.length ? this.offer.courses[f.added[k]].id : null,
        });
      }
      return {
        choices: ordered.map((c) => this.offer.courses[c].id),
        placement: placementOrdered,
        groups: groupsOrdered,
        changes,
        distance: len,
      };
    });
    return result;
  }

  /** The student's list with removed positions taken by the added courses, extra additions at the end. */
  private orderedChoices(choices: readonly number[], removed: readonly number[], added: readonly number[]): number[] {
    const out: number[] = [];
    let k = 0;
    choices.forEach((c, i) => {
      if (!removed.includes(i)) out.push(c);
      else if (k < added.length) out.push(added[k++]);
    });
    while (k < added.length) out.push(added[k++]);
    return out;
  }
}

const EMPTY = new Int32Array(0);

/** All k-element subsets of 0..n-1 as sorted index lists, in lexicographic order. */
function* subsets(n: number, k: number): Generator<number[]> {
  if (k === 0) {
    yield [];
    return;
  }
  const idx = Array.from({ length: k }, (_, i) => i);
  if (k > n) return;
  for (;;) {
    yield [...idx];
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return;
    idx[i]++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
  }
}

function compareLists(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Precompute the offer's tables once; the student page keeps the previewer and calls preview per click. */
export function createPreviewer(offer: Offer): Previewer {
  // Validated every time: an offer may come from a file or a link, and a bad one must give a message,
  // not a crash deep in the tables. Checking is linear in the offer's size.
  const parsed = parseOffer(offer);
  if (!parsed.ok) throw new PreviewInputError([formatOfferIssues(parsed.errors)]);
  return new OfferPreviewer(parsed.value);
}

export function previewCombination(offer: Offer, request: PreviewRequest, options?: PreviewOptions): PreviewResult {
  return createPreviewer(offer).preview(request, options);
}

// ------------------------------------------------------------------------------------------------
// Benchmark (the issue's target: a preview of a 5-block offer of 40 courses in under 20 ms). Not a timed
// unit test: a shared test machine makes wall-clock assertions flaky. test/bench calls this and prints it.
// ------------------------------------------------------------------------------------------------

/**
 * A seeded synthetic offer: `blocks` blocks, `courses` courses (about one in thirteen a double option,
 * some one-year), one to three groups each with a fifth of them full, six tags, eight departments, a
 * pathway "P" asking for `choices` choices with a tag rule, and one notTogether rule.
 */
export function benchmarkOffer(options: { seed?: number; courses?: number; blocks?: number; choices?: number } = {}): Offer {
  const rng = new Rng(options.seed ?? 11);
  const nCourses = options.courses ?? 40;
  const blocks = 'ABCDEFGH'.slice(0, options.blocks ?? 5).split('');
  const nb = blocks.length;
  const courses: Offer['courses'] = [];
  const groups: Offer['groups'] = [];
  for (let i = 0; i < nCourses; i++) {
    const span = i % 13 === 5 ? 2 : 1;
    const years = i % 17 === 3 ? [10] : i % 19 === 4 ? [11] : [10, 11];
    courses.push({ id: `K${i}`, name: `Course ${i}`, kind: 'GCSE', tags: [`t${i % 6}`], department: `d${i % 8}`, years, span, site: 'home' });
    const n = 1 + Math.floor(rng.float() * 3);
    for (let k = 0; k < n; k++) {
      const b = Math.floor(rng.float() * nb);
      groups.push({ id: `K${i}-${k + 1}`, course: `K${i}`, blocks: span === 2 ? [blocks[b], blocks[(b + 1) % nb]] : [blocks[b]], years, free: rng.float() < 0.2 ? 0 : 1 + Math.floor(rng.float() * 10) });
    }
  }
  return {
    format: OFFER_FORMAT,
    name: `benchmark: ${nb} blocks, ${nCourses} courses`,
    blocks,
    years: [10, 11],
    courses,
    groups,
    pathways: [{ id: 'P', name: 'Benchmark pathway', choices: options.choices ?? 5, rules: [{ min: 1, from: ['tag:t1'] }] }],
    rules: [{ notTogether: ['K1', 'K2'] }],
  };
}

export interface PreviewBenchmark {
  offer: string;
  courses: number;
  blocks: number;
  /** Previews timed (after `warmup` untimed ones on the same previewer, as the student page keeps one). */
  runs: number;
  medianMs: number;
  p90Ms: number;
  maxMs: number;
  /** How many of the timed combinations did not fit (the expensive case: alternatives are searched). */
  notFitting: number;
  /** How many of the timed previews went on to distance two. */
  distanceTwo: number;
}

/**
 * Time `runs` previews of random combinations (seeded) on one previewer. With a pathway whose `choices`
 * is set, combinations have that many courses and follow it; otherwise `size` courses (default 4).
 */
export function benchmarkPreview(options: { offer?: Offer; runs?: number; warmup?: number; seed?: number; pathway?: string; size?: number } = {}): PreviewBenchmark {
  const offer = options.offer ?? benchmarkOffer();
  const previewer = createPreviewer(offer);
  const rng = new Rng(options.seed ?? 5);
  const pathway = options.pathway ?? (options.offer ? undefined : 'P');
  const size = options.size ?? offer.pathways.find((p) => p.id === pathway)?.choices ?? 4;
  const runs = options.runs ?? 200;
  const warmup = options.warmup ?? 10;
  const ids = offer.courses.map((c) => c.id);
  const times: number[] = [];
  let notFitting = 0;
  let distanceTwo = 0;
  for (let t = 0; t < warmup + runs; t++) {
    const picked = new Set<string>();
    while (picked.size < Math.min(size, ids.length)) picked.add(ids[Math.floor(rng.float() * ids.length)]);
    const choices = [...picked];
    const spare = ids.filter((id) => !picked.has(id));
    const reserves = spare.length > 0 ? [spare[Math.floor(rng.float() * spare.length)]] : [];
    const start = performance.now();
    const r = previewer.preview({ choices, reserves, pathway });
    const ms = performance.now() - start;
    if (t < warmup) continue;
    times.push(ms);
    if (!r.fits) notFitting++;
    if (r.alternatives.some((a) => a.distance === 2)) distanceTwo++;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(times.length * q))];
  return { offer: offer.name, courses: offer.courses.length, blocks: offer.blocks.length, runs, medianMs: at(0.5), p90Ms: at(0.9), maxMs: times[times.length - 1], notFitting, distanceTwo };
}
