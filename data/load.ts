/**
 * Reading scenario, result and offer files from disk: the one reader every command uses (Node only; the
 * browser reads files itself and calls parseScenarioText / parseResultText from data/schema.ts, which
 * share the guards of data/document-text.ts). In order, each refusing with an ordinary validation issue
 * naming the path, so the command line reports every kind of bad input the same way:
 *
 * 1. the file's size from stat, before reading: over MAX_DOCUMENT_BYTES it is refused unread;
 * 2. strict UTF-8 decoding (a byte-order mark is fine): a byte that is not UTF-8 is refused with its
 *    line, column and byte offset;
 * 3. parseJsonText: nesting depth by a linear scan, then JSON.parse with line and column on a syntax error;
 * 4. the zod schema (parseScenario / parseResult), the same for every command.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Result, Scenario } from '../solver/types';
import { clipMessage, decodeDocument, sizeIssue } from './document-text';
import { DOCUMENT_PATH, formatIssues, parseJsonText, parseResult, parseScenario, type ParseOutcome, type ValidationIssue } from './schema';

function unreadable(path: string, error: unknown): ParseOutcome<never> {
  const code = (error as NodeJS.ErrnoException).code;
  let message: string;
  switch (code) {
    case 'ENOENT':
      message = `File ${path} does not exist (no such file). Maybe the path is misspelt, or relative to another folder (the current one is ${process.cwd()})?`;
      break;
    case 'EISDIR':
      message = `${path} is a folder, not a file. Maybe add the file name, such as ${path.replace(/\/$/, '')}/scenario.json?`;
      break;
    case 'EACCES':
    case 'EPERM':
      message = `File ${path} cannot be read: permission denied. Maybe check who owns it?`;
      break;
    default:
      message = `File ${path} cannot be read (${(error as Error).message}). Maybe check that it is a readable file?`;
  }
  const issue: ValidationIssue = { path: DOCUMENT_PATH, value: path, message };
  return { ok: false, errors: [issue] };
}

/** The bytes of a file, refused unread when it is over the size limit. */
export function readDocumentBytes(path: string): ParseOutcome<Uint8Array> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return unreadable(path, error);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return unreadable(path, Object.assign(new Error('is a folder'), { code: 'EISDIR' }));
    const tooBig = sizeIssue(stat.size);
    if (tooBig) return { ok: false, errors: [{ ...tooBig, message: tooBig.message.replace(/^The file /, `File ${path} `) }] };
    // Read up to one byte past the limit, so a file that grows (or a pipe) cannot slip through.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.max(65536, Math.min(stat.size + 1, 16 * 1024 * 1024)));
      const got = readSync(fd, chunk, 0, chunk.length, null);
      if (got === 0) break;
      chunks.push(chunk.subarray(0, got));
      total += got;
      const grown = sizeIssue(total);
      if (grown) return { ok: false, errors: [{ ...grown, message: grown.message.replace(/^The file /, `File ${path} `) }] };
    }
    return { ok: true, value: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total) };
  } catch (error) {
    return unreadable(path, error);
  } finally {
    closeSync(fd);
  }
}

/** The text of a file (size-checked and strictly UTF-8), or an issue saying why it could not be read. */
export function readTextFile(path: string): ParseOutcome<string> {
  const bytes = readDocumentBytes(path);
  if (!bytes.ok) return bytes;
  return withFile(decodeDocument(bytes.value), path);
}

/** Read a file and parse it as JSON, with the size, encoding and nesting guards. */
export function readJsonFile(path: string): ParseOutcome<unknown> {
  const text = readTextFile(path);
  return text.ok ? withFile(parseJsonText(text.value), path) : text;
}

/** Read, parse and validate a scenario file. */
export function readScenarioFile(path: string): ParseOutcome<Scenario> {
  const json = readJsonFile(path);
  return json.ok ? parseScenario(json.value) : json;
}

/** Read, parse and validate a result file. */
export function readResultFile(path: string): ParseOutcome<Result> {
  const json = readJsonFile(path);
  return json.ok ? parseResult(json.value) : json;
}

/**
 * The command line's one refusal of a document, the same from every command:
 * "PATH is not a valid scenario; nothing was written." and then one line per issue.
 */
export function refusal(what: string, path: string, errors: readonly ValidationIssue[]): string {
  return clipMessage(`${path} is not a valid ${what}; nothing was written.\n${formatIssues(errors)}`);
}

/** A message about the whole file has no JSON path; say which file it is in instead. */
function withFile<T>(outcome: ParseOutcome<T>, path: string): ParseOutcome<T> {
  if (outcome.ok) return outcome;
  return {
    ok: false,
    errors: outcome.errors.map((issue) =>
      issue.path === DOCUMENT_PATH && issue.value === undefined && issue.message.startsWith('The file ')
        ? { ...issue, message: issue.message.replace(/^The file /, `File ${path} `) }
        : issue,
    ),
  };
}
