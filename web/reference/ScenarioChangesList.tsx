/**
 * What changed in the scenario since the blocking was published (solver/reference scenarioChanges), as
 * counts with a list under each that opens: pupils, staff, rooms, courses and blocks, in the words of the
 * Offer and Students screens.
 */
import type { ReactNode } from 'react';
import type { Scenario, ScenarioChanges } from '../../solver';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function Part({ title, testId, summary, items }: { title: string; testId: string; summary: string; items: ReactNode[] }) {
  if (items.length === 0) return null;
  return (
    <details data-testid={testId}>
      <summary>
        <strong>{title}:</strong> {summary}
      </summary>
      <ul>{items}</ul>
    </details>
  );
}

export function ScenarioChangesList({ changes, published, current }: { changes: ScenarioChanges; published: Scenario; current: Scenario }) {
  const courseName = new Map([...published.courses, ...current.courses].map((c) => [c.id, c.name]));
  const courses = (ids: readonly string[]) => ids.map((id) => courseName.get(id) ?? id).join(', ') || 'none';
  const pupilName = new Map([...published.students, ...current.students].map((s) => [s.id, s.name ?? s.id]));
  const staffName = new Map([...(published.staff ?? []), ...(current.staff ?? [])].map((t) => [t.id, t.name ?? t.id]));
  const who = (names: Map<string, string>, id: string) => (names.get(id) && names.get(id) !== id ? `${names.get(id)} (${id})` : id);
  const { pupils, staff, rooms, blocks } = changes;
  if (changes.total === 0) return <p data-testid="scenario-changes">Nothing in the scenario has changed since it was published.</p>;
  return (
    <div data-testid="scenario-changes" className="reference-scenario-changes">
      <Part
        title="Pupils"
        testId="changes-pupils"
        summary={`${plural(pupils.added.length, 'joined', 'joined')}, ${plural(pupils.removed.length, 'left', 'left')}, ${plural(pupils.changed.length, 'changed their choices', 'changed their choices')}`}
        items={[
          ...pupils.added.map((id) => <li key={`a${id}`}>{who(pupilName, id)} joined</li>),
          ...pupils.removed.map((id) => <li key={`r${id}`}>{who(pupilName, id)} left</li>),
          ...pupils.changed.map((p) => (
            <li key={`c${p.id}`} data-student={p.id}>
              {who(pupilName, p.id)}:{' '}
              {[
                p.choices &&
                  `choices ${courses(p.choices.before)} → ${courses(p.choices.after)}${p.choices.added.length ? ` (added ${courses(p.choices.added)})` : ''}${p.choices.removed.length ? ` (dropped ${courses(p.choices.removed)})` : ''}${p.choices.reordered ? ' (order changed)' : ''}`,
                p.reserves && `reserves ${courses(p.reserves.before)} → ${courses(p.reserves.after)}`,
                p.pathway && `pathway ${p.pathway.before ?? 'none'} → ${p.pathway.after ?? 'none'}`,
              ]
                .filter(Boolean)
                .join('; ')}
            </li>
          )),
        ]}
      />
      <Part
        title="Staff"
        testId="changes-staff"
        summary={`${plural(staff.added.length, 'added', 'added')}, ${plural(staff.removed.length, 'left', 'left')}, ${plural(staff.changed.length, 'changed', 'changed')}`}
        items={[
          ...staff.added.map((id) => <li key={`a${id}`}>{who(staffName, id)} added</li>),
          ...staff.removed.map((id) => <li key={`r${id}`}>{who(staffName, id)} left</li>),
          ...staff.changed.map((t) => (
            <li key={`c${t.id}`}>
              {who(staffName, t.id)}:{' '}
              {[
                t.courses?.added.length && `can now teach ${courses(t.courses.added)}`,
                t.courses?.removed.length && `no longer teaches ${courses(t.courses.removed)}`,
                t.unavailable?.added.length && `now away in ${t.unavailable.added.join(', ')}`,
                t.unavailable?.removed.length && `now available in ${t.unavailable.removed.join(', ')}`,
                t.maxGroups && `most groups ${t.maxGroups.before ?? 'any'} → ${t.maxGroups.after ?? 'any'}`,
              ]
                .filter(Boolean)
                .join('; ')}
            </li>
          )),
        ]}
      />
      <Part
        title="Rooms"
        testId="changes-rooms"
        summary={`${plural(rooms.added.length, 'added', 'added')}, ${plural(rooms.removed.length, 'removed', 'removed')}, ${plural(rooms.changed.length, 'changed', 'changed')}`}
        items={[
          ...rooms.added.map((id) => <li key={`a${id}`}>{id} added</li>),
          ...rooms.removed.map((id) => <li key={`r${id}`}>{id} removed</li>),
          ...rooms.changed.map((r) => (
            <li key={`c${r.id}`}>
              {r.name ? `${r.name} (${r.id})` : r.id}:{' '}
              {[
                r.type && `type ${r.type.before} → ${r.type.after}`,
                r.capacity && `capacity ${r.capacity.before} → ${r.capacity.after}`,
                r.unavailable?.added.length && `now unavailable in ${r.unavailable.added.join(', ')}`,
                r.unavailable?.removed.length && `now available in ${r.unavailable.removed.join(', ')}`,
              ]
                .filter(Boolean)
                .join('; ')}
            </li>
          )),
        ]}
      />
      <Part
        title="Courses"
        testId="changes-courses"
        summary={`${plural(changes.courses.added.length, 'added', 'added')}, ${plural(changes.courses.removed.length, 'removed', 'removed')}, ${plural(changes.courses.changed.length, 'changed', 'changed')}`}
        items={[
          ...changes.courses.added.map((id) => <li key={`a${id}`}>{courseName.get(id) ?? id} added</li>),
          ...changes.courses.removed.map((id) => <li key={`r${id}`}>{courseName.get(id) ?? id} removed</li>),
          ...changes.courses.changed.map((c) => (
            <li key={`c${c.id}`}>
              {c.name}: {c.fields.map((f) => `${f.words} ${show(f.before)} → ${show(f.after)}`).join('; ')}
            </li>
          )),
        ]}
      />
      <Part
        title="Blocks"
        testId="changes-blocks"
        summary={`${plural(blocks.added.length, 'added', 'added')}, ${plural(blocks.removed.length, 'removed', 'removed')}`}
        items={[...blocks.added.map((b) => <li key={`a${b}`}>block {b} added</li>), ...blocks.removed.map((b) => <li key={`r${b}`}>block {b} removed</li>)]}
      />
    </div>
  );
}

/** A course setting as the Offer screen shows it: "not set" for none, lists joined. */
function show(v: unknown): string {
  if (v === null || v === undefined) return 'not set';
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}
