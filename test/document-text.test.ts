/**
 * The document guards of data/document-text.ts (issue 11 items 4, 6, 7): strict UTF-8 with the first bad
 * byte's offset, line and column; the nesting scan before JSON.parse (brackets inside strings do not
 * count); the size limit; clipping long document strings in messages. parseJsonText (the planner's
 * import) applies the size and depth guards too.
 */
import { describe, expect, it } from 'vitest';
import { clip, clipMessage, decodeDocument, depthIssue, firstBadUtf8Byte, MAX_DOCUMENT_BYTES, MAX_DOCUMENT_DEPTH, sizeIssue } from '../data/document-text';
import { parseJsonText, parseScenarioText } from '../data/schema';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('strict UTF-8', () => {
  it('finds the first byte that is not well-formed UTF-8', () => {
    expect(firstBadUtf8Byte(bytes('Zoë 李 😀'))).toBe(-1);
    expect(firstBadUtf8Byte(bytes('ab', [0xe9], 'c'))).toBe(2); // Latin-1 é
    expect(firstBadUtf8Byte(bytes('a', [0xc0, 0xaf]))).toBe(1); // overlong "/"
    expect(firstBadUtf8Byte(bytes('a', [0xe0, 0x80, 0xaf]))).toBe(1); // overlong, three bytes
    expect(firstBadUtf8Byte(bytes('a', [0xf0, 0x80, 0x80, 0xaf]))).toBe(1); // overlong, four bytes
    expect(firstBadUtf8Byte(bytes('ab', [0xed, 0xa0, 0x80]))).toBe(2); // a surrogate
    expect(firstBadUtf8Byte(bytes([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // above U+10FFFF
    expect(firstBadUtf8Byte(bytes('abc', [0xe2, 0x82]))).toBe(3); // cut short
    expect(firstBadUtf8Byte(bytes([0xff]))).toBe(0);
  });

  it('decodes UTF-8 (a byte-order mark is dropped) and refuses anything else with line, column and offset', () => {
    expect(decodeDocument(bytes([0xef, 0xbb, 0xbf], '{"a":"é"}'))).toEqual({ ok: true, value: '{"a":"é"}' });
    const latin1 = decodeDocument(bytes('{\n "name": "Ren', [0xe9], '"\n}'));
    expect(latin1.ok).toBe(false);
    if (!latin1.ok) {
      expect(latin1.errors[0].message).toMatch(/^The file is not UTF-8: line 2, column 14 \(byte offset 15\) has byte E9, which is not UTF-8 \(in Windows-1252 or Latin-1 it is "é"\)\./);
      expect(latin1.errors[0].message).toMatch(/save it as UTF-8/);
      expect(latin1.errors[0].message).toMatch(/CSV importers.*read Windows-1252/);
    }
    const first = decodeDocument(bytes([0xc0, 0xaf]));
    expect(!first.ok && first.errors[0].message).toMatch(/line 1, column 1 \(byte offset 0\) has an overlong UTF-8 form \(bytes C0 AF\)/);
    const after = decodeDocument(bytes('"李', [0xed, 0xa0, 0x80]));
    expect(!after.ok && after.errors[0].message).toMatch(/line 1, column 3 \(byte offset 4\) has an encoded UTF-16 surrogate/);
  });
});

describe('nesting and size', () => {
  it('counts [ and { outside strings only, and names where the limit is passed', () => {
    expect(depthIssue('['.repeat(MAX_DOCUMENT_DEPTH) + ']'.repeat(MAX_DOCUMENT_DEPTH))).toBeUndefined();
    expect(depthIssue(`{"a":"${'['.repeat(1000)}","b":"\\"[[[["}`)).toBeUndefined();
    expect(depthIssue('[]'.repeat(100_000))).toBeUndefined();
    expect(depthIssue('\n  ' + '['.repeat(MAX_DOCUMENT_DEPTH + 1))?.message).toMatch(/more than 64 levels deep \(at line 2, column 67\)/);
  });

  it('parseJsonText refuses deep and oversized text before JSON.parse (the planner import uses it)', () => {
    const deep = parseJsonText('['.repeat(100_000));
    expect(!deep.ok && deep.errors[0].message).toMatch(/^The file nests lists and objects more than 64 levels deep/);
    const scenario = parseScenarioText(`{"x":${'{"y":'.repeat(200_000)}1${'}'.repeat(200_000)}}`);
    expect(!scenario.ok && scenario.errors[0].message).toMatch(/more than 64 levels deep/);
    expect(sizeIssue(MAX_DOCUMENT_BYTES)).toBeUndefined();
    expect(sizeIssue(104_857_600)?.message).toMatch(/^The file is 104,857,600 bytes; the largest accepted is 52,428,800\./);
    const big = parseJsonText(' '.repeat(MAX_DOCUMENT_BYTES + 1));
    expect(!big.ok && big.errors[0].message).toMatch(/^The file is 52,428,801 characters; the largest accepted is 52,428,800\./);
  });
});

describe('clipping document strings', () => {
  it('clips long names and ids with their length, and leaves short ones alone', () => {
    expect(clip('HIS')).toBe('HIS');
    expect(clip('x'.repeat(80))).toBe('x'.repeat(80));
    expect(clip('x'.repeat(104_857_600 / 100))).toBe(`${'x'.repeat(60)}… (1,048,576 characters)`);
    expect(clipMessage(`Student ${'S'.repeat(200)}, chooses NOPE.`)).toBe(`Student ${'S'.repeat(60)}… (200 characters), chooses NOPE.`);
    const spaced = clipMessage(`Name: ${'a b '.repeat(1000)}`);
    expect(spaced.length).toBeLessThan(1100);
    expect(spaced).toMatch(/… \(4,006 characters\)$/);
  });
});
