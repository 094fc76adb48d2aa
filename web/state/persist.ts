/**
 * Where the planner keeps its work: IndexedDB in the browser, a Map in tests. A tiny wrapper rather
 * than a package, because the planner needs only two object stores and four calls.
 *
 * Layout of the database `ks4-planner` (version 2):
 *   records  keyPath "id": one ScenarioRecord per scenario (the scenario, its latest result, flags, and
 *                         the published blocking with its scenario and date, web/reference/)
 *   meta     key "meta":    { order: record ids in list order, currentId }
 *            key "settings": PlannerSettings, the user's own choices that are not about one scenario
 *                            (the solve's time limit), kept across reloads (no version change: the
 *                            store has out-of-line keys)
 *   history  keyPath "id": { id, past, future }: the record's last undo and redo steps (version 2)
 * A history row is one value, so structured clone stores an object shared by several snapshots (an
 * unchanged students list, a result) once: thirty steps of course edits cost little more than one.
 * Values are stored by structured clone, so a half-edited scenario (a number field holding the text the
 * user typed) is kept exactly as it is on screen.
 */
import type { ScenarioRecord, Snapshot } from './types';
import { done, lazyDatabase, request } from './idb';

/** Undo and redo steps kept across a reload, per record (the newest of each). */
export const SAVED_HISTORY_LIMIT = 30;

export interface SavedHistory {
  id: string;
  past: Snapshot[];
  future: Snapshot[];
}

export interface PlannerMeta {
  order: string[];
  currentId: string | null;
}

/** The user's settings that are not part of any scenario, restored when the planner opens. */
export interface PlannerSettings {
  /** The Time limit chosen beside Solve, in seconds. */
  timeSeconds?: number;
}

export interface Persistence {
  load(): Promise<{ records: ScenarioRecord[]; meta: PlannerMeta | null; history?: SavedHistory[]; settings?: PlannerSettings | null }>;
  putRecord(record: ScenarioRecord): Promise<void>;
  deleteRecord(id: string): Promise<void>;
  putMeta(meta: PlannerMeta): Promise<void>;
  /** Optional: a persistence without it simply forgets undo on reload. */
  putHistory?(history: SavedHistory): Promise<void>;
  /** Optional: a persistence without it forgets the settings on reload. */
  putSettings?(settings: PlannerSettings): Promise<void>;
}

const DB_NAME = 'ks4-planner';
const DB_VERSION = 2;

export function idbPersistence(dbName = DB_NAME): Persistence {
  const db = lazyDatabase(dbName, DB_VERSION, (d) => {
    if (!d.objectStoreNames.contains('records')) d.createObjectStore('records', { keyPath: 'id' });
    if (!d.objectStoreNames.contains('meta')) d.createObjectStore('meta');
    if (!d.objectStoreNames.contains('history')) d.createObjectStore('history', { keyPath: 'id' });
  });
  const write = async (stores: string[], fn: (tx: IDBTransaction) => void) => {
    const tx = (await db()).transaction(stores, 'readwrite');
    fn(tx);
    await done(tx);
  };
  return {
    async load() {
      const tx = (await db()).transaction(['records', 'meta', 'history'], 'readonly');
      const [records, meta, history, settings] = await Promise.all([
        request(tx.objectStore('records').getAll() as IDBRequest<ScenarioRecord[]>),
        request(tx.objectStore('meta').get('meta') as IDBRequest<PlannerMeta | undefined>),
        request(tx.objectStore('history').getAll() as IDBRequest<SavedHistory[]>),
        request(tx.objectStore('meta').get('settings') as IDBRequest<PlannerSettings | undefined>),
      ]);
      return { records, meta: meta ?? null, history, settings: settings ?? null };
    },
    putRecord: (record) => write(['records'], (tx) => void tx.objectStore('records').put(record)),
    deleteRecord: (id) =>
      write(['records', 'history'], (tx) => {
        tx.objectStore('records').delete(id);
        tx.objectStore('history').delete(id);
      }),
    putHistory: (history) => write(['history'], (tx) => void tx.objectStore('history').put(history)),
    putMeta: (meta) => write(['meta'], (tx) => void tx.objectStore('meta').put(meta, 'meta')),
    putSettings: (settings) => write(['meta'], (tx) => void tx.objectStore('meta').put(settings, 'settings')),
  };
}

/** Keeps everything in memory; structuredClone mimics what IndexedDB does to the values. */
export function memoryPersistence(): Persistence & {
  records: Map<string, ScenarioRecord>;
  meta: PlannerMeta | null;
  history: Map<string, SavedHistory>;
  settings: PlannerSettings | null;
} {
  const records = new Map<string, ScenarioRecord>();
  const history = new Map<string, SavedHistory>();
  const self = {
    records,
    history,
    meta: null as PlannerMeta | null,
    settings: null as PlannerSettings | null,
    async load() {
      return {
        records: [...records.values()].map((r) => structuredClone(r)),
        meta: self.meta ? structuredClone(self.meta) : null,
        history: [...history.values()].map((h) => structuredClone(h)),
        settings: self.settings ? structuredClone(self.settings) : null,
      };
    },
    async putSettings(settings: PlannerSettings) {
      self.settings = structuredClone(settings);
    },
    async putHistory(h: SavedHistory) {
      history.set(h.id, structuredClone(h));
    },
    async putRecord(record: ScenarioRecord) {
      records.set(record.id, structuredClone(record));
    },
    async deleteRecord(id: string) {
      records.delete(id);
      history.delete(id);
    },
    async putMeta(meta: PlannerMeta) {
      self.meta = structuredClone(meta);
    },
  };
  return self;
}
