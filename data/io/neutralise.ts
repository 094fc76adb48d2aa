/**
 * Formula-injection neutralising for every CSV and spreadsheet cell the planner writes.
 *
 * A spreadsheet program treats a text cell that starts with `=`, `+`, `-` or `@` as a formula, and
 * Excel, LibreOffice and Google Sheets skip what comes before it when they look: spaces, a no-break
 * space, a zero-width space, a byte-order mark, tabs, line breaks and other control characters (and
 * some read the full-width `＝＋－＠` as the plain ones). So a student called `=HYPERLINK(...)`, or
 * ` =HYPERLINK(...)` with a no-break space in front, could run something on the timetabler's machine.
 * The OWASP advice is to prefix such cells with an apostrophe, which spreadsheets show as text.
 *
 * The rule here is made reversible so that export followed by import gives back the same text:
 * - neutralise: a text that is any run of apostrophes, then either a tab or carriage return, or any
 *   run of SKIPPED characters followed by a TRIGGER, gets one more apostrophe in front;
 * - restore: a text that is one or more apostrophes and then the same loses its first apostrophe.
 * Every other text is left alone, so the two are exact inverses on all strings.
 *
 * For .xlsx, write.ts strips the characters XML cannot hold before neutralising (see `xmlSafe`), so the
 * text stored is the text checked.
 */

/**
 * Characters a spreadsheet skips before deciding a cell is a formula: every Unicode space and line
 * break (\s: space, tab, LF, CR, VT, FF, NBSP, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F,
 * U+3000, BOM U+FEFF), C0 and C1 control characters, zero-width and direction marks (U+200B-U+200F,
 * U+202A-U+202E, U+2060-U+2064, U+2066-U+206F), soft hyphen, Mongolian vowel separator.
 */
export const SKIPPED = '\\s\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff';
/** Characters that start a formula: = + - @ and their full-width forms. */
export const TRIGGERS = '=+\\-@\\uff1d\\uff0b\\uff0d\\uff20';

const RISK = `(?:[\\t\\r]|[${SKIPPED}]*[${TRIGGERS}])`;
const DANGEROUS = new RegExp(`^'*${RISK}`);
const NEUTRALISED = new RegExp(`^'+${RISK}`);
const FORMULA = new RegExp(`^${RISK}`);

/** The text to write in a CSV or spreadsheet cell for `text`. */
export function neutralise(text: string): string {
  return DANGEROUS.test(text) ? `'${text}` : text;
}

/** The original text of a cell written by `neutralise` (and of any cell a person escaped the same way). */
export function restore(text: string): string {
  return NEUTRALISED.test(text) ? text.slice(1) : text;
}

/** True when a spreadsheet would read `text` as a formula if it were written unchanged. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA.test(text);
}

/**
 * `text` without the characters an .xlsx (XML 1.0) cannot hold or write-excel-file leaves out: C0
 * controls other than tab, LF and CR, U+FFFD-U+FFFF, lone surrogates, and the discouraged U+007F-U+0084,
 * U+0086-U+009F, U+FDD0-U+FDEF and each plane's last two code points. Stripped before neutralising, so
 * a cell like "\u0001=1+1" cannot lose its control character after the check and be stored as "=1+1".
 */
export function xmlSafe(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufdd0-\ufdef\ufffd-\uffff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/g, '$1')
    .replace(/[\ud83f\ud87f\ud8bf\ud8ff\ud93f\ud97f\ud9bf\ud9ff\uda3f\uda7f\udabf\udaff\udb3f\udb7f\udbbf\udbff][\udffe\udfff]/g, '');
}
