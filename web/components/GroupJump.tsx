/**
 * "Go to group": type a course code, a group or part of a course name and press Enter; the group's card
 * takes the focus. Enter again with the same course walks through its groups. The suggestions are the
 * browser's own list (a datalist), so the field stays an ordinary text box to assistive technology.
 */
import { useId, useState } from 'react';
import { findGroup, type JumpGroup } from './cardGrid';

export function GroupJump({ groups, current, onJump }: { groups: readonly JumpGroup[]; current: string | null; onJump: (groupId: string) => void }) {
  const [query, setQuery] = useState('');
  const [note, setNote] = useState<{ error: boolean; text: string } | null>(null);
  const listId = useId();
  const noteId = useId();
  return (
    <form
      className="jump"
      role="search"
      aria-label="Go to a group"
      onSubmit={(e) => {
        e.preventDefault();
        if (!query.trim()) {
          setNote({ error: true, text: 'Type a course code (DT) or a group (DT-1).' });
          return;
        }
        const hit = findGroup(groups, query, current);
        if (!hit) {
          setNote({ error: true, text: `No group matches "${query.trim()}". Try a course code (DT) or a group (DT-1).` });
          return;
        }
        setNote(hit.of > 1 ? { error: false, text: `Group ${hit.index + 1} of ${hit.of}: Go again for the ${hit.index + 1 < hit.of ? 'next' : 'first'}.` } : null);
        onJump(hit.id);
      }}
    >
      <label>
        <span>Go to group</span>
        <input
          type="text"
          list={listId}
          value={query}
          autoComplete="off"
          spellCheck={false}
          size={12}
          placeholder="e.g. DT or DT-1"
          aria-describedby={note ? noteId : undefined}
          aria-invalid={note?.error ? true : undefined}
          onChange={(e) => {
            setQuery(e.target.value);
            setNote(null);
          }}
        />
      </label>
      <datalist id={listId}>
        {groups.map((g) => (
          <option key={g.id} value={g.id} label={`${g.courseName}, block ${g.blocks.join('+')}`} />
        ))}
      </datalist>
      <button type="submit">Go</button>
      <span id={noteId} className={note?.error ? 'small-error' : 'muted small'} aria-live="polite">
        {note?.text ?? ''}
      </span>
    </form>
  );
}
