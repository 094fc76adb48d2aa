/**
 * A filter asked of the Students screen by a link on another screen ("Show them on the Students screen"
 * beside figures that count students who have not chosen). The planner routes by the bare hash
 * (#/students), so the filter is not in the URL: it is held here until the Students screen mounts and
 * takes it, once.
 */

/** The Students screen's "Show" filters a link may ask for. */
export type RequestedStudentFilter = 'no-choices';

let requested: RequestedStudentFilter | null = null;

/** Opens the Students screen showing only the students with no choices. */
export function showStudentsWithoutChoices(): void {
  requested = 'no-choices';
  if (typeof location === 'undefined') return;
  if (location.hash === '#/students') {
    // Already there: the screen took any request when it mounted, so tell it through the event it listens for.
    window.dispatchEvent(new Event(STUDENT_FILTER_EVENT));
  } else location.hash = '#/students';
}

/** Fired when a filter is asked for while the Students screen is open. */
export const STUDENT_FILTER_EVENT = 'ks4-student-filter';

/** The filter asked for, if any, cleared as it is taken. */
export function takeRequestedStudentFilter(): RequestedStudentFilter | null {
  const r = requested;
  requested = null;
  return r;
}
