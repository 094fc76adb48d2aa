/**
 * The scenario and result documents of docs/format.md as plain TypeScript types.
 * The zod schemas in data/schema.ts are the only parsers; they are checked (by a type test)
 * to produce exactly these shapes, so the solver can depend on them without importing zod.
 * Unknown optional fields may ride along on any object: they must survive a load and a save.
 */

export type CourseKind = 'GCSE' | 'BTEC' | 'CambridgeNational' | 'VCert' | 'TechAward' | 'Other';

export interface Unavailability {
  block: string;
  /** Missing means every year. */
  year?: number;
  [extra: string]: unknown;
}

export interface Course {
  id: string;
  name: string;
  kind?: CourseKind;
  /** Default: all of the scenario's years. */
  years?: number[];
  /** Blocks one group occupies (1 or 2); default 1. */
  span?: 1 | 2;
  maxGroupSize: number;
  minGroupSize?: number;
  minGroups?: number;
  maxGroups?: number;
  maxGroupsPerBlock?: number;
  /** Blocks its groups may occupy; default all. */
  blocks?: string[];
  roomType?: string;
  rooms?: string[];
  /** 'home' (default) or a site id. */
  site?: string;
  /** Cap on students across all its groups. */
  places?: number;
  department?: string;
  tags?: string[];
  discountCode?: string;
  [extra: string]: unknown;
}

export interface Staff {
  id: string;
  name?: string;
  courses: string[];
  maxGroups?: number;
  unavailable?: Unavailability[];
  [extra: string]: unknown;
}

export interface Room {
  id: string;
  name?: string;
  type: string;
  capacity: number;
  unavailable?: Unavailability[];
  [extra: string]: unknown;
}

export interface Site {
  id: string;
  name: string;
  [extra: string]: unknown;
}

export type PathwayRule =
  | { min?: number; max?: number; from: string[]; [extra: string]: unknown }
  | { notTogether: string[]; [extra: string]: unknown };

export interface Pathway {
  id: string;
  name: string;
  choices?: number;
  rules: PathwayRule[];
  [extra: string]: unknown;
}

export interface Student {
  id: string;
  /** The display name: preferred (or legal) forename and surname. */
  name?: string;
  /** Identity as the MIS holds it, kept apart for class lists and letters; the solver never reads them. */
  surname?: string;
  forename?: string;
  preferredName?: string;
  upn?: string;
  admissionNumber?: string;
  regGroup?: string;
  /** Course ids, most wanted first. */
  choices: string[];
  reserves?: string[];
  pathway?: string;
  attributes?: Record<string, string | number | boolean>;
  [extra: string]: unknown;
}

export interface Group {
  id: string;
  course: string;
  blocks: string[];
  years?: number[];
  staff?: string[];
  room?: string | null;
  students?: string[];
  [extra: string]: unknown;
}

export interface Scenario {
  format: 'ks4-scenario/1';
  name: string;
  blocks: string[];
  years?: number[];
  periodsPerFortnight?: number;
  mode?: 'build' | 'fit';
  limits?: { maxGroups?: number; [extra: string]: unknown };
  courses: Course[];
  staff?: Staff[];
  rooms?: Room[];
  sites?: Site[];
  pathways?: Pathway[];
  students: Student[];
  groups?: Group[];
  [extra: string]: unknown;
}

export interface ResultGroup {
  id: string;
  course: string;
  blocks: string[];
  years: number[];
  staff: string[];
  room: string | null;
  students: string[];
  /** Optional extra: pinned groups came from the scenario. */
  pinned?: boolean;
  [extra: string]: unknown;
}

export interface ResultStudent {
  id: string;
  /** Course id -> group id, for every course the student got (a choice or a reserve). */
  placed: Record<string, string>;
  /** Choices not placed. */
  unmet: string[];
  /** Reserves placed. */
  reserves: string[];
  /** Optional extra: a plain-words reason for each unmet choice, where one was found. */
  reasons?: string[];
  [extra: string]: unknown;
}

export interface ResultSummary {
  students: number;
  fullySatisfied: number;
  choices: number;
  choicesMet: number;
  reservesUsed: number;
  groups: number;
  /** A proven upper bound on fullySatisfied, when one is known. */
  upperBound?: number;
  seconds: number;
  seed: number;
  /** Optional extra: what stopped the solve (solver/api.ts SolveStop). */
  stoppedBy?: 'work' | 'time' | 'optimal' | 'perfect' | 'cancelled';
  /** Optional extra of a re-solve against a published blocking: pupils with a kept course placed otherwise. */
  pupilsMoved?: number;
  /** Optional extra of a re-solve against a published blocking: published groups moved or cancelled. */
  groupsMoved?: number;
  [extra: string]: unknown;
}

export interface Result {
  format: 'ks4-result/1';
  scenario: string;
  groups: ResultGroup[];
  students: ResultStudent[];
  summary: ResultSummary;
  /** Optional extra: problems found that stop some students or groups, in plain words. */
  diagnostics?: string[];
  [extra: string]: unknown;
}
