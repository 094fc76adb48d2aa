/**
 * Reading scenario and result files from disk (Node only; the browser reads files itself and calls
 * parseScenarioText / parseResultText from data/schema.ts). A file that is missing or unreadable
 * becomes an ordinary validation issue naming the path, so the command line reports every kind of
 * bad input the same way.
 */
import { readFileSync } from 'node:fs';
import type { Result, Scenario } from '../solver/types';
import { DOCUMENT_PATH, parseResultText, parseScenarioText, type ParseOutcome, type ValidationIssue } from './schema';

/** The text of a file, or an issue saying why it could not be read, with a hint for the usual causes. */
export function readTextFile(path: string): ParseOutcome<string> {
  try {
    return { ok: true, value: readFileSync(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    let message: string;
    switch (code) {
      case 'ENOENT':
        message = `File ${path} does not exist. Maybe the path is misspelt, or relative to another folder (the current one is ${process.cwd()})?`;
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
}

/** Read, parse and validate a scenario file. */
export function readScenarioFile(path: string): ParseOutcome<Scenario> {
  const text = readTextFile(path);
  return text.ok ? withFile(parseScenarioText(text.value), path) : text;
}

/** Read, parse and validate a result file. */
export function readResultFile(path: string): ParseOutcome<Result> {
  const text = readTextFile(path);
  return text.ok ? withFile(parseResultText(text.value), path) : text;
}

/** A JSON syntax error has no JSON path; say which file it is in instead. */
function withFile<T>(outcome: ParseOutcome<T>, path: string): ParseOutcome<T> {
  if (outcome.ok) return outcome;
  return {
    ok: false,
    errors: outcome.errors.map((issue) =>
      issue.path === DOCUMENT_PATH && issue.value === undefined && issue.message.startsWith('The file ')
        ? { ...issue, value: path, message: issue.message.replace(/^The file /, `File ${path} `) }
        : issue,
    ),
  };
}
