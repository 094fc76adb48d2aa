/**
 * The consortium workspace's state and actions: the consortium open in the planner, the last joint plan (its
 * parts), a running solve's progress, the undo and redo steps of its edits, and one message line.
 *
 * The consortium and its last joint plan are kept in IndexedDB (persist.ts, restoreConsortium below), so a
 * reload finds them again; a stored consortium that no longer passes the parser is kept aside and reported,
 * never dropped. "Save the consortium file" still downloads the document: it is the exchange format that goes
 * round the schools. Undo and redo live in the page's memory only (a reload keeps the work, not its steps).
 *
 * The store is zustand's vanilla store like the planner's; the joint solve goes through a ConsortiumPort (the
 * Web Worker in the browser, the in-process API of worker-api.ts in the tests).
 */
import * as Comlink from 'comlink';
import { createStore } from 'zustand/vanilla';
import { checkConsortium, type ConsortiumCheck } from '../../data/consortium-check';
import { exportDemand, mergePart } from '../../data/consortium-demand';
import { mergedPlanName, parseKey, parsePart } from '../../data/consortium';
import { checkResult } from '../../data/checker';
import type { Consortium, ConsortiumOutcome, ConsortiumPart, Scenario, SolveProgress } from '../../solver';
import type { ConsortiumSolverApi, ConsortiumWorkerOptions } from './worker-api';
import type { AsideEntry, ConsortiumPersistence, StoredWorkspace } from './persist';
import {
  addFarApart,
  addMemberFromDemand,
  addSharedCourse,
  addSite,
  consortiumFromScenario,
  consortiumText,
  issueLine,
  memberScenarios,
  openConsortiumText,
  readJsonText,
  removeFarApart,
  removeMember,
  removeSharedCourse,
  renameColumn,
  setColumnBlock,
  setCourseColumn,
  setCourseHost,
  setCourseNumber,
  setFarApart,
  setMaxAwayCourses,
  setPlaces,
  slug,
  validateConsortium,
  type Outcome,
} from './logic';

export type ConsortiumPort = Pick<ConsortiumSolverApi, 'solve' | 'cancel'>;

export interface ConsortiumMessage {
  kind: 'info' | 'success' | 'error';
  text: string;
  details?: string[];
}

/** What undo and redo swap back in: the workspace at one moment, and the edit that left it. */
export interface ConsortiumSnapshot {
  consortium: Consortium | null;
  outcome: ConsortiumOutcome | null;
  alone: Record<string, number>;
  check: ConsortiumCheck | null;
  label: string;
}

/** Undo steps kept (each shares the unchanged member scenarios with its neighbours, so a step costs little). */
export const CONSORTIUM_HISTORY_LIMIT = 50;

export interface ConsortiumState {
  consortium: Consortium | null;
  /** The last joint plan, for the consortium as it was solved (cleared by any edit). */
  outcome: ConsortiumOutcome | null;
  /** Member id -> its pupils fully satisfied planning alone (the joint solve's outcome.alone), when worked out. */
  alone: Record<string, number>;
  /** The consortium check of the last joint plan. */
  check: ConsortiumCheck | null;
  solving: boolean;
  progress: SolveProgress | null;
  timeSeconds: number;
  message: ConsortiumMessage | null;
  past: ConsortiumSnapshot[];
  future: ConsortiumSnapshot[];
  /** True until the stored workspace has been read (the screen shows neither "open" nor a consortium yet). */
  restoring: boolean;
  /** Whether the workspace is written to this browser: 'saving', 'saved', 'failed' (with why), 'off' (no IndexedDB). */
  kept: { state: 'saving' | 'saved' | 'failed' | 'off'; why?: string } | null;
  /** Stored workspaces that no longer opened, kept aside (persist.ts). */
  aside: AsideEntry[];
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
  past: [],
  future: [],
  restoring: false,
  kept: null,
  aside: [],
}));

const get = () => consortiumStore.getState();
const set = (p: Partial<ConsortiumState>) => consortiumStore.setState(p);

function say(kind: ConsortiumMessage['kind'], text: string, details?: string[]): void {
  set({ message: { kind, text, ...(details ? { details } : {}) } });
}

// ---- Undo and redo ------------------------------------------------------------------------------------------

function snapshot(label: string): ConsortiumSnapshot {
  const s = get();
  return { consortium: s.consortium, outcome: s.outcome, alone: s.alone, check: s.check, label };
}

/** Records the workspace as it is before an edit named `label`; a new edit ends any redo. */
function pushHistory(label: string): void {
  set({ past: [...get().past, snapshot(label)].slice(-CONSORTIUM_HISTORY_LIMIT), future: [] });
}

function restoreSnapshot(snap: ConsortiumSnapshot): void {
  set({ consortium: snap.consortium, outcome: snap.outcome, alone: snap.alone, check: snap.check });
}

/** Takes the last edit back (the plan solved before it comes back with it). Not while solving. */
export function undoConsortium(): boolean {
  const { past, future, solving } = get();
  const prev = past[past.length - 1];
  if (!prev || solving) return false;
  set({ past: past.slice(0, -1), future: [...future, snapshot(prev.label)] });
  restoreSnapshot(prev);
  say('info', `Undone: ${prev.label}.`);
  return true;
}

export function redoConsortium(): boolean {
  const { past, future, solving } = get();
  const next = future[future.length - 1];
  if (!next || solving) return false;
  set({ future: future.slice(0, -1), past: [...past, snapshot(next.label)] });
  restoreSnapshot(next);
  say('info', `Redone: ${next.label}.`);
  return true;
}

/**
 * Takes an outcome of an edit or an open as one undo step named `label`: a refusal keeps everything as it was
 * and says why (its first line in the user's terms, then the checker's lines).
 */
function take(outcome: Outcome<Consortium>, done: string, refused: string, label: string): boolean {
  if (!outcome.ok) {
    say('error', refused, outcome.lines);
    return false;
  }
  pushHistory(label);
  set({ consortium: outcome.value, outcome: null, alone: {}, check: null });
  say('success', done);
  return true;
}

export function openConsortium(text: string, fileName: string): boolean {
  const outcome = openConsortiumText(text, fileName);
  return take(outcome, outcome.ok ? `Opened "${outcome.value.name}" from ${fileName}: ${outcome.value.members.length} schools.` : '', `${fileName} was not opened; nothing changed.`, `open ${fileName}`);
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
    pushHistory(`start a consortium from "${scenario.name}"`);
    set({ consortium: { ...withOwn, members: [{ ...withOwn.members[0], scenario: demand.scenario }] }, outcome: null, alone: {}, check: null });
    say('success', `Started a consortium with "${scenario.name}" as its first school, under random pupil ids. Keep ${member}.KEY.json at school: it brings your result back to your own pupils. Add the other schools from their demand files.`);
    return { fileName: `${member}.KEY.json`, text: `${JSON.stringify(key, null, 2)}\n` };
  } catch (e) {
    say('error', `A consortium could not be started from "${scenario.name}": ${(e as Error).message}`);
    return null;
  }
}

/** Closes the consortium (an undo step: Undo opens it again); the browser then keeps no consortium. */
export function closeConsortium(): void {
  if (get().consortium) pushHistory(`close "${get().consortium!.name}"`);
  set({ consortium: null, outcome: null, alone: {}, check: null, progress: null, message: null });
}

export function addDemandFile(text: string, fileName: string): boolean {
  const c = get().consortium;
  if (!c) return false;
  const outcome = addMemberFromDemand(c, text, fileName);
  // A school already listed sends a new demand file: its line-up, places and rules stay, so say it was replaced.
  const replaced = outcome.ok ? c.members.find((m) => outcome.value.members.some((n) => n.id === m.id && n.scenario !== m.scenario)) : undefined;
  const pupils = (m: { scenario: unknown } | undefined): number => (m?.scenario as Scenario | undefined)?.students.length ?? 0;
  const done = replaced && outcome.ok
    ? `Replaced the demand of ${replaced.name} (${pupils(replaced)} pupils) with ${fileName} (${pupils(outcome.value.members.find((m) => m.id === replaced.id))} pupils); its line-up in the columns, its places and the travel rules stay.`
    : `Added the school of ${fileName}. Line its blocks up under the common columns.`;
  return take(outcome, done, `${fileName} was not added; nothing changed.`, `${replaced ? 'replace' : 'add'} the school of ${fileName}`);
}

export function renameMember(memberId: string, name: string): void {
  const c = get().consortium;
  if (!c || name.trim() === '' || c.members.find((m) => m.id === memberId)?.name === name.trim()) return;
  pushHistory(`rename school ${memberId}`);
  set({ consortium: { ...c, members: c.members.map((m) => (m.id === memberId ? { ...m, name: name.trim() } : m)) } });
}

export function lineUp(columnIndex: number, memberId: string, block: string): boolean {
  const c = get().consortium;
  if (!c) return false;
  return take(setColumnBlock(c, columnIndex, memberId, block), `Column ${c.columns[columnIndex].id}: ${memberId} ${block === '' ? 'has no block' : `block ${block}`}.`, 'That change was not made.', `line up ${memberId} in column ${c.columns[columnIndex]?.id}`);
}

export function changePlaces(courseIndex: number, memberId: string, value: string): boolean {
  const c = get().consortium;
  if (!c) return false;
  return take(setPlaces(c, courseIndex, memberId, value), `${c.sharedCourses[courseIndex]?.name}: ${memberId} may use ${value} places.`, 'The places were not changed.', `places of ${memberId} in ${c.sharedCourses[courseIndex]?.name}`);
}

export function changeCourseNumber(courseIndex: number, field: 'maxGroupSize' | 'maxGroups', value: string): boolean {
  const c = get().consortium;
  if (!c) return false;
  return take(setCourseNumber(c, courseIndex, field, value), `${c.sharedCourses[courseIndex]?.name}: ${field === 'maxGroupSize' ? 'group size' : 'groups'} ${value}.`, 'The shared course was not changed.', `${field === 'maxGroupSize' ? 'group size' : 'groups'} of ${c.sharedCourses[courseIndex]?.name}`);
}

export function newSharedCourse(course: Parameters<typeof addSharedCourse>[1]): boolean {
  const c = get().consortium;
  if (!c) return false;
  return take(addSharedCourse(c, course), `Added shared course ${course.name || course.id}, hosted by ${course.host}. Give each school its places.`, 'The shared course was not added.', `add shared course ${course.name || course.id}`);
}

export function newSite(id: string, name: string): boolean {
  const c = get().consortium;
  if (!c) return false;
  return take(addSite(c, id, name), `Added site ${name || id}.`, 'The site was not added.', `add site ${name || id}`);
}

export function changeMaxAwayCourses(value: string): boolean {
  const c = get().consortium;
  if (!c) return false;
  const limit = value.trim() === '' ? 'no limit on courses away from home' : `at most ${value.trim()} course${value.trim() === '1' ? '' : 's'} away from home a pupil`;
  return take(setMaxAwayCourses(c, value), `Travel rule: ${limit}.`, 'The travel rule was not changed; nothing changed.', 'the most away courses a pupil');
}

export function newFarApart(a: string, b: string, freeBefore: string, freeAfter: string): boolean {
  const c = get().consortium;
  if (!c) return false;
  return take(addFarApart(c, a, b, freeBefore, freeAfter), `Travel rule: ${a} and ${b} are far apart.`, 'The far-apart rule was not added; nothing changed.', `far apart ${a} and ${b}`);
}

export function changeFarApart(index: number, field: 'freeBefore' | 'freeAfter', value: string): boolean {
  const c = get().consortium;
  if (!c) return false;
  const rule = c.travel?.farApart?.[index];
  const pair = rule ? `${rule.between[0]} and ${rule.between[1]}` : `rule ${index + 1}`;
  return take(setFarApart(c, index, field, value), `Travel rule: ${pair} keep ${value.trim() || 0} column(s) free ${field === 'freeBefore' ? 'before' : 'after'}.`, 'The far-apart rule was not changed; nothing changed.', `free columns of ${pair}`);
}

export function dropFarApart(index: number): boolean {
  const c = get().consortium;
  if (!c) return false;
  const rule = c.travel?.farApart?.[index];
  const pair = rule ? `${rule.between[0]} and ${rule.between[1]}` : `rule ${index + 1}`;
  return take(removeFarApart(c, index), `Travel rule removed: ${pair} are no longer far apart.`, 'The far-apart rule was not removed.', `remove far apart ${pair}`);
}

/** Removes a school (the screen asks first, naming what goes: logic.ts memberRemovalText). */
export function dropMember(memberId: string): boolean {
  const c = get().consortium;
  if (!c) return false;
  const name = c.members.find((m) => m.id === memberId)?.name ?? memberId;
  return take(removeMember(c, memberId), `Removed ${name} from the consortium, with its places and its line-up. Undo brings it back.`, `${name} was not removed; nothing changed.`, `remove ${name}`);
}

export function changeCourseColumn(courseIndex: number, columnId: string, allowed: boolean): boolean {
  const c = get().consortium;
  if (!c) return false;
  const name = c.sharedCourses[courseIndex]?.name ?? 'The shared course';
  return take(setCourseColumn(c, courseIndex, columnId, allowed), `${name} ${allowed ? 'may now sit' : 'no longer sits'} in column ${columnId}.`, `${name} was not changed; nothing changed.`, `${name} ${allowed ? 'in' : 'out of'} column ${columnId}`);
}

export function changeCourseHost(courseIndex: number, host: string): boolean {
  const c = get().consortium;
  if (!c) return false;
  const course = c.sharedCourses[courseIndex];
  const where = c.members.find((m) => m.id === host)?.name ?? c.sites?.find((x) => x.id === host)?.name ?? host;
  return take(setCourseHost(c, courseIndex, host), `${course?.name ?? 'The shared course'} is now taught at ${where}.`, `${course?.name ?? 'The shared course'} was not moved; nothing changed.`, `move ${course?.name ?? 'a shared course'} to ${where}`);
}

export function dropSharedCourse(courseIndex: number): boolean {
  const c = get().consortium;
  if (!c) return false;
  const name = c.sharedCourses[courseIndex]?.name ?? `course ${courseIndex + 1}`;
  return take(removeSharedCourse(c, courseIndex), `Removed shared course ${name} and its places. Each school's own course of that id stays its own.`, `${name} was not removed; nothing changed.`, `remove shared course ${name}`);
}

export function changeColumnName(columnIndex: number, name: string): boolean {
  const c = get().consortium;
  if (!c) return false;
  const old = c.columns[columnIndex]?.id;
  if (old === name.trim()) return true;
  return take(renameColumn(c, columnIndex, name), `Column ${old} is now ${name.trim()}.`, `Column ${old} was not renamed; nothing changed.`, `rename column ${old}`);
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

/**
 * Runs the joint solve; the plan is checked by checkConsortium before it is shown. The joint solve plans each
 * school alone around the shared courses placed by hand in their first common column as its baseline
 * (solver/consortium/solve.ts: the plan by hand is a candidate, so the joint plan is never worse in all), and its
 * outcome carries each school's figure alone: the dashboard says which school the joint plan leaves worse off.
 * An edit made while solving wins: the plan, solved for the consortium as it was, is then not taken.
 */
export async function solveTogether(port: ConsortiumPort, options: Partial<ConsortiumWorkerOptions> = {}): Promise<ConsortiumOutcome | null> {
  const c = get().consortium;
  if (!c || get().solving) return null;
  const scenarios = memberScenarios(c);
  set({ solving: true, progress: null, outcome: null, alone: {}, check: null });
  say('info', `Solving ${c.members.length} schools together (up to ${get().timeSeconds} s)…`);
  try {
    const progress = (p: SolveProgress) => set({ progress: p });
    const outcome = await port.solve(c, scenarios, { timeSeconds: get().timeSeconds, ...options }, isBrowserWorker(port) ? Comlink.proxy(progress) : progress);
    if (get().consortium !== c) {
      set({ solving: false });
      say('info', 'The consortium was changed while solving, so the plan (for the consortium as it was) was not taken. Solve together again.');
      return null;
    }
    const check = checkConsortium(c, scenarios, outcome.parts);
    set({ outcome, alone: outcome.alone ?? {}, check, solving: false });
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
    const json = readJsonText(text, name);
    return json.ok ? json.value : new Error(json.lines.join(' '));
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
  // The plan becomes a scenario of its own, named after the school and the consortium (not the open scenario's
  // name with a suffix): every later message, export and merge text then says whose plan it is.
  const name = mergedPlanName(get().consortium, part.value.member, part.value.consortium);
  say('success', `Merged ${partName} with your key into "${name}", from "${own.name}"; the checker passes it.`);
  return { ok: true, value: { scenario: { ...merged.scenario, name }, result: { ...merged.result, scenario: name } } };
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

// ---- Kept in this browser (persist.ts) ---------------------------------------------------------------------

const STORED_NAME = 'The consortium kept in this browser';

function storedWorkspace(): StoredWorkspace | null {
  const s = get();
  return s.consortium ? { consortium: s.consortium, outcome: s.outcome, alone: s.alone, savedAt: new Date().toISOString() } : null;
}

/**
 * Checks a stored workspace as the file parser would: the consortium through validateConsortium, its plan's
 * parts through parsePart and the consortium check. Returns what can be taken and what must be kept aside.
 */
function checkStored(w: StoredWorkspace): { consortium: Consortium | null; outcome: ConsortiumOutcome | null; check: ConsortiumCheck | null; reasons: string[] } {
  const opened = validateConsortium(w.consortium, STORED_NAME);
  if (!opened.ok) return { consortium: null, outcome: null, check: null, reasons: opened.lines };
  const c = opened.value;
  if (!w.outcome) return { consortium: c, outcome: null, check: null, reasons: [] };
  const reasons: string[] = [];
  w.outcome.parts.forEach((p, i) => {
    const parsed = parsePart(p, c);
    if (!parsed.ok) reasons.push(...parsed.errors.map((e) => issueLine(`The kept joint plan's part ${i + 1}`, e)));
  });
  if (reasons.length > 0) return { consortium: c, outcome: null, check: null, reasons };
  const check = checkConsortium(c, memberScenarios(c), w.outcome.parts);
  if (!check.ok) return { consortium: c, outcome: null, check: null, reasons: check.violations.map((v) => `The kept joint plan, ${v.member ?? 'consortium'}: ${v.message}`) };
  return { consortium: c, outcome: w.outcome, check, reasons: [] };
}

/** The persistence the workspace writes to, and the end of its subscription (for the tests' resets). */
let keeping: { persistence: ConsortiumPersistence; stop: () => void } | null = null;

/**
 * Reads the workspace kept in this browser and from then on keeps every change of the consortium and its plan
 * there (one write a change, in order). A stored consortium that no longer opens is kept aside with its
 * reasons, reported, and the workspace starts empty; a plan that no longer passes is kept aside and the
 * consortium opens without it. Called once by the screen; a second call with the same persistence does nothing.
 */
export async function restoreConsortium(persistence: ConsortiumPersistence): Promise<void> {
  if (keeping?.persistence === persistence) return;
  keeping?.stop();
  keeping = null;
  set({ restoring: true });
  let loaded: Awaited<ReturnType<ConsortiumPersistence['load']>>;
  try {
    loaded = await persistence.load();
  } catch (e) {
    set({ restoring: false, kept: { state: 'off', why: (e as Error).message } });
    return;
  }
  const aside = [...loaded.aside].sort((a, b) => (a.keptAt < b.keptAt ? -1 : 1));
  const w = loaded.workspace;
  // Something opened while reading (a file dropped at once) wins over what was stored.
  if (w && !get().consortium) {
    const taken = checkStored(w);
    if (taken.reasons.length > 0) {
      const keptAt = new Date().toISOString();
      const entry: AsideEntry = { id: `aside-${keptAt}`, keptAt, reasons: taken.reasons, workspace: w };
      try {
        await persistence.putAside(entry);
        aside.push(entry);
        // Kept aside, so no longer the current workspace (else every load would keep it aside again).
        if (!taken.consortium) await persistence.save(null);
      } catch (e) {
        taken.reasons.push(`It could not be kept aside either (${(e as Error).message}); it stays where it was.`);
      }
    }
    if (taken.consortium) set({ consortium: taken.consortium, outcome: taken.outcome, alone: taken.outcome ? w.alone : {}, check: taken.check });
    if (!taken.consortium) {
      say('error', `${STORED_NAME} no longer opens (perhaps saved by an older version of the planner). It is kept aside, not deleted: download it below to fix or send it.`, taken.reasons);
    } else if (taken.reasons.length > 0) {
      say('error', `Opened "${taken.consortium.name}" as kept in this browser, but its last joint plan no longer passes the checks and is kept aside. Solve together again.`, taken.reasons);
    } else {
      say('info', `Opened "${taken.consortium.name}" as kept in this browser${taken.outcome ? ', with its last joint plan' : ''}.`);
    }
  }
  set({ restoring: false, aside, kept: { state: 'saved' } });

  let last = { consortium: get().consortium, outcome: get().outcome, alone: get().alone };
  let writing: Promise<void> = Promise.resolve();
  const stop = consortiumStore.subscribe((s) => {
    if (s.consortium === last.consortium && s.outcome === last.outcome && s.alone === last.alone) return;
    last = { consortium: s.consortium, outcome: s.outcome, alone: s.alone };
    const value = storedWorkspace();
    set({ kept: { state: 'saving' } });
    writing = writing
      .then(() => persistence.save(value))
      .then(
        () => {
          if (get().kept?.state === 'saving' && last.consortium === s.consortium && last.outcome === s.outcome) set({ kept: { state: 'saved' } });
        },
        (e: Error) => set({ kept: { state: 'failed', why: e.message } }),
      );
  });
  keeping = { persistence, stop };
}

/** Waits for the writes started so far (tests; the Chromium test waits for "Kept in this browser"). */
export async function consortiumWritesDone(): Promise<void> {
  for (let i = 0; i < 100 && get().kept?.state === 'saving'; i++) await new Promise((r) => setTimeout(r, 5));
}

/** Forgets a kept-aside workspace, when the user asks (the screen confirms first). */
export async function forgetAside(id: string): Promise<void> {
  if (!keeping) return;
  try {
    await keeping.persistence.deleteAside(id);
    set({ aside: get().aside.filter((e) => e.id !== id) });
  } catch (e) {
    say('error', `The kept-aside consortium could not be forgotten: ${(e as Error).message}`);
  }
}

/** A workspace kept aside, as a file to download: the consortium document as it was stored. */
export function asideFile(entry: AsideEntry): DownloadFile {
  return { fileName: `kept-aside-${entry.keptAt.replace(/[:.]/g, '-')}.consortium.json`, text: `${JSON.stringify(entry.workspace.consortium, null, 2)}\n` };
}
