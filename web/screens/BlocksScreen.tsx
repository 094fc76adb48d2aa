/**
 * The blocking as a grid: blocks as columns, each group a card (course, size against its maximum,
 * teacher, room). Cards move by drag and drop or, from the keyboard, with their "Move to" list; every
 * change re-seats the students in the worker and the figures update.
 */
import { memo, useMemo, useState } from 'react';
import type { Course, ResultGroup, Scenario } from '../../solver/types';
import { addGroup, blocksFor, moveGroup, pinnedIds, removeGroup, togglePin } from '../state/actions';
import { usePlanner } from '../state/store';
import { SolveBar } from '../components/SolveBar';
import { SummaryFigures } from '../components/Figures';

function StaleNote() {
  return <p className="note warn">The scenario has changed since this blocking was made. Solve again to bring it up to date.</p>;
}

export function BlocksScreen() {
  const rec = usePlanner((s) => (s.currentId ? s.records[s.currentId] : null));
  const busy = usePlanner((s) => s.solve.status !== 'idle');
  const solvingHere = usePlanner((s) => s.solve.status === 'solving' && s.solve.recordId === s.currentId);
  if (!rec) return null;
  const { scenario, result } = rec;
  return (
    <div className="screen blocks-screen">
      <h2>Blocks: {scenario.name}</h2>
      <SolveBar />
      {result ? (
        <>
          <SummaryFigures result={result} stale={rec.resultStale} />
          {rec.resultStale && <StaleNote />}
          <AddGroupForm scenario={scenario} busy={busy} />
          <BlockGrid scenario={scenario} groups={result.groups} busy={busy} />
          {result.diagnostics && result.diagnostics.length > 0 && (
            <section aria-label="Problems found">
              <h3>Problems found</h3>
              <ul>{result.diagnostics.map((d, i) => <li key={i}>{d}</li>)}</ul>
            </section>
          )}
        </>
      ) : (
        <p className="note">
          {solvingHere
            ? 'Building the first blocking from the students\' choices: the groups appear here when the solve ends (or press Cancel to take the best so far).'
            : 'No blocking yet. Press Solve to build one from the students\' choices.'}
        </p>
      )}
    </div>
  );
}

function AddGroupForm({ scenario, busy }: { scenario: Scenario; busy: boolean }) {
  const [course, setCourse] = useState(scenario.courses[0]?.id ?? '');
  const [block, setBlock] = useState(scenario.blocks[0] ?? '');
  return (
    <form
      className="addgroup"
      aria-label="Add a group"
      onSubmit={(e) => {
        e.preventDefault();
        void addGroup(course, block);
      }}
    >
      <label>
        <span>Add a group of</span>
        <select value={course} onChange={(e) => setCourse(e.target.value)}>
          {scenario.courses.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.id})
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>in block</span>
        <select value={block} onChange={(e) => setBlock(e.target.value)}>
          {scenario.blocks.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy}>
        Add group
      </button>
    </form>
  );
}

interface Lookups {
  courses: Map<string, Course>;
  staff: Map<string, string>;
  rooms: Map<string, string>;
  sites: Map<string, string>;
  pinned: Set<string>;
  staffListed: boolean;
  roomsListed: boolean;
  fit: boolean;
}

function BlockGrid({ scenario, groups, busy }: { scenario: Scenario; groups: ResultGroup[]; busy: boolean }) {
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const look: Lookups = useMemo(
    () => ({
      courses: new Map(scenario.courses.map((c) => [c.id, c])),
      staff: new Map((scenario.staff ?? []).map((t) => [t.id, t.name ?? t.id])),
      rooms: new Map((scenario.rooms ?? []).map((r) => [r.id, r.name ?? r.id])),
      sites: new Map((scenario.sites ?? []).map((s) => [s.id, s.name])),
      pinned: pinnedIds(scenario),
      staffListed: (scenario.staff?.length ?? 0) > 0,
      roomsListed: (scenario.rooms?.length ?? 0) > 0,
      fit: scenario.mode === 'fit',
    }),
    [scenario],
  );
  const byBlock = useMemo(() => {
    const m = new Map<string, ResultGroup[]>(scenario.blocks.map((b) => [b, []]));
    const sorted = [...groups].sort((a, b) => (a.course < b.course ? -1 : a.course > b.course ? 1 : a.id < b.id ? -1 : 1));
    for (const g of sorted) for (const b of g.blocks) m.get(b)?.push(g);
    return m;
  }, [groups, scenario.blocks]);
  const dragged = dragging ? groups.find((g) => g.id === dragging) : undefined;
  const draggedCourse = dragged ? look.courses.get(dragged.course) : undefined;

  return (
    <div className="grid" aria-label="Option blocks" style={{ gridTemplateColumns: `repeat(${scenario.blocks.length}, minmax(11rem, 1fr))` }}>
      {scenario.blocks.map((block) => {
        const list = byBlock.get(block) ?? [];
        const allowed = draggedCourse ? typeof blocksFor(scenario, draggedCourse, block) !== 'string' : true;
        const seats = list.reduce((n, g) => n + g.students.length, 0);
        return (
          <section
            key={block}
            className={`column${dragging ? (allowed ? ' can-drop' : ' no-drop') : ''}${over === block && allowed ? ' over' : ''}`}
            aria-label={`Block ${block}`}
            data-block={block}
            onDragOver={(e) => {
              if (!dragging || !allowed) return;
              e.preventDefault();
              e.dataTransfer.dropEffect = 'move';
              if (over !== block) setOver(block);
            }}
            onDragLeave={() => setOver((o) => (o === block ? null : o))}
            onDrop={(e) => {
              e.preventDefault();
              const id = e.dataTransfer.getData('text/plain') || dragging;
              setDragging(null);
              setOver(null);
              if (id) void moveGroup(id, block);
            }}
          >
            <h3>
              Block {block}
              <span className="muted">
                {' '}
                {list.length} group{list.length === 1 ? '' : 's'} · {seats} seats
              </span>
            </h3>
            <ul className="cards">
              {list.map((g) => (
                <GroupCard
                  key={g.id}
                  group={g}
                  block={block}
                  blocks={scenario.blocks}
                  look={look}
                  busy={busy}
                  onDragStart={() => setDragging(g.id)}
                  onDragEnd={() => {
                    setDragging(null);
                    setOver(null);
                  }}
                />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

const GroupCard = memo(function GroupCard({
  group: g,
  block,
  blocks,
  look,
  busy,
  onDragStart,
  onDragEnd,
}: {
  group: ResultGroup;
  block: string;
  blocks: string[];
  look: Lookups;
  busy: boolean;
  onDragStart: () => void;
  onDragEnd: () => void;
}) {
  const course = look.courses.get(g.course);
  const max = course?.maxGroupSize ?? 0;
  const size = g.students.length;
  const min = course?.minGroupSize ?? 0;
  const pinned = look.pinned.has(g.id);
  const partner = course?.site && course.site !== 'home' ? look.sites.get(course.site) ?? course.site : null;
  const continued = g.blocks.length > 1 && g.blocks[0] !== block;
  const yearsNote = g.years && g.years.length === 1 ? `Year ${g.years[0]} only` : null;
  const teacher = g.staff.map((t) => look.staff.get(t) ?? t).join(', ');
  const room = g.room ? look.rooms.get(g.room) ?? g.room : null;
  const needsTeacher = !partner && look.staffListed;
  const needsRoom = !partner && look.roomsListed && (course?.roomType || (course?.rooms?.length ?? 0) > 0);
  const fill = max > 0 ? Math.min(1, size / max) : 0;
  const state = size > max ? 'over' : size < min && size > 0 ? 'under' : size === 0 ? 'empty' : 'ok';
  const label = `${course?.name ?? g.course} group ${g.id}, ${size} of ${max} students`;
  return (
    <li
      className={`card${pinned ? ' pinned' : ''}${continued ? ' continued' : ''}`}
      draggable={!busy}
      onDragStart={(e) => {
        e.dataTransfer.setData('text/plain', g.id);
        e.dataTransfer.effectAllowed = 'move';
        onDragStart();
      }}
      onDragEnd={onDragEnd}
      aria-label={label}
      data-group={g.id}
    >
      <div className="card-head">
        <span className="course">{course?.name ?? g.course}</span>
        <span className="gid">{g.id}</span>
      </div>
      <div className={`size ${state}`}>
        <span>
          {size} / {max}
          {min > 0 && size < min && size > 0 ? ` (min ${min})` : ''}
        </span>
        <span className="bar" aria-hidden="true">
          <span style={{ width: `${Math.round(fill * 100)}%` }} />
        </span>
      </div>
      <div className="who">
        {partner ? (
          <span>At {partner}</span>
        ) : (
          <>
            <span className={needsTeacher && !teacher ? 'missing' : ''}>{teacher || (needsTeacher ? 'No teacher' : 'Teacher not needed')}</span>
            {(room || needsRoom) && <span className={needsRoom && !room ? 'missing' : ''}>{room ?? 'No room'}</span>}
          </>
        )}
        {g.blocks.length > 1 && <span className="tag">Double: {g.blocks.join('+')}</span>}
        {yearsNote && <span className="tag">{yearsNote}</span>}
      </div>
      {!continued && (
        <div className="card-actions">
          <label>
            <span className="visually-hidden">Move {g.id} to block</span>
            <select
              value=""
              disabled={busy}
              onChange={(e) => {
                if (e.target.value) void moveGroup(g.id, e.target.value);
              }}
            >
              <option value="">Move to…</option>
              {blocks
                .filter((b) => !g.blocks.includes(b))
                .map((b) => (
                  <option key={b} value={b}>
                    Block {b}
                  </option>
                ))}
            </select>
          </label>
          {!look.fit && (
            <button type="button" aria-pressed={pinned} onClick={() => togglePin(g.id)} aria-label={`${pinned ? 'Unpin' : 'Pin'} ${g.id}`} title={pinned ? 'Pinned: the next solve keeps it here' : 'Pin here for the next solve'}>
              {pinned ? 'Pinned' : 'Pin'}
            </button>
          )}
          <button type="button" disabled={busy} onClick={() => void removeGroup(g.id)} aria-label={`Remove ${g.id}`}>
            Remove
          </button>
        </div>
      )}
    </li>
  );
});
