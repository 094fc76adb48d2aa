/**
 * A module worker that reads CSV and .xlsx files off the page's thread: unzipping and parsing a
 * 5,000-row workbook takes around a second, which would freeze the wizard if done on the page.
 * Exposed with comlink; see worker-reader.ts for the page side. readTable checks an .xlsx's zip
 * directory and inflated size before read-excel-file unzips it (data/io/xlsx-guard.ts), here as on the
 * page's thread and in Node, so a zip bomb is refused with a FileReadError (its message crosses the
 * worker boundary) instead of filling the worker's memory.
 */
import * as Comlink from 'comlink';
import { readTable, type ReadTableOptions } from '../../data/io/table';

const api = {
  readTable(bytes: Uint8Array, fileName: string, options: ReadTableOptions) {
    return readTable(bytes, fileName, options);
  },
};
export type ReadWorkerApi = typeof api;
Comlink.expose(api);
