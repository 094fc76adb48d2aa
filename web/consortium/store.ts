/**
 * The consortium workspace's state and actions: the consortium open in the planner, the last joint plan (its
 * parts), a running solve's progress, and one message line. The consortium lives in memory only; "Save the
 * consortium file" downloads it (the document is the exchange format: it goes round the schools as a file), so
 * a reload starts the workspace empty and the coordinator opens the saved file again.
 *
 * The store is zustand's vanilla store like the planner's; the joint solve goes through a ConsortiumPort (the
 * Web Worker in the browser, the in-process API of worker-api.ts in the tests).
 */
import * as Comlink from 'comlink';
import { createStore } from 'zustand/vanilla';
import { checkConsortium, type ConsortiumCheck } from '../../data/consortium-check';
import { exportDemand, mergePart } from '../../data/consortium-demand';
import { parseKey, parsePart } from '../../data/consortium';
import { checkResult } from '../../data/checker';
import type { Consortium, ConsortiumOutcome, ConsortiumPart, Scenario, SolveProgress } from '../../solver';
import type { ConsortiumSolverApi, ConsortiumWorkerOptions } from './worker-api';
import { addMemberFromDemand, addSharedCourse, addSite, consortiumFromScenario, consortiumText, issueLine, memberScenarios, openConsortiumText, setColumnBlock, setCourseNumber, setPlaces, slug, type Outcome } from './logic';

export type ConsortiumPort = Pick<ConsortiumSolverApi, 'solve' | 'alone' | 'cancel'>;

export interface ConsortiumMessage {
  kind: 'info' | 'success' | 'error';
  text: string;
  details?: string[];
}

export interface ConsortiumState {
  consortium: Consortium | null;
  /** The last joint plan, for the consortium as it was solved (cleared by any edit). */
  outcome: ConsortiumOutcome | null;
  /** Member id -> its pupils fully satisfied planning alone (the fairness comparison), when worked out. */
  alone: Record<string, number>;
  /** The consortium check of the last joint plan. */
  check: ConsortiumCheck | null;
  solving: boolean;
  progress: SolveProgress | null;
  timeSeconds: number;
  message: ConsortiumMessage | null;
}

export const consortiumStore = createStore<ConsortiumState>()(() => ({
  consortium: null,
  outcome: null,
  alone: {},
  check: null,
  solving: false,
  progress: null,
  timeSeconds: 30,
  message: null,
}));

const get = () => consortiumStore.getState();
const set = (p: Partial<ConsortiumState>) => consortiumStore.setState(p);

function say(kind: ConsortiumMessage['kind'], text: string, details?: string[]): void {
  set({ message: { kind, text, ...(details ? { details } : {}) } });
}

/** Takes an outcome of an edit or an open: a refusal keeps everything as it was and says why. */
function take(outcome: Outcome<Consortium>, done: string, refused: string): boolean {
  if (!outcome.ok) {
    say('error', refused, outcome.lines);
    return false;
  }
  set({ consortium: outcome.value, outcome: null, alone: {}, check: null });
  say('success', done);
  return true;
}

export function openConsortium(text: string, fileName: string): boolean {
  const outcome = openConsortiumText(text, fileName);
  return take(outcome, outcome.ok ? `Opened "${outcome.value.name}" from ${fileName}: ${outcome.value.members.length} schools.` : '', `${fileName} was not opened; nothing changed.`);
}

/**
 * A new consortium with the open scenario as its first school, held (like every member) as its pseudonymous
 * demand scenario: the consortium file goes round the schools, so the coordinator's own pupils are not named in
 * it either. Returns the school's KEY to download and keep, for merging its result later.
 */
export function startFromScenario(scenario: Scenario): DownloadFile | null {
  const withOwn = consortiumFromScenario(scenario);
  const member = withOwn.members[0].id;
  try {
    const { demand, key } = exportDemand(scenario, withOwn, member);
    set({ consortium: { ...withOwn, members: [{ ...withOwn.members[0], scenario: demand.scenario }] }, outcome: null, alone: {}, check: null });
    say('success', `Started a consortium with "${scenario.name}" as its first school, under random pupil ids. Keep ${member}.KEY.json at school: it brings your result back to your own pupils. Add the other schools from their demand files.`);
    return { fileName: `${member}.KEY.json`, text: `${JSON.stringify(key, null, 2)}\n` };
  } catch (e) {
    say('error', `A consortium could not be started from "${scenario.name}": ${(e as Error).message}`);
    return null;
  }
}

export function closeConsortium(): void {
  set({ consortium: null, outcome: null, alone: {}, check: null, progress: null, message: null });
}

export function addDemandFile(text: string, fileName: string): boolean {
  const c = get().consortium;
  if (!c) return false;
  const outcome = addMemberFromDemand(c, text, fileName);
  return take(outcome, `Added the school of ${fileName}. Line its blocks up under the common columns.`, `${fileName} was not added; nothing changed.`);
}

export function renameMember(memberId: string, name: string): void {
  const c = get().consortium;
  if (!c || name.trim() === '') return;
  set({ consortium: { ...c, members: c.members.map((m) => (m.id === memberId ? { ...m, name: name.trim() } : m)) } });
}

export function lineUp(columnIndex: number, memberId: string, block: string): boolean {
  const c = get().consortium;
  if (!c) return false;
  return take(setColumnBlock(c, columnIndex, memberId, block), `Column ${c.columns[columnIndex].id}: ${memberId} ${block === '' ? 'has no block' : `block ${block}`}.`, 'That change was not made.');
}

export function changePlaces(courseIndex: number, memberId: string, value: string): boolean {
  const c = get().consortium;
  if (!c) return false;
  return take(setPlaces(c, courseIndex, memberId, value), `${c.sharedCourses[courseIndex]?.name}: ${memberId} may use ${value} places.`, 'The places were not changed.');
}

export function changeCourseNumber(courseIndex: number, field: 'maxGroupSize' | 'maxGroups', value: string): boolean {
  const c = get().consortium;
  if (!c) return false;
  return take(setCourseNumber(c, courseIndex, field, value), `${c.sharedCourses[courseIndex]?.name}: ${field === 'maxGroupSize' ? 'group size' : 'groups'} ${value}.`, 'The shared course was not changed.');
}

export function newSharedCourse(course: Parameters<typeof addSharedCourse>[1]): boolean {
  const c = get().consortium;
  if (!c) return false;
  return take(addSharedCourse(c, course), `Added shared course ${course.name || course.id}, hosted by ${course.host}. Give each school its places.`, 'The shared course was not added.');
}

export function newSite(id: string, name: string): boolean {
  const c = get().consortium;
  if (!c) return false;
  return take(addSite(c, id, name), `Added site ${name || id}.`, 'The site was not added.');
}

export function setConsortiumTime(seconds: number): void {
  if (Number.isFinite(seconds) && seconds > 0 && seconds <= 3600) set({ timeSeconds: seconds });
}

export interface DownloadFile {
  fileName: string;
  text: string;
}

export function saveConsortiumFile(): DownloadFile | null {
  const c = get().consortium;
  return c ? { fileName: `${slug(c.id)}.consortium.json`, text: consortiumText(c) } : null;
}

/**
 * The school's demand file and key from its current scenario, for member `memberId` of the open consortium:
 * two files, the demand file to send and the key to keep at school.
 */
export function exportMyDemand(scenario: Scenario, memberId: string): { demand: DownloadFile; key: DownloadFile } | null {
  const c = get().consortium;
  if (!c) {
    say('error', 'Open the consortium file first: the demand file names the consortium it is for.');
    return null;
  }
  // A school not yet in the consortium file exports under the id the coordinator will list it by: the demand
  // file then adds it as a new member (addDemandFile).
  const known = c.members.some((m) => m.id === memberId);
  const forExport = known ? c : { ...c, members: [...c.members, { id: memberId, name: scenario.name, scenario }] };
  if (!/^[A-Za-z0-9_-]+$/.test(memberId)) {
    say('error', `School id ${JSON.stringify(memberId)}: use letters, digits, - or _ only. Maybe ${JSON.stringify(slug(memberId))}?`);
    return null;
  }
  try {
    const { demand, key } = exportDemand(scenario, forExport, memberId);
    say('success', `Exported the demand file of ${memberId}. Send ${memberId}.demand.json to the coordinator. Keep ${memberId}.KEY.json at school: it turns the random ids back into your pupils and must never be sent.`);
    return {
      demand: { fileName: `${memberId}.demand.json`, text: `${JSON.stringify(demand, null, 2)}\n` },
      key: { fileName: `${memberId}.KEY.json`, text: `${JSON.stringify(key, null, 2)}\n` },
    };
  } catch (e) {
    say('error', `The demand file could not be made: ${(e as Error).message}`);
    return null;
  }
}

/** Set by a stop while solving: a stop during the planning-alone step skips the joint solve. */
let stopRequested = false;

/** Of the time limit, the share the joint solve gets when each school's own plan is worked out too. */
const ALONE_SHARE = 0.25;

/**
 * Runs the joint solve; the plan is checked by checkConsortium before it is shown. With `compareAlone`, a
 * quarter of the time limit first plans each school alone around the shared courses placed by hand in their
 * first common column (logic.ts handPlacedConsortium), so the dashboard says which school the joint plan leaves
 * worse off than planning alone would.
 */
export async function solveTogether(port: ConsortiumPort, options: Partial<ConsortiumWorkerOptions> & { compareAlone?: boolean } = {}): Promise<ConsortiumOutcome | null> {
  const c = get().consortium;
  if (!c || get().solving) return null;
  const scenarios = memberScenarios(c);
  const { compareAlone = false, ...workerOptions } = options;
  set({ solving: true, progress: null, outcome: null, alone: {}, check: null });
  stopRequested = false;
  const total = get().timeSeconds;
  const jointSeconds = compareAlone ? total * (1 - ALONE_SHARE) : total;
  say('info', `Solving ${c.members.length} schools together (up to ${get().timeSeconds} s)…`);
  try {
    const progress = (p: SolveProgress) => set({ progress: p });
    let alone: Record<string, number> = {};
    if (compareAlone) {
      say('info', `Planning each of the ${c.members.length} schools alone first (shared courses by hand in their first column), for the comparison…`);
      alone = await port.alone(c, scenarios, total * ALONE_SHARE, workerOptions.seed);
      if (stopRequested) {
        set({ solving: false });
        say('info', 'Stopped before the joint solve: nothing was planned. Solve together again when ready.');
        return null;
      }
      say('info', `Solving ${c.members.length} schools together…`);
    }
    const outcome = await port.solve(c, scenarios, { timeSeconds: jointSeconds, ...workerOptions }, isBrowserWorker(port) ? Comlink.proxy(progress) : progress);
    // The consortium may have changed while solving only by a new open, which the screen prevents during a solve.
    const check = checkConsortium(c, scenarios, outcome.parts);
    set({ outcome, alone, check, solving: false });
    if (check.ok) say('success', `Solved together: ${outcome.fullySatisfied} of ${outcome.students} pupils fully satisfied in ${outcome.seconds.toFixed(1)} s. The consortium check passes.`);
    else say('error', `The joint plan breaks ${check.violations.length} consortium rules.`, check.violations.map((v) => `${v.member ?? 'consortium'}: ${v.message}`));
    return outcome;
  } catch (e) {
    set({ solving: false });
    say('error', `The joint solve stopped: ${(e as Error).message}`);
    return null;
  }
}

export function cancelSolveTogether(port: ConsortiumPort): void {
  if (!get().solving) return;
  stopRequested = true;
  port.cancel();
}

/** One file per school: each school's part of the joint plan. */
export function partFiles(): DownloadFile[] {
  const o = get().outcome;
  return o ? o.parts.map((p) => ({ fileName: `${p.member}.part.json`, text: `${JSON.stringify(p, null, 2)}\n` })) : [];
}

/**
 * A school's part and its key, merged into its own scenario (mergePart), checked by the independent checker
 * before it is taken: the member view of the school's scenario and its result in the school's own ids.
 */
export function mergeMyPart(partText: string, partName: string, keyText: string, keyName: string, own: Scenario): Outcome<{ scenario: Scenario; result: ConsortiumPart['result'] }> {
  const read = (text: string, name: string): unknown => {
    try {
      return JSON.parse(text);
    } catch (e) {
      return new Error(`${name} is not a JSON file (${(e as Error).message}).`);
    }
  };
  const partInput = read(partText, partName);
  const keyInput = read(keyText, keyName);
  const fail = (lines: string[]) => {
    say('error', 'Your result was not merged; nothing changed.', lines);
    return { ok: false as const, lines };
  };
  if (partInput instanceof Error) return fail([partInput.message]);
  if (keyInput instanceof Error) return fail([keyInput.message]);
  const part = parsePart(partInput, get().consortium ?? undefined);
  if (!part.ok) return fail(part.errors.map((e) => issueLine(partName, e)));
  const key = parseKey(keyInput);
  if (!key.ok) return fail(key.errors.map((e) => issueLine(keyName, e)));
  let merged: { scenario: Scenario; result: ConsortiumPart['result'] };
  try {
    merged = mergePart(part.value, own, key.value);
  } catch (e) {
    return fail([`${partName} with ${keyName}: ${(e as Error).message}`]);
  }
  const checked = checkResult(merged.scenario, merged.result);
  if (!checked.ok) return fail(checked.violations.map((v) => `${partName}: rule ${v.rule}: ${v.message}`));
  say('success', `Merged ${partName} into "${own.name}" with your key; the checker passes it.`);
  return { ok: true, value: merged };
}

/** comlink's proxy is needed only for a remote worker; the in-process API takes the plain callback. */
function isBrowserWorker(port: ConsortiumPort): boolean {
  return typeof (port as { [Comlink.createEndpoint]?: unknown })[Comlink.createEndpoint] === 'function';
}

/** The browser's port: the joint-solve Web Worker, started on first use. */
let remote: Comlink.Remote<ConsortiumSolverApi> | null = null;
export function browserConsortiumPort(): ConsortiumPort {
  if (!remote) remote = Comlink.wrap<ConsortiumSolverApi>(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'ks4-consortium' }));
  return remote;
}
