/**
 * Removing a course that pupils chose (Offer screen). Deleting it outright would leave every such pupil
 * choosing a course that does not exist (one error each, and no solve), so a dialog offers what a head
 * means: use each pupil's next reserve, keep the choice unmet (the course stays, withdrawn, running no
 * groups), or move the pupils to another course. One undoable edit (actions.dropCourse).
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { Scenario } from '../../solver';
import { courseTakers, dropCourse, removeItem, type DropHow } from '../state/actions';

export function RemoveCourseButton({ scenario, index, label }: { scenario: Scenario; index: number; label: string }) {
  const [open, setOpen] = useState(false);
  const course = scenario.courses[index];
  const onClick = () => {
    const t = course?.id ? courseTakers(scenario, course.id) : { choosing: 0, reserving: 0 };
    if (!course?.id || t.choosing + t.reserving === 0) removeItem('courses', index);
    else setOpen(true);
  };
  return (
    <>
      <button type="button" className="plain" aria-label={label} title={label} onClick={onClick}>
        ✕
      </button>
      {open && course && <DropCourseDialog scenario={scenario} courseId={course.id} onClose={() => setOpen(false)} />}
    </>
  );
}

export function DropCourseDialog({ scenario, courseId, onClose }: { scenario: Scenario; courseId: string; onClose: () => void }) {
  const title = useId();
  const course = scenario.courses.find((c) => c.id === courseId)!;
  const others = scenario.courses.filter((c) => c.id !== courseId && !(c as { withdrawn?: unknown }).withdrawn);
  const { choosing, reserving } = courseTakers(scenario, courseId);
  const [kind, setKind] = useState<DropHow['kind']>('reserve');
  const [to, setTo] = useState(others[0]?.id ?? '');
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const pupils = (n: number) => `${n} pupil${n === 1 ? '' : 's'}`;
  const name = `${course.name || course.id} (${course.id})`;
  return (
    <div className="dialog-backdrop">
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={title}
        data-testid="drop-course"
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
        }}
        onSubmit={(e) => {
          e.preventDefault();
          dropCourse(courseId, kind === 'move' ? { kind, to } : { kind });
          onClose();
        }}
      >
        <h2 id={title}>Remove {name}?</h2>
        <p>
          {pupils(choosing)} chose it{reserving > 0 ? `, and ${pupils(reserving)} hold it as a reserve` : ''}. What should happen to their choice?
        </p>
        <fieldset>
          <legend>For each pupil who chose it</legend>
          <label>
            <input ref={first} type="radio" name="drop-how" value="reserve" checked={kind === 'reserve'} onChange={() => setKind('reserve')} /> Drop it and use each pupil's next reserve
          </label>
          <label>
            <input type="radio" name="drop-how" value="unmet" checked={kind === 'unmet'} onChange={() => setKind('unmet')} /> Drop it and leave the choice unmet (the
            course stays on the list, withdrawn, with no groups)
          </label>
          <label>
            <input type="radio" name="drop-how" value="move" checked={kind === 'move'} onChange={() => setKind('move')} disabled={others.length === 0} /> Move these pupils
            to another course
          </label>
          {kind === 'move' && (
            <label>
              <span>Course to move them to </span>
              <select value={to} onChange={(e) => setTo(e.target.value)}>
                {others.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({c.id})
                  </option>
                ))}
              </select>
              <span className="muted"> (a pupil who already chose it takes their next reserve instead)</span>
            </label>
          )}
        </fieldset>
        <div className="dialog-actions">
          <button type="submit" className="danger">
            Remove {course.id}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
