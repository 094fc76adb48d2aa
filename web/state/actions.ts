/**
 * Every change to the planner, as module-level functions over the one store (zustand's "actions outside
 * the store" pattern). Components call these and never set state themselves.
 *
 * Undo and redo keep Snapshots per record: the scenario and result objects are never mutated (every edit
 * makes new objects), so a snapshot is three references, not a copy.
 */
import type { SolveProgress, Course, Group, ReferenceOrder, Result, ResultGroup, Room, Scenario, Staff } from '../../solver';
import { parseJsonText, parseResult, parseScenario, type ValidationIssue } from '../../data/schema';
import { get, getDeps, initialState, plannerStore, set, setDeps, type PlannerDeps } from './store';
import type { Message, PublishedReference, SavedOptionsRound, ScenarioRecord, Snapshot } from './types';
import { browserDownload } from '../io/download';
import { SAVED_HISTORY_LIMIT, type PlannerMeta } from './persist';
import { basisChanges, changesSentence, markedResult, sameBasis } from './basis';
export { markedResult, resultForScenario, staleNote } from './basis';
import { addRefusal, carryOldSeating, compareFigures, explainViolations, moveRefusal, removeRefusal, violations } from './edit-rules';
import type { SolverPort } from './solver-client';
import { droppedScenario, type DropHow } from './drop';
import { missingBasics, problemLines, problemReport } from './problems';
import { studentsWithoutChoices } from './without-choices';
import { notHonoured } from '../reference/not-honoured';
export { courseTakers, droppedScenario, offeredScenario, type DropHow } from './drop';

const HISTORY_LIMIT = 100;
const COALESCE_MS = 1000;
/**
 * Re-seating is a short fit-mode search: the figures must come back while the card is still moving (the
 * issue asks for under 200 ms on the 240-student sample). On that sample, 24 different moves gave the same
 * fully-satisfied and choices-met figures with 0.03, 0.15 and 0.5 s of search: the seating settles within
 * a few hundred moves and the rest only evens group sizes. 0.04 s leaves room for a slower machine.
 */
export const RESEAT_SECONDS = 0.04;

// ---------------------------------------------------------------------------------------------
// Reading helpers (pure; components use them too)
// ---------------------------------------------------------------------------------------------

const issuesMemo = new WeakMap<Scenario, ValidationIssue[]>();

/** Everything wrong with a scenario as it stands, by JSON path; memoised on the scenario object. */
export function scenarioIssues(scenario: Scenario): ValidationIssue[] {
  let issues = issuesMemo.get(scenario);
  if (!issues) {
    const out = parseScenario(scenario);
    issues = out.ok ? [] : out.errors;
    issuesMemo.set(scenario, issues);
  }
  return issues;
}

export const currentRecord = (s = get()): ScenarioRecord | null => (s.currentId ? s.records[s.currentId] ?? null : null);

export function issueLines(issues: readonly ValidationIssue[], max = 50): string[] {
  const lines = issues.slice(0, max).map((i) => (i.path && i.path !== '(document)' ? `${i.path}: ${i.message}` : i.message));
  if (issues.length > max) lines.push(`… and ${issues.length - max} more.`);
  return lines;
}

/** Ids of the groups fixed in place by the scenario (pinned in build mode; every group in fit mode). */
export function pinnedIds(scenario: Scenario): Set<string> {
  return new Set((scenario.groups ?? []).map((g) => g.id));
}

/** The blocks a group of this course occupies when dropped on `target`: a double option takes the next one too. */
export function blocksFor(scenario: Scenario, course: Course, target: string): string[] | string {
  const blocks = scenario.blocks;
  const i = blocks.indexOf(target);
  if (i < 0) return `There is no block ${target}.`;
  let want = [target];
  if ((course.span ?? 1) === 2) {
    if (blocks.length < 2) return `${course.name} is a double option and needs two blocks.`;
    want = i + 1 < blocks.length ? [target, blocks[i + 1]] : [blocks[i - 1], target];
  }
  const allowed = course.blocks;
  if (allowed && allowed.length > 0) {
    const bad = want.filter((b) => !allowed.includes(b));
    if (bad.length > 0) return `${course.name} may only run in block${allowed.length > 1 ? 's' : ''} ${allowed.join(', ')}, not ${bad.join(', ')}.`;
  }
  return want;
}

/** A result group as a scenario group, fixed where it is: what re-seating is given. */
export function toScenarioGroup(g: ResultGroup): Group {
  const out: Group = { id: g.id, course: g.course, blocks: [...g.blocks] };
  if (g.years) out.years = [...g.years];
  if (g.staff && g.staff.length > 0) out.staff = [...g.staff];
  if (g.room) out.room = g.room;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Start-up and saving
// ---------------------------------------------------------------------------------------------

let unsubscribeSave: (() => void) | null = null;
let saveChain: Promise<void> = Promise.resolve();
let solveToken = 0;
let reseatToken = 0;
/** Whether the solver has run one re-seat since it started (see warmReseat). */
let reseatWarm = false;
/** initPlanner's `warm` option: the browser warms the worker; tests in Node count solver calls and do not. */
let warmOption = false;

/**
 * Starts the planner: loads the saved scenarios, or on a first visit the embedded sample, then saves every
 * change as it is made. With `autoSolve`, an open scenario without a blocking is solved at once; with
 * `warm`, the solver makes one throw-away re-seat once there is a blocking (warmReseat).
 */
export async function initPlanner(d: PlannerDeps, options: { autoSolve?: boolean; warm?: boolean } = {}): Promise<void> {
  unsubscribeSave?.();
  unsubscribeSave = null;
  setDeps(d);
  solveToken++;
  reseatToken++;
  reseatWarm = false;
  warmOption = options.warm ?? false;
  if (historyTimer) clearTimeout(historyTimer);
  historyTimer = null;
  dirtyHistory.clear();
  setDeps({ ...d, solver: recordingBasis(d.solver) });
  plannerStore.setState(initialState(), true);
  let loaded: Awaited<ReturnType<PlannerDeps['persistence']['load']>> = { records: [], meta: null };
  let loadError: string | null = null;
  try {
    loaded = await d.persistence.load();
  } catch (e) {
    loadError = `Saved work could not be read (${errorText(e)}). Starting from the sample school; changes may not be kept.`;
  }
  const savedLimit = loaded.settings?.timeSeconds;
  if (validTimeLimit(savedLimit)) set((s) => ({ solve: { ...s.solve, timeSeconds: savedLimit } }));
  if (loaded.records.length > 0) {
    const records = Object.fromEntries(loaded.records.map((r) => [r.id, withBasis(r)]));
    const order = (loaded.meta?.order ?? []).filter((id) => records[id]);
    for (const r of loaded.records) if (!order.includes(r.id)) order.push(r.id);
    const currentId = loaded.meta?.currentId && records[loaded.meta.currentId] ? loaded.meta.currentId : order[0];
    const history: Record<string, { past: Snapshot[]; future: Snapshot[] }> = {};
    for (const h of loaded.history ?? []) if (records[h.id]) history[h.id] = { past: h.past ?? [], future: h.future ?? [] };
    set({ ready: true, records, order, currentId, history });
  } else {
    let sample: unknown;
    try {
      sample = await d.sample();
    } catch (e) {
      sample = undefined;
      loadError = `The sample school could not be loaded (${errorText(e)}). Import a scenario file to start.`;
    }
    const parsed = parseScenario(sample);
    if (loadError && sample === undefined) {
      set({ ready: true });
    } else if (!parsed.ok) {
      set({ ready: true, message: { kind: 'error', text: 'The embedded sample school does not validate.', details: issueLines(parsed.errors) } });
    } else {
      const rec = newRecord(parsed.value);
      set({ ready: true, records: { [rec.id]: rec }, order: [rec.id], currentId: rec.id });
      // Saved now, so a reload during the first solve still finds the sample.
      await saveAll().catch(() => undefined);
    }
  }
  if (loadError) set({ message: { kind: 'error', text: loadError } });
  unsubscribeSave = plannerStore.subscribe((s, prev) => queueSave(s, prev));
  // A newcomer sees a real blocking at once; so does anyone whose open scenario has none yet (a reload
  // during the first solve, say), as long as it validates.
  const first = currentRecord();
  if (options.autoSolve && first && !first.result && !missingBasics(first.scenario) && scenarioIssues(first.scenario).length === 0) void solveCurrent();
  else if (warmOption) warmReseat();
}

/**
 * Which scenario each result the solver returns was made for: a solve or re-seat may end after the user
 * edited the scenario, and the result is out of date only if the edit touched what the blocking depends on.
 */
const madeFor = new WeakMap<Result, Scenario>();

function recordingBasis(solver: SolverPort): SolverPort {
  return {
    solve: (scenario, options, onProgress) =>
      solver.solve(scenario, options, onProgress).then((r) => {
        madeFor.set(r, scenario);
        return r;
      }),
    cancel: () => solver.cancel(),
    reseat: (scenario, groups, options) =>
      solver.reseat(scenario, groups, options).then((r) => {
        madeFor.set(r, scenario);
        return r;
      }),
  };
}

/** A record saved before results remembered their scenario: trust its flag once. */
function withBasis(r: ScenarioRecord): ScenarioRecord {
  if (r.resultBasis !== undefined) return r;
  return { ...r, resultBasis: r.result && !r.resultStale ? r.scenario : null };
}

/** Whether the record's result no longer describes its scenario (basis.ts decides what counts). */
function staleOf(r: ScenarioRecord): boolean {
  if (!r.result) return false;
  if (!r.resultBasis) return true;
  return !sameBasis(r.resultBasis, r.scenario);
}

/** What changed since the current record's blocking was made, in words; [] when it is up to date. */
export function staleChanges(rec: ScenarioRecord | null = currentRecord()): string[] {
  if (!rec?.result || !rec.resultStale) return [];
  if (!rec.resultBasis) return ['the scenario was edited before this version of the planner kept track of what changed'];
  return basisChanges(rec.resultBasis, rec.scenario);
}

/**
 * Runs one re-seat of the open blocking, unchanged, in the background and throws its answer away. The
 * first re-seat a fresh solver makes is several times slower than the next ones (its fit-mode code is not
 * compiled yet: 250 to 750 ms against 20 to 100 ms on the 240-student sample in Node), so without this
 * the user's first drag would be the slow one. Done once per solver, after loading saved work or after
 * the first solve; the user's own re-seat does not wait for it to be taken back.
 */
export function warmReseat(): void {
  const rec = currentRecord();
  if (reseatWarm || !rec?.result || scenarioIssues(rec.scenario).length > 0) return;
  reseatWarm = true;
  getDeps()
    .solver.reseat(rec.scenario, rec.result.groups.map(toScenarioGroup), { timeSeconds: RESEAT_SECONDS, seed: 1 })
    .catch(() => {
      // A crash here is found again, and reported, by the user's next solve or move.
      reseatWarm = false;
    });
}

function queueSave(s: ReturnType<typeof get>, prev: ReturnType<typeof get>): void {
  if (s.records === prev.records && s.order === prev.order && s.currentId === prev.currentId && s.history === prev.history) return;
  const p = getDeps().persistence;
  const puts = Object.values(s.records).filter((r) => prev.records[r.id] !== r);
  const dels = Object.keys(prev.records).filter((id) => !s.records[id]);
  const meta: PlannerMeta | null = s.order !== prev.order || s.currentId !== prev.currentId ? { order: s.order, currentId: s.currentId } : null;
  if (s.history !== prev.history) {
    for (const id of Object.keys(s.history)) if (s.records[id] && s.history[id] !== prev.history[id]) dirtyHistory.add(id);
    scheduleHistorySave();
  }
  if (s.records === prev.records && s.order === prev.order && s.currentId === prev.currentId) return;
  saveChain = saveChain.then(async () => {
    try {
      for (const r of puts) await p.putRecord(r);
      for (const id of dels) await p.deleteRecord(id);
      if (meta) await p.putMeta(meta);
    } catch (e) {
      set({ message: { kind: 'error', text: `Your work could not be saved in this browser (${errorText(e)}). Export the scenario to keep it.` } });
    }
  });
}

/**
 * Undo history is written a moment after the last change, not on every keystroke: a history row holds up
 * to SAVED_HISTORY_LIMIT results and scenarios, so typing in a cell would otherwise copy it per key.
 */
const HISTORY_SAVE_MS = 300;
const dirtyHistory = new Set<string>();
let historyTimer: ReturnType<typeof setTimeout> | null = null;

function scheduleHistorySave(): void {
  if (historyTimer) clearTimeout(historyTimer);
  historyTimer = setTimeout(saveHistoryNow, HISTORY_SAVE_MS);
}

function saveHistoryNow(): void {
  if (historyTimer) clearTimeout(historyTimer);
  historyTimer = null;
  const p = getDeps().persistence;
  if (!p.putHistory || dirtyHistory.size === 0) return;
  const s = get();
  const rows = [...dirtyHistory].filter((id) => s.records[id] && s.history[id]).map((id) => ({ id, past: s.history[id].past.slice(-SAVED_HISTORY_LIMIT), future: s.history[id].future.slice(-SAVED_HISTORY_LIMIT) }));
  dirtyHistory.clear();
  saveChain = saveChain.then(async () => {
    try {
      for (const h of rows) await p.putHistory!(h);
    } catch {
      // Undo across a reload is a convenience: the work itself is saved with the records.
    }
  });
}

if (typeof window !== 'undefined') window.addEventListener('pagehide', () => saveHistoryNow());

async function saveAll(): Promise<void> {
  const s = get();
  const p = getDeps().persistence;
  for (const id of s.order) await p.putRecord(s.records[id]);
  await p.putMeta({ order: s.order, currentId: s.currentId });
}

/** Resolves when every change made so far is written. */
export function flushSaves(): Promise<void> {
  if (historyTimer) saveHistoryNow();
  return saveChain;
}

// ---------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------

function newId(): string {
  return `sc-${getDeps().now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export function newRecord(scenario: Scenario, extra: Partial<ScenarioRecord> = {}): ScenarioRecord {
  return { id: newId(), scenario, result: null, resultStale: false, resultBasis: null, updatedAt: getDeps().now(), ...extra };
}

function putRecord(rec: ScenarioRecord): void {
  set((s) => ({ records: { ...s.records, [rec.id]: rec } }));
}

/**
 * Changes a record. Its out-of-date flag follows from what the result was made for: a new result takes the
 * scenario the solver was given (madeFor), or the scenario now when it came from elsewhere.
 */
function patchRecord(id: string, patch: Partial<ScenarioRecord>): ScenarioRecord | null {
  const rec = get().records[id];
  if (!rec) return null;
  const next = { ...rec, ...patch, updatedAt: getDeps().now() };
  if ('result' in patch && patch.result !== rec.result && !('resultBasis' in patch)) {
    next.resultBasis = patch.result ? madeFor.get(patch.result) ?? next.scenario : null;
  }
  next.resultStale = staleOf(next);
  putRecord(next);
  return next;
}

/**
 * Remembers (or, with undefined, forgets) the options round opened from a record. Where the round lives is
 * not an edit of the scenario: no undo step, and the blocking stays current.
 */
export function setOptionsRound(id: string, round: SavedOptionsRound | undefined): void {
  const rec = get().records[id];
  if (!rec) return;
  const next: ScenarioRecord = { ...rec };
  if (round) next.optionsRound = round;
  else delete next.optionsRound;
  putRecord(next);
}

/**
 * Marks the record's blocking as published (web/reference/, docs/reference.md): a copy of the result and of
 * the scenario as they are now, with the time. Replaces an earlier one (the screen asks first). Like the
 * options round, not an edit of the scenario: no undo step. Refused while the blocking is out of date: a
 * result that no longer matches its scenario is not what was sent to families.
 */
export function publishResult(id: string): boolean {
  const rec = get().records[id];
  if (!rec?.result) {
    say('error', `"${rec?.scenario.name ?? id}" has no blocking to publish yet. Solve it first.`);
    return false;
  }
  if (rec.resultStale) {
    say('error', `The blocking of "${rec.scenario.name}" is out of date (${changesSentence(staleChanges(rec).slice(0, 3))}). Re-seat or solve it before marking it published.`);
    return false;
  }
  const published: PublishedReference = { result: structuredClone(rec.result), scenario: structuredClone(rec.scenario), publishedAt: getDeps().now() };
  putRecord({ ...rec, published });
  return true;
}

/** Forgets the record's published blocking (the screen asks first). */
export function unpublishResult(id: string): void {
  const rec = get().records[id];
  if (!rec?.published) return;
  const next: ScenarioRecord = { ...rec };
  delete next.published;
  putRecord(next);
}

export function uniqueName(name: string): string {
  const names = new Set(Object.values(get().records).map((r) => r.scenario.name));
  if (!names.has(name)) return name;
  for (let k = 2; ; k++) if (!names.has(`${name} (${k})`)) return `${name} (${k})`;
}

export function selectScenario(id: string): void {
  if (get().records[id]) set({ currentId: id });
}

export async function newFromSample(): Promise<string | null> {
  let sample: unknown;
  try {
    sample = await getDeps().sample();
  } catch (e) {
    say('error', `The sample school could not be loaded (${errorText(e)}).`);
    return null;
  }
  const parsed = parseScenario(sample);
  if (!parsed.ok) {
    say('error', 'The embedded sample school does not validate.', issueLines(parsed.errors));
    return null;
  }
  const rec = newRecord({ ...parsed.value, name: uniqueName(parsed.value.name) });
  set((s) => ({ records: { ...s.records, [rec.id]: rec }, order: [...s.order, rec.id], currentId: rec.id }));
  return rec.id;
}

/** Copies a scenario (and its result) under a new name and opens the copy, to try a change on it. */
export function cloneScenario(id: string, name?: string): string | null {
  const src = get().records[id];
  if (!src) return null;
  const finalName = uniqueName(name?.trim() || `${src.scenario.name} (copy)`);
  // One clone of both keeps what the scenario and the result's basis share shared.
  const copy = structuredClone({ scenario: src.scenario, basis: src.resultBasis ?? null });
  const scenario = { ...copy.scenario, name: finalName };
  const result = src.result ? { ...structuredClone(src.result), scenario: finalName } : null;
  // A copy keeps the published blocking, so a what-if shows whom it would move against what was sent out.
  const rec = newRecord(scenario, { result, resultStale: src.resultStale, resultBasis: copy.basis, clonedFrom: src.id, ...(src.published ? { published: src.published } : {}) });
  set((s) => {
    const at = s.order.indexOf(id);
    const order = [...s.order];
    order.splice(at + 1, 0, rec.id);
    return { records: { ...s.records, [rec.id]: rec }, order, currentId: rec.id };
  });
  say('success', `Cloned as "${finalName}". Change it, solve it, then compare it on the Scenarios screen.`);
  return rec.id;
}

export function renameScenario(id: string, name: string): void {
  const rec = get().records[id];
  if (!rec || !name.trim() || name === rec.scenario.name) return;
  pushHistory(id, 'rename');
  // A name is not part of what the blocking depends on: the result stays as up to date as it was.
  patchRecord(id, { scenario: { ...rec.scenario, name }, result: rec.result ? { ...rec.result, scenario: name } : null, resultBasis: rec.resultBasis ?? null });
}

export function deleteScenario(id: string): void {
  set((s) => {
    if (!s.records[id]) return {};
    const { [id]: _gone, ...records } = s.records;
    const order = s.order.filter((x) => x !== id);
    const { [id]: _h, ...history } = s.history;
    return {
      records,
      order,
      history,
      currentId: s.currentId === id ? order[0] ?? null : s.currentId,
      compare: s.compare.filter((x) => x !== id),
    };
  });
}

export function setCompare(ids: string[]): void {
  set({ compare: ids.filter((id) => get().records[id]) });
}

export function toggleCompare(id: string): void {
  const c = get().compare;
  setCompare(c.includes(id) ? c.filter((x) => x !== id) : [...c, id]);
}

// ---------------------------------------------------------------------------------------------
// Undo and redo
// ---------------------------------------------------------------------------------------------

function snapshotOf(rec: ScenarioRecord, label: string, key?: string): Snapshot {
  return { scenario: rec.scenario, result: rec.result, resultStale: rec.resultStale, resultBasis: rec.resultBasis ?? null, label, key, at: getDeps().now() };
}

function pushHistory(id: string, label: string, key?: string): void {
  const rec = get().records[id];
  if (!rec) return;
  set((s) => {
    const h = s.history[id] ?? { past: [], future: [] };
    const last = h.past[h.past.length - 1];
    if (key && last && last.key === key && getDeps().now() - last.at < COALESCE_MS) {
      // Same cell still being typed in: keep the older snapshot, only refresh its time.
      const past = [...h.past.slice(0, -1), { ...last, at: getDeps().now() }];
      return { history: { ...s.history, [id]: { past, future: [] } } };
    }
    const past = [...h.past, snapshotOf(rec, label, key)].slice(-HISTORY_LIMIT);
    return { history: { ...s.history, [id]: { past, future: [] } } };
  });
}

function restore(id: string, snap: Snapshot): void {
  reseatToken++; // a re-seat still in flight belongs to the state being left
  // A snapshot saved before results kept their basis keeps its flag: no basis when it was stale.
  const resultBasis = snap.resultBasis !== undefined ? snap.resultBasis : snap.result && !snap.resultStale ? snap.scenario : null;
  patchRecord(id, { scenario: snap.scenario, result: snap.result, resultBasis });
}

export function undo(): void {
  const rec = currentRecord();
  if (!rec) return;
  const h = get().history[rec.id];
  const prev = h?.past[h.past.length - 1];
  if (!prev) return;
  const cur = snapshotOf(rec, prev.label);
  set((s) => ({ history: { ...s.history, [rec.id]: { past: h.past.slice(0, -1), future: [...h.future, cur] } } }));
  restore(rec.id, prev);
  say('info', `Undone: ${prev.label}.`);
}

export function redo(): void {
  const rec = currentRecord();
  if (!rec) return;
  const h = get().history[rec.id];
  const next = h?.future[h.future.length - 1];
  if (!next) return;
  const cur = snapshotOf(rec, next.label);
  set((s) => ({ history: { ...s.history, [rec.id]: { past: [...h.past, cur], future: h.future.slice(0, -1) } } }));
  restore(rec.id, next);
  say('info', `Redone: ${next.label}.`);
}

// ---------------------------------------------------------------------------------------------
// Editing the scenario (Offer and Students screens)
// ---------------------------------------------------------------------------------------------

export type ListName = 'courses' | 'staff' | 'rooms' | 'students' | 'sites' | 'pathways';

/** Applies an edit to the current scenario. The edited value is kept even when it does not validate. */
export function editScenario(label: string, recipe: (s: Scenario) => Scenario, key?: string): void {
  const rec = currentRecord();
  if (!rec) return;
  pushHistory(rec.id, label, key);
  patchRecord(rec.id, { scenario: recipe(rec.scenario) });
}

/** Merges `patch` into item `index` of a list; a field set to undefined is removed. */
const SINGULAR: Record<ListName, string> = { courses: 'course', staff: 'teacher', rooms: 'room', students: 'student', sites: 'site', pathways: 'pathway' };

/** "course HIS" or "student 12": how an item is named in undo and redo messages. */
function itemName(list: ListName, index: number): string {
  const rec = currentRecord();
  const item = (rec?.scenario[list] as { id?: unknown }[] | undefined)?.[index];
  return `${SINGULAR[list]} ${typeof item?.id === 'string' && item.id ? item.id : index + 1}`;
}

export function patchItem(list: ListName, index: number, patch: Record<string, unknown>, key?: string): void {
  editScenario(
    `edit ${itemName(list, index)}`,
    (s) => {
      const items = [...((s[list] as unknown[] | undefined) ?? [])] as Record<string, unknown>[];
      const next: Record<string, unknown> = { ...items[index] };
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) delete next[k];
        else next[k] = v;
      }
      items[index] = next;
      return { ...s, [list]: items };
    },
    key ?? `${list}[${index}].${Object.keys(patch).join(',')}`,
  );
}

export function addItem(list: ListName, item: Record<string, unknown>): void {
  editScenario(`add a ${SINGULAR[list]}`, (s) => ({ ...s, [list]: [...((s[list] as unknown[] | undefined) ?? []), item] }));
}

export function removeItem(list: ListName, index: number): void {
  editScenario(`remove ${itemName(list, index)}`, (s) => ({ ...s, [list]: ((s[list] as unknown[] | undefined) ?? []).filter((_, i) => i !== index) }));
}

export function setScenarioField(field: 'blocks' | 'periodsPerFortnight' | 'mode' | 'limits' | 'years', value: unknown): void {
  editScenario(`set ${field}`, (s) => {
    const next = { ...s } as Record<string, unknown>;
    if (value === undefined) delete next[field];
    else next[field] = value;
    return next as Scenario;
  }, `field.${field}`);
}

// ---------------------------------------------------------------------------------------------
// Solving
// ---------------------------------------------------------------------------------------------

/** A time limit worth keeping: a positive number of seconds (an hour at most). */
export const validTimeLimit = (seconds: unknown): seconds is number => typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 && seconds <= 3600;

/** Sets the solve's time limit and remembers it for the next visit (persistence `settings`). */
export function setTimeLimit(seconds: number): void {
  if (!validTimeLimit(seconds)) return;
  set((s) => ({ solve: { ...s.solve, timeSeconds: seconds } }));
  const p = getDeps().persistence;
  if (!p.putSettings) return;
  saveChain = saveChain.then(async () => {
    try {
      await p.putSettings!({ timeSeconds: seconds });
    } catch {
      // A preference: if it cannot be kept, the default comes back on the next visit.
    }
  });
}

/**
 * A re-solve with the fewest changes against the scenario's published blocking (docs/reference.md,
 * "Re-solving with the fewest moves"): which comes first, and optional caps on pupils and groups moved.
 */
export interface FewestChangesRequest {
  order: ReferenceOrder;
  maxPupilsMoved?: number;
  maxGroupsMoved?: number;
}

/**
 * Solves the current scenario in the worker; progress arrives a few times a second. With `fewest`, re-solves
 * against the published blocking instead, keeping groups in their blocks and pupils in their groups unless a
 * change forces a move (one worker: solver-client.ts); the result replaces the blocking as any solve does.
 */
export async function solveCurrent(fewest?: FewestChangesRequest): Promise<void> {
  const rec = currentRecord();
  if (!rec || get().solve.status === 'solving') return;
  const published = fewest ? rec.published : undefined;
  if (fewest && !published) {
    say('error', `"${rec.scenario.name}" has no published blocking to stay close to. Mark a blocking as published on the Results screen first.`);
    return;
  }
  for (const [cap, words] of [
    [fewest?.maxPupilsMoved, 'pupils moved'],
    [fewest?.maxGroupsMoved, 'groups moved'],
  ] as const) {
    if (cap !== undefined && !(Number.isInteger(cap) && cap >= 0)) {
      say('error', `"At most … ${words}" must be a whole number, 0 or more (it is ${cap}). Leave it empty for no cap.`);
      return;
    }
  }
  const issues = scenarioIssues(rec.scenario);
  const missing = missingBasics(rec.scenario);
  if (missing) {
    say('error', `${missing} Then solve.`);
    return;
  }
  if (issues.length > 0) {
    const report = problemReport(rec.scenario);
    say('error', `"${rec.scenario.name}" cannot be solved until these are fixed: ${report.headline} (all of them on the Offer screen).`, problemLines(report));
    return;
  }
  const token = ++solveToken;
  const id = rec.id;
  const scenario = rec.scenario;
  set((s) => ({ solve: { ...s.solve, status: 'solving', progress: null, recordId: id, fewestChanges: fewest !== undefined }, message: null }));
  try {
    // A re-solve starts from the blocking shown and never comes back worse (solver/api.ts `initial`), with the
    // next seed, so solving again explores afresh rather than repeating the search that found it.
    const previous = rec.result;
    const seed = previous && Number.isInteger(previous.summary.seed) ? previous.summary.seed + 1 : 1;
    // The re-solve starts from the published blocking (solver/api.ts `reference`), not from the one shown.
    const options = published
      ? { timeSeconds: get().solve.timeSeconds, seed, reference: { result: published.result, scenario: published.scenario, ...fewest } }
      : { timeSeconds: get().solve.timeSeconds, seed, ...(previous ? { initial: previous } : {}) };
    const result = await getDeps().solver.solve(scenario, options, (p: SolveProgress) => {
      if (token === solveToken) set((s) => ({ solve: { ...s.solve, progress: p } }));
    });
    if (token !== solveToken) return;
    const now = get().records[id];
    if (!now) return;
    pushHistory(id, published ? 're-solve with fewest changes' : 'solve');
    reseatToken++;
    patchRecord(id, { result, resultStale: now.scenario !== scenario });
    const sm = result.summary;
    // What stopped it (solver/api.ts SolveStop): the clock means another run may differ, and solving again goes on from here.
    // At a proven bound the figure that matters most cannot improve: say so rather than "before it was done".
    const atBound = sm.upperBound !== undefined && sm.fullySatisfied >= sm.upperBound;
    const stop =
      sm.stoppedBy === 'time'
        ? atBound
          ? ' No blocking satisfies more students (proven); the time limit stopped the search for fewer groups and more even sizes: Solve again to carry on.'
          : ' The time limit stopped it before it was done: Solve again to carry on from this blocking.'
        : sm.stoppedBy === 'optimal'
          ? ' Nothing is left to improve.'
          : '';
    // Students with no choices count as fully satisfied (FORMAT.md): say how many of the figure they are.
    const notChosen = studentsWithoutChoices(result);
    const ofThem = notChosen > 0 ? ` (${notChosen} of them have not chosen yet)` : '';
    if (published && fewest) {
      say('success', fewestChangesSentence(scenario, result, published, fewest, ofThem));
      if (warmOption) warmReseat();
      return;
    }
    say('success', `Solved "${scenario.name}": ${sm.fullySatisfied} of ${sm.students} students fully satisfied${ofThem}, ${sm.groups} groups, in ${sm.seconds.toFixed(1)} s.${stop}`);
    if (warmOption) warmReseat();
  } catch (e) {
    if (token !== solveToken) return;
    const why = errorText(e);
    say('error', `${why.startsWith('The solver') ? why : `The solve failed: ${why}`} The last good blocking is still shown. Try again, perhaps with a shorter time limit.`);
  } finally {
    if (token === solveToken) set((s) => ({ solve: { ...s.solve, status: 'idle', progress: null, recordId: null, fewestChanges: false } }));
  }
}

/**
 * The message after a re-solve with the fewest changes: the moves against the published blocking (the
 * summary's pupilsMoved and groupsMoved), the usual figures, a cap the search could not keep, and what of
 * the published blocking the scenario now rules out (web/reference/not-honoured.ts).
 */
function fewestChangesSentence(scenario: Scenario, result: Result, published: PublishedReference, fewest: FewestChangesRequest, ofThem: string): string {
  const sm = result.summary;
  const publishedIds = new Set(published.result.students.map((s) => s.id));
  const inBoth = result.students.filter((s) => publishedIds.has(s.id)).length;
  const order = fewest.order === 'stability' ? 'keeping pupils where they are first' : 'satisfying the most pupils first';
  const pupils = sm.pupilsMoved ?? 0;
  const groups = sm.groupsMoved ?? 0;
  let text =
    `Re-solved "${scenario.name}" with the fewest changes (${order}): ${pupils} of ${inBoth} pupils moved, ${groups} of ${published.result.groups.length} published groups moved or cancelled; ` +
    `${sm.fullySatisfied} of ${sm.students} students fully satisfied${ofThem}, ${sm.groups} groups, in ${sm.seconds.toFixed(1)} s.`;
  const over: string[] = [];
  if (fewest.maxPupilsMoved !== undefined && pupils > fewest.maxPupilsMoved) over.push(`${pupils} pupils moved, over your cap of ${fewest.maxPupilsMoved}`);
  if (fewest.maxGroupsMoved !== undefined && groups > fewest.maxGroupsMoved) over.push(`${groups} groups moved, over your cap of ${fewest.maxGroupsMoved}`);
  if (over.length > 0) text += ` The changes since publishing forced ${over.join(' and ')}: no blocking within the cap was found.`;
  const forced = notHonoured(published, scenario);
  if (forced.length > 0) text += ` Not kept, as the scenario no longer allows it: ${forced.join(' ')}`;
  if (sm.stoppedBy === 'time') text += ' The time limit stopped the search: re-solve again, perhaps with a longer limit, to look further.';
  return text;
}

/** Stops the running solve; the worker answers with its best so far. */
export function cancelSolve(): void {
  if (get().solve.status !== 'solving') return;
  getDeps().solver.cancel();
  say('info', 'Stopping: the best blocking found so far will be kept.');
}

// ---------------------------------------------------------------------------------------------
// Blocks: move, add, remove and pin groups, re-seating students in the worker
// ---------------------------------------------------------------------------------------------

function blockingContext(): { rec: ScenarioRecord; result: Result } | null {
  const rec = currentRecord();
  if (!rec) return null;
  if (!rec.result) {
    say('error', 'There is no blocking yet: press Solve first.');
    return null;
  }
  const issues = scenarioIssues(rec.scenario);
  if (issues.length > 0) {
    say('error', 'Fix the scenario before changing the blocking:', issueLines(issues));
    return null;
  }
  const courses = new Set(rec.scenario.courses.map((c) => c.id));
  const orphan = rec.result.groups.find((g) => !courses.has(g.course));
  if (orphan) {
    say('error', `This blocking is out of date: it has ${orphan.id}, but ${orphan.course} is no longer offered. Press "Re-seat into these groups" or solve again first.`);
    return null;
  }
  return { rec, result: rec.result };
}

/** Fit-mode search options for a hand edit's re-seat. */
const reseatOptions = () => ({ timeSeconds: RESEAT_SECONDS, seed: 1 });

function withoutStaffAndRoom(g: Group): Group {
  const out: Group = { ...g };
  delete out.staff;
  delete out.room;
  return out;
}

type Checked = { ok: true; scenario: Scenario; result: Result } | { ok: false; why: string };

/**
 * Re-seats the students into exactly `groups` and keeps the outcome only if the independent checker
 * (data/checker.ts) finds every rule of docs/format.md kept. When a teacher or room rule breaks (the only DT
 * teacher already teaches in the block a DT group moved to), teachers and rooms of every group the user
 * did not fix are handed out afresh once before giving up. Then the better of the re-seat's short search
 * and the seating before carried over (`old`, pupils staying where they were) is kept.
 */
async function reseatChecked(scenario: Scenario, groups: Group[], old: Result | null): Promise<Checked> {
  const solver = getDeps().solver;
  let result: Result = { ...(await solver.reseat(scenario, groups, reseatOptions())), scenario: scenario.name };
  let broken = violations(scenario, result);
  if (broken.length > 0 && broken.every((v) => v.rule === 4 || v.rule === 5)) {
    const fixedByUser = scenario.mode === 'fit' ? new Set<string>() : pinnedIds(scenario);
    const freed = groups.map((g) => (fixedByUser.has(g.id) ? g : withoutStaffAndRoom(g)));
    const sc2: Scenario = scenario.mode === 'fit' ? { ...scenario, groups: freed } : scenario;
    const r2: Result = { ...(await solver.reseat(sc2, freed, reseatOptions())), scenario: sc2.name };
    const broken2 = violations(sc2, r2);
    if (broken2.length === 0) {
      scenario = sc2;
      result = r2;
      broken = [];
    }
  }
  if (broken.length > 0) return { ok: false, why: explainViolations(scenario, result, broken) };
  if (old) {
    const carried = carryOldSeating(scenario, old, result);
    // On equal figures the pupils stay where they were: a hand edit should move as few as it can.
    if (compareFigures(carried, result) >= 0 && violations(scenario, carried).length === 0) result = carried;
  }
  madeFor.set(result, scenario);
  return { ok: true, scenario, result };
}

/** The groups of a blocking, where they sit, as one string (teachers and rooms aside). */
function layoutKey(r: Result): string {
  return r.groups
    .map((g) => `${g.id}|${g.course}|${g.blocks.join('+')}|${(g.years ?? []).join('+')}`)
    .sort()
    .join(';');
}

/**
 * When an edit brings back exactly the groups of an earlier blocking in the undo history (removing a group
 * just added, moving a group back), that blocking's seating is as good a candidate as the re-seat's short
 * search: the better of the two is kept (if it still keeps every rule), so the figures come back exactly.
 */
function earlierIfBetter(id: string, scenario: Scenario, result: Result): Result {
  const key = layoutKey(result);
  let best = result;
  for (const snap of get().history[id]?.past ?? []) {
    const r = snap.result;
    if (!r || r === best || compareFigures(r, best) <= 0 || layoutKey(r) !== key) continue;
    const candidate = { ...r, scenario: scenario.name };
    if (violations(scenario, candidate).length === 0) best = candidate;
  }
  if (best !== result) madeFor.set(best, scenario);
  return best;
}

/**
 * Re-seats every student into exactly `groups` and shows the new figures. The cards move at once
 * (`optimistic`); if the worker fails, or the outcome would break a rule of the document, the state
 * before the change comes back with a message saying why.
 */
async function reseatWith(rec: ScenarioRecord, groups: Group[], scenario: Scenario, optimistic: Result, label: string): Promise<void> {
  pushHistory(rec.id, label);
  const before = { scenario: rec.scenario, result: rec.result, resultBasis: rec.resultBasis ?? null };
  const keepStale = rec.resultStale;
  patchRecord(rec.id, { scenario, result: optimistic, resultBasis: keepStale ? rec.resultBasis ?? null : scenario });
  const token = ++reseatToken;
  set((s) => ({ solve: { ...s.solve, status: s.solve.status === 'solving' ? 'solving' : 'reseating' } }));
  const t0 = performance.now();
  const rollback = (text: string) => {
    patchRecord(rec.id, before);
    set((s) => {
      const h = s.history[rec.id];
      return h ? { history: { ...s.history, [rec.id]: { past: h.past.slice(0, -1), future: h.future } } } : {};
    });
    say('error', text);
  };
  try {
    const outcome = await reseatChecked(scenario, groups, rec.result);
    if (token !== reseatToken) return;
    if (!outcome.ok) {
      rollback(`${outcome.why} The change (${label}) was not made.`);
      return;
    }
    const ms = Math.round(performance.now() - t0);
    const result = earlierIfBetter(rec.id, outcome.scenario, outcome.result);
    // The re-seat was made for the scenario as it is now and keeps all its rules: it is up to date, even
    // when the blocking before it was not (the same as "Re-seat into these groups").
    patchRecord(rec.id, { scenario: outcome.scenario, result, resultBasis: outcome.scenario });
    set((s) => ({ solve: { ...s.solve, lastReseatMs: ms, lastReseatSolverMs: Math.round(result.summary.seconds * 1000) } }));
    const sm = result.summary;
    say('info', `${label[0].toUpperCase()}${label.slice(1)}: ${sm.fullySatisfied} of ${sm.students} fully satisfied, ${sm.choicesMet} of ${sm.choices} choices met (${ms} ms).`);
  } catch (e) {
    if (token !== reseatToken) return;
    rollback(`${errorText(e)} The change was not made; the last good blocking is still shown.`);
  } finally {
    if (token === reseatToken) set((s) => ({ solve: { ...s.solve, status: s.solve.status === 'reseating' ? 'idle' : s.solve.status } }));
  }
}

/** In fit mode the scenario's groups are the blocking, so they follow every change; in build mode only pinned ones do. */
function scenarioWithGroups(scenario: Scenario, groups: Group[], changed: { removed?: string; moved?: Group; added?: Group }): Scenario {
  if (scenario.mode === 'fit') return { ...scenario, groups };
  if (!scenario.groups) return scenario;
  let list = scenario.groups;
  if (changed.removed) list = list.filter((g) => g.id !== changed.removed);
  if (changed.moved) list = list.map((g) => (g.id === changed.moved!.id ? withoutStaffAndRoom({ ...g, blocks: changed.moved!.blocks }) : g));
  return list === scenario.groups ? scenario : { ...scenario, groups: list };
}

export function moveGroup(groupId: string, toBlock: string): Promise<void> {
  const ctx = blockingContext();
  if (!ctx) return Promise.resolve();
  const { rec, result } = ctx;
  const g = result.groups.find((x) => x.id === groupId);
  const course = g && rec.scenario.courses.find((c) => c.id === g.course);
  if (!g || !course) return Promise.resolve();
  const blocks = blocksFor(rec.scenario, course, toBlock);
  if (typeof blocks === 'string') {
    say('error', `${blocks} ${groupId} was not moved.`);
    return Promise.resolve();
  }
  if (blocks.join() === g.blocks.join()) return Promise.resolve();
  const refusal = moveRefusal(rec.scenario, result, course, g, blocks);
  if (refusal) {
    say('error', `${refusal} ${groupId} was not moved.`);
    return Promise.resolve();
  }
  // The moved group loses its teacher and room: the solver finds ones free in the new block.
  const moved: Group = withoutStaffAndRoom({ ...toScenarioGroup(g), blocks });
  const groups = result.groups.map((x) => (x.id === groupId ? moved : toScenarioGroup(x)));
  const optimistic: Result = { ...result, groups: result.groups.map((x) => (x.id === groupId ? { ...x, blocks, staff: [], room: null } : x)) };
  return reseatWith(rec, groups, scenarioWithGroups(rec.scenario, groups, { moved }), optimistic, `moved ${groupId} to block ${blocks.join('+')}`);
}

export function addGroup(courseId: string, block: string): Promise<void> {
  const ctx = blockingContext();
  if (!ctx) return Promise.resolve();
  const { rec, result } = ctx;
  const course = rec.scenario.courses.find((c) => c.id === courseId);
  if (!course) return Promise.resolve();
  const blocks = blocksFor(rec.scenario, course, block);
  if (typeof blocks === 'string') {
    say('error', `${blocks} No group was added.`);
    return Promise.resolve();
  }
  const refusal = addRefusal(rec.scenario, result, course, blocks);
  if (refusal) {
    say('error', `${refusal} No group was added.`);
    return Promise.resolve();
  }
  const ids = new Set(result.groups.map((g) => g.id));
  let k = 1;
  while (ids.has(`${courseId}-${k}`)) k++;
  const added: Group = { id: `${courseId}-${k}`, course: courseId, blocks };
  const groups = [...result.groups.map(toScenarioGroup), added];
  const years = course.years ?? rec.scenario.years ?? [10, 11];
  const optimistic: Result = { ...result, groups: [...result.groups, { ...added, years, staff: [], room: null, students: [] }] };
  return reseatWith(rec, groups, scenarioWithGroups(rec.scenario, groups, { added }), optimistic, `added ${added.id} in block ${blocks.join('+')}`);
}

export function removeGroup(groupId: string): Promise<void> {
  const ctx = blockingContext();
  if (!ctx) return Promise.resolve();
  const { rec, result } = ctx;
  const g = result.groups.find((x) => x.id === groupId);
  if (!g) return Promise.resolve();
  const refusal = removeRefusal(result, rec.scenario.courses.find((c) => c.id === g.course), g);
  if (refusal) {
    say('error', refusal);
    return Promise.resolve();
  }
  const groups = result.groups.filter((x) => x.id !== groupId).map(toScenarioGroup);
  const optimistic: Result = { ...result, groups: result.groups.filter((x) => x.id !== groupId) };
  return reseatWith(rec, groups, scenarioWithGroups(rec.scenario, groups, { removed: groupId }), optimistic, `removed ${groupId}`);
}

/** Pins a group where it is (the next solve keeps it, with its teacher and room) or unpins it. */
export function togglePin(groupId: string): void {
  const rec = currentRecord();
  const g = rec?.result?.groups.find((x) => x.id === groupId);
  if (!rec || !g) return;
  if (rec.scenario.mode === 'fit') {
    say('info', 'This scenario is in fit mode: every group is already fixed where it is.');
    return;
  }
  const pinned = pinnedIds(rec.scenario).has(groupId);
  pushHistory(rec.id, pinned ? `unpinned ${groupId}` : `pinned ${groupId}`);
  const groups = pinned ? (rec.scenario.groups ?? []).filter((x) => x.id !== groupId) : [...(rec.scenario.groups ?? []), toScenarioGroup(g)];
  const scenario: Scenario = { ...rec.scenario };
  if (groups.length > 0) scenario.groups = groups;
  else delete scenario.groups;
  // Pinning a group where it is, or unpinning it, leaves the blocking a valid answer to the new scenario.
  patchRecord(rec.id, { scenario, resultBasis: rec.resultStale ? rec.resultBasis ?? null : scenario });
}

/**
 * Re-seats the students of an out-of-date blocking into its groups under the scenario as it is now
 * (groups of courses no longer offered are dropped; teachers and rooms no longer listed are handed out
 * again), checked like a hand edit. Resolves with the new result, or null (with a message) when the
 * groups cannot stand any more and only a new solve will do.
 */
export async function reseatStale(): Promise<Result | null> {
  const ctx = blockingContext();
  if (!ctx) return null;
  const { rec, result } = ctx;
  if (!rec.resultStale) return result;
  const sc = rec.scenario;
  const courses = new Set(sc.courses.filter((c) => !(c as { withdrawn?: unknown }).withdrawn).map((c) => c.id));
  const staff = new Set((sc.staff ?? []).map((t) => t.id));
  const rooms = new Set((sc.rooms ?? []).map((r) => r.id));
  let groups: Group[];
  if (sc.mode === 'fit') groups = sc.groups ?? [];
  else {
    const pins = new Map((sc.groups ?? []).map((g) => [g.id, g]));
    groups = result.groups
      .filter((g) => courses.has(g.course) && !pins.has(g.id))
      .map((g) => {
        const out = toScenarioGroup(g);
        if (out.staff && !out.staff.every((t) => staff.has(t))) delete out.staff;
        if (out.room && !rooms.has(out.room)) delete out.room;
        return out;
      });
    groups.push(...pins.values());
  }
  const id = rec.id;
  set((s) => ({ solve: { ...s.solve, status: s.solve.status === 'solving' ? 'solving' : 'reseating' } }));
  const token = ++reseatToken;
  try {
    const outcome = await reseatChecked(sc, groups, null);
    if (token !== reseatToken) return null;
    if (!outcome.ok) {
      say('error', `The old groups cannot simply be re-seated: ${outcome.why} Solve again on the Blocks screen.`);
      return null;
    }
    pushHistory(id, 're-seat');
    patchRecord(id, { scenario: outcome.scenario, result: outcome.result, resultBasis: outcome.scenario });
    const sm = outcome.result.summary;
    say('success', `Re-seated the students into the groups as they are: ${sm.fullySatisfied} of ${sm.students} fully satisfied. The blocking is up to date.`);
    return outcome.result;
  } catch (e) {
    if (token === reseatToken) say('error', `${errorText(e)} Nothing was changed.`);
    return null;
  } finally {
    if (token === reseatToken) set((s) => ({ solve: { ...s.solve, status: s.solve.status === 'reseating' ? 'idle' : s.solve.status } }));
  }
}

// ---------------------------------------------------------------------------------------------
// Dropping a course from the offer
// ---------------------------------------------------------------------------------------------

/**
 * Drops course `id` from the offer as one undoable edit: each pupil who chose it takes their next reserve,
 * or keeps the choice unmet (the course stays, withdrawn, running no groups), or moves to another course.
 */
export function dropCourse(id: string, how: DropHow): void {
  const rec = currentRecord();
  const course = rec?.scenario.courses.find((c) => c.id === id);
  if (!rec || !course) return;
  if (how.kind === 'move' && (how.to === id || !rec.scenario.courses.some((c) => c.id === how.to))) {
    say('error', `Choose another course for the pupils of ${course.name} to move to.`);
    return;
  }
  const out = droppedScenario(rec.scenario, id, how);
  editScenario(`drop ${id}`, () => out.scenario);
  const pupils = (n: number) => `${n} pupil${n === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (out.moved) parts.push(`${pupils(out.moved)} moved to ${how.kind === 'move' ? how.to : ''}`);
  if (out.toReserve) parts.push(`${pupils(out.toReserve)} took their next reserve`);
  if (out.unmet) parts.push(`${pupils(out.unmet)} ${how.kind === 'unmet' ? 'keep it as a choice that cannot be met' : 'had no reserve left, so have one choice fewer'}`);
  const what = how.kind === 'unmet' ? `Withdrew ${course.name} (${id}): it runs no groups` : `Dropped ${course.name} (${id})`;
  say('success', `${what}. ${out.affected === 0 ? 'No pupil chose it.' : `${pupils(out.affected)} affected: ${parts.join(', ')}.`} Solve again, then compare on the Scenarios screen to see who lost what. Undo takes it back.`);
}

// ---------------------------------------------------------------------------------------------
// Import and export of docs/format.md documents
// ---------------------------------------------------------------------------------------------

/**
 * Reads a scenario or result document. A scenario becomes a new record and is opened; a result is
 * attached to the current scenario when it belongs to it. Anything wrong: the issues are listed and
 * nothing in the planner changes.
 */
export function importText(text: string, fileName = 'the file'): boolean {
  const json = parseJsonText(text);
  if (!json.ok) {
    say('error', `${fileName} was not imported; nothing was changed.`, issueLines(json.errors));
    return false;
  }
  const doc = json.value as { format?: unknown } | null;
  if (doc && typeof doc === 'object' && doc.format === 'ks4-result/1') return importResult(doc, fileName);
  const parsed = parseScenario(doc);
  if (!parsed.ok) {
    say('error', `${fileName} was not imported: it is not a valid scenario (${parsed.errors.length} problem${parsed.errors.length === 1 ? '' : 's'}). Nothing was changed.`, issueLines(parsed.errors));
    return false;
  }
  const name = uniqueName(parsed.value.name);
  const rec = newRecord({ ...parsed.value, name });
  set((s) => ({ records: { ...s.records, [rec.id]: rec }, order: [...s.order, rec.id], currentId: rec.id }));
  say('success', `Imported scenario "${name}" (${parsed.value.students.length} students, ${parsed.value.courses.length} courses). Solve it on the Blocks screen.`);
  return true;
}

function importResult(doc: unknown, fileName: string): boolean {
  const parsed = parseResult(doc);
  if (!parsed.ok) {
    say('error', `${fileName} was not imported: it is not a valid result. Nothing was changed.`, issueLines(parsed.errors));
    return false;
  }
  const rec = currentRecord();
  if (!rec) {
    say('error', `${fileName} is a result; open or import its scenario first.`);
    return false;
  }
  const courses = new Set(rec.scenario.courses.map((c) => c.id));
  const students = new Set(rec.scenario.students.map((s) => s.id));
  const problems: string[] = [];
  parsed.value.groups.forEach((g, i) => {
    if (!courses.has(g.course)) problems.push(`groups[${i}].course: course "${g.course}" is not in "${rec.scenario.name}".`);
  });
  parsed.value.students.forEach((s, i) => {
    if (!students.has(s.id)) problems.push(`students[${i}].id: student "${s.id}" is not in "${rec.scenario.name}".`);
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, 30);
    if (problems.length > 30) shown.push(`… and ${problems.length - 30} more.`);
    say('error', `${fileName} is a result for another scenario (it was made for "${parsed.value.scenario}"). Open that scenario first. Nothing was changed.`, shown);
    return false;
  }
  pushHistory(rec.id, 'import result');
  patchRecord(rec.id, { result: parsed.value, resultStale: false });
  const broken = violations(rec.scenario, parsed.value);
  if (broken.length > 0) say('error', `Imported the result into "${rec.scenario.name}", but it breaks ${broken.length} rule${broken.length === 1 ? '' : 's'} of the scenario (listed above the screen). Solve again, or fix it by hand; it will not be exported until then.`);
  else say('success', `Imported the result into "${rec.scenario.name}": ${parsed.value.summary.fullySatisfied} of ${parsed.value.summary.students} fully satisfied.`);
  return true;
}

export interface ListMerge<T> {
  items: T[];
  added: string[];
  updated: string[];
  removed: string[];
}

/**
 * Puts an imported course or staff list into the scenario's list. `replace`: the import becomes the
 * list. `update`: an item whose id is already there takes the values of the columns the file has
 * (`fields`, as recognised by the importer; a blank cell in such a column clears the value), and keeps
 * every field the file has no column for, so a staff list of names and subjects does not wipe the
 * part-time blocks typed here; new ids are added at the end in file order; items not in the file stay.
 * Without `fields` every field the imported item carries replaces the old one.
 */
export function mergeListItems<T extends { id: string }>(existing: readonly T[], imported: readonly T[], mode: 'replace' | 'update', fields?: readonly string[]): ListMerge<T> {
  const incoming = new Map(imported.map((x) => [x.id, x]));
  const old = new Set(existing.map((x) => x.id));
  const added = imported.filter((x) => !old.has(x.id));
  if (mode === 'replace') {
    return { items: [...imported], added: added.map((x) => x.id), updated: imported.filter((x) => old.has(x.id)).map((x) => x.id), removed: existing.filter((x) => !incoming.has(x.id)).map((x) => x.id) };
  }
  const updated: string[] = [];
  const items = existing.map((x) => {
    const n = incoming.get(x.id);
    if (!n) return x;
    updated.push(x.id);
    const next: Record<string, unknown> = { ...x };
    for (const f of fields ?? Object.keys(n)) {
      const v = (n as Record<string, unknown>)[f];
      if (v === undefined) delete next[f];
      else next[f] = v;
    }
    return next as T;
  });
  return { items: [...items, ...added], added: added.map((x) => x.id), updated, removed: [] };
}

/**
 * Takes an imported course, staff or room list (web/io ListImport) into the current scenario as one
 * undoable edit, and says what changed, including what the change leaves pointing nowhere (students'
 * choices of a course no longer offered, teachers of one), which the Offer and Students screens mark.
 */
export function importList(kind: 'courses' | 'staff' | 'rooms', imported: readonly (Course | Staff | Room)[], mode: 'replace' | 'update', fileName: string, fields?: readonly string[]): ListMerge<Course | Staff | Room> | null {
  const rec = currentRecord();
  if (!rec) return null;
  const existing = (kind === 'courses' ? rec.scenario.courses : rec.scenario[kind] ?? []) as (Course | Staff | Room)[];
  const merged = mergeListItems(existing, imported, mode, fields);
  const noun = kind === 'courses' ? 'courses' : kind === 'rooms' ? 'rooms' : 'teachers';
  editScenario(`import ${noun} from ${fileName}`, (s) => ({ ...s, [kind]: merged.items }));
  let after = '';
  if (kind === 'courses' && merged.removed.length > 0) {
    const gone = new Set(merged.removed);
    const students = rec.scenario.students.filter((st) => st.choices.some((c) => gone.has(c)) || (st.reserves ?? []).some((c) => gone.has(c))).length;
    const staff = (rec.scenario.staff ?? []).filter((t) => t.courses.some((c) => gone.has(c))).length;
    if (students + staff > 0) after = ` ${students} student${students === 1 ? '' : 's'} and ${staff} teacher${staff === 1 ? '' : 's'} still name a removed course; they are marked in red.`;
  }
  say(
    'success',
    `Imported ${imported.length} ${noun} from ${fileName}: ${merged.added.length} added, ${merged.updated.length} updated` +
      (merged.removed.length ? `, ${merged.removed.length} removed (${merged.removed.slice(0, 8).join(', ')}${merged.removed.length > 8 ? ', …' : ''})` : '') +
      `.${after} Undo takes it back.`,
  );
  return merged;
}

const fileStem = (name: string) => name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'scenario';

/** What the "Export anyway" or "Re-seat then export" answer does; set while the dialog is open. */
let pendingRun: ((choice: 'reseat' | 'anyway') => Promise<void>) | null = null;

/**
 * Exports built on the blocking call this. An up-to-date blocking goes to `run` at once (marked = null).
 * An out-of-date one opens the dialog (App.tsx) naming what changed; the answer re-seats first, exports
 * anyway with the changes passed as `marked`, or cancels. Returns whether `run` ran at once.
 */
export function exportBlocking(what: string, run: (scenario: Scenario, result: Result, marked: string[] | null) => void | Promise<void>): boolean {
  const rec = currentRecord();
  if (!rec?.result) {
    say('error', 'There is no blocking to export yet: solve the scenario first.');
    return false;
  }
  if (!rec.resultStale) {
    void run(rec.scenario, rec.result, null);
    return true;
  }
  const changes = staleChanges(rec);
  pendingRun = async (choice) => {
    if (choice === 'anyway') {
      const now = currentRecord();
      if (now?.result) await run(now.scenario, now.result, changes);
      return;
    }
    const fresh = await reseatStale();
    const now = currentRecord();
    if (fresh && now) await run(now.scenario, fresh, null);
  };
  set({ pendingExport: { what, changes } });
  return false;
}

/** The user's answer to the out-of-date export dialog. */
export async function answerStaleExport(choice: 'reseat' | 'anyway' | 'cancel'): Promise<void> {
  const run = pendingRun;
  pendingRun = null;
  set({ pendingExport: null });
  if (choice === 'cancel' || !run) return;
  try {
    await run(choice);
  } catch (e) {
    say('error', `The export could not be made: ${errorText(e)}`);
  }
}

function deliver(bytes: Uint8Array | string, fileName: string, mime: string): void {
  const d = getDeps().download;
  if (d) return d(bytes, fileName, mime);
  if (typeof document === 'undefined') return;
  browserDownload(bytes, fileName, mime);
}

/**
 * The current scenario or result as a docs/format.md document, or null (with a message) when there is none to
 * give. An out-of-date result is not given at once: the dialog asks first and the file is saved by its
 * answer (through the planner's download), so null comes back then too.
 */
export function exportDocument(kind: 'scenario' | 'result'): { fileName: string; text: string } | null {
  const rec = currentRecord();
  if (!rec) return null;
  if (kind === 'scenario') {
    const issues = scenarioIssues(rec.scenario);
    if (issues.length > 0) {
      say('error', 'This scenario does not validate yet, so it would not import again. Fix these first:', issueLines(issues));
      return null;
    }
    return { fileName: `${fileStem(rec.scenario.name)}.scenario.json`, text: `${JSON.stringify(rec.scenario, null, 2)}\n` };
  }
  if (!rec.result) {
    say('error', 'There is no result to export yet: solve the scenario first.');
    return null;
  }
  if (rec.resultStale) {
    exportBlocking('the result document', (scenario, result, marked) => {
      const doc = resultDocument(scenario, result, marked);
      if (doc) deliver(doc.text, doc.fileName, 'application/json');
    });
    return null;
  }
  return resultDocument(rec.scenario, rec.result, null);
}

/** The result document, refused (with the broken rules listed) when it would fail the checker. */
function resultDocument(scenario: Scenario, result: Result, marked: string[] | null): { fileName: string; text: string } | null {
  if (marked) return { fileName: `${fileStem(scenario.name)}.OUT-OF-DATE.result.json`, text: `${JSON.stringify(markedResult(result, marked), null, 2)}\n` };
  const broken = violations(scenario, result);
  if (broken.length > 0) {
    say('error', `This blocking breaks ${broken.length} rule${broken.length === 1 ? '' : 's'} of the scenario, so it was not exported. Solve again, or undo the change that broke it:`, broken.slice(0, 20).map((v) => v.message));
    return null;
  }
  return { fileName: `${fileStem(scenario.name)}.result.json`, text: `${JSON.stringify(result, null, 2)}\n` };
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

export function say(kind: Message['kind'], text: string, details?: string[]): void {
  set({ message: { kind, text, details } });
}

export function dismissMessage(): void {
  set({ message: null });
}

function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return /[.!?)]$/.test(text) ? text : `${text}.`;
}
