/**
 * A link from a "needs data" note on the Results screen to the Course types panel of the Offer screen.
 * The hash is the route (#/offer), so the panel cannot be named in it: the link leaves a request here
 * and the panel, once mounted, scrolls itself into view and takes the focus.
 */
import type { ReactNode } from 'react';

export const COURSE_TYPES_ID = 'course-types';

let pending = false;

/** True once after a CourseTypesLink was followed; the panel calls it when it mounts. */
export function takeCourseTypesFocus(): boolean {
  const was = pending;
  pending = false;
  return was;
}

export function CourseTypesLink({ children }: { children: ReactNode }) {
  return (
    <a href="#/offer" data-testid="course-types-link" onClick={() => { pending = true; }}>
      {children}
    </a>
  );
}
