/**
 * "New school": start a school's own options round from nothing. A small form (the name, the option
 * blocks with a count shortcut, the years) makes an empty scenario (web/state/school.ts), opens it on the
 * Offer screen, and the getting-started list leads through importing or typing each list in any order.
 * Also the getting-started list itself, which every screen shows until there are courses and students.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import type { SheetKind } from '../../data/io/classify';
import type { Scenario } from '../../solver';
import { addItem } from '../state/actions';
import { blockLabels, createSchool, nextSteps, parseBlocks, parseYears } from '../state/school';
import { openImport } from './ImportRouter';

function goTo(route: string): void {
  if (typeof location !== 'undefined' && location.hash !== `#/${route}`) location.hash = `#/${route}`;
}

/** The form, inline; `onDone` after the school is made (or cancelled). */
export function NewSchoolForm({ onDone }: { onDone: () => void }) {
  const id = useId();
  const [name, setName] = useState('');
  const [count, setCount] = useState(5);
  const [blocks, setBlocks] = useState(blockLabels(5).join(', '));
  const [years, setYears] = useState('10, 11');
  const labels = parseBlocks(blocks);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (createSchool({ name, blocks: labels, years: parseYears(years) })) {
      onDone();
      goTo('offer');
    }
  };
  return (
    <form className="new-school" onSubmit={submit} aria-label="New school" data-testid="new-school-form">
      <p className="muted">
        Start your own options round from nothing: nothing of the sample school comes with it. You import (or type) your courses, staff,
        rooms and students&rsquo; choices next, in any order.
      </p>
      <p>
        <label htmlFor={`${id}-name`}>School or options round name </label>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required size={40} placeholder="Hillside Academy, Year 9 options 2027" autoFocus />
      </p>
      <p>
        <label htmlFor={`${id}-count`}>Number of option blocks </label>
        <input
          id={`${id}-count`}
          type="number"
          min={1}
          max={26}
          value={count}
          onChange={(e) => {
            const n = Number(e.target.value);
            setCount(n);
            if (n >= 1 && n <= 26) setBlocks(blockLabels(n).join(', '));
          }}
          style={{ width: '4rem' }}
        />{' '}
        <label htmlFor={`${id}-blocks`}>labelled </label>
        <input id={`${id}-blocks`} value={blocks} onChange={(e) => setBlocks(e.target.value)} size={24} aria-describedby={`${id}-blocks-help`} />{' '}
        <span id={`${id}-blocks-help`} className="muted">
          ({labels.length} block{labels.length === 1 ? '' : 's'}: {labels.join(', ') || 'none'}; A–E also works)
        </span>
      </p>
      <p>
        <label htmlFor={`${id}-years`}>Years the cohort is planned over </label>
        <input id={`${id}-years`} value={years} onChange={(e) => setYears(e.target.value)} size={10} />
      </p>
      <p>
        <button type="submit">Create the school</button>{' '}
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </p>
    </form>
  );
}

/** "New school…", opening the form in place. */
export function NewSchoolButton() {
  const [open, setOpen] = useState(false);
  return open ? (
    <NewSchoolForm onDone={() => setOpen(false)} />
  ) : (
    <button type="button" onClick={() => setOpen(true)}>
      New school…
    </button>
  );
}

/** "New school…" in the header: the form in a dialog over whatever screen is open. */
export function NewSchoolHeaderButton() {
  const ref = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const close = () => {
    ref.current?.close();
    setOpen(false);
  };
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setOpen(true);
          ref.current?.showModal?.();
        }}
      >
        New school…
      </button>
      <dialog ref={ref} aria-labelledby="new-school-title" onClose={() => setOpen(false)} className="new-school-dialog">
        <h2 id="new-school-title" style={{ marginTop: 0 }}>
          New school
        </h2>
        {open && <NewSchoolForm onDone={close} />}
      </dialog>
    </>
  );
}

const IMPORT_LABEL: Record<SheetKind, string> = {
  courses: 'Import your course list…',
  staff: 'Import your staff list…',
  rooms: 'Import your room list…',
  choices: "Import students' choices…",
};

/** A button that asks for a file and opens the import of `kind` with it. */
function ImportButton({ kind }: { kind: SheetKind }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <label className="button-like">
      {IMPORT_LABEL[kind]}
      <input
        ref={input}
        type="file"
        accept=".csv,.tsv,.txt,.xlsx"
        className="visually-hidden"
        data-testid={`start-import-${kind}`}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) openImport(kind, f);
          if (input.current) input.current.value = '';
        }}
      />
    </label>
  );
}

/**
 * What the open scenario has and still needs, with a button for each next step. Every screen shows it
 * while the scenario has no courses or no students; the Blocks and Results screens show only this then.
 */
export function GettingStarted({ scenario }: { scenario: Scenario }) {
  const steps = nextSteps(scenario);
  return (
    <section className="note getting-started" aria-labelledby="getting-started-title" data-testid="getting-started" style={{ marginBottom: '1rem' }}>
      <h2 id="getting-started-title" style={{ marginTop: 0, fontSize: '1.15rem' }}>
        Getting started with {scenario.name}
      </h2>
      <p className="muted">
        Bring in each list from a spreadsheet or CSV, in any order (Import… in the header recognises which list a file is), or type it on the
        Offer screen. Solving needs courses and students&rsquo; choices; staff and rooms are optional.
      </p>
      <ol className="steps" style={{ paddingLeft: '1.2rem' }}>
        {steps.map((s) => (
          <li key={s.kind} data-step={s.kind} data-done={s.done ? 'yes' : 'no'} style={{ margin: '0.35rem 0' }}>
            <span aria-hidden="true">{s.done ? '✓ ' : '○ '}</span>
            <span>{s.text}</span>{' '}
            {!s.done && <ImportButton kind={s.kind} />}{' '}
            {!s.done && s.kind === 'courses' && (
              <button
                type="button"
                onClick={() => {
                  addItem('courses', { id: 'NEW1', name: 'New course', maxGroupSize: 30 });
                  goTo('offer');
                }}
              >
                Add a course
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
