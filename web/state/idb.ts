/**
 * IndexedDB plumbing shared by the planner's saved work (state/persist.ts) and the consortium workspace
 * (consortium/persist.ts): a request or a transaction as a promise, and a database opened once, lazily, with
 * the messages a user sees when the browser refuses it.
 */

/** One request's result, or its error. */
export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** Resolves when the transaction has committed; rejects when it aborts or fails. */
export function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
}

/**
 * A getter of the database `dbName` at `version`, opened on first call and kept: `upgrade` creates the stores
 * a newer version needs (it must only add what is missing, as it runs on every upgrade).
 */
export function lazyDatabase(dbName: string, version: number, upgrade: (db: IDBDatabase) => void): () => Promise<IDBDatabase> {
  let opening: Promise<IDBDatabase> | null = null;
  return () => {
    opening ??= new Promise((resolve, reject) => {
      if (typeof indexedDB === 'undefined') {
        reject(new Error('this browser has no IndexedDB (a private window may turn it off)'));
        return;
      }
      const req = indexedDB.open(dbName, version);
      req.onupgradeneeded = () => upgrade(req.result);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('could not open IndexedDB'));
      req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab of the planner'));
    });
    return opening;
  };
}
