/**
 * Reading files for the import wizard: in a Web Worker when the page can start one (so a large
 * workbook never freezes the page), else on the page's thread. The same data/io readTable runs in
 * both places, so the table is identical.
 */
import * as Comlink from 'comlink';
import { readTable, type ReadTableOptions, type Table } from '../../data/io';
import type { ReadWorkerApi } from './read-worker';

export type TableReader = (bytes: Uint8Array, fileName: string, options?: ReadTableOptions) => Promise<Table>;

/** Reads on the page's thread. */
export const mainThreadReader: TableReader = (bytes, fileName, options = {}) => readTable(bytes, fileName, options);

/**
 * A reader backed by one lazily started module worker. If the worker cannot start (an old browser, a
 * strict content security policy), it falls back to the page's thread for this and every later call.
 * Errors thrown by readTable keep their name (FileReadError) and message across the worker boundary.
 */
export function workerReader(): TableReader {
  let worker: Worker | null = null;
  let api: Comlink.Remote<ReadWorkerApi> | null = null;
  let broken = typeof Worker === 'undefined';
  let failed: Promise<never> | null = null;
  return async (bytes, fileName, options = {}) => {
    if (broken) return mainThreadReader(bytes, fileName, options);
    try {
      if (!worker) {
        worker = new Worker(new URL('./read-worker.ts', import.meta.url), { type: 'module' });
        const w = worker;
        failed = new Promise<never>((_, reject) => w.addEventListener('error', () => reject(new Error('worker failed to start')), { once: true }));
        api = Comlink.wrap<ReadWorkerApi>(worker);
      }
      // Send a copy: the wizard keeps its bytes to read again with another header row or sheet.
      const copy = bytes.slice();
      return await Promise.race([api!.readTable(Comlink.transfer(copy, [copy.buffer]), fileName, options), failed!]);
    } catch (e) {
      if ((e as Error).name === 'FileReadError') throw e;
      if ((e as Error).message === 'worker failed to start') {
        broken = true;
        worker?.terminate();
        return mainThreadReader(bytes, fileName, options);
      }
      throw e;
    }
  };
}
