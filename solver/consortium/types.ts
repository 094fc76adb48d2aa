/**
 * The consortium documents (docs/consortium.md) as plain types. data/consortium.ts holds their zod schemas and
 * the only parsers; the solver takes them already validated, so these are the solver's own view of the
 * contract (the solver imports no zod and nothing from data/).
 */
import type { Result, Scenario } from '../types';

export const CONSORTIUM_FORMAT = 'ks4-consortium/1';
export const DEMAND_FORMAT = 'ks4-consortium-demand/1';
export const KEY_FORMAT = 'ks4-consortium-key/1';
export const PART_FORMAT = 'ks4-consortium-part/1';

/** A school of the consortium. `scenario` is the school's own scenario inline, or a file path the command line resolves. */
export interface ConsortiumMember {
  id: string;
  name: string;
  scenario: Scenario | string;
}

/** A place shared courses are taught that is no member school (a college). */
export interface ConsortiumSite {
  id: string;
  name: string;
}

/**
 * A common column: the time all schools agree on. `blocks` maps a member id to the label of its block that
 * lines up with the column; a member missing from it has no block at that time (its pupils cannot go away then).
 */
export interface CommonColumn {
  id: string;
  blocks: Record<string, string>;
}

export interface SharedCourse {
  id: string;
  name: string;
  kind?: 'GCSE' | 'BTEC' | 'CambridgeNational' | 'VCert' | 'TechAward' | 'Other';
  /** A member id or a site id: where its groups are taught. */
  host: string;
  maxGroupSize: number;
  minGroupSize?: number;
  minGroups?: number;
  maxGroups?: number;
  /** Common column ids its groups may sit in; default every column in which each member with places has a block. */
  columns?: string[];
  /** Member id -> the most pupils of that member across all its groups. A member not listed has none. */
  places: Record<string, number>;
}

/** Two places (member or site ids) far enough apart that a pupil needs free columns around the journey. */
export interface FarApart {
  between: [string, string];
  /** Common columns (in the order of `columns`) just before an away course the pupil keeps free; default 0. */
  freeBefore?: number;
  /** Common columns just after an away course the pupil keeps free; default 0. */
  freeAfter?: number;
}

export interface TravelRules {
  /** The most away courses (shared courses hosted elsewhere than the pupil's school) one pupil takes; default unlimited. */
  maxAwayCourses?: number;
  farApart?: FarApart[];
}

export interface Consortium {
  format: typeof CONSORTIUM_FORMAT;
  /** Names the consortium in every demand file and part, so a file from another consortium is refused. */
  id: string;
  name: string;
  /** The years every member plans; default [10, 11]. Every member scenario plans exactly these. */
  years?: number[];
  members: ConsortiumMember[];
  sites?: ConsortiumSite[];
  columns: CommonColumn[];
  sharedCourses: SharedCourse[];
  travel?: TravelRules;
}

/**
 * What a school sends the coordinator: its scenario with pupils under random ids and nothing personal
 * (data/consortium-demand.ts writes it).
 */
export interface ConsortiumDemand {
  format: typeof DEMAND_FORMAT;
  consortium: string;
  member: string;
  scenario: Scenario;
}

/** What stays at the school: random id -> the school's own id, per kind of id the demand file renamed. */
export interface ConsortiumKey {
  format: typeof KEY_FORMAT;
  consortium: string;
  member: string;
  students: Record<string, string>;
  staff: Record<string, string>;
  rooms: Record<string, string>;
  groups: Record<string, string>;
}

/** Figures of one member in a joint plan. */
export interface MemberFigures {
  member: string;
  students: number;
  fullySatisfied: number;
  choices: number;
  choicesMet: number;
  /** Pupils placed in at least one away course. */
  travelling: number;
  /** Shared course id -> pupils of this member placed in it. */
  placesUsed: Record<string, number>;
  /**
   * Pupils fully satisfied planning alone, around the shared courses placed by hand in their first common
   * column (the joint solve's baseline); absent when no shared course has a choice of column.
   */
  alone?: number;
}

/**
 * One school's share of the joint plan: an ordinary result for its member view (the school's scenario with
 * the shared courses it may use put in place of its stand-ins, data/consortium.ts memberView), with the
 * shared courses and sites that view adds, so the school can merge it without the consortium document.
 */
export interface ConsortiumPart {
  format: typeof PART_FORMAT;
  consortium: string;
  member: string;
  courses: Scenario['courses'];
  sites: NonNullable<Scenario['sites']>;
  result: Result;
  figures: MemberFigures;
}
