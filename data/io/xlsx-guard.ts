/**
 * Checks an .xlsx (a zip file) before it is unzipped, so a "zip bomb" (a few kilobytes that inflate to
 * hundreds of megabytes) is refused in milliseconds instead of filling memory for a minute and failing
 * with a stack overflow. Browser-safe: reads the file's own bytes, and inflates with the platform's
 * DecompressionStream when there is one.
 *
 * 1. `zipDeclaredSizeProblem` reads the zip's End Of Central Directory record and every central
 *    directory entry: the entry count and the total uncompressed size the entries read-excel-file
 *    unzips declare (its .xml and .xml.rels parts; images and the like are left zipped) must be within
 *    XLSX_LIMITS, and no entry may declare more than deflate can produce from its compressed size.
 * 2. `zipInflatedProblem` inflates each entry as a stream, counting bytes, and stops at the limit (a zip
 *    can lie about its sizes); it also tracks how deeply the XML nests and stops past XLSX_LIMITS.depth.
 * Each returns a message for the user, or null when the file is within the limits.
 */

export const XLSX_LIMITS = {
  /** Total uncompressed bytes of every entry. A 5,000-pupil export is about 3 MB unzipped. */
  bytes: 50 * 1024 * 1024,
  /** Entries in the zip (a workbook has a few dozen). */
  entries: 5000,
  /** Nesting depth of XML elements (a worksheet nests about 5 deep). */
  depth: 256,
};

/** The entries read-excel-file unzips (it leaves out images, printer settings and the like). */
const isRead = (name: string) => name.endsWith('.xml') || name.endsWith('.xml.rels');

const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

const tooBig = (size: number, declared: boolean) =>
  `This .xlsx file ${declared ? `says it unzips to ${mb(size)}, more than the ${mb(XLSX_LIMITS.bytes)}` : `unzips to more than the ${mb(XLSX_LIMITS.bytes)} (though its zip directory says less)`} the planner reads (a workbook of 5,000 pupils is about 3 MB unzipped), so it was not opened. Maybe it is not the file you meant, or it holds other large sheets: save just the sheet with the pupils as .xlsx or CSV and import that.`;

interface Entry {
  name: string;
  method: number;
  compressed: number;
  size: number;
  /** Offset of the entry's local header. */
  local: number;
}

function u16(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8);
}
function u32(b: Uint8Array, i: number): number {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) + b[i + 3] * 0x1000000;
}
function u64(b: Uint8Array, i: number): number {
  return u32(b, i) + u32(b, i + 4) * 0x100000000;
}

/** The central directory's entries, or a message when the zip's directory cannot be read. */
function readDirectory(bytes: Uint8Array): Entry[] | string {
  const damaged = 'This file could not be read as an Excel .xlsx workbook (its zip directory is damaged or missing). Maybe it is damaged or another kind of file? Try saving it again from Excel as .xlsx or CSV.';
  // The End Of Central Directory record: 22 bytes plus a comment of up to 65,535, at the end.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return damaged;
  let count = u16(bytes, eocd + 10);
  let offset = u32(bytes, eocd + 16);
  // ZIP64: the real count and offset are in the ZIP64 record the locator just before points to.
  if ((count === 0xffff || offset === 0xffffffff) && eocd >= 20 && u32(bytes, eocd - 20) === 0x07064b50) {
    const at = u64(bytes, eocd - 12);
    if (at + 56 > bytes.length || u32(bytes, at) !== 0x06064b50) return damaged;
    count = u64(bytes, at + 32);
    offset = u64(bytes, at + 48);
  }
  if (count > XLSX_LIMITS.entries) {
    return `This .xlsx file holds ${count.toLocaleString('en-GB')} files inside, more than the ${XLSX_LIMITS.entries.toLocaleString('en-GB')} a workbook could need, so it was not opened. Maybe it is not a spreadsheet? Save the sheet with the pupils as .xlsx or CSV and import that.`;
  }
  const entries: Entry[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) return damaged;
    const nameLength = u16(bytes, p + 28);
    const extraLength = u16(bytes, p + 30);
    const commentLength = u16(bytes, p + 32);
    let compressed = u32(bytes, p + 20);
    let size = u32(bytes, p + 24);
    let local = u32(bytes, p + 42);
    // ZIP64 extra field (0x0001): 8-byte sizes and offset for each field that reads 0xFFFFFFFF, in that order.
    for (let e = p + 46 + nameLength; e + 4 <= p + 46 + nameLength + extraLength; ) {
      const id = u16(bytes, e);
      const len = u16(bytes, e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) (size = u64(bytes, q)), (q += 8);
        if (compressed === 0xffffffff) (compressed = u64(bytes, q)), (q += 8);
        if (local === 0xffffffff) local = u64(bytes, q);
      }
      e += 4 + len;
    }
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength));
    entries.push({ name, method: u16(bytes, p + 10), compressed, size, local });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * The problem with an .xlsx's zip directory, before anything is unzipped: too many entries, a declared
 * uncompressed total over the limit, or a damaged directory. Null when it may be read.
 */
export function zipDeclaredSizeProblem(bytes: Uint8Array): string | null {
  const entries = readDirectory(bytes);
  if (typeof entries === 'string') return entries;
  let total = 0;
  for (const e of entries) {
    if (!isRead(e.name)) continue;
    total += e.size;
    // Deflate cannot expand more than about 1,032 times; a bigger claim is a lie either way.
    if (e.method === 8 && e.size > e.compressed * 1100 + 1024) total = Math.max(total, XLSX_LIMITS.bytes + 1);
  }
  if (total > XLSX_LIMITS.bytes) return tooBig(total, true);
  return null;
}

/** Counts element nesting in XML bytes as they stream in, across chunk boundaries. */
class DepthCounter {
  depth = 0;
  deepest = 0;
  private inTag = false;
  private tagStart = false;
  private closing = false;
  private skip = false;
  private prev = 0;
  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (!this.inTag) {
        if (c === 0x3c) {
          this.inTag = true;
          this.tagStart = true;
          this.closing = false;
          this.skip = false;
        }
      } else if (this.tagStart) {
        this.tagStart = false;
        if (c === 0x2f) this.closing = true;
        else if (c === 0x3f || c === 0x21) this.skip = true;
        if (c === 0x3e) this.inTag = false;
      } else if (c === 0x3e) {
        this.inTag = false;
        if (this.skip) {
          // <?...?> and <!...>: no element.
        } else if (this.closing) {
          this.depth--;
        } else if (this.prev !== 0x2f) {
          this.depth++;
          if (this.depth > this.deepest) this.deepest = this.depth;
        }
      }
      this.prev = c;
    }
  }
}

/**
 * Inflates every entry as a stream, counting the bytes and the XML nesting, and stops at the limits:
 * the check that holds even when the zip's directory lies about its sizes. Null when within them, or
 * when the platform has no DecompressionStream (the declared sizes were still checked).
 */
export async function zipInflatedProblem(bytes: Uint8Array): Promise<string | null> {
  if (typeof DecompressionStream === 'undefined' || typeof ReadableStream === 'undefined') return null;
  const entries = readDirectory(bytes);
  if (typeof entries === 'string') return entries;
  let total = 0;
  for (const e of entries) {
    if (!isRead(e.name)) continue;
    if (e.local + 30 > bytes.length || u32(bytes, e.local) !== 0x04034b50) return 'This .xlsx file is damaged (an entry of its zip cannot be found). Try saving it again from Excel as .xlsx or CSV.';
    const start = e.local + 30 + u16(bytes, e.local + 26) + u16(bytes, e.local + 28);
    const data = bytes.subarray(start, Math.min(bytes.length, start + e.compressed));
    const depth = new DepthCounter();
    if (e.method === 0) {
      total += data.length;
      depth.push(data);
    } else if (e.method === 8) {
      let reader: ReadableStreamDefaultReader<Uint8Array>;
      try {
        const source = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(data);
            controller.close();
          },
        });
        reader = source.pipeThrough(new DecompressionStream('deflate-raw') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>).getReader();
      } catch {
        return null; // No streams here after all: the declared sizes were checked.
      }
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          total += value.length;
          if (total > XLSX_LIMITS.bytes) {
            await reader.cancel().catch(() => undefined);
            return tooBig(XLSX_LIMITS.bytes, false);
          }
          depth.push(value);
          if (depth.deepest > XLSX_LIMITS.depth) {
            await reader.cancel().catch(() => undefined);
            break;
          }
        }
      } catch {
        return null; // A damaged entry: read-excel-file says so in its own words.
      }
    }
    if (total > XLSX_LIMITS.bytes) return tooBig(XLSX_LIMITS.bytes, false);
    if (depth.deepest > XLSX_LIMITS.depth) {
      return `This .xlsx file's ${e.name} nests more than ${XLSX_LIMITS.depth} levels deep (a worksheet nests about 5), so it was not opened. Maybe it is not a spreadsheet Excel wrote? Save the sheet with the pupils as .xlsx or CSV and import that.`;
    }
  }
  return null;
}
