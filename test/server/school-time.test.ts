/** Times in the server's messages are the school's clock (Europe/London by default), with GMT or BST said. */
import { describe, expect, it } from 'vitest';
import { isTimeZone, schoolClock, schoolDateTime } from '../../server/school-time';

describe("the school's time in messages", () => {
  it('says GMT in winter and BST in summer, an hour on from UTC', () => {
    expect(schoolDateTime(Date.parse('2027-02-14T17:00:00Z'))).toBe('Sunday 14 February 2027, 17:00 (GMT)');
    expect(schoolDateTime(Date.parse('2027-06-30T16:00:00Z'))).toBe('Wednesday 30 June 2027, 17:00 (BST)');
    // The clocks go forward at 01:00 UTC on the last Sunday of March.
    expect(schoolClock(Date.parse('2027-03-28T00:59:00Z'))).toBe('00:59 (GMT)');
    expect(schoolClock(Date.parse('2027-03-28T01:00:00Z'))).toBe('02:00 (BST)');
    expect(schoolDateTime(Date.parse('2027-06-30T16:00:00Z'), 'UTC')).toBe('Wednesday 30 June 2027, 16:00 (UTC)');
  });
  it('knows real zones and refuses made-up ones', () => {
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('Europe/Belfast')).toBe(true);
    expect(isTimeZone('Middle Earth')).toBe(false);
  });
});
