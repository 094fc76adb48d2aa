/**
 * Interprets a rule set (rules.ts) for one student's qualifications: which qualification fills which slot,
 * which slots stay empty, which requirements are met, and which qualifications a shared discount code
 * stops from counting.
 *
 * No grades exist at options time, so "fill" is the most slot weight the qualifications can cover: a
 * bipartite matching of qualification units (combined science is two units) to slots. Slots are taken in
 * order of falling weight and each is matched by an augmenting path (Kuhn), which keeps every earlier slot
 * matched; on a transversal matroid this greedy order gives the heaviest matching. Discount codes allow
 * one qualification per code: every choice of representative is tried (few students have more than one
 * collision) and the heaviest fill kept, so adding a qualification can never lower the fill. The
 * first-entry rule is reported as a warning (analyse.ts) rather than applied, since no grades exist yet.
 */
import type { Qualification } from './qualifications';
import type { Bucket, EnteredRequirement, RuleSet, Selector, SpanRequirement } from './rules';

export interface BucketFill {
  id: string;
  label: string;
  slots: number;
  filled: number;
  /** Weight of one slot for this student (English drops to 1 without both language and literature). */
  weight: number;
  /** Labels of the qualifications filling the slots (combined science appears twice). */
  entries: string[];
  /** Their qualification keys, in the same order. */
  keys: string[];
}

export interface RequirementOutcome {
  id: string;
  label: string;
  met: boolean;
  detail: string;
}

export interface Discounted {
  code: string;
  counted: string;
  notCounted: string[];
}

export interface RuleSetOutcome {
  ruleSet: string;
  buckets: BucketFill[];
  slots: number;
  slotsFilled: number;
  emptySlots: number;
  /** Weighted slots filled; Attainment 8 has 10 when every slot is filled and English counts double. */
  points: number;
  maxPoints: number;
  requirements: RequirementOutcome[];
  /** True when the rule set has requirements and every one is met; null when it has none. */
  requirementsMet: boolean | null;
  discounted: Discounted[];
}

export function selects(sel: Selector, q: Qualification): boolean {
  if (sel.noTag && sel.noTag.some((t) => q.tags.includes(t))) return false;
  if (sel.anyTag && !sel.anyTag.some((t) => q.tags.includes(t))) return false;
  if (sel.allTag && !sel.allTag.every((t) => q.tags.includes(t))) return false;
  return true;
}

/**
 * selects() remembered per selector object and qualification object. Both are long-lived (selectors
 * belong to rule sets, qualifications to the scenario's catalogue) and every student reuses them, so a
 * cohort costs one tag comparison per (selector, qualification) pair rather than one per student.
 */
const selectCache = new WeakMap<Selector, WeakMap<Qualification, boolean>>();
function selectsCached(sel: Selector, q: Qualification): boolean {
  let m = selectCache.get(sel);
  if (!m) { m = new WeakMap(); selectCache.set(sel, m); }
  let v = m.get(q);
  if (v === undefined) { v = selects(sel, q); m.set(q, v); }
  return v;
}

/** More representative choices than this and each code keeps its most widely accepted member instead. */
const MAX_CHOICES = 256;

interface Fill {
  points: number;
  count: number;
  /** Per slot (in slot order): index into the units array, or -1. */
  slotUnit: Int32Array;
  units: Qualification[];
}

interface Slots {
  /** Bucket index of each slot, slots ordered by falling weight then bucket order. */
  bucketOf: Int32Array;
  weightOf: Float64Array;
}

function effectiveWeight(b: Bucket, all: readonly Qualification[]): number {
  if (!b.fullWeightNeeds) return b.weight;
  const ok = b.fullWeightNeeds.selectors.every((s) => all.some((q) => selectsCached(s, q)));
  return ok ? b.weight : b.fullWeightNeeds.otherwiseWeight;
}

const slotsCache = new WeakMap<RuleSet, Map<string, Slots>>();

function buildSlots(rule: RuleSet, weights: number[]): Slots {
  let byWeights = slotsCache.get(rule);
  if (!byWeights) { byWeights = new Map(); slotsCache.set(rule, byWeights); }
  const key = weights.join(',');
  const cached = byWeights.get(key);
  if (cached) return cached;
  const list: { b: number; w: number }[] = [];
  rule.buckets.forEach((b, i) => { for (let k = 0; k < b.slots; k++) list.push({ b: i, w: weights[i] }); });
  // Stable sort: heavier slots first, bucket order within a weight.
  const order = list.map((_, i) => i).sort((x, y) => list[y].w - list[x].w || x - y);
  const slots = {
    bucketOf: Int32Array.from(order, (i) => list[i].b),
    weightOf: Float64Array.from(order, (i) => list[i].w),
  };
  byWeights.set(key, slots);
  return slots;
}

/**
 * Working arrays of one matching. eligible[u] is a bit mask of the buckets unit u may fill (bit b =
 * rule.buckets[b]); slotUnit[s] / unitSlot[u] hold the matching, -1 when free; fixed[u] marks pinned units.
 */
interface Matching {
  bucketOf: Int32Array;
  eligible: Int32Array;
  slotUnit: Int32Array;
  unitSlot: Int32Array;
  fixed: Uint8Array;
  visited: Uint8Array;
}

function augment(m: Matching, s: number): boolean {
  const bit = 1 << m.bucketOf[s];
  const n = m.unitSlot.length;
  // A free unit first: a path of length one leaves earlier slots as they were, so English language
  // stays in the English slot rather than being shuffled to make room for the open slots.
  for (let u = 0; u < n; u++) {
    if (m.unitSlot[u] !== -1 || m.fixed[u] || !(m.eligible[u] & bit)) continue;
    m.unitSlot[u] = s;
    m.slotUnit[s] = u;
    return true;
  }
  for (let u = 0; u < n; u++) {
    if (m.visited[u] || m.fixed[u] || !(m.eligible[u] & bit)) continue;
    m.visited[u] = 1;
    if (m.unitSlot[u] === -1 || augment(m, m.unitSlot[u])) {
      m.unitSlot[u] = s;
      m.slotUnit[s] = u;
      return true;
    }
  }
  return false;
}

/**
 * Heaviest matching of the representatives' units to slots. `pins` fixes units (by index into the unit
 * list) to buckets before the rest is matched; returns null when a pin finds no free slot in its bucket.
 */
function match(rule: RuleSet, slots: Slots, reps: readonly Qualification[], pins: readonly { unit: number; bucket: number }[] = []): Fill | null {
  const units: Qualification[] = [];
  for (const q of reps) for (let k = 0; k < q.size; k++) units.push(q);
  const nb = rule.buckets.length;
  const eligible = new Int32Array(units.length);
  for (let u = 0; u < units.length; u++) {
    let mask = 0;
    for (let b = 0; b < nb; b++) if (selectsCached(rule.buckets[b].accepts, units[u])) mask |= 1 << b;
    eligible[u] = mask;
  }
  const ns = slots.bucketOf.length;
  const m: Matching = {
    bucketOf: slots.bucketOf,
    eligible,
    slotUnit: new Int32Array(ns).fill(-1),
    unitSlot: new Int32Array(units.length).fill(-1),
    fixed: new Uint8Array(units.length),
    visited: new Uint8Array(units.length),
  };
  let points = 0;
  let count = 0;
  for (const pin of pins) {
    let s = 0;
    while (s < ns && (slots.bucketOf[s] !== pin.bucket || m.slotUnit[s] !== -1)) s++;
    if (s === ns || !(eligible[pin.unit] & (1 << pin.bucket))) return null;
    m.slotUnit[s] = pin.unit;
    m.unitSlot[pin.unit] = s;
    m.fixed[pin.unit] = 1;
    points += slots.weightOf[s];
    count++;
  }
  for (let s = 0; s < ns; s++) {
    if (m.slotUnit[s] !== -1) continue;
    m.visited.fill(0);
    if (augment(m, s)) { points += slots.weightOf[s]; count++; }
  }
  return { points, count, slotUnit: m.slotUnit, units };
}

/** The member of a code group accepted by the most slots: the choice when there are too many to try. */
function widest(rule: RuleSet, g: readonly Qualification[]): Qualification {
  let best = g[0];
  let bestN = -1;
  for (const q of g) {
    let n = 0;
    for (const b of rule.buckets) if (selectsCached(b.accepts, q)) n += b.slots * q.size;
    if (n > bestN) { bestN = n; best = q; }
  }
  return best;
}

function better(a: Fill, b: Fill | null): boolean {
  return b === null || a.points > b.points + 1e-9 || (Math.abs(a.points - b.points) <= 1e-9 && a.count > b.count);
}

function tryArea(req: SpanRequirement, quals: readonly Qualification[], owner: Int32Array, seen: Uint8Array, area: number): boolean {
  for (let q = 0; q < quals.length; q++) {
    if (seen[q] || !selectsCached(req.areas[area].select, quals[q])) continue;
    seen[q] = 1;
    if (owner[q] === -1 || tryArea(req, quals, owner, seen, owner[q])) { owner[q] = area; return true; }
  }
  return false;
}

/** Distinct qualifications covering distinct areas: a tiny matching of areas to qualifications. */
function areasCovered(req: SpanRequirement, quals: readonly Qualification[]): string[] {
  const owner = new Int32Array(quals.length).fill(-1);
  const seen = new Uint8Array(quals.length);
  const covered: string[] = [];
  for (let a = 0; a < req.areas.length; a++) {
    seen.fill(0);
    if (tryArea(req, quals, owner, seen, a)) covered.push(req.areas[a].label);
  }
  return covered;
}

function bucketQuals(fill: Fill, slots: Slots, bucket: number): Qualification[] {
  const out: Qualification[] = [];
  for (let s = 0; s < slots.bucketOf.length; s++) {
    const u = fill.slotUnit[s];
    if (u !== -1 && slots.bucketOf[s] === bucket && !out.includes(fill.units[u])) out.push(fill.units[u]);
  }
  return out;
}

/**
 * Can the span be met, pinning one qualification per area into the bucket? Returns a fill doing so,
 * preferring one as heavy as `target`; null when no choice of qualifications spans the areas.
 */
function spanFill(rule: RuleSet, slots: Slots, reps: readonly Qualification[], req: SpanRequirement, target: Fill): Fill | null {
  const bucket = rule.buckets.findIndex((b) => b.id === req.bucket);
  if (bucket < 0) return null;
  const units: Qualification[] = [];
  for (const q of reps) for (let k = 0; k < q.size; k++) units.push(q);
  let fallback: Fill | null = null;
  const chosen: number[] = [];
  const search = (area: number, areasUsed: number): Fill | null => {
    if (areasUsed === req.min) {
      const f = match(rule, slots, reps, chosen.map((unit) => ({ unit, bucket })));
      if (!f) return null;
      if (f.points >= target.points - 1e-9 && f.count >= target.count) return f;
      if (better(f, fallback)) fallback = f;
      return null;
    }
    if (req.areas.length - area < req.min - areasUsed) return null;
    for (let u = 0; u < units.length; u++) {
      if (chosen.some((c) => units[c] === units[u]) || !selectsCached(req.areas[area].select, units[u])) continue;
      if (!selectsCached(rule.buckets[bucket].accepts, units[u])) continue;
      chosen.push(u);
      const f = search(area + 1, areasUsed + 1);
      chosen.pop();
      if (f) return f;
    }
    return search(area + 1, areasUsed);
  };
  return search(0, 0) ?? fallback;
}

/** An entry requirement: distinct discount codes among the qualifications each alternative selects. */
function entered(req: EnteredRequirement, quals: readonly Qualification[]): RequirementOutcome {
  let detail = '';
  for (const alt of req.anyOf) {
    const codes = new Set<string>();
    const names: string[] = [];
    for (const q of quals) {
      if (selectsCached(alt.select, q) && !codes.has(q.discountCode)) { codes.add(q.discountCode); names.push(q.label); }
    }
    if (codes.size >= alt.min) return { id: req.id, label: req.label, met: true, detail: names.join(', ') };
    if (detail === '') detail = names.length ? `only ${names.join(', ')}` : 'none';
  }
  return { id: req.id, label: req.label, met: false, detail };
}

/** A rule set of entry requirements only (the EBacc): no slots to fill, no matching. */
function requirementsOnly(rule: RuleSet, quals: readonly Qualification[]): RuleSetOutcome {
  const requirements = rule.requirements.map((req) =>
    req.kind === 'entered' ? entered(req, quals) : { id: req.id, label: req.label, met: false, detail: `no bucket ${req.bucket}` });
  const byCode = new Map<string, Qualification[]>();
  for (const q of quals) byCode.set(q.discountCode, [...(byCode.get(q.discountCode) ?? []), q]);
  const discounted: Discounted[] = [];
  for (const [code, g] of byCode) if (g.length > 1) discounted.push({ code, counted: g[0].label, notCounted: g.slice(1).map((q) => q.label) });
  return {
    ruleSet: rule.id, buckets: [], slots: 0, slotsFilled: 0, emptySlots: 0, points: 0, maxPoints: 0,
    requirements, requirementsMet: requirements.length === 0 ? null : requirements.every((r) => r.met), discounted,
  };
}

/** Evaluates one rule set for one student's qualifications (core and placed courses). */
export function evaluateRuleSet(rule: RuleSet, quals: readonly Qualification[]): RuleSetOutcome {
  if (rule.buckets.length === 0) return requirementsOnly(rule, quals);
  const weights = rule.buckets.map((b) => effectiveWeight(b, quals));
  const slots = buildSlots(rule, weights);

  // Qualifications by discount code, in first-seen order; codes held by two or more are the collisions.
  const byCode = new Map<string, Qualification[]>();
  for (const q of quals) {
    const list = byCode.get(q.discountCode);
    if (list) list.push(q); else byCode.set(q.discountCode, [q]);
  }
  const groups = [...byCode.values()];
  // Members of one code that every rule reads alike (same tags, size, entry year, kind: selectors read only
  // tags) are interchangeable, so one stands for them all. Without this a triple-science student's three
  // sciences times each option code passed MAX_CHOICES and each code kept only its widest member, which could
  // drop the geography that met the breadth span (adding a course then lost a requirement met before).
  const shapes = groups.map((g) => {
    const seen = new Set<string>();
    return g.filter((q) => {
      const shape = `${[...q.tags].sort().join(',')}|${q.size}|${q.entryYear}|${q.technicalAward}`;
      if (seen.has(shape)) return false;
      seen.add(shape);
      return true;
    });
  });
  let combos = 1;
  for (const g of shapes) combos *= g.length;
  const options = shapes.map((g) => (combos > MAX_CHOICES ? [widest(rule, g)] : g));

  // Every choice of one qualification per code, as an odometer over `options`; most students have no
  // collision, so this is a single matching.
  let best: Fill | null = null;
  let bestReps: Qualification[] = [];
  const bestSets: Qualification[][] = [];
  // Every choice, for a span the best choices cannot meet: a requirement is met when any choice meets it (at the
  // cost of weighted slots, said in its detail). Searching the best choices only, adding a course could lose a
  // span met before: a plain GCSE made the code's biology member the best choice over its humanity member.
  const allSets: Qualification[][] = [];
  const digit = new Int32Array(options.length);
  for (;;) {
    const reps = options.map((o, i) => o[digit[i]]);
    allSets.push(reps);
    const f = match(rule, slots, reps)!;
    if (better(f, best)) { best = f; bestReps = reps; bestSets.length = 0; bestSets.push(reps); }
    else if (best && Math.abs(f.points - best.points) <= 1e-9 && f.count === best.count) bestSets.push(reps);
    let i = 0;
    while (i < options.length && ++digit[i] === options[i].length) digit[i++] = 0;
    if (i === options.length) break;
  }
  let fill = best!;

  const requirements: RequirementOutcome[] = [];
  for (const req of rule.requirements) {
    if (req.kind === 'entered') {
      requirements.push(entered(req, quals));
    } else {
      const bucket = rule.buckets.findIndex((b) => b.id === req.bucket);
      let covered = areasCovered(req, bucketQuals(fill, slots, bucket));
      let met = covered.length >= req.min;
      let detail = covered.length ? covered.join(', ') : 'none';
      // Only search for a spanning fill when the student's qualifications could span the areas at all.
      const couldSpan = !met && areasCovered(req, quals.filter((q) => selectsCached(rule.buckets[bucket].accepts, q))).length >= req.min;
      if (couldSpan) {
        for (const set of [...bestSets, ...allSets.filter((r) => !bestSets.includes(r))]) {
          const f = spanFill(rule, slots, set, req, fill);
          if (!f) continue;
          covered = areasCovered(req, bucketQuals(f, slots, bucket));
          if (f.points >= fill.points - 1e-9 && f.count >= fill.count) {
            fill = f;
            bestReps = set;
            detail = covered.join(', ');
          } else {
            detail = `${covered.join(', ')}, but only by leaving ${fill.points - f.points} weighted slot(s) empty`;
          }
          met = true;
          break;
        }
      }
      requirements.push({ id: req.id, label: req.label, met, detail });
    }
  }

  const buckets: BucketFill[] = rule.buckets.map((b, i) => ({ id: b.id, label: b.label, slots: b.slots, filled: 0, weight: weights[i], entries: [], keys: [] }));
  for (let s = 0; s < slots.bucketOf.length; s++) {
    const u = fill.slotUnit[s];
    if (u === -1) continue;
    const bf = buckets[slots.bucketOf[s]];
    bf.filled++;
    bf.entries.push(fill.units[u].label);
    bf.keys.push(fill.units[u].key);
  }
  const discounted: Discounted[] = [];
  for (const g of groups) {
    if (g.length < 2) continue;
    const counted = g.find((q) => bestReps.includes(q)) ?? g[0];
    discounted.push({ code: g[0].discountCode, counted: counted.label, notCounted: g.filter((q) => q !== counted).map((q) => q.label) });
  }
  const slotsTotal = rule.buckets.reduce((a, b) => a + b.slots, 0);
  const maxPoints = rule.buckets.reduce((a, b) => a + b.slots * b.weight, 0);
  return {
    ruleSet: rule.id,
    buckets,
    slots: slotsTotal,
    slotsFilled: fill.count,
    emptySlots: slotsTotal - fill.count,
    points: fill.points,
    maxPoints,
    requirements,
    requirementsMet: requirements.length === 0 ? null : requirements.every((r) => r.met),
    discounted,
  };
}
