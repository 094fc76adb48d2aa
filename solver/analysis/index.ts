/**
 * Accountability, equity and cost analysis of an offer (issue 5). Pure functions over a Scenario and a
 * Result: no zod, no DOM. See analyse.ts for the entry points and rules.ts for the rule sets as data.
 */
export { analyseOffer, summariseOffer, summariseAnalysis, benchmarkAnalysis, ANALYSIS_TARGET_MS } from './analyse';
export type { AnalysisTiming, AnalysisOptions, OfferAnalysis, OfferSummary, StudentAnalysis, RuleSetTotals, EntryWarning, MissingData } from './analyse';
export { ATTAINMENT_8, EBACC_HISTORIC, PROPOSED_2025, DEFAULT_RULE_SETS, KNOWN_TAGS, TECHNICAL_AWARD_KINDS, checkRuleSet } from './rules';
export type { RuleSet, Bucket, Requirement, Selector } from './rules';
export { evaluateRuleSet } from './measures';
export type { RuleSetOutcome, BucketFill, RequirementOutcome } from './measures';
export { compileCatalogue, ruleSetTags, studentQualifications, readCore, DEFAULT_CORE, AnalysisInputError } from './qualifications';
export type { CoreSettings, Qualification, DataNotice } from './qualifications';
export { costOffer, DEFAULT_COST_OPTIONS, checkCostOptions } from './cost';
export type { CostOptions, CostReport } from './cost';
export { equityReport } from './equity';
export type { EquityReport, Gap, AttributeBreakdown } from './equity';
export { recogniseCourse, kindFromName, normaliseName, typeOf, COURSE_TYPES, TAG_MEANINGS } from './recognise';
export type { Recognition, CourseTypeEntry } from './recognise';
export type { InferredType } from './qualifications';
