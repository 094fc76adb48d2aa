/**
 * Where the consortium workspace keeps its work between visits: IndexedDB in the browser, memory in tests.
 * Its own database rather than a store of the planner's `ks4-planner`: the workspace is a lazily loaded screen
 * most schools never open, and a database of its own can change its layout without a planner version change.
 *
 * Layout of the database `ks4-consortium` (version 1):
 *   workspace  key "current": StoredWorkspace, the consortium being edited (as the document it would save) and
 *              the last joint plan of it (outcome, planning-alone figures); deleted when the consortium closes
 *   aside      key "aside-<ISO time>": AsideEntry, a stored workspace that no longer opened (a consortium saved by
 *              an older version, or a plan that no longer passes the consortium check), kept with the reasons
 *              so nothing is silently dropped; the screen offers it as a file to download, and forgets it
 *              only when the user says so
 * Values are stored by structured clone, as the planner's are.
 */
import type { ConsortiumOutcome } from '../../solver';
import { done, lazyDatabase, request } from '../state/idb';

export interface StoredWorkspace {
  /** The consortium document, unchecked: checked again by the one parser (data/consortium.ts) on every load. */
  consortium: unknown;
  outcome: ConsortiumOutcome | null;
  alone: Record<string, number>;
  /** When it was written (ISO). */
  savedAt: string;
}

export interface AsideEntry {
  id: string;
  keptAt: string;
  /** Why it was kept aside: the checker's lines (file, path, value, hint). */
  reasons: string[];
  workspace: StoredWorkspace;
}

export interface ConsortiumPersistence {
  load(): Promise<{ workspace: StoredWorkspace | null; aside: AsideEntry[] }>;
  /** Writes the workspace; null deletes it (the consortium was closed). */
  save(workspace: StoredWorkspace | null): Promise<void>;
  putAside(entry: AsideEntry): Promise<void>;
  /** Forgets a kept-aside workspace (the user downloaded it, or does not want it). */
  deleteAside(id: string): Promise<void>;
}

const DB_NAME = 'ks4-consortium';
const DB_VERSION = 1;
const CURRENT = 'current';

export function idbConsortiumPersistence(dbName = DB_NAME): ConsortiumPersistence {
  const db = lazyDatabase(dbName, DB_VERSION, (d) => {
    if (!d.objectStoreNames.contains('workspace')) d.createObjectStore('workspace');
    if (!d.objectStoreNames.contains('aside')) d.createObjectStore('aside');
  });
  return {
    async load() {
      const tx = (await db()).transaction(['workspace', 'aside'], 'readonly');
      const [workspace, aside] = await Promise.all([
        request(tx.objectStore('workspace').get(CURRENT) as IDBRequest<StoredWorkspace | undefined>),
        request(tx.objectStore('aside').getAll() as IDBRequest<AsideEntry[]>),
      ]);
      return { workspace: workspace ?? null, aside };
    },
    async save(workspace) {
      const tx = (await db()).transaction(['workspace'], 'readwrite');
      if (workspace) tx.objectStore('workspace').put(workspace, CURRENT);
      else tx.objectStore('workspace').delete(CURRENT);
      await done(tx);
    },
    async putAside(entry) {
      const tx = (await db()).transaction(['aside'], 'readwrite');
      tx.objectStore('aside').put(entry, entry.id);
      await done(tx);
    },
    async deleteAside(id) {
      const tx = (await db()).transaction(['aside'], 'readwrite');
      tx.objectStore('aside').delete(id);
      await done(tx);
    },
  };
}

/** Keeps everything in memory; structuredClone mimics what IndexedDB does to the values. */
export function memoryConsortiumPersistence(): ConsortiumPersistence & { workspace: StoredWorkspace | null; aside: Map<string, AsideEntry>; writes: number } {
  const self = {
    workspace: null as StoredWorkspace | null,
    aside: new Map<string, AsideEntry>(),
    writes: 0,
    async load() {
      return { workspace: self.workspace ? structuredClone(self.workspace) : null, aside: [...self.aside.values()].map((e) => structuredClone(e)) };
    },
    async save(workspace: StoredWorkspace | null) {
      self.writes++;
      self.workspace = workspace ? structuredClone(workspace) : null;
    },
    async putAside(entry: AsideEntry) {
      self.aside.set(entry.id, structuredClone(entry));
    },
    async deleteAside(id: string) {
      self.aside.delete(id);
    },
  };
  return self;
}
