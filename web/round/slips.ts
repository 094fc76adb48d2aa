/**
 * What the timetabler hands each pupil after opening a round: the link to sign in at, the deadline in
 * words, and (per pupil) the one-time access code, as printable slips (SlipsSheet.tsx) and as a mail-merge
 * CSV for Word or the school's messaging system. The CSV is written by the project's CSV writer
 * (data/io/write.ts toCsv), which formula-neutralises every text cell (data/io/neutralise.ts): a pupil
 * called "=HYPERLINK(...)" is text in Excel, not a formula.
 */
import type { IssuedCodeWire } from '../../data/options-round';
import { toCsvBytes, type SheetRows } from '../../data/io/write';

/** The pupils' sign-in page: the options server's origin with `?round` (docs/server.md). '' means this page's own origin. */
export function roundLink(server: string, pageOrigin: string = typeof location === 'undefined' ? '' : location.origin): string {
  return `${server || pageOrigin}/?round`;
}

/**
 * The link split where a printed line may break: the server's address, then "/?round" kept whole. Broken
 * anywhere, a slip read "Go to https://options.school.example/?" and "round (or scan the code)" on the next
 * line, and a pupil typing the first line only lands on the planner, not the sign-in page.
 */
export function linkLines(link: string): [string, string] {
  const at = link.lastIndexOf('/?');
  return at > 0 ? [link.slice(0, at), link.slice(at)] : [link, ''];
}

/** The staff page (web/staff/) opened on this round: what the head of year watches the round on. */
export function staffLink(server: string, roundId: string, pageOrigin: string = typeof location === 'undefined' ? '' : location.origin): string {
  return `${server || pageOrigin}/?staff=${encodeURIComponent(roundId)}`;
}

/** "Sunday 14 February 2027 at 17:00" in the reader's own time zone (the machine's, unless given). */
export function deadlineInWords(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const opts = timeZone ? { timeZone } : {};
  // Weekday and date apart: ICU's en-GB puts a comma after the weekday, which a letter would not.
  const day = `${d.toLocaleDateString('en-GB', { weekday: 'long', ...opts })} ${d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', ...opts })}`;
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', ...opts });
  return `${day} at ${time}`;
}

/**
 * A `<input type="datetime-local">` value ("2027-02-14T17:00", the machine's local time) as ISO 8601 with
 * its zone ("2027-02-14T17:00:00.000Z"), which the server requires; undefined when it is not a date and time.
 */
export function localInputToIso(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return undefined;
  const d = new Date(value); // a date-time without a zone is local time (ECMAScript Date.parse)
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The local date and time of `ms` as a datetime-local input value. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export const MAIL_MERGE_HEADER = ['Adno', 'Name', 'Code', 'Link', 'Deadline'] as const;

/** One row a pupil, in invitation order: Adno, Name, Code, Link, Deadline (in words). */
export function mailMergeRows(codes: readonly IssuedCodeWire[], link: string, deadlineWords: string): SheetRows {
  return [[...MAIL_MERGE_HEADER], ...codes.map((c) => [c.admissionNumber, c.name, c.code, link, deadlineWords])];
}

/** The mail-merge CSV as bytes (UTF-8 with a byte-order mark, so Excel shows accented names right). */
export function mailMergeCsv(codes: readonly IssuedCodeWire[], link: string, deadlineWords: string): Uint8Array {
  return toCsvBytes(mailMergeRows(codes, link, deadlineWords));
}

/** "options-codes-year-9-options-2027.csv" */
export function mailMergeFileName(roundName: string): string {
  const stem = roundName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'round';
  return `options-codes-${stem}.csv`;
}
