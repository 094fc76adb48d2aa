/**
 * The guards every JSON document passes before JSON.parse, shared by the command line (data/load.ts reads
 * the bytes) and the planner (data/schema.ts parseJsonText, which the web import calls). Pure: no Node,
 * no DOM.
 *
 * - Size: a document larger than MAX_DOCUMENT_BYTES is refused before it is read or parsed. The largest
 *   real school document (2,000 students with every optional field) is a few megabytes; 50 MB is far
 *   above anything a school writes and keeps JSON.parse well under a second.
 * - Encoding: the bytes must be UTF-8 (docs/format.md: "Both documents are UTF-8 JSON"). Anything else
 *   (Latin-1 or Windows-1252, overlong forms, encoded surrogates) is refused with the byte offset, the
 *   line and column, and a hint, rather than silently replaced (which would change a name or an id).
 *   A byte-order mark is accepted.
 * - Nesting: more than MAX_DOCUMENT_DEPTH levels of [ and { are refused by a linear scan before
 *   JSON.parse (whose recursion would otherwise overflow the stack). A scenario nests at most 5 levels.
 */
import type { ValidationIssue } from './schema';

/** The largest document accepted, in bytes (and in characters for text already in memory). */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;
/** The deepest nesting of [ and { accepted. Real documents reach 5 or 6. */
export const MAX_DOCUMENT_DEPTH = 64;

const PATH = '(document)';

/** 104857600 -> "104,857,600". */
export function count(n: number): string {
  return n.toLocaleString('en-GB');
}

/** Text longer than `max` characters is cut to its first `keep` with an ellipsis and its length: "ABC… (104,857,600 characters)". */
export function clip(text: string, max = 80, keep = 60): string {
  return text.length > max ? `${text.slice(0, keep)}… (${count(text.length)} characters)` : text;
}

/**
 * A message that may quote document strings, made safe to print: any run of more than 80 characters
 * without a space is clipped, and then any line longer than 1,000 characters.
 */
export function clipMessage(message: string): string {
  if (message.length <= 80) return message;
  return message
    .replace(/[^\s]{81,}/g, (run) => {
      // Punctuation after a quoted string stays outside the count: "NNN… (1,000,000 characters),".
      const tail = /[,.;:!?)\]]*$/.exec(run)?.[0] ?? '';
      return clip(run.slice(0, run.length - tail.length)) + tail;
    })
    .split('\n')
    .map((line) => clip(line, 1000, 1000))
    .join('\n');
}

function issue(message: string): ValidationIssue {
  return { path: PATH, value: undefined, message };
}

/** The size check, for a file's byte count before it is read. */
export function sizeIssue(bytes: number, unit: 'bytes' | 'characters' = 'bytes'): ValidationIssue | undefined {
  if (bytes <= MAX_DOCUMENT_BYTES) return undefined;
  return issue(
    `The file is ${count(bytes)} ${unit}; the largest accepted is ${count(MAX_DOCUMENT_BYTES)}. ` +
      'Maybe it is not a scenario or result at all, or was written wrongly? No school document comes near that size.',
  );
}

/** Line and column (both from 1) of a character offset in a text. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The nesting check: one pass over the text counting [ and { outside strings. Returns an issue at the
 * first bracket past the limit, or undefined. Malformed JSON is left for JSON.parse to report.
 */
export function depthIssue(text: string, maxDepth = MAX_DOCUMENT_DEPTH): ValidationIssue | undefined {
  let depth = 0;
  let inString = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > maxDepth) {
        const { line, column } = lineColumn(text, i);
        return issue(
          `The file nests lists and objects more than ${maxDepth} levels deep (at line ${line}, column ${column}). ` +
            'No scenario, result or offer nests more than a few levels. Maybe the file is not one of these documents, or was written wrongly?',
        );
      }
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      if (depth > 0) depth--;
    }
  }
  return undefined;
}

/**
 * The offset of the first byte that is not part of a well-formed UTF-8 sequence (the Unicode standard's
 * table: no overlong forms, no encoded surrogates, nothing above U+10FFFF), or -1 when all are.
 */
export function firstBadUtf8Byte(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** What a bad byte most likely is, for the message. */
function describeBadBytes(bytes: Uint8Array, at: number): string {
  const b = bytes[at];
  const hex = (x: number) => x.toString(16).toUpperCase().padStart(2, '0');
  const shown = Array.from(bytes.subarray(at, Math.min(bytes.length, at + 3)), hex).join(' ');
  if (b === 0xc0 || b === 0xc1 || (b === 0xe0 && (bytes[at + 1] ?? 0) < 0xa0) || (b === 0xf0 && (bytes[at + 1] ?? 0) < 0x90)) {
    return `an overlong UTF-8 form (bytes ${shown})`;
  }
  if (b === 0xed && (bytes[at + 1] ?? 0) >= 0xa0) return `an encoded UTF-16 surrogate, which UTF-8 does not allow (bytes ${shown})`;
  if (b >= 0x80 && b <= 0xff) return `byte ${hex(b)}, which is not UTF-8 (in Windows-1252 or Latin-1 it is "${new TextDecoder('windows-1252').decode(bytes.subarray(at, at + 1))}")`;
  return `bytes ${shown}`;
}

/**
 * The bytes of a document as text, decoded strictly as UTF-8 (a byte-order mark is dropped). On a byte
 * that is not UTF-8: an issue giving its line, column and byte offset, and a hint.
 */
export function decodeDocument(bytes: Uint8Array): { ok: true; value: string } | { ok: false; errors: ValidationIssue[] } {
  try {
    return { ok: true, value: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const at = Math.max(0, firstBadUtf8Byte(bytes));
    // Everything before `at` is well-formed, so the line and column can be counted on its decoded text.
    const lineStart = at > 0 ? bytes.lastIndexOf(10, at - 1) + 1 : 0;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (bytes[i] === 10) line++;
    const column = [...new TextDecoder('utf-8').decode(bytes.subarray(lineStart, at))].length + 1;
    return {
      ok: false,
      errors: [
        issue(
          `The file is not UTF-8: line ${line}, column ${column} (byte offset ${count(at)}) has ${describeBadBytes(bytes, at)}. ` +
            'Maybe it was saved as Windows-1252 or Latin-1 by an older editor or spreadsheet? Open it and save it as UTF-8 ' +
            '(the CSV importers, ks4 import and the planner\'s Import…, read Windows-1252 themselves; these JSON documents must be UTF-8).',
        ),
      ],
    };
  }
}
