/**
 * `ks4 consortium SUBCOMMAND ...`: schools planning together (docs/consortium.md).
 *
 *   solve  CONSORTIUM.json --out DIR [--time S] [--seed N] [--runs N]
 *          the joint plan, from the members' scenarios or demand files (each member's `scenario` inline, or a
 *          file path relative to the consortium file); writes DIR/MEMBER.part.json, one part a school
 *   check  CONSORTIUM.json PART.json...          the consortium check of the parts
 *   demand SCENARIO.json --consortium C.json --member ID --out DEMAND.json --key KEY.json
 *          a school's demand file (pseudonymous) and its key, which stays at the school
 *   merge  PART.json --scenario OWN.json --key KEY.json --out DIR
 *          the school's part back in its own ids: DIR/scenario.json (its member view) and DIR/result.json
 *
 * Exit codes as the other commands: 0 done (solve: parts written, whatever their satisfaction; check: every
 * rule kept), 1 a document refused (file, path, value and a hint; nothing written) or a rule broken (check),
 * 2 the command used wrongly, a file that cannot be written, or an internal failure.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { clipMessage } from '../data/document-text';
import { readJsonFile, readScenarioFile, refusal } from '../data/load';
import { DEMAND_FORMAT, memberIssues, parseConsortium, parseDemand, parseKey, parsePart, resolveConsortium, travelShortfalls, unusableColumns } from '../data/consortium';
import { checkConsortium } from '../data/consortium-check';
import { DemandError, MergeError, exportDemand, mergePart } from '../data/consortium-demand';
import { checkResult } from '../data/checker';
import type { Consortium, ConsortiumPart, Scenario } from '../solver/index';
import { WRITE_FAILED, outputProblem, writeOutput } from './write-out';
import { takeOption } from './options';

const USAGE = `Usage: ks4 consortium solve CONSORTIUM.json --out DIR [--time S] [--seed N] [--runs N]
       ks4 consortium check CONSORTIUM.json PART.json...
       ks4 consortium demand SCENARIO.json --consortium CONSORTIUM.json --member ID --out DEMAND.json --key KEY.json
       ks4 consortium merge PART.json --scenario OWN-SCENARIO.json --key KEY.json --out DIR
The documents are described in docs/consortium.md.`;


function wrongUse(message: string): number {
  console.error(`${message}\n${USAGE}`);
  return 2;
}

function readConsortium(path: string): Consortium | undefined {
  const raw = readJsonFile(path);
  const parsed = raw.ok ? parseConsortium(raw.value) : raw;
  if (!parsed.ok) {
    console.error(refusal('consortium document', path, parsed.errors));
    return undefined;
  }
  return parsed.value;
}

/** Each member's scenario (inline, or its scenario or demand file), checked against the consortium. */
function loadMembers(c: Consortium, consortiumPath: string): Scenario[] | undefined {
  const scenarios: Scenario[] = [];
  const sources: (string | undefined)[] = [];
  for (const [i, member] of c.members.entries()) {
    if (typeof member.scenario !== 'string') {
      scenarios.push(member.scenario);
      sources.push(undefined);
      continue;
    }
    const file = resolve(dirname(consortiumPath), member.scenario);
    if (!existsSync(file)) {
      // load.ts's hint names the current folder; a member's file is found from the consortium file's folder.
      console.error(refusal('consortium document', consortiumPath, [{ path: `members[${i}].scenario`, value: member.scenario, message: `Member ${member.id}'s file ${file} does not exist: a member's file is read from the consortium file's folder (${dirname(resolve(consortiumPath))}). Maybe the path is misspelt, or the school has not sent its demand file yet?` }]));
      return undefined;
    }
    const raw = readJsonFile(file);
    if (!raw.ok) {
      console.error(refusal(`file for member ${member.id} (members[${i}].scenario)`, file, raw.errors));
      return undefined;
    }
    const isDemand = (raw.value as { format?: unknown } | null)?.format === DEMAND_FORMAT;
    if (isDemand) {
      const demand = parseDemand(raw.value, c);
      if (!demand.ok) {
        console.error(refusal(`demand file for member ${member.id} (members[${i}].scenario)`, file, demand.errors));
        return undefined;
      }
      if (demand.value.member !== member.id) {
        console.error(refusal(`demand file for member ${member.id} (members[${i}].scenario)`, file, [{ path: 'member', value: demand.value.member, message: `It is member ${demand.value.member}'s demand file. Maybe the files of two members are swapped?` }]));
        return undefined;
      }
      scenarios.push(demand.value.scenario);
    } else {
      const scenario = readScenarioFile(file);
      if (!scenario.ok) {
        console.error(refusal(`scenario for member ${member.id} (members[${i}].scenario)`, file, scenario.errors));
        return undefined;
      }
      scenarios.push(scenario.value);
    }
    sources.push(file);
  }
  const issues = resolveConsortium(c, scenarios, sources);
  if (issues.length > 0) {
    console.error(refusal('consortium document', consortiumPath, issues));
    return undefined;
  }
  return scenarios;
}

function percent(n: number, d: number): string {
  return d === 0 ? '100%' : `${((100 * n) / d).toFixed(1)}%`;
}

async function solveCommand(args: string[]): Promise<number> {
  const out = takeOption(args, '--out');
  const time = takeOption(args, '--time');
  const seed = takeOption(args, '--seed');
  const runs = takeOption(args, '--runs');
  if (out === null || time === null || seed === null || runs === null) return wrongUse('An option needs a value after it.');
  if (out === undefined) return wrongUse('Give the folder for the parts with --out DIR.');
  if (args.length !== 1) return wrongUse(`Expected one consortium file, got ${args.length}.`);
  const num = (v: string | undefined, name: string, whole: boolean): number | undefined | null => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0 || (whole && !Number.isInteger(n))) {
      console.error(`${name} is ${v}. Maybe a ${whole ? 'whole ' : ''}number above 0, such as ${name === '--time' ? 30 : 1}?`);
      return null;
    }
    return n;
  };
  const timeSeconds = num(time, '--time', false);
  const seedValue = seed === undefined ? 1 : Number(seed);
  const runCount = num(runs, '--runs', true);
  if (timeSeconds === null || runCount === null) return 2;
  if (!Number.isSafeInteger(seedValue)) return wrongUse(`--seed is ${seed}. Maybe a whole number such as 1?`);
  const consortium = readConsortium(args[0]);
  if (!consortium) return 1;
  const scenarios = loadMembers(consortium, args[0]);
  if (!scenarios) return 1;
  if (!existsSync(out)) mkdirSync(out, { recursive: true });
  const problem = outputProblem(join(out, `${consortium.members[0].id}.part.json`), 'the parts');
  if (problem) {
    console.error(problem);
    return WRITE_FAILED;
  }
  // Pupils a far-apart rule leaves short of a choice whatever the plan, proved from the counts: said before
  // the solve, so the coordinator can change the rule or the columns instead of reading it in the repair.
  const shortfalls = consortium.members.flatMap((m, i) => travelShortfalls(consortium, m.id, scenarios[i]));
  for (const s of shortfalls) console.log(clipMessage(`Before solving: ${s.message}`));
  const { solveConsortium } = await import('../solver/index');
  const outcome = await solveConsortium(consortium, scenarios, { timeSeconds: timeSeconds ?? 30, seed: seedValue, runs: runCount ?? 1 });
  for (const part of outcome.parts) {
    const failed = writeOutput(join(out, `${part.member}.part.json`), JSON.stringify(part, null, 1) + '\n', `member ${part.member}'s part`);
    if (failed) {
      console.error(failed);
      return WRITE_FAILED;
    }
  }
  console.log(`${consortium.name}: ${outcome.fullySatisfied} of ${outcome.students} pupils fully satisfied (${percent(outcome.fullySatisfied, outcome.students)}) in ${outcome.seconds.toFixed(1)} s, seed ${outcome.seed}`);
  if (outcome.aloneFullySatisfied !== null) {
    const gain = outcome.fullySatisfied - outcome.aloneFullySatisfied;
    console.log(`  planning alone (shared courses by hand in their first common column): ${outcome.aloneFullySatisfied}; the joint plan ${gain >= 0 ? `gains ${gain}` : `loses ${-gain}`}`);
  }
  const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));
  for (const part of outcome.parts) {
    const f = part.figures;
    const used = Object.entries(f.placesUsed).map(([c, n]) => `${c} ${n}`).join(', ');
    const alone = f.alone === undefined ? '' : `, alone ${f.alone} (${signed(f.fullySatisfied - f.alone)})`;
    console.log(`  ${f.member}: ${f.fullySatisfied} of ${f.students} (${percent(f.fullySatisfied, f.students)})${alone}, ${f.travelling} travelling${used ? `; places used: ${used}` : ''}`);
  }
  if (outcome.worseOff.length > 0) {
    console.log(`  worse off than planning alone: ${outcome.worseOff.map((id) => { const f = outcome.parts.find((p) => p.member === id)!.figures; return `${id} (${f.fullySatisfied}, alone ${f.alone})`; }).join(', ')}`);
  }
  if (outcome.repair.overPlaces + outcome.repair.buffers + outcome.repair.closedGroups > 0) {
    console.log(`  repaired after the search: ${outcome.repair.overPlaces} seats over a school's places, ${outcome.repair.buffers} in far-apart buffers, ${outcome.repair.closedGroups} groups closed under their minimum`);
  }
  // A column a shared course lists (or every column, by default) that it may not use: say so, or the
  // coordinator who listed it wonders why no group is ever placed there.
  for (const course of consortium.sharedCourses) {
    for (const u of unusableColumns(consortium, course)) {
      console.log(`  ${course.id} is never in ${u.column}: ${u.without.join(' and ')} ${u.without.length === 1 ? 'has' : 'have'} places in it but no block in ${u.column}`);
    }
  }
  console.log(`Parts written to ${out}/MEMBER.part.json`);
  return 0;
}

function checkCommand(args: string[]): number {
  if (args.length < 2) return wrongUse('Give the consortium file and at least one part.');
  const consortium = readConsortium(args[0]);
  if (!consortium) return 1;
  const scenarios = loadMembers(consortium, args[0]);
  if (!scenarios) return 1;
  const parts: ConsortiumPart[] = [];
  for (const file of args.slice(1)) {
    const raw = readJsonFile(file);
    const part = raw.ok ? parsePart(raw.value, consortium) : raw;
    if (!part.ok) {
      console.error(refusal('consortium part', file, part.errors));
      return 1;
    }
    parts.push(part.value);
  }
  const outcome = checkConsortium(consortium, scenarios, parts);
  if (outcome.ok) {
    console.log(`OK: the joint plan keeps every rule (${parts.length} parts, consortium ${consortium.id})`);
    return 0;
  }
  console.log(`FAILED: ${outcome.violations.length} ${outcome.violations.length === 1 ? 'violation' : 'violations'}`);
  for (const v of outcome.violations) console.log(clipMessage(`  - ${v.member ? `[${v.member}] ` : ''}${v.message}`));
  return 1;
}

function demandCommand(args: string[]): number {
  const consortiumPath = takeOption(args, '--consortium');
  const member = takeOption(args, '--member');
  const out = takeOption(args, '--out');
  const keyPath = takeOption(args, '--key');
  if (!consortiumPath || !member || !out || !keyPath) return wrongUse('demand needs --consortium, --member, --out and --key, each with a value.');
  if (args.length !== 1) return wrongUse(`Expected one scenario file, got ${args.length}.`);
  if (resolve(out) === resolve(keyPath)) return wrongUse('The demand file and the key must be two files: the key stays at the school.');
  const scenario = readScenarioFile(args[0]);
  if (!scenario.ok) {
    console.error(refusal('scenario', args[0], scenario.errors));
    return 1;
  }
  const consortium = readConsortium(consortiumPath);
  if (!consortium) return 1;
  let made;
  try {
    made = exportDemand(scenario.value, consortium, member);
  } catch (e) {
    if (e instanceof DemandError) {
      console.error(`${consortiumPath}: ${e.message} Nothing was written.`);
      return 1;
    }
    throw e;
  }
  for (const [path, doc, what] of [[out, made.demand, 'the demand file'], [keyPath, made.key, 'the key']] as const) {
    const failed = writeOutput(path, JSON.stringify(doc, null, 1) + '\n', what);
    if (failed) {
      console.error(failed);
      return WRITE_FAILED;
    }
  }
  console.log(`Demand file for member ${member} of ${consortium.id}: ${made.demand.scenario.students.length} pupils under random ids, written to ${out}. Keep ${keyPath} at the school: it is the only way back to your pupils.`);
  // The school's scenario against what the consortium file asks of it (its blocks in the columns, ...): the
  // coordinator's solve would refuse the same, so say it now, while the school or the coordinator can change it.
  const issues = memberIssues(consortium, member, scenario.value, args[0]);
  if (issues.length > 0) {
    console.error(`Before you send it: ${consortiumPath} asks what ${args[0]} does not have, and the coordinator's solve will refuse it until the scenario or the consortium file changes:`);
    for (const issue of issues) console.error(clipMessage(`  ${issue.path}: ${JSON.stringify(issue.value)} — ${issue.message}`));
  }
  // What a far-apart rule costs this school's pupils whatever the joint plan: said now, as the coordinator's solve will.
  for (const s of travelShortfalls(consortium, member, scenario.value)) console.log(clipMessage(`Before you send it: ${s.message}`));
  return 0;
}

function mergeCommand(args: string[]): number {
  const scenarioPath = takeOption(args, '--scenario');
  const keyPath = takeOption(args, '--key');
  const out = takeOption(args, '--out');
  if (!scenarioPath || !keyPath || !out) return wrongUse('merge needs --scenario, --key and --out, each with a value.');
  if (args.length !== 1) return wrongUse(`Expected one part file, got ${args.length}.`);
  const rawPart = readJsonFile(args[0]);
  const part = rawPart.ok ? parsePart(rawPart.value) : rawPart;
  if (!part.ok) {
    console.error(refusal('consortium part', args[0], part.errors));
    return 1;
  }
  const scenario = readScenarioFile(scenarioPath);
  if (!scenario.ok) {
    console.error(refusal('scenario', scenarioPath, scenario.errors));
    return 1;
  }
  const rawKey = readJsonFile(keyPath);
  const key = rawKey.ok ? parseKey(rawKey.value) : rawKey;
  if (!key.ok) {
    console.error(refusal('consortium key', keyPath, key.errors));
    return 1;
  }
  let merged;
  try {
    merged = mergePart(part.value, scenario.value, key.value);
  } catch (e) {
    if (e instanceof MergeError) {
      console.error(`${args[0]} with ${keyPath}: ${e.message} Nothing was written.`);
      return 1;
    }
    throw e;
  }
  // Checked before anything is written, as the planner takes a merge only when the checker passes it.
  const check = checkResult(merged.scenario, merged.result);
  if (!check.ok) {
    const shown = check.violations.slice(0, 5).map((v) => clipMessage(`  - ${v.message}`));
    console.error(`${args[0]} merged into ${scenarioPath} with ${keyPath} breaks ${check.violations.length} ${check.violations.length === 1 ? 'rule' : 'rules'} of ks4 check${check.violations.length > shown.length ? ` (the first ${shown.length})` : ''}:\n${shown.join('\n')}\nMaybe the scenario is not the one the demand file was exported from? Nothing was written.`);
    return 1;
  }
  if (!existsSync(out)) mkdirSync(out, { recursive: true });
  for (const [name, doc] of [['scenario.json', merged.scenario], ['result.json', merged.result]] as const) {
    const failed = writeOutput(join(out, name), JSON.stringify(doc, null, 1) + '\n', name);
    if (failed) {
      console.error(failed);
      return WRITE_FAILED;
    }
  }
  const s = merged.result.summary;
  console.log(`Merged member ${part.value.member}'s part: ${s.fullySatisfied} of ${s.students} pupils fully satisfied; ${out}/scenario.json and ${out}/result.json keep every rule (ks4 check).`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv.filter((a) => a !== '--');
  if (sub === undefined || sub === '--help' || sub === '-h' || rest.includes('--help')) {
    (sub === undefined ? console.error : console.log)(USAGE);
    return sub === undefined ? 2 : 0;
  }
  switch (sub) {
    case 'solve':
      return solveCommand(rest);
    case 'check':
      return checkCommand(rest);
    case 'demand':
      return demandCommand(rest);
    case 'merge':
      return mergeCommand(rest);
    default:
      return wrongUse(`Unknown consortium command ${sub}.`);
  }
}
