/**
 * The seeded cohort generator: a realistic English KS4 options scenario (Year 9 choosing for Years 10
 * and 11) built from the national facts in data/catalogue.ts.
 *
 * Order of work, each step with its own forked random stream so changing one leaves the others alone:
 *  1. the offer: which catalogue courses run, their group sizes and minimums, the optional accelerated
 *     pair, partner-college course and double option;
 *  2. the students: prior band, gender, pupil premium, SEN, then choices and reserves drawn with
 *     weights calibrated so the cohort's entry rates match the national ones;
 *  3. demand per course, and from it the groups each course will likely need;
 *  4. staff per department sized from those group counts (some part-time, a few departments with no
 *     spare capacity), rooms per type sized the same way;
 *  5. pathways that every student on them keeps.
 *
 * Everything is deterministic from the seed: no Math.random, no Date, no iteration over a Map or Set
 * whose order could change.
 */
import type { Course, Pathway, PathwayRule, Room, Scenario, Staff, Student, Unavailability } from '../solver/types';
import {
  COURSE_CATALOGUE,
  EBACC_HUMANITIES,
  EBACC_RATES,
  FIRST_NAMES,
  FOUNDATION_SHARE_OF_LOW,
  FURTHER_MATHS_FOLLOW_ON,
  PP_RATES,
  PRIOR_SHARES,
  ROOM_NAMES,
  SEN_E_RATES,
  SEN_K_RATES,
  SURNAMES,
  type CourseSpec,
  type Gender,
  type PriorBand,
  type RoomType,
} from './catalogue';
import { Rng } from './rng';

export interface GenerateOptions {
  students: number;
  seed: number;
  /** Option blocks (columns), labelled A, B, C, ...; default 5. */
  blocks?: number;
  /** Choices a student makes (foundation-route students make one fewer); default 4. */
  choices?: number;
  /** Offer Statistics in Year 10 followed by Further Maths in Year 11 in the same block. */
  accelerated?: boolean;
  /** Offer a course taught at a partner college, with a quota of places. */
  partner?: boolean;
  /** Offer a double option (span 2). */
  doubleOption?: boolean;
  name?: string;
}

export const DEFAULT_BLOCKS = 5;
export const DEFAULT_CHOICES = 4;
export const MAX_STUDENTS = 5000;
const BLOCK_LABELS = 'ABCDEFGH';
const BANDS: readonly PriorBand[] = ['high', 'middle', 'low'];
export const PARTNER_SITE = { id: 'RIV', name: 'Riverside College' } as const;

interface Settings {
  students: number;
  seed: number;
  blocks: number;
  choices: number;
  accelerated: boolean;
  partner: boolean;
  doubleOption: boolean;
  name: string;
}

function fail(what: string, hint: string): never {
  throw new Error(`${what}. ${hint}`);
}

function isWhole(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n);
}

/** Checks the options and fills in defaults; bad values get a message naming the option and a hint. */
export function resolveOptions(opts: GenerateOptions): Settings {
  if (opts === null || typeof opts !== 'object') fail(`Generator options ${String(opts)} are not an object`, 'Pass { students, seed }.');
  const { students, seed } = opts;
  if (!isWhole(students) || students < 1 || students > MAX_STUDENTS) {
    fail(`students is ${String(students)} (options.students)`, `Maybe it should be a whole number from 1 to ${MAX_STUDENTS}, such as 240?`);
  }
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    fail(`seed is ${String(seed)} (options.seed)`, 'Maybe it should be a whole number such as 1?');
  }
  const blocks = opts.blocks ?? DEFAULT_BLOCKS;
  if (!isWhole(blocks) || blocks < 2 || blocks > BLOCK_LABELS.length) {
    fail(`blocks is ${String(blocks)} (options.blocks)`, `Maybe it should be 4 or 5 (any whole number from 2 to ${BLOCK_LABELS.length} works)?`);
  }
  const choices = opts.choices ?? Math.min(DEFAULT_CHOICES, blocks);
  if (!isWhole(choices) || choices < 2 || choices > blocks) {
    fail(`choices is ${String(choices)} (options.choices) with ${blocks} blocks`, `Maybe it should be 3 or 4, and at most the number of blocks (${blocks})?`);
  }
  const flag = (key: 'accelerated' | 'partner' | 'doubleOption'): boolean => {
    const v = opts[key];
    if (v !== undefined && typeof v !== 'boolean') fail(`${key} is ${String(v)} (options.${key})`, 'Maybe it should be true or false?');
    return v === true;
  };
  const accelerated = flag('accelerated');
  const partner = flag('partner');
  const doubleOption = flag('doubleOption');
  if (accelerated && partner && blocks < 2) fail('The accelerated pair and the partner course need different blocks', 'Use at least 2 blocks.');
  const name = opts.name ?? `Generated KS4 options: ${students} students, seed ${seed}`;
  if (typeof name !== 'string' || name.trim() === '') fail(`name is ${JSON.stringify(name)} (options.name)`, 'Maybe give a name such as "Year 9 options 2027"?');
  return { students, seed, blocks, choices, accelerated, partner, doubleOption, name };
}

/** The catalogue courses this scenario offers. */
export function offeredSpecs(s: Pick<Settings, 'accelerated' | 'partner' | 'doubleOption'>): CourseSpec[] {
  return COURSE_CATALOGUE.filter((c) => c.option === undefined || s[c.option]);
}

// ---------------------------------------------------------------------------------------------
// Drawing one student's choices. The same routine runs in calibration and in generation, so the
// calibrated weights are exactly the ones that produce the national rates.

/**
 * What the choice model needs. `weights[i]` is the base pull of `specs[i]` in open picks;
 * `ebacc[band]` is the chance a student of that band deliberately takes a language and a humanity.
 * `blockOf` maps the single-block courses (accelerated pair, partner) to their block index.
 */
interface ChoiceModel {
  specs: readonly CourseSpec[];
  weights: Float64Array;
  ebacc: Record<PriorBand, number>;
  /** Base chance (times Statistics' prior-band pull) of taking the accelerated pair; 0 when not offered. */
  pair: number;
  choices: number;
  blocks: number;
  accelerated: boolean;
  fixedBlock: ReadonlyMap<string, number>;
}

interface DrawnStudent {
  band: PriorBand;
  gender: Gender;
  pp: boolean;
  sen: 'K' | 'E' | 'N';
  route: 'foundation' | 'ebacc-lean' | 'open';
  /** Indices into model.specs, in the order drawn. */
  picks: number[];
  reserves: number[];
}

function bandOf(rng: Rng): PriorBand {
  return rng.weighted(BANDS, BANDS.map((b) => PRIOR_SHARES[b]));
}

function pickWeight(model: ChoiceModel, i: number, st: { band: PriorBand; gender: Gender; foundation: boolean }): number {
  const spec = model.specs[i];
  let w = model.weights[i] * spec.prior[st.band] * spec.gender[st.gender];
  if (st.foundation) {
    // The foundation route steers towards practical and vocational courses, away from triple science.
    if (spec.tags.includes('vocational')) w *= 1.6;
    if (spec.id === 'TSC' || spec.id === 'STA') w = 0;
  }
  return w;
}

function drawStudent(rng: Rng, model: ChoiceModel): DrawnStudent {
  const band = bandOf(rng);
  const gender: Gender = rng.chance(0.5) ? 'F' : 'M';
  const pp = rng.chance(PP_RATES[band]);
  const r = rng.next();
  const sen = r < SEN_E_RATES[band] ? 'E' : r < SEN_E_RATES[band] + SEN_K_RATES[band] ? 'K' : 'N';
  const foundation = band === 'low' && model.choices > 2 && rng.chance(FOUNDATION_SHARE_OF_LOW);
  const n = foundation ? model.choices - 1 : model.choices;
  const ebaccLean = !foundation && n >= 2 && rng.chance(model.ebacc[band]);
  const specs = model.specs;
  const picks: number[] = [];
  const taken = new Set<string>(); // course ids and discount codes already held
  const st = { band, gender, foundation };
  // Blocks the picks so far occupy (a double option takes two; the accelerated pair shares one), and
  // the blocks of the picks fixed to a single block (two such picks in one block would clash).
  let blocksUsed = 0;
  const fixedUsed: number[] = [];
  let hasLanguage = false;

  const fits = (i: number): boolean => {
    const spec = specs[i];
    if (picks.length >= n || taken.has(spec.id) || taken.has(spec.discountCode)) return false;
    if (spec.id === 'FMA') return false; // only ever follows Statistics
    if (foundation && hasLanguage && spec.tags.includes('language')) return false;
    const fb = model.fixedBlock.get(spec.id);
    if (fb !== undefined && fixedUsed.includes(fb)) return false;
    const cost = spec.option === 'doubleOption' ? 2 : 1;
    // Every pick still to come needs at least one block of its own.
    return blocksUsed + cost + (n - picks.length - 1) <= model.blocks;
  };
  const add = (i: number): void => {
    picks.push(i);
    taken.add(specs[i].id);
    taken.add(specs[i].discountCode);
    blocksUsed += specs[i].option === 'doubleOption' ? 2 : 1;
    const fb = model.fixedBlock.get(specs[i].id);
    if (fb !== undefined) fixedUsed.push(fb);
    if (specs[i].tags.includes('language')) hasLanguage = true;
  };
  const drawFrom = (pool: number[]): number => {
    const weights = pool.map((i) => (fits(i) ? pickWeight(model, i, st) : 0));
    const k = rng.weightedIndex(weights);
    return k < 0 ? -1 : pool[k];
  };

  // The accelerated pair is a deliberate decision, like the EBacc one: Statistics in Year 10, then
  // Further Maths in Year 11 in the same block, two choices for one block.
  const sta = specs.findIndex((c) => c.id === 'STA');
  const fma = specs.findIndex((c) => c.id === 'FMA');
  if (model.accelerated && sta >= 0 && fma >= 0 && !foundation && n >= 2 && rng.chance(Math.min(1, model.pair * specs[sta].prior[band]))) {
    add(sta);
    add(fma);
    blocksUsed -= 1; // the pair shares its block
  }
  if (ebaccLean) {
    const langs = specs.flatMap((c, i) => (c.tags.includes('language') ? [i] : []));
    const hums = specs.flatMap((c, i) => (EBACC_HUMANITIES.includes(c.id) ? [i] : []));
    // Between languages (and between history and geography) students split by the national rates.
    for (const pool of [langs, hums]) {
      const weights = pool.map((i) => (fits(i) ? specs[i].rate * specs[i].prior[band] * specs[i].gender[gender] : 0));
      const k = rng.weightedIndex(weights);
      if (k >= 0) add(pool[k]);
    }
  }
  const all = specs.map((_, i) => i);
  while (picks.length < n) {
    const i = drawFrom(all);
    if (i < 0) break; // nothing fits any more (tiny offers); the student makes fewer choices
    add(i);
  }
  const reserves: number[] = [];
  const reserveCount = rng.chance(0.5) ? 1 : 2;
  for (let k = 0; k < reserveCount; k++) {
    // A reserve is a plain single-block course the student would also take.
    const pool = all.filter((i) => specs[i].option === undefined && !taken.has(specs[i].id) && !taken.has(specs[i].discountCode));
    const weights = pool.map((i) => pickWeight(model, i, st));
    const j = rng.weightedIndex(weights);
    if (j < 0) break;
    reserves.push(pool[j]);
    taken.add(specs[pool[j]].id);
    taken.add(specs[pool[j]].discountCode);
  }
  return { band, gender, pp, sen, route: foundation ? 'foundation' : ebaccLean ? 'ebacc-lean' : 'open', picks, reserves };
}

// ---------------------------------------------------------------------------------------------
// Calibration: fit the open-pick weights and the EBacc-lean chances so a large synthetic cohort
// reproduces the target rates. Runs once per offer shape (cached), from a fixed seed.

/** Entry-rate targets for an offer: national rates as given; the other courses share the slots left. */
export function targetRates(specs: readonly CourseSpec[], choices: number, accelerated: boolean): Map<string, number> {
  const slots = choices - PRIOR_SHARES.low * (choices > 2 ? FOUNDATION_SHARE_OF_LOW : 0);
  const sta = specs.find((c) => c.id === 'STA');
  const fmaExpected = accelerated && sta ? sta.rate * FURTHER_MATHS_FOLLOW_ON : 0;
  let national = 0;
  let extra = 0;
  for (const c of specs) {
    if (c.id === 'FMA') continue;
    if (c.national) national += c.rate;
    else extra += c.rate;
  }
  const room = slots - national - fmaExpected;
  const out = new Map<string, number>();
  // With 4 options the extras grow to fill the slots; with fewer options there is no room for every
  // national rate, so everything shrinks in proportion (a 3-option school enters fewer of each subject).
  const extraScale = extra > 0 ? room / extra : 0;
  const allScale = extraScale >= 0.5 ? 1 : slots / (national + extra + fmaExpected);
  for (const c of specs) {
    if (c.id === 'FMA') continue;
    const r = c.national ? c.rate * allScale : c.rate * (extraScale >= 0.5 ? extraScale : allScale);
    out.set(c.id, Math.min(0.9, r));
  }
  return out;
}

const CALIBRATION_STUDENTS = 2000;
const CALIBRATION_ROUNDS = 10;
type Calibration = Pick<ChoiceModel, 'weights' | 'ebacc' | 'pair'>;
const calibrationCache = new Map<string, Calibration>();

function calibrate(base: Omit<ChoiceModel, keyof Calibration>): Calibration {
  const key = [base.specs.map((c) => c.id).join(','), base.choices, base.blocks, base.accelerated, [...base.fixedBlock.entries()].join(';')].join('|');
  const cached = calibrationCache.get(key);
  if (cached) return cached;
  const targets = targetRates(base.specs, base.choices, base.accelerated);
  const weights = Float64Array.from(base.specs, (c) => targets.get(c.id) ?? 0);
  const ebacc: Record<PriorBand, number> = { ...EBACC_RATES };
  const fmaTarget = base.accelerated ? (targets.get('STA') ?? 0) * FURTHER_MATHS_FOLLOW_ON : 0;
  const fmaIndex = base.specs.findIndex((c) => c.id === 'FMA');
  let pair = fmaTarget;
  const langIds = new Set(base.specs.filter((c) => c.tags.includes('language')).map((c) => c.id));
  for (let round = 0; round < CALIBRATION_ROUNDS; round++) {
    const model: ChoiceModel = { ...base, weights, ebacc, pair };
    const rng = new Rng(20260, `calibrate-${round}`);
    const counts = new Float64Array(base.specs.length);
    const bandN: Record<PriorBand, number> = { high: 0, middle: 0, low: 0 };
    const bandE: Record<PriorBand, number> = { high: 0, middle: 0, low: 0 };
    for (let s = 0; s < CALIBRATION_STUDENTS; s++) {
      const d = drawStudent(rng, model);
      for (const i of d.picks) counts[i]++;
      bandN[d.band]++;
      const ids = d.picks.map((i) => base.specs[i].id);
      if (ids.some((id) => langIds.has(id)) && ids.some((id) => EBACC_HUMANITIES.includes(id))) bandE[d.band]++;
    }
    base.specs.forEach((c, i) => {
      const target = targets.get(c.id);
      if (target === undefined || target <= 0) return;
      const observed = counts[i] / CALIBRATION_STUDENTS;
      const factor = observed > 0 ? Math.pow(target / observed, 0.9) : 4;
      weights[i] *= Math.min(4, Math.max(0.25, factor));
    });
    if (fmaIndex >= 0 && fmaTarget > 0) {
      const observed = counts[fmaIndex] / CALIBRATION_STUDENTS;
      pair *= observed > 0 ? Math.min(4, Math.max(0.25, Math.pow(fmaTarget / observed, 0.9))) : 4;
    }
    for (const b of BANDS) {
      const observed = bandN[b] > 0 ? bandE[b] / bandN[b] : 0;
      if (observed > 0) ebacc[b] = Math.min(1, Math.max(0, ebacc[b] * Math.pow(EBACC_RATES[b] / observed, 0.9)));
    }
  }
  const out = { weights, ebacc, pair };
  calibrationCache.set(key, out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Staff and rooms, sized from the groups each course will likely need.

interface TeacherDraft {
  courses: string[];
  /** Groups committed to this teacher in the witness assignment that proves the staffing suffices. */
  load: number;
  /** Blocks those committed groups occupy (a double option takes two). */
  blockLoad: number;
  cap: number;
  unavailable: Unavailability[];
  available: number;
}

const TITLES = ['Ms', 'Mr', 'Mrs', 'Dr', 'Miss'];

/**
 * Staff per department. Each course's likely groups are committed to teachers (a witness that the
 * staffing can cover them: a teacher's committed groups never exceed their maxGroups or the blocks they
 * are in school); loose departments get one group of spare capacity, tight ones none.
 */
function buildStaff(rng: Rng, courses: readonly Course[], groupsNeeded: ReadonlyMap<string, number>, blocks: readonly string[]): Staff[] {
  const home = courses.filter((c) => (c.site ?? 'home') === 'home');
  const departments: string[] = [];
  for (const c of home) if (c.department && !departments.includes(c.department)) departments.push(c.department);
  // Tight spots: one or two single-block departments with no spare teacher capacity.
  const eligible = departments.filter((d) => {
    const dc = home.filter((c) => c.department === d);
    return dc.every((c) => (c.span ?? 1) === 1 && c.years === undefined) && dc.reduce((s, c) => s + (groupsNeeded.get(c.id) ?? 0), 0) >= 2;
  });
  const tightCount = Math.min(eligible.length, home.length > 0 && courses.length > 0 && blocks.length >= 4 ? 2 : 1);
  const tight = new Set(rng.shuffle(eligible).slice(0, tightCount));

  const staff: Staff[] = [];
  const usedNames = new Set<string>();
  for (const dept of departments) {
    const deptCourses = home
      .filter((c) => c.department === dept)
      .sort((a, b) => (groupsNeeded.get(b.id) ?? 0) - (groupsNeeded.get(a.id) ?? 0) || (a.id < b.id ? -1 : 1));
    const isTight = tight.has(dept);
    const drafts: TeacherDraft[] = [];
    const newTeacher = (): TeacherDraft => {
      const partTime = rng.chance(isTight ? 0.5 : 0.18);
      const unavailable: Unavailability[] = [];
      if (partTime) {
        const off = rng.shuffle(blocks).slice(0, Math.min(blocks.length - 2, rng.int(1, 2)));
        const yearOnly = rng.chance(0.3) ? 11 : undefined;
        for (const b of off.sort()) unavailable.push(yearOnly === undefined ? { block: b } : { block: b, year: yearOnly });
      }
      // A teacher out for one year only is still fully out in the other year's blocks for planning purposes.
      const available = blocks.length - unavailable.length;
      const cap = Math.min(available, partTime ? rng.int(1, 2) : rng.int(2, 4));
      const t: TeacherDraft = { courses: [], load: 0, blockLoad: 0, cap, unavailable, available };
      drafts.push(t);
      return t;
    };
    deptCourses.forEach((course, k) => {
      const span = course.span ?? 1;
      let remaining = (groupsNeeded.get(course.id) ?? 0) + (!isTight && k === 0 ? 1 : 0);
      if (remaining === 0) remaining = 1; // someone in the department can teach it if it runs
      const canTake = (t: TeacherDraft): number => Math.min(t.cap - t.load, Math.floor((t.available - t.blockLoad) / span));
      for (const t of drafts) {
        if (remaining <= 0) break;
        const take = Math.min(canTake(t), remaining);
        if (take <= 0) continue;
        t.courses.push(course.id);
        t.load += take;
        t.blockLoad += take * span;
        remaining -= take;
      }
      let guard = 0;
      while (remaining > 0) {
        if (++guard > 100) throw new Error(`Could not staff course ${course.id}: no teacher can take a group of span ${span} in ${blocks.length} blocks.`);
        const t = newTeacher();
        const take = Math.min(canTake(t), remaining);
        if (take <= 0) continue;
        t.courses.push(course.id);
        t.load += take;
        t.blockLoad += take * span;
        remaining -= take;
      }
    });
    // Some teachers can also teach another course of their department: room for the solver to move.
    for (const t of drafts) {
      const others = deptCourses.filter((c) => !t.courses.includes(c.id));
      if (others.length > 0 && rng.chance(0.35)) t.courses.push(rng.pick(others).id);
    }
    for (const t of drafts) {
      if (t.load === 0) continue; // a new part-timer who could not take a group: never hired
      let name = '';
      for (let tries = 0; tries < 20 && (name === '' || usedNames.has(name)); tries++) {
        name = `${rng.pick(TITLES)} ${rng.pick(FIRST_NAMES)[0]}. ${rng.pick(SURNAMES)}`;
      }
      usedNames.add(name);
      const s: Staff = {
        id: `T${String(staff.length + 1).padStart(2, '0')}`,
        name,
        department: dept,
        courses: t.courses,
        // Tight departments have exactly the committed load; the others keep their full capacity.
        maxGroups: isTight ? t.load : t.cap,
      };
      if (t.unavailable.length > 0) s.unavailable = t.unavailable;
      staff.push(s);
    }
  }
  return staff;
}

/**
 * Rooms per type: enough that each type's group-blocks fit (rooms x blocks >= groups x span), plus a
 * spare room for most types; the spare one is sometimes used by another year in one block.
 */
function buildRooms(rng: Rng, courses: readonly Course[], groupsNeeded: ReadonlyMap<string, number>, blocks: readonly string[]): Room[] {
  const types: RoomType[] = [];
  for (const c of courses) {
    if ((c.site ?? 'home') === 'home' && c.roomType && !types.includes(c.roomType as RoomType)) types.push(c.roomType as RoomType);
  }
  const tightType = rng.pick(types.filter((t) => t !== 'classroom'));
  const rooms: Room[] = [];
  for (const type of types) {
    const ofType = courses.filter((c) => c.roomType === type && (c.site ?? 'home') === 'home');
    const cells = ofType.reduce((s, c) => s + (groupsNeeded.get(c.id) ?? 0) * (c.span ?? 1), 0);
    const capacity = Math.max(...ofType.map((c) => c.maxGroupSize));
    const needed = Math.max(1, Math.ceil(cells / blocks.length));
    const spare = type === tightType ? 0 : type === 'classroom' ? 2 : 1;
    const meta = ROOM_NAMES[type];
    for (let k = 0; k < needed + spare; k++) {
      const room: Room = {
        id: `${meta.id}${k + 1}`,
        name: `${meta.name} ${k + 1}`,
        type,
        capacity: type === 'classroom' && k >= needed ? capacity - 2 : capacity,
      };
      if (k >= needed && rng.chance(0.5)) room.unavailable = [{ block: rng.pick(blocks) }];
      rooms.push(room);
    }
  }
  return rooms;
}

// ---------------------------------------------------------------------------------------------

function pathwaysFor(courses: readonly Course[], choices: number): Pathway[] {
  // Courses sharing a discount code count once in Attainment 8: every route keeps them apart.
  const byCode = new Map<string, string[]>();
  for (const c of courses) {
    if (!c.discountCode) continue;
    const list = byCode.get(c.discountCode) ?? [];
    list.push(c.id);
    byCode.set(c.discountCode, list);
  }
  const apart: PathwayRule[] = [...byCode.values()].filter((ids) => ids.length > 1).map((ids) => ({ notTogether: ids }));
  const ids = new Set(courses.map((c) => c.id));
  const pathways: Pathway[] = [
    {
      id: 'EBACC',
      name: 'EBacc route: a language and a humanity',
      choices,
      rules: [{ min: 1, from: ['tag:language'] }, { min: 1, from: EBACC_HUMANITIES.filter((h) => ids.has(h)) }, ...apart],
    },
    {
      id: 'VOC',
      name: 'Vocational route: at least one technical or vocational award',
      choices,
      rules: [{ min: 1, from: ['tag:vocational'] }, ...apart],
    },
  ];
  if (choices > 2) {
    pathways.push({
      id: 'FND',
      name: 'Foundation route: one option fewer, with time for English and maths support',
      choices: choices - 1,
      rules: [{ max: 1, from: ['tag:language'] }, { max: 0, from: ['TSC', 'STA'].filter((c) => ids.has(c)) }, ...apart],
    });
  }
  return pathways;
}

function sizeFrom(rng: Rng, size: readonly [number, number]): number {
  return size[0] === size[1] ? size[0] : rng.pick([size[0], size[1]]);
}

/** Builds a realistic English KS4 options cohort, deterministically from `opts.seed`. */
export function generateScenario(opts: GenerateOptions): Scenario {
  const s = resolveOptions(opts);
  const root = new Rng(s.seed, 'ks4-generate');
  const offerRng = root.fork('offer');
  const studentRng = root.fork('students');
  const staffRng = root.fork('staff');
  const roomRng = root.fork('rooms');
  const blocks = BLOCK_LABELS.slice(0, s.blocks).split('');
  const specs = offeredSpecs(s);

  // 1. The offer. Single-block courses: the accelerated pair in the last block, the partner college's
  // afternoon in another block.
  const fixedBlock = new Map<string, number>();
  if (s.accelerated) {
    fixedBlock.set('STA', s.blocks - 1);
    fixedBlock.set('FMA', s.blocks - 1);
  }
  if (s.partner) fixedBlock.set('MVS', offerRng.int(0, s.blocks - 2));
  const courses: Course[] = specs.map((spec) => {
    const maxGroupSize = sizeFrom(offerRng, spec.size);
    // Schools cancel groups under about 8 to 12 (the minimum is lowered below, once demand is known).
    const minGroupSize = offerRng.int(8, 12);
    const course: Course = {
      id: spec.id,
      name: spec.name,
      kind: spec.kind,
      department: spec.department,
      tags: spec.tags.slice(),
      discountCode: spec.discountCode,
      maxGroupSize,
      minGroupSize,
    };
    if (spec.option === 'doubleOption') course.span = 2;
    if (s.accelerated && spec.id === 'STA') course.years = [10];
    if (spec.id === 'FMA') course.years = [11];
    const fb = fixedBlock.get(spec.id);
    if (fb !== undefined) course.blocks = [blocks[fb]];
    if (spec.option === 'partner') {
      course.site = PARTNER_SITE.id;
      // The college sells a fixed number of places: about the demand a school this size expects.
      course.places = Math.max(6, Math.min(16, Math.round(spec.rate * s.students * 1.1)));
      course.maxGroups = 1;
      course.minGroupSize = 6;
    } else {
      course.roomType = spec.roomType;
    }
    return course;
  });

  // 2. The students.
  const base = { specs, choices: s.choices, blocks: s.blocks, accelerated: s.accelerated, fixedBlock };
  // Calibration only needs to know which fixed blocks coincide (never the partner's and the pair's), so it
  // runs on a canonical layout and its cache does not depend on the seed.
  const canonical = new Map(fixedBlock);
  if (canonical.has('MVS')) canonical.set('MVS', 0);
  const model: ChoiceModel = { ...base, ...calibrate({ ...base, fixedBlock: canonical }) };
  const pathways = pathwaysFor(courses, s.choices);
  const idWidth = Math.max(4, String(s.students).length);
  const drawn: DrawnStudent[] = [];
  const students: Student[] = [];
  for (let k = 0; k < s.students; k++) {
    const d = drawStudent(studentRng, model);
    drawn.push(d);
    const choices = studentRng.shuffle(d.picks.map((i) => specs[i].id));
    // The pair is one decision: Further Maths straight after Statistics in the student's order.
    const fma = choices.indexOf('FMA');
    if (fma >= 0) {
      choices.splice(fma, 1);
      choices.splice(choices.indexOf('STA') + 1, 0, 'FMA');
    }
    const student: Student = {
      id: `S${String(k + 1).padStart(idWidth, '0')}`,
      name: `${studentRng.pick(FIRST_NAMES)} ${studentRng.pick(SURNAMES)}`,
      choices,
      reserves: d.reserves.map((i) => specs[i].id),
    };
    const hasLang = choices.some((c) => courses.find((x) => x.id === c)?.tags?.includes('language'));
    const hasHum = choices.some((c) => EBACC_HUMANITIES.includes(c));
    const hasVoc = choices.some((c) => courses.find((x) => x.id === c)?.tags?.includes('vocational'));
    if (d.route === 'foundation') student.pathway = 'FND';
    else if (hasLang && hasHum) student.pathway = 'EBACC';
    else if (hasVoc) student.pathway = 'VOC';
    student.attributes = { pp: d.pp, sen: d.sen, gender: d.gender, prior: d.band };
    students.push(student);
  }

  // 3. Demand and the groups it needs (capped by a partner's places).
  const demand = new Map<string, number>();
  for (const st of students) for (const c of st.choices) demand.set(c, (demand.get(c) ?? 0) + 1);
  const groupsNeeded = new Map<string, number>();
  for (const c of courses) {
    // A school runs a niche course a little under its usual minimum rather than drop it: the minimum
    // comes down to three quarters of the demand (never below 4), so a course that recruits runs.
    c.minGroupSize = Math.min(c.minGroupSize ?? 0, Math.max(4, Math.floor(0.75 * (demand.get(c.id) ?? 0))));
    const d = Math.min(demand.get(c.id) ?? 0, c.places ?? Infinity);
    groupsNeeded.set(c.id, d === 0 ? 0 : Math.ceil(d / c.maxGroupSize));
  }

  // 4. Staff and rooms.
  const staff = buildStaff(staffRng, courses, groupsNeeded, blocks);
  const rooms = buildRooms(roomRng, courses, groupsNeeded, blocks);

  // The group budget: what demand needs in the busier year, plus two groups of slack.
  const years = [10, 11];
  const perYear = years.map((y) => courses.reduce((sum, c) => sum + ((c.years ?? years).includes(y) ? groupsNeeded.get(c.id) ?? 0 : 0), 0));
  const scenario: Scenario = {
    format: 'ks4-scenario/1',
    name: s.name,
    blocks,
    years,
    periodsPerFortnight: 5,
    mode: 'build',
    limits: { maxGroups: Math.max(...perYear) + 2 },
    courses,
    staff,
    rooms,
    ...(s.partner ? { sites: [{ ...PARTNER_SITE }] } : {}),
    pathways,
    students,
    // Extra field (rides along): how to regenerate this scenario.
    generator: { seed: s.seed, students: s.students, blocks: s.blocks, choices: s.choices, accelerated: s.accelerated, partner: s.partner, doubleOption: s.doubleOption },
  };
  return scenario;
}
