/**
 * The solver's public surface: everything the web app (web/) and the command line (cli/) may use.
 * Anything not exported here is the solver's own business and may change without notice; the layer test
 * (test/layers.test.ts) fails when web/ imports a solver module other than this one (or solver/worker.ts,
 * the Web Worker entry, by URL). The documents are described in docs/format.md.
 *
 * Web code that solves does so in the worker (solver/worker.ts, speaking the SolverApi below); `solve`
 * itself is here for the command line. Nothing exported here may pull the search or HiGHS in at load
 * time (see `solve` below): the bundler keeps only what a screen imports, and the student page must stay
 * small.
 */

import type { SolveOptions } from './api';
import type { Result, Scenario } from './types';

// The documents (docs/format.md): scenario, result and their parts.
export type {
  Course,
  CourseKind,
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
} from './types';

// Solving: in-process (the command line) and through the worker (the planner, solver/worker.ts speaking
// SolverApi). `solve` loads the search, the exact steps and HiGHS only when first called, so a screen or
// page that imports this module for anything else (the student page: the offer and the preview) does not
// carry them: measured with a Vite build, a static re-export of ./solve added 50 kB of JavaScript and the
// 3.5 MB HiGHS wasm to a page that used only parseOffer and createPreviewer.
export async function solve(scenario: Scenario, options?: SolveOptions): Promise<Result> {
  const search = await import('./solve');
  return search.solve(scenario, options);
}
export type { ReferenceOptions, SolveOptions, SolveProgress, SolveStop } from './api';
export type { ReferenceOrder } from './constraints/published';
export { ModelError } from './model';
export type { SolverApi, WorkerSolveOptions } from './worker-api';
// The portfolio's coordinator (parallel searches sharing the best blocking): the planner runs it over its Web
// Workers. It imports only types, so it adds no search or HiGHS to a page.
export { solvePortfolio } from './portfolio';
export type { PortfolioRunner, RunnerSolveOptions } from './portfolio';

// The published offer students preview, and the preview itself.
export { OFFER_FORMAT, parseOffer, formatOfferIssues } from './offer';
export type { Offer, OfferAsk, OfferCourse, OfferGroup, OfferIssue, OfferOutcome, OfferPathway } from './offer';
export { publishOffer, publishWarnings, PublishError, askCounts } from './publish';
export type { PublishOptions } from './publish';
export { createPreviewer, previewCombination, PreviewInputError } from './preview';
export type { Alternative, Change, Placement, PreviewOptions, PreviewRequest, PreviewResult, Previewer } from './preview';

// Choice rules (docs/rules.md): the rule engine the planner and the student page share.
export { RuleBook, cohortBreaches, isCountRule, isEligibilityRule, isNotTogetherRule, listWords, matches } from './rules';
export type {
  AttributeValue,
  BrokenRule,
  ChoiceRule,
  CohortBreach,
  CohortSource,
  Combination,
  CountRule,
  EligibilityRule,
  ForbiddenCourse,
  NotTogetherRule,
  RuleCheck,
  RuleIssue,
} from './rules';

// Why a student's choice is unmet, and what would meet it.
export { explainUnmet, explainAll, ExplainError } from './explain';
export type { ChangeDetail, ExplainOptions, SuggestedChange, UnmetExplanation } from './explain';

// Accountability, equity and cost (solver/analysis).
export {
  analyseOffer,
  summariseOffer,
  summariseAnalysis,
  AnalysisInputError,
  checkRuleSet,
  evaluateRuleSet,
  ATTAINMENT_8,
  EBACC_HISTORIC,
  PROPOSED_2025,
  DEFAULT_RULE_SETS,
  KNOWN_TAGS,
  TECHNICAL_AWARD_KINDS,
  compileCatalogue,
  ruleSetTags,
  studentQualifications,
  readCore,
  DEFAULT_CORE,
  costOffer,
  DEFAULT_COST_OPTIONS,
  checkCostOptions,
  equityReport,
  recogniseCourse,
  kindFromName,
  normaliseName,
  typeOf,
  COURSE_TYPES,
  TAG_MEANINGS,
} from './analysis';
export type {
  AnalysisOptions,
  OfferAnalysis,
  OfferSummary,
  StudentAnalysis,
  RuleSetTotals,
  EntryWarning,
  MissingData,
  RuleSet,
  Bucket,
  Requirement,
  Selector,
  RuleSetOutcome,
  BucketFill,
  RequirementOutcome,
  CoreSettings,
  Qualification,
  DataNotice,
  CostOptions,
  CostReport,
  EquityReport,
  Gap,
  AttributeBreakdown,
  Recognition,
  CourseTypeEntry,
  InferredType,
} from './analysis';

// A published blocking as the reference for late changes (docs/reference.md): scenario changes since
// publishing, and who a new result moves and why. Pure and small: no search is loaded with it.
export { scenarioChanges, placementChanges, moveLine, changeReportLines, MOVE_REASONS } from './reference';
export type { ScenarioChanges, PupilChange, StaffChange, RoomChange, CourseChange, PlacementChanges, PupilMove, MoveReasonKind, StabilityFigures, GroupMove, Blocking } from './reference';

// Schools planning together (docs/consortium.md): the joint solve of a consortium by one ordinary solve of a
// combined scenario (solver/consortium/reduce.ts), split into one ordinary result a school. It loads the
// search only when first called, as `solve` above.
export { solveConsortium } from './consortium/solve';
export type { ConsortiumOutcome, ConsortiumSolveOptions } from './consortium/solve';
export { CONSORTIUM_FORMAT, DEMAND_FORMAT, KEY_FORMAT, PART_FORMAT } from './consortium/types';
export type {
  Consortium,
  ConsortiumDemand,
  ConsortiumKey,
  ConsortiumMember,
  ConsortiumPart,
  ConsortiumSite,
  CommonColumn,
  FarApart,
  MemberFigures,
  SharedCourse,
  TravelRules,
} from './consortium/types';
