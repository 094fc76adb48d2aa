/**
 * Times in the server's messages, in the school's own time zone (default Europe/London), as people say them:
 * "Friday 14 February 2027, 17:00 (GMT)". Stored and sent times stay UTC milliseconds and ISO 8601 strings;
 * only the words shown to pupils change. A deadline in late March or in summer is in BST, an hour off UTC,
 * and "17:00 UTC" would then read as 18:00 to a pupil in England.
 */
export const DEFAULT_TIME_ZONE = 'Europe/London';

/** Whether the runtime knows this IANA zone ('Europe/London', 'UTC'); Intl throws a RangeError for unknown ones. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function parts(ms: number, zone: string, options: Intl.DateTimeFormatOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', timeZoneName: 'short', ...options }).formatToParts(new Date(ms))) out[p.type] = p.value;
  return out;
}

/** "Friday 14 February 2027, 17:00 (GMT)". */
export function schoolDateTime(ms: number, zone: string = DEFAULT_TIME_ZONE): string {
  const p = parts(ms, zone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute} (${p.timeZoneName})`;
}

/** "09:15 (GMT)": for a time within the hour. */
export function schoolClock(ms: number, zone: string = DEFAULT_TIME_ZONE): string {
  const p = parts(ms, zone, { hour: '2-digit', minute: '2-digit' });
  return `${p.hour}:${p.minute} (${p.timeZoneName})`;
}
