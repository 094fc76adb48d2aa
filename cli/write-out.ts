/**
 * Writing a command's --out file: atomically (a temporary file beside it, then a rename), so a failed
 * write leaves neither a half-written file nor the temporary one, and with one plain message when it
 * cannot be written: "Cannot write the result to out/r.json: no such folder (ENOENT). Nothing was written."
 * `outputProblem` says the same before a long job starts, so a solve is not spent on a file it cannot write.
 */
import { accessSync, constants, existsSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { clip } from '../data/document-text';

/** Exit code for a file that cannot be written (docs/format.md: 2, an internal failure). */
export const WRITE_FAILED = 2;

function why(path: string, code: string | undefined, error: unknown): string {
  switch (code) {
    case 'ENOENT':
      // The folder is missing, or (like /proc) it is there but takes no new files.
      return existsSync(dirname(path)) ? 'the folder takes no new files' : 'no such folder';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    default:
      return clip((error as Error)?.message ?? String(error));
  }
}

function message(what: string, path: string, code: string | undefined, error?: unknown): string {
  return `Cannot write ${what} to ${clip(path)}: ${why(path, code, error)}${code ? ` (${code})` : ''}. Nothing was written.`;
}

/** Why `path` cannot be written, or undefined when its folder exists and is writable and it is not a folder. */
export function outputProblem(path: string, what: string): string | undefined {
  try {
    if (statSync(path).isDirectory()) return message(what, path, 'EISDIR');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return message(what, path, code, error);
  }
  const folder = dirname(path);
  try {
    if (!statSync(folder).isDirectory()) return message(what, path, 'ENOTDIR');
    accessSync(folder, constants.W_OK);
  } catch (error) {
    return message(what, path, (error as NodeJS.ErrnoException).code, error);
  }
  return undefined;
}

/** Write `data` to `path` atomically; a message (and nothing on disk) when it cannot be. */
export function writeOutput(path: string, data: string | Uint8Array, what: string): string | undefined {
  const early = outputProblem(path, what);
  if (early) return early;
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
    return undefined;
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Never created, or already gone.
    }
    return message(what, path, (error as NodeJS.ErrnoException).code, error);
  }
}
