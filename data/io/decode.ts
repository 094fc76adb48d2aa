/**
 * Bytes of a CSV file to text. Schools' files arrive as UTF-8 with a byte-order mark (Excel's
 * "CSV UTF-8"), UTF-8 without one (Google Sheets, Microsoft Forms, most MIS exports), Windows-1252
 * (Excel's plain "CSV (Comma delimited)" on a UK Windows machine) or UTF-16 (Excel's "Unicode Text").
 * Browser-safe: TextDecoder only.
 */

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'utf-8 and windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /**
   * When the bytes are not valid UTF-8: the parts of `text` (character offsets, [start, end)) that were
   * decoded as Windows-1252, a line each (merged when adjacent). Lines that are valid UTF-8 stay UTF-8.
   */
  windows1252?: [number, number][];
}

/**
 * Decodes `bytes`, choosing the encoding from a byte-order mark when there is one, else UTF-8 when the
 * bytes are valid UTF-8, else Windows-1252. Windows-1252 never fails (every byte is a character), and
 * text in it is almost never valid UTF-8 by accident (an accented letter is one byte above 0x7F, which
 * UTF-8 forbids on its own), so the order of trying is safe.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le', { ignoreBOM: true }).decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be', { ignoreBOM: true }).decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return decodeByLine(bytes);
  }
}

/**
 * Bytes that are not valid UTF-8 as a whole, decoded a line at a time: a line that is valid UTF-8 stays
 * UTF-8, any other is read as Windows-1252. A file joined from two machines (one saving UTF-8, one
 * Excel's Windows-1252) is then read right on both halves, where decoding it all as Windows-1252 turns
 * every UTF-8 accent into two letters ('RenÃ©e'). Lines are split at the LF byte, which is never part of
 * a longer character in either encoding. The encoding is 'windows-1252' when no line with letters
 * beyond ASCII was valid UTF-8.
 */
function decodeByLine(bytes: Uint8Array): DecodedText {
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  const parts: string[] = [];
  const ranges: [number, number][] = [];
  let length = 0;
  let utf8Lines = 0;
  // Runs of lines in one encoding are decoded together: [runStart, from) is the current run.
  let runStart = 0;
  let runIs1252 = false;
  const flush = (to: number) => {
    if (to <= runStart) return;
    const chunk = bytes.subarray(runStart, to);
    const text = runIs1252 ? decodeWindows1252(chunk) : utf8.decode(chunk);
    if (runIs1252) ranges.push([length, length + text.length]);
    parts.push(text);
    length += text.length;
    runStart = to;
  };
  for (let from = 0; from < bytes.length; ) {
    let to = bytes.indexOf(0x0a, from);
    to = to < 0 ? bytes.length : to + 1;
    // An ASCII line reads the same either way; it goes with the UTF-8 runs, so the ranges name only
    // the lines that needed Windows-1252.
    const kind = utf8Kind(bytes, from, to);
    const is1252 = kind === 'invalid';
    if (kind === 'utf-8') utf8Lines++;
    if (is1252 !== runIs1252) {
      flush(from);
      runIs1252 = is1252;
    }
    from = to;
  }
  flush(bytes.length);
  return { text: parts.join(''), encoding: utf8Lines > 0 ? 'utf-8 and windows-1252' : 'windows-1252', windows1252: ranges };
}

/** Whether bytes[from, to) are plain ASCII, valid UTF-8 with more than ASCII, or not valid UTF-8. */
function utf8Kind(b: Uint8Array, from: number, to: number): 'ascii' | 'utf-8' | 'invalid' {
  let ascii = true;
  const cont = (i: number, lo = 0x80, hi = 0xbf) => i < to && b[i] >= lo && b[i] <= hi;
  for (let i = from; i < to; i++) {
    const c = b[i];
    if (c < 0x80) continue;
    ascii = false;
    if (c >= 0xc2 && c <= 0xdf) {
      if (!cont(i + 1)) return 'invalid';
      i += 1;
    } else if (c >= 0xe0 && c <= 0xef) {
      const lo = c === 0xe0 ? 0xa0 : 0x80;
      const hi = c === 0xed ? 0x9f : 0xbf;
      if (!cont(i + 1, lo, hi) || !cont(i + 2)) return 'invalid';
      i += 2;
    } else if (c >= 0xf0 && c <= 0xf4) {
      const lo = c === 0xf0 ? 0x90 : 0x80;
      const hi = c === 0xf4 ? 0x8f : 0xbf;
      if (!cont(i + 1, lo, hi) || !cont(i + 2) || !cont(i + 3)) return 'invalid';
      i += 3;
    } else {
      return 'invalid';
    }
  }
  return ascii ? 'ascii' : 'utf-8';
}

/**
 * Windows-1252's characters for bytes 0x80..0x9F (curly quotes, the euro sign, dashes), indexed by
 * byte - 0x80; null where the code page leaves the byte undefined. Browsers' TextDecoder('windows-1252')
 * already does this, but Node's (built without full ICU data) decodes those bytes as Latin-1 control
 * characters, which would turn O’Brien into "O\u0092Brien"; mapping them here makes both agree.
 */
const CP1252_HIGH: (string | null)[] = [
  '\u20ac', null, '\u201a', '\u0192', '\u201e', '\u2026', '\u2020', '\u2021', '\u02c6', '\u2030', '\u0160', '\u2039', '\u0152', null, '\u017d', null,
  null, '\u2018', '\u2019', '\u201c', '\u201d', '\u2022', '\u2013', '\u2014', '\u02dc', '\u2122', '\u0161', '\u203a', '\u0153', null, '\u017e', '\u0178',
];

export function decodeWindows1252(bytes: Uint8Array): string {
  const text = new TextDecoder('windows-1252').decode(bytes);
  return text.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

/** UTF-8 bytes of `text` with a byte-order mark, which Excel needs to open a UTF-8 CSV correctly. */
export function encodeUtf8WithBom(text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf], 0);
  out.set(body, 3);
  return out;
}
