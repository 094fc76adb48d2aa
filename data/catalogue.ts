/**
 * The KS4 option courses the generators draw from, with the national figures behind them
 * (the design's "Facts of the domain", written out below). Both data/generate.ts and data/known-optimum.ts read this.
 *
 * `rate` is the share of the whole cohort that takes the course. Where the national figures give an
 * entry rate (`national: true`) the generator is calibrated to hit it; the other courses (photography,
 * food, the vocational awards, ...) carry a nominal rate and share out whatever option slots are left.
 *
 * Tags are what the accountability rules (solver/analysis/rules.ts) read: `triple-science` makes the
 * triple-science option three qualifications (biology, chemistry, physics) that replace the core's
 * combined science; `computing` is computer science, an EBacc science that is not a separate science;
 * `history`, `geography` and `language` are the EBacc humanities and languages (`ebacc` marks every EBacc
 * subject); `statistics` keeps statistics out of the maths slot; `creative` and `humanity` are the
 * proposed breadth areas; `technical-award` and `vocational` mark the vocational awards.
 *
 * Discount codes: Attainment 8 counts once the qualifications that share a code, so art and photography
 * share FK2, food and hospitality share one, GCSE PE and the sport award share one. The codes are
 * realistic-looking defaults for the accountability rules, not copied from the DfE's current list:
 * a school should check them against the published discount-code list before relying on them.
 */
import type { CourseKind } from '../solver/types';

export type PriorBand = 'high' | 'middle' | 'low';
export type Gender = 'F' | 'M';

/** Room types a course can need; `classroom` is a general teaching room. */
export type RoomType = 'classroom' | 'lab' | 'art' | 'workshop' | 'food' | 'computer' | 'sports' | 'drama' | 'music';

export interface CourseSpec {
  id: string;
  name: string;
  kind: CourseKind;
  department: string;
  tags: string[];
  discountCode: string;
  roomType: RoomType;
  /** Group size limits the department uses: one value, or a range drawn per scenario. */
  size: readonly [number, number];
  /** Share of the cohort taking it (see the file comment). */
  rate: number;
  /** True when `rate` is a national entry rate that the generator must reproduce. */
  national: boolean;
  /** Relative pull on students of each prior-attainment band (1 = average). */
  prior: Readonly<Record<PriorBand, number>>;
  /** Relative pull on girls and boys (national entry patterns; 1 = even). */
  gender: Readonly<Record<Gender, number>>;
  /** Only offered when the scenario asks for it. */
  option?: 'accelerated' | 'partner' | 'doubleOption';
}

const EVEN = { F: 1, M: 1 } as const;
const FLAT = { high: 1, middle: 1, low: 1 } as const;
const ACADEMIC = { high: 2.5, middle: 0.9, low: 0.15 } as const;
const VOCATIONAL = { high: 0.35, middle: 1, low: 1.9 } as const;

export const COURSE_CATALOGUE: readonly CourseSpec[] = [
  { id: 'HIS', name: 'History', kind: 'GCSE', department: 'Humanities', tags: ['humanity', 'history', 'ebacc'], discountCode: 'DB1', roomType: 'classroom', size: [30, 32], rate: 0.46, national: true, prior: { high: 1.1, middle: 1, low: 0.8 }, gender: EVEN },
  { id: 'GEO', name: 'Geography', kind: 'GCSE', department: 'Humanities', tags: ['humanity', 'geography', 'ebacc'], discountCode: 'DC1', roomType: 'classroom', size: [30, 32], rate: 0.46, national: true, prior: { high: 1.1, middle: 1, low: 0.8 }, gender: EVEN },
  { id: 'RST', name: 'Religious Studies', kind: 'GCSE', department: 'Humanities', tags: ['humanity', 'religious-studies'], discountCode: 'DE1', roomType: 'classroom', size: [30, 30], rate: 0.08, national: false, prior: { high: 1.2, middle: 1, low: 0.7 }, gender: { F: 1.3, M: 0.75 } },
  { id: 'SOC', name: 'Sociology', kind: 'GCSE', department: 'Humanities', tags: [], discountCode: 'DF1', roomType: 'classroom', size: [30, 30], rate: 0.05, national: false, prior: FLAT, gender: { F: 1.6, M: 0.5 } },
  { id: 'FRE', name: 'French', kind: 'GCSE', department: 'Modern Languages', tags: ['language', 'ebacc'], discountCode: 'EA1', roomType: 'classroom', size: [30, 30], rate: 0.2, national: true, prior: { high: 1.5, middle: 1, low: 0.4 }, gender: { F: 1.25, M: 0.8 } },
  { id: 'SPA', name: 'Spanish', kind: 'GCSE', department: 'Modern Languages', tags: ['language', 'ebacc'], discountCode: 'EB1', roomType: 'classroom', size: [30, 30], rate: 0.21, national: true, prior: { high: 1.5, middle: 1, low: 0.4 }, gender: { F: 1.25, M: 0.8 } },
  { id: 'GER', name: 'German', kind: 'GCSE', department: 'Modern Languages', tags: ['language', 'ebacc'], discountCode: 'EC1', roomType: 'classroom', size: [28, 28], rate: 0.04, national: false, prior: { high: 1.7, middle: 1, low: 0.3 }, gender: EVEN },
  { id: 'TSC', name: 'Triple Science (Biology, Chemistry, Physics)', kind: 'GCSE', department: 'Science', tags: ['triple-science', 'ebacc'], discountCode: 'RA1', roomType: 'lab', size: [26, 26], rate: 0.23, national: true, prior: { high: 3, middle: 0.8, low: 0.1 }, gender: EVEN },
  { id: 'STA', name: 'Statistics', kind: 'GCSE', department: 'Mathematics', tags: ['statistics'], discountCode: 'GB1', roomType: 'classroom', size: [30, 30], rate: 0.05, national: true, prior: ACADEMIC, gender: EVEN },
  { id: 'FMA', name: 'Further Mathematics (Level 2 Certificate)', kind: 'Other', department: 'Mathematics', tags: [], discountCode: 'GC1', roomType: 'classroom', size: [30, 30], rate: 0, national: false, prior: ACADEMIC, gender: EVEN, option: 'accelerated' },
  { id: 'CSC', name: 'Computer Science', kind: 'GCSE', department: 'Computing', tags: ['computing', 'ebacc'], discountCode: 'CK1', roomType: 'computer', size: [26, 26], rate: 0.13, national: true, prior: { high: 2, middle: 1, low: 0.3 }, gender: { F: 0.45, M: 1.55 } },
  { id: 'IMD', name: 'Creative iMedia', kind: 'CambridgeNational', department: 'Computing', tags: ['creative', 'technical-award', 'vocational'], discountCode: 'CN1', roomType: 'computer', size: [26, 26], rate: 0.09, national: false, prior: VOCATIONAL, gender: EVEN },
  { id: 'ART', name: 'Art and Design', kind: 'GCSE', department: 'Art', tags: ['creative'], discountCode: 'FK2', roomType: 'art', size: [24, 26], rate: 0.3, national: true, prior: FLAT, gender: { F: 1.5, M: 0.55 } },
  { id: 'PHO', name: 'Photography', kind: 'GCSE', department: 'Art', tags: ['creative'], discountCode: 'FK2', roomType: 'art', size: [24, 24], rate: 0.07, national: false, prior: FLAT, gender: { F: 1.3, M: 0.7 } },
  { id: 'DT', name: 'Design and Technology', kind: 'GCSE', department: 'Technology', tags: ['creative'], discountCode: 'TA1', roomType: 'workshop', size: [20, 20], rate: 0.14, national: true, prior: FLAT, gender: { F: 0.7, M: 1.3 } },
  { id: 'ENG', name: 'Engineering (double option)', kind: 'BTEC', department: 'Technology', tags: ['technical-award', 'vocational'], discountCode: 'TB1', roomType: 'workshop', size: [20, 20], rate: 0.04, national: false, prior: VOCATIONAL, gender: { F: 0.3, M: 1.7 }, option: 'doubleOption' },
  { id: 'FOO', name: 'Food Preparation and Nutrition', kind: 'GCSE', department: 'Technology', tags: [], discountCode: 'NB1', roomType: 'food', size: [20, 20], rate: 0.07, national: false, prior: FLAT, gender: { F: 1.3, M: 0.75 } },
  { id: 'HOS', name: 'Hospitality and Catering', kind: 'VCert', department: 'Technology', tags: ['technical-award', 'vocational'], discountCode: 'NB1', roomType: 'food', size: [20, 20], rate: 0.08, national: false, prior: VOCATIONAL, gender: { F: 1.2, M: 0.85 } },
  { id: 'PE', name: 'Physical Education', kind: 'GCSE', department: 'Physical Education', tags: [], discountCode: 'XA1', roomType: 'sports', size: [30, 30], rate: 0.13, national: true, prior: FLAT, gender: { F: 0.6, M: 1.4 } },
  { id: 'SPT', name: 'Sport', kind: 'BTEC', department: 'Physical Education', tags: ['technical-award', 'vocational'], discountCode: 'XA1', roomType: 'sports', size: [30, 30], rate: 0.08, national: false, prior: VOCATIONAL, gender: { F: 0.7, M: 1.3 } },
  { id: 'BUS', name: 'Business', kind: 'GCSE', department: 'Business', tags: [], discountCode: 'KA1', roomType: 'classroom', size: [30, 32], rate: 0.22, national: true, prior: { high: 0.9, middle: 1.1, low: 0.9 }, gender: { F: 0.85, M: 1.15 } },
  { id: 'HSC', name: 'Health and Social Care', kind: 'TechAward', department: 'Business', tags: ['technical-award', 'vocational'], discountCode: 'LA1', roomType: 'classroom', size: [30, 30], rate: 0.07, national: false, prior: VOCATIONAL, gender: { F: 1.8, M: 0.25 } },
  { id: 'DRA', name: 'Drama', kind: 'GCSE', department: 'Performing Arts', tags: ['creative'], discountCode: 'PA1', roomType: 'drama', size: [24, 24], rate: 0.08, national: true, prior: FLAT, gender: { F: 1.6, M: 0.45 } },
  { id: 'MUS', name: 'Music', kind: 'GCSE', department: 'Performing Arts', tags: ['creative'], discountCode: 'PB1', roomType: 'music', size: [24, 24], rate: 0.06, national: true, prior: { high: 1.4, middle: 1, low: 0.6 }, gender: EVEN },
  { id: 'MED', name: 'Media Studies', kind: 'GCSE', department: 'English', tags: ['creative'], discountCode: 'PC1', roomType: 'classroom', size: [30, 30], rate: 0.06, national: true, prior: FLAT, gender: EVEN },
  { id: 'MVS', name: 'Motor Vehicle Studies (at Riverside College)', kind: 'VCert', department: 'Partner college', tags: ['technical-award', 'vocational'], discountCode: 'VA1', roomType: 'workshop', size: [16, 16], rate: 0.03, national: false, prior: VOCATIONAL, gender: { F: 0.3, M: 1.7 }, option: 'partner' },
];

/** Prior-attainment bands: shares of a typical cohort. */
export const PRIOR_SHARES: Readonly<Record<PriorBand, number>> = { high: 0.28, middle: 0.5, low: 0.22 };

/** Share of each band that takes a language and a humanity (the full-EBacc pattern of the national figures). */
export const EBACC_RATES: Readonly<Record<PriorBand, number>> = { high: 0.63, middle: 0.41, low: 0.16 };

/** The humanities that count for the EBacc (RS does not). */
export const EBACC_HUMANITIES: readonly string[] = ['HIS', 'GEO'];

/** Share of low prior attainers put on the foundation route (one option fewer). */
export const FOUNDATION_SHARE_OF_LOW = 0.55;

/** Disadvantage (pupil premium) and SEN support shares by band; they average to about 25%, 13% and 2%. */
export const PP_RATES: Readonly<Record<PriorBand, number>> = { high: 0.14, middle: 0.25, low: 0.38 };
export const SEN_K_RATES: Readonly<Record<PriorBand, number>> = { high: 0.05, middle: 0.12, low: 0.25 };
export const SEN_E_RATES: Readonly<Record<PriorBand, number>> = { high: 0.005, middle: 0.01, low: 0.06 };

/** Share of students taking the accelerated Statistics who go on to Further Maths in Year 11. */
export const FURTHER_MATHS_FOLLOW_ON = 0.6;

/** Realistic capacities of each room type (the largest group of a course of that type must fit). */
export const ROOM_NAMES: Readonly<Record<RoomType, { id: string; name: string }>> = {
  classroom: { id: 'R', name: 'Classroom' },
  lab: { id: 'LAB', name: 'Science lab' },
  art: { id: 'ART', name: 'Art room' },
  workshop: { id: 'WS', name: 'D&T workshop' },
  food: { id: 'FOOD', name: 'Food room' },
  computer: { id: 'ICT', name: 'Computer room' },
  sports: { id: 'HALL', name: 'Sports hall' },
  drama: { id: 'DRS', name: 'Drama studio' },
  music: { id: 'MUS', name: 'Music room' },
};

export const FIRST_NAMES: readonly string[] = [
  'Amelia', 'Olivia', 'Isla', 'Ava', 'Mia', 'Sophia', 'Grace', 'Lily', 'Freya', 'Emily', 'Ivy', 'Ella', 'Rosie',
  'Evie', 'Florence', 'Poppy', 'Charlotte', 'Willow', 'Aisha', 'Fatima', 'Zara', 'Maryam', 'Priya', 'Chloe',
  'Oliver', 'George', 'Noah', 'Arthur', 'Leo', 'Harry', 'Oscar', 'Archie', 'Henry', 'Theo', 'Jack', 'Charlie',
  'Freddie', 'Alfie', 'Finley', 'Muhammad', 'Yusuf', 'Ibrahim', 'Kofi', 'Tomasz', 'Jakub', 'Rhys', 'Callum', 'Ethan',
];

export const SURNAMES: readonly string[] = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright',
  'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Thomas', 'Clarke', 'Jackson', 'Wood',
  'Harris', 'Edwards', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Hughes', 'Moore', 'Khan', 'Ali', 'Begum',
  'Hussain', 'Ahmed', 'Mensah', 'Okafor', 'Kowalski', 'Nowak', 'Murphy', "O'Brien", 'Campbell', 'Stewart', 'Lewis',
  'Singh', 'Kaur', 'Chen',
];
