/**
 * `ks4 analyse SCENARIO.json RESULT.json [options]`
 *
 * Prints one JSON document (format "ks4-analysis/1", solver/analysis/analyse.ts) with, per student and in
 * total: the qualification measures under each rule set (Attainment 8, the historic EBacc, the 2025
 * proposal), satisfaction, equity by every student attribute, and cost.
 *
 * Options:
 *   --contact-ratio R       share of a teacher's timetable spent teaching (default 0.78)
 *   --cost-per-hour P       annual cost in pounds of one weekly hour taught (default 1900)
 *   --timetable-periods N   periods in the whole fortnight timetable, for FTE (default 50)
 *   --period-hours H        length of a period in hours, for the cost (default 1)
 *   --worst N               how many worst-off students to list (default 10)
 *   --rules FILE.json       rule sets to apply instead of the shipped ones (one object or a list)
 *   --discount-codes FILE   a JSON list of known discount codes; others are reported once each
 *   --summary               print only the headline figures
 *   --compact               no indentation
 *
 * Figures that rest on courses with no qualification type (no tags, name not recognised) are null in
 * the JSON, with the reason in `missing` and `summary.needsData`; types read from course names are listed
 * in `courseTypes.inferred`. Both are also said in words on stderr, so the JSON on stdout stays clean:
 *   EBacc entry (historic): needs data: 3 courses have no qualification type (OPT1, OPT2, OPT3): ...
 *
 * Exit codes: 0 printed; 1 a file is missing, unreadable or invalid, or the result does not belong to the
 * scenario (every problem named with its path and a hint); 2 the command is used wrongly.
 */
import { clipMessage } from '../data/document-text';
import { readJsonFile as readJson, readResultFile, readScenarioFile, refusal } from '../data/load';
import { formatIssues } from '../data/schema';
import { analyseOffer, AnalysisInputError, checkRuleSet, type AnalysisOptions, type OfferAnalysis, type RuleSet } from '../solver';

const USAGE =
  'Usage: ks4 analyse SCENARIO.json RESULT.json [--contact-ratio 0.78] [--cost-per-hour 1900]\n' +
  '                   [--timetable-periods 50] [--period-hours 1] [--worst 10] [--rules RULES.json] [--discount-codes CODES.json]\n' +
  '                   [--summary] [--compact]';

class UsageError extends Error {}
class InputError extends Error {}

const NUMERIC: Record<string, keyof AnalysisOptions> = {
  '--contact-ratio': 'contactRatio',
  '--cost-per-hour': 'costPerWeeklyHour',
  '--timetable-periods': 'timetablePeriods',
  '--period-hours': 'periodHours',
  '--worst': 'worstOff',
};

function readJsonFile(path: string, what: string): unknown {
  const parsed = readJson(path);
  if (!parsed.ok) throw new InputError(`The ${what} file ${path} cannot be read:\n${formatIssues(parsed.errors)}`);
  return parsed.value;
}

export function main(argv: string[], out: (s: string) => void = console.log, err: (s: string) => void = console.error): number {
  try {
    const files: string[] = [];
    const options: AnalysisOptions = {};
    let summaryOnly = false;
    let compact = false;
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if (a === '--') continue;
      if (a === '--help' || a === '-h') { out(USAGE); return 0; }
      if (a === '--summary') { summaryOnly = true; continue; }
      if (a === '--compact') { compact = true; continue; }
      if (a in NUMERIC || a === '--rules' || a === '--discount-codes') {
        const v = argv[++i];
        if (v === undefined) throw new UsageError(`${a} needs a value.`);
        if (a === '--rules') {
          const raw = readJsonFile(v, 'rules');
          const list = Array.isArray(raw) ? raw : [raw];
          const problems = list.flatMap((r, j) => checkRuleSet(r, Array.isArray(raw) ? `${v}[${j}]` : v));
          if (problems.length) throw new InputError(`The rules file ${v} has problems:\n${problems.join('\n')}`);
          options.ruleSets = list as RuleSet[];
        } else if (a === '--discount-codes') {
          const raw = readJsonFile(v, 'discount codes');
          if (!Array.isArray(raw) || !raw.every((c) => typeof c === 'string')) {
            throw new InputError(`The discount codes file ${v} should hold a JSON list of strings, like ["FK2", "XA1"].`);
          }
          options.knownDiscountCodes = raw;
        } else {
          const n = Number(v);
          if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${a} is ${JSON.stringify(v)}, which is not a number.`);
          (options as Record<string, number>)[NUMERIC[a]] = n;
        }
        continue;
      }
      if (a.startsWith('--')) throw new UsageError(`Unknown option ${a}.`);
      files.push(a);
    }
    if (files.length !== 2) {
      throw new UsageError(`Expected 2 files, got ${files.length}${files.length ? ` (${files.join(' ')})` : ''}.`);
    }
    const scenario = readScenarioFile(files[0]);
    if (!scenario.ok) throw new InputError(refusal('scenario', files[0], scenario.errors));
    const result = readResultFile(files[1]);
    if (!result.ok) throw new InputError(refusal('result', files[1], result.errors));
    const analysis = analyseOffer(scenario.value, result.value, options);
    const doc = summaryOnly ? { format: 'ks4-analysis-summary/1', scenario: analysis.scenario, ...analysis.totals.summary } : analysis;
    out(JSON.stringify(doc, null, compact ? undefined : 2));
    for (const line of dataWarnings(analysis)) err(clipMessage(line));
    return 0;
  } catch (e) {
    if (e instanceof UsageError) { err(`${e.message}\n${USAGE}`); return 2; }
    if (e instanceof InputError) { err(clipMessage(e.message)); return 1; }
    if (e instanceof AnalysisInputError) { err(clipMessage(`Cannot analyse ${argv.filter((a) => !a.startsWith('-')).slice(0, 2).join(' with ')}:\n${e.message}`)); return 1; }
    throw e;
  }
}

/** Plain-words lines for figures that are not known, or rest on course types read from names. */
export function dataWarnings(analysis: OfferAnalysis): string[] {
  const lines: string[] = [];
  for (const m of analysis.totals.measures) {
    if (!m.missing) continue;
    const known = [
      ...(m.missing.fill ? [`mean ${m.meanSlotsFilled.toFixed(2)} of ${m.slots} slots filled`] : []),
      ...(m.missing.requirements && m.requirementsMetRate !== null ? [`${(m.requirementsMetRate * 100).toFixed(1)}% met`] : []),
    ].join(', ');
    lines.push(`${m.name}: needs data: ${m.missing.message} With what is known: at least ${known}.`);
  }
  const inferred = analysis.courseTypes.inferred;
  if (inferred.length > 0) {
    lines.push(
      `Based on ${inferred.length} course type${inferred.length === 1 ? '' : 's'} inferred from course names (${inferred.map((t) => `${t.course}: ${t.label}`).join('; ')}). ` +
        'Confirm them by giving the courses tags in the scenario (or on the Offer screen).',
    );
  }
  return lines;
}
