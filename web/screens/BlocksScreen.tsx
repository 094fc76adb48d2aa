/**
 * The blocking as a grid: blocks as columns, each group a card (course, size against its maximum,
 * teacher, room). Every change re-seats the students in the worker and the figures update.
 *
 * Mouse: drag a card onto another block. Keyboard: the grid is one Tab stop (a roving tabindex over the
 * cards, the composite-widget practice of WAI-ARIA): arrow keys go across blocks and up and down a
 * block, Home/End to the ends of a block (with Ctrl, of the grid), typing a course's first letters goes
 * to its next card, Enter opens the card's own controls and Escape comes back to the card. Only the
 * focused card's controls are in the tab order. A group moves only when the user confirms: choose a block
 * in "Move to…" (the arrow keys merely choose) and press Move, or Enter on the list. The focus then
 * follows the card into its new block. "Go to group" above the grid reaches any group by its course.
 */
import { memo, useCallback, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { Course, ResultGroup, Scenario } from '../../solver';
import { addGroup, blocksFor, moveGroup, pinnedIds, removeGroup, togglePin } from '../state/actions';
import { usePlanner } from '../state/store';
import { SolveBar } from '../components/SolveBar';
import { SummaryFigures } from '../components/Figures';
import { GroupJump } from '../components/GroupJump';
import { cardKey, firstCard, moveFrom, type Columns, type JumpGroup } from '../components/cardGrid';

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
        if (!busy) void addGroup(course, block);
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
      {/* Not disabled while re-seating: a focused button that becomes disabled drops the focus to the page. */}
      <button type="submit" aria-disabled={busy || undefined}>
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

const NAV_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End']);
const HELP_ID = 'blocks-keyboard-help';

function BlockGrid({ scenario, groups, busy }: { scenario: Scenario; groups: ResultGroup[]; busy: boolean }) {
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const typed = useRef({ text: '', at: 0 });
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
  // The keyboard's map of the grid, and the groups in the order the screen shows them (for "Go to group").
  const cols: Columns = useMemo(() => scenario.blocks.map((b) => (byBlock.get(b) ?? []).map((g) => cardKey(g.id, b))), [byBlock, scenario.blocks]);
  const jumpList: JumpGroup[] = useMemo(() => {
    const seen = new Set<string>();
    const out: JumpGroup[] = [];
    for (const b of scenario.blocks)
      for (const g of byBlock.get(b) ?? []) {
        if (seen.has(g.id)) continue;
        seen.add(g.id);
        out.push({ id: g.id, course: g.course, courseName: look.courses.get(g.course)?.name ?? g.course, blocks: g.blocks });
      }
    return out;
  }, [byBlock, scenario.blocks, look]);
  const colsRef = useRef(cols);
  colsRef.current = cols;
  const jumpRef = useRef(jumpList);
  jumpRef.current = jumpList;
  const busyRef = useRef(busy);
  busyRef.current = busy;
  const current = active && cols.some((c) => c.includes(active)) ? active : firstCard(cols);

  const focusCard = useCallback((key: string): boolean => {
    const el = gridRef.current?.querySelector<HTMLElement>(`li.card[data-key="${CSS.escape(key)}"]`);
    if (!el) return false;
    setActive(key);
    el.focus();
    return true;
  }, []);
  /** Focuses a group's own card (the first block of a double); false when it is not on screen. */
  const focusGroup = useCallback((id: string): boolean => {
    const el = gridRef.current?.querySelector<HTMLElement>(`li.card[data-group="${CSS.escape(id)}"]:not(.continued)`);
    if (!el?.dataset.key) return false;
    return focusCard(el.dataset.key);
  }, [focusCard]);

  // The group whose card (or one of its controls) has the focus. When a change re-draws that card
  // elsewhere (undo, redo, a move given back), the old element goes and the focus would fall to the page:
  // it follows the card instead. Cleared when the user takes the focus out of the grid.
  const focusedGroup = useRef<string | null>(null);
  useLayoutEffect(() => {
    const id = focusedGroup.current;
    const a = document.activeElement;
    if (id && (!a || a === document.body)) focusGroup(id);
  });

  const onMove = useCallback(
    (id: string, to: string) => {
      if (busyRef.current) return;
      const done = moveGroup(id, to);
      // The card is re-drawn in its new block (or stays, when the move is refused): the focus follows it.
      requestAnimationFrame(() => focusGroup(id));
      // If the re-seat fails the card goes back, and a focus lost with the old card comes back to it.
      void done.then(() => {
        const a = document.activeElement;
        if (!a || a === document.body) focusGroup(id);
      });
    },
    [focusGroup],
  );
  const onRemove = useCallback(
    (id: string, key: string) => {
      if (busyRef.current) return;
      // The focus goes to the card below (or above, or the grid's first) once this one has gone.
      const c = colsRef.current;
      const col = c.find((k) => k.includes(key)) ?? [];
      const others = col.filter((k) => !k.startsWith(`${id}@`));
      const row = Math.min(col.indexOf(key), others.length - 1);
      const next = row >= 0 ? others[row] : firstCard(c.map((k) => k.filter((x) => !x.startsWith(`${id}@`))));
      void removeGroup(id);
      requestAnimationFrame(() => {
        if (next) focusCard(next);
      });
    },
    [focusCard],
  );
  const onDragStart = useCallback((id: string) => setDragging(id), []);
  const onDragEnd = useCallback(() => {
    setDragging(null);
    setOver(null);
  }, []);

  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    const t = e.target as HTMLElement;
    const card = t.closest<HTMLElement>('li.card');
    const key = card?.dataset.key;
    if (!card || !key) return;
    if (t !== card) {
      // Inside a card's controls: Escape goes back to the card. Arrow keys stay the controls' own.
      if (e.key === 'Escape') {
        e.preventDefault();
        focusCard(key);
      }
      return;
    }
    if (e.altKey || e.metaKey) return;
    if (NAV_KEYS.has(e.key)) {
      e.preventDefault();
      const next = moveFrom(colsRef.current, key, e.key, e.ctrlKey);
      if (next) focusCard(next);
      return;
    }
    if (e.ctrlKey) return;
    if (e.key === 'Enter' || e.key === ' ' || e.key === 'F2') {
      e.preventDefault();
      if (card.classList.contains('continued')) focusGroup(card.dataset.group ?? '');
      else card.querySelector<HTMLElement>('.card-actions select, .card-actions button')?.focus();
      return;
    }
    if (e.key.length === 1 && /\S/.test(e.key)) {
      // Type-ahead: the next card whose course code or name starts with what was typed.
      const now = performance.now();
      const text = (now - typed.current.at < 800 ? typed.current.text : '') + e.key.toLowerCase();
      typed.current = { text, at: now };
      const order = colsRef.current.flat();
      const start = order.indexOf(key);
      const courseOf = (k: string) => {
        const g = jumpRef.current.find((x) => x.id === k.slice(0, k.lastIndexOf('@')));
        return g ? [g.course.toLowerCase(), g.courseName.toLowerCase()] : [];
      };
      for (let i = 1; i <= order.length; i++) {
        // A longer prefix may still match the card already focused; a first letter moves on.
        const k = order[(start + (text.length > 1 ? i - 1 : i)) % order.length];
        if (courseOf(k).some((n) => n.startsWith(text))) {
          e.preventDefault();
          if (k !== key) focusCard(k);
          return;
        }
      }
    }
  };

  const dragged = dragging ? groups.find((g) => g.id === dragging) : undefined;
  const draggedCourse = dragged ? look.courses.get(dragged.course) : undefined;

  return (
    <>
      <div className="blocks-tools">
        <GroupJump groups={jumpList} current={current ? current.slice(0, current.lastIndexOf('@')) : null} onJump={focusGroup} />
        <AddGroupForm scenario={scenario} busy={busy} />
      </div>
      <p className="muted small keys-help" id={HELP_ID}>
        Keyboard: Tab to the groups, then the arrow keys move between them (left and right across blocks, up and down within one),
        or type a course code. Enter opens a group&apos;s controls, Escape comes back to the group.
      </p>
      <div
        className="grid"
        role="group"
        aria-label="Option blocks"
        aria-describedby={HELP_ID}
        ref={gridRef}
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          const card = (e.target as HTMLElement).closest<HTMLElement>('li.card');
          const k = card?.dataset.key;
          if (k && k !== active) setActive(k);
          focusedGroup.current = card?.dataset.group ?? null;
        }}
        onBlur={(e) => {
          // A card taken off the page also loses the focus: only a focus moved elsewhere on purpose counts.
          const from = e.target as HTMLElement;
          queueMicrotask(() => {
            if (from.isConnected && !gridRef.current?.contains(document.activeElement)) focusedGroup.current = null;
          });
        }}
        style={{ gridTemplateColumns: `repeat(${scenario.blocks.length}, minmax(11rem, 1fr))` }}
      >
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
                {list.map((g) => {
                  const k = cardKey(g.id, block);
                  return (
                    <GroupCard
                      key={g.id}
                      cardId={k}
                      active={k === current}
                      group={g}
                      block={block}
                      blocks={scenario.blocks}
                      look={look}
                      busy={busy}
                      onMove={onMove}
                      onRemove={onRemove}
                      onDragStart={onDragStart}
                      onDragEnd={onDragEnd}
                    />
                  );
                })}
              </ul>
            </section>
          );
        })}
      </div>
    </>
  );
}

/**
 * Where to move a group: choosing a block only chooses (the arrow keys on a closed list change its value
 * in some browsers, and must not move anything); Move, or Enter on the list, confirms.
 */
function MoveControl({ id, options, busy, tab, onMove }: { id: string; options: string[]; busy: boolean; tab: number; onMove: (id: string, to: string) => void }) {
  const [target, setTarget] = useState('');
  const selectRef = useRef<HTMLSelectElement>(null);
  const confirm = () => {
    if (busy) return;
    if (!target) {
      selectRef.current?.focus();
      return;
    }
    onMove(id, target);
  };
  return (
    <>
      <label>
        <span className="visually-hidden">Move {id} to block</span>
        <select
          ref={selectRef}
          value={target}
          tabIndex={tab}
          aria-disabled={busy || undefined}
          onChange={(e) => setTarget(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && target) {
              e.preventDefault();
              confirm();
            }
          }}
        >
          <option value="">Move to…</option>
          {options.map((b) => (
            <option key={b} value={b}>
              Block {b}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="move"
        tabIndex={tab}
        aria-label={`Move ${id}`}
        aria-disabled={busy || !target || undefined}
        title={target ? `Move ${id} to block ${target}` : 'Choose a block in the list first'}
        onClick={confirm}
      >
        Move
      </button>
    </>
  );
}

/** A comma only a screen reader hears, between the parts of a card's description. */
const Sep = () => <span className="visually-hidden">, </span>;

const GroupCard = memo(function GroupCard({
  cardId,
  active,
  group: g,
  block,
  blocks,
  look,
  busy,
  onMove,
  onRemove,
  onDragStart,
  onDragEnd,
}: {
  cardId: string;
  active: boolean;
  group: ResultGroup;
  block: string;
  blocks: string[];
  look: Lookups;
  busy: boolean;
  onMove: (id: string, to: string) => void;
  onRemove: (id: string, key: string) => void;
  onDragStart: (id: string) => void;
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
  const where = continued ? `block ${block}, continued from block ${g.blocks[0]}` : `block ${block}`;
  const sizeNote = state === 'over' ? ', over the maximum' : state === 'under' ? `, under the minimum of ${min}` : '';
  const label = `${course?.name ?? g.course} group ${g.id}, ${where}, ${size} of ${max} students${sizeNote}${pinned ? ', pinned' : ''}`;
  // Who teaches it where (and any tags) is read after the name, as the card's description.
  const whoId = useId();
  const tab = active ? 0 : -1;
  return (
    <li
      className={`card${pinned ? ' pinned' : ''}${continued ? ' continued' : ''}`}
      tabIndex={tab}
      draggable={!busy}
      onDragStart={(e) => {
        e.dataTransfer.setData('text/plain', g.id);
        e.dataTransfer.effectAllowed = 'move';
        onDragStart(g.id);
      }}
      onDragEnd={onDragEnd}
      aria-label={label}
      aria-describedby={whoId}
      data-group={g.id}
      data-key={cardId}
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
      <div className="who" id={whoId}>
        {partner ? (
          <span>At {partner}</span>
        ) : (
          <>
            <span className={needsTeacher && !teacher ? 'missing' : ''}>{teacher || (needsTeacher ? 'No teacher' : 'Teacher not needed')}</span>
            {(room || needsRoom) && (
              <>
                <Sep />
                <span className={needsRoom && !room ? 'missing' : ''}>{room ?? 'No room'}</span>
              </>
            )}
          </>
        )}
        {g.blocks.length > 1 && (
          <>
            <Sep />
            <span className="tag">Double: {g.blocks.join('+')}</span>
          </>
        )}
        {yearsNote && (
          <>
            <Sep />
            <span className="tag">{yearsNote}</span>
          </>
        )}
      </div>
      {!continued && (
        <div className="card-actions">
          <MoveControl id={g.id} options={blocks.filter((b) => !g.blocks.includes(b))} busy={busy} tab={tab} onMove={onMove} />
          {!look.fit && (
            <button
              type="button"
              tabIndex={tab}
              aria-pressed={pinned}
              onClick={() => togglePin(g.id)}
              aria-label={`${pinned ? 'Unpin' : 'Pin'} ${g.id}`}
              title={pinned ? 'Pinned: the next solve keeps it here' : 'Pin here for the next solve'}
            >
              {pinned ? 'Pinned' : 'Pin'}
            </button>
          )}
          <button type="button" tabIndex={tab} aria-disabled={busy || undefined} onClick={() => !busy && onRemove(g.id, cardId)} aria-label={`Remove ${g.id}`}>
            Remove
          </button>
        </div>
      )}
    </li>
  );
});
