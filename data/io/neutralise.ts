/**
 * Formula-injection neutralising for every CSV and spreadsheet cell the planner writes.
 *
 * A spreadsheet program treats a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
 * return as a formula (or strips the control character and then does), so a student called
 * `=HYPERLINK(...)` in an export could run something on the timetabler's machine. The OWASP advice is
 * to prefix such cells with an apostrophe, which spreadsheets show as text.
 *
 * The rule here is made reversible so that export followed by import gives back the same text:
 * - neutralise: a text that matches /^'*[=+\-@\t\r]/ (any run of apostrophes, then a dangerous
 *   character) gets one more apostrophe in front;
 * - restore: a text that matches /^'+[=+\-@\t\r]/ loses its first apostrophe.
 * Every other text is left alone, so the two are exact inverses on all strings.
 */

const DANGEROUS = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;

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
  return /^[=+\-@\t\r]/.test(text);
}
