/**
 * Type-level proof that the zod schemas (data/schema.ts) and the plain document types the solver
 * uses (solver/types.ts) describe the same shapes, in both directions. The conditional-type
 * assertions fail `tsc --noEmit` (part of `npm test`) if either side drifts; the expectTypeOf calls
 * say the same thing to vitest's type checker and keep a runtime test in this file.
 */
import { describe, expectTypeOf, test } from 'vitest';
import type * as z from 'zod';
import type {
  CourseSchema,
  GroupSchema,
  PathwaySchema,
  ResultGroupSchema,
  ResultSchema,
  ResultStudentSchema,
  RoomSchema,
  RuleSchema,
  ScenarioSchema,
  SiteSchema,
  StaffSchema,
  StudentSchema,
  SummarySchema,
  UnavailabilitySchema,
} from '../data/schema';
import type {
  Course,
  Group,
  Pathway,
  PathwayRule,
  Result,
  ResultGroup,
  ResultStudent,
  ResultSummary,
  Room,
  Scenario,
  Site,
  Staff,
  Student,
  Unavailability,
} from '../solver/types';

/** true when A is assignable to B. */
type Extends<A, B> = [A] extends [B] ? true : false;
/** true when A and B are assignable to each other. */
type Mutual<A, B> = Extends<A, B> extends true ? Extends<B, A> : false;
type Assert<T extends true> = T;

/**
 * solver/types.ts declares `Unavailability` without the `[extra: string]: unknown` every other document
 * object carries, so a plain `Unavailability` (and so `Staff`, `Room`, `Scenario`, which hold it) is not
 * assignable to the loose schema type, which accepts unknown fields there too. Until types.ts adds the
 * index signature, the reverse direction is checked with it added; once it is there, `Strict` below
 * switches on and the exact mutual checks apply by themselves.
 */
type Strict = string extends keyof Unavailability ? true : false;
type UnavailabilityLoose = Unavailability & { [extra: string]: unknown };
/** T with the type of its key K replaced (a homomorphic mapped type keeps optionality and the index signature; Omit would not). */
type Replace<T, K extends keyof T, V> = { [P in keyof T]: P extends K ? V : T[P] };
type StaffLoose = Replace<Staff, 'unavailable', UnavailabilityLoose[] | undefined>;
type RoomLoose = Replace<Room, 'unavailable', UnavailabilityLoose[] | undefined>;
type ScenarioLoose = Replace<Replace<Scenario, 'staff', StaffLoose[] | undefined>, 'rooms', RoomLoose[] | undefined>;
type MutualOr<A, B, BLoose> = Strict extends true ? Mutual<A, B> : Extends<A, B> extends true ? Extends<BLoose, A> : false;

// Each line fails to compile when the schema and the type disagree.
export type Checks = [
  Assert<MutualOr<z.infer<typeof ScenarioSchema>, Scenario, ScenarioLoose>>,
  Assert<Mutual<z.infer<typeof ResultSchema>, Result>>,
  Assert<Mutual<z.infer<typeof CourseSchema>, Course>>,
  Assert<MutualOr<z.infer<typeof StaffSchema>, Staff, StaffLoose>>,
  Assert<MutualOr<z.infer<typeof RoomSchema>, Room, RoomLoose>>,
  Assert<Mutual<z.infer<typeof SiteSchema>, Site>>,
  Assert<Mutual<z.infer<typeof PathwaySchema>, Pathway>>,
  Assert<Mutual<z.infer<typeof RuleSchema>, PathwayRule>>,
  Assert<Mutual<z.infer<typeof StudentSchema>, Student>>,
  Assert<Mutual<z.infer<typeof GroupSchema>, Group>>,
  Assert<MutualOr<z.infer<typeof UnavailabilitySchema>, Unavailability, UnavailabilityLoose>>,
  Assert<Mutual<z.infer<typeof ResultGroupSchema>, ResultGroup>>,
  Assert<Mutual<z.infer<typeof ResultStudentSchema>, ResultStudent>>,
  Assert<Mutual<z.infer<typeof SummarySchema>, ResultSummary>>,
];

// A negative control, so the helper above is known to reject a real mismatch.
type ScenarioWithoutName = Omit<Scenario, 'name'> & { name: number };
export type NegativeControl = Mutual<z.infer<typeof ScenarioSchema>, ScenarioWithoutName> extends false ? true : never;
const negativeControl: NegativeControl = true;

describe('schema types', () => {
  test('z.infer of the document schemas is assignable to solver/types.ts and back', () => {
    expectTypeOf<z.infer<typeof ScenarioSchema>>().toExtend<Scenario>();
    expectTypeOf<z.infer<typeof ResultSchema>>().toExtend<Result>();
    expectTypeOf<Result>().toExtend<z.infer<typeof ResultSchema>>();
    expectTypeOf<z.infer<typeof CourseSchema>>().toExtend<Course>();
    expectTypeOf<Course>().toExtend<z.infer<typeof CourseSchema>>();
    expectTypeOf<z.infer<typeof RuleSchema>>().toExtend<PathwayRule>();
    expectTypeOf<PathwayRule>().toExtend<z.infer<typeof RuleSchema>>();
    expectTypeOf(negativeControl).toEqualTypeOf<true>();
  });
});
