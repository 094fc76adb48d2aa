/**
 * Letters to pupils: the school's name, a date, a contact line and an editable template with merge fields
 * (data/io/letters.ts), a live preview of any pupil's letter, and printing one letter a page (print CSS
 * that shows only the letters and breaks the page after each). The settings are remembered in this
 * browser (localStorage), never in the scenario; the school's name defaults to the scenario's name.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Result, Scenario } from '../../solver';
import { DEFAULT_TEMPLATE, LETTER_FIELD_HELP, LETTER_FIELDS, fillTemplate, formatLetterDate, letterFields, unknownFields, type LetterFields } from '../../data/io/letters';
import { StaleExportDialog } from '../components/StaleExportDialog';
import { resultForScenario, staleNote } from '../state/basis';

export interface LetterText {
  /** The school's name; the scenario's name when missing. */
  school?: string;
  /** Who to contact, for {contact}. */
  contact?: string;
  /** The date: an ISO date ("2027-03-14", shown "14 March 2027") or text as it should appear; today when missing. */
  date?: string;
  /** The template with {fields}; DEFAULT_TEMPLATE when missing or blank. */
  template?: string;
}

/** Print rules: only what is in a print root prints; letters one a page. On screen the letters are cards. */
export const LETTER_CSS = `
.ks4-letters .ks4-letter { max-width: 48rem; margin: 1rem auto; padding: 2rem; border: 1px solid #ccc; background: #fff; color: #000; font: 12pt/1.4 Georgia, serif; }
.ks4-letters .ks4-letter p { white-space: pre-line; margin: 0 0 0.8em; }
.ks4-letters .ks4-letter .ks4-letter-head { text-align: right; }
@media print {
  body:has(> .ks4-print-root) > :not(.ks4-print-root) { display: none !important; }
  .ks4-print-root .ks4-letters .ks4-letter { border: none; margin: 0; max-width: none; padding: 0; break-after: page; page-break-after: always; }
  .ks4-print-root .ks4-letters .ks4-letter:last-child { break-after: auto; page-break-after: auto; }
}
`;
/** Only while letters print: A4 portrait margins. */
const LETTER_PAGE_CSS = `@page { size: A4 portrait; margin: 20mm; }`;

const SETTINGS_KEY = 'ks4.letterSettings.v1';

/** What the user typed in the letter settings; missing fields take their defaults. */
export interface SavedLetterText {
  school?: string;
  contact?: string;
  template?: string;
}

export function loadLetterText(): SavedLetterText {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(SETTINGS_KEY);
    const v = raw ? (JSON.parse(raw) as unknown) : null;
    if (!v || typeof v !== 'object') return {};
    const o = v as Record<string, unknown>;
    const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
    return { school: str(o.school), contact: str(o.contact), template: str(o.template) };
  } catch {
    return {};
  }
}

export function saveLetterText(t: SavedLetterText): void {
  try {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(t));
  } catch {
    // Private browsing or storage full: the settings last until the page closes.
  }
}

/** Today as an ISO date in local time, for the date box. */
export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The settings the merge uses: school name, formatted date and contact, from what was typed and the defaults. */
export function mergeSettings(scenario: Scenario, text: LetterText = {}): { school: string; date: string; contact: string } {
  return {
    school: text.school?.trim() || scenario.name,
    date: formatLetterDate(text.date?.trim() || todayIso()),
    contact: text.contact?.trim() ?? '',
  };
}

function Letter({ f, template, stale }: { f: LetterFields; template: string; stale?: string[] | null }) {
  const paras = fillTemplate(template, f);
  // A first paragraph of only {school} and {date} is the letter's heading, set on the right.
  const head = /^\s*(\{(school|date)\}[ \t]*\n?\s*)+$/.test((template.trim() || DEFAULT_TEMPLATE).split(/\n\s*\n/)[0]);
  return (
    <section className="ks4-letter" aria-label={`Letter to ${f.name}`} data-student={f.studentId}>
      {stale && <p className="ks4-letter-stale">DRAFT, NOT TO BE SENT. {staleNote(stale)}</p>}
      {paras.map((p, i) => (
        <p key={i} className={i === 0 && head ? 'ks4-letter-head' : undefined}>
          {p}
        </p>
      ))}
    </section>
  );
}

/** Every pupil's letter, by surname. `studentIds` limits it to some pupils. Pupils no longer in the scenario get none. */
export function Letters(props: { scenario: Scenario; result: Result; text?: LetterText; studentIds?: readonly string[]; stale?: string[] | null }) {
  const all = letterFields(props.scenario, resultForScenario(props.scenario, props.result), mergeSettings(props.scenario, props.text));
  const only = props.studentIds ? new Set(props.studentIds) : null;
  const letters = only ? all.filter((l) => only.has(l.studentId)) : all;
  const template = props.text?.template?.trim() ? props.text.template : DEFAULT_TEMPLATE;
  return (
    <div className="ks4-letters">
      <style>{LETTER_CSS}</style>
      {letters.map((f) => (
        <Letter key={f.studentId} f={f} template={template} stale={props.stale} />
      ))}
    </div>
  );
}

/**
 * A button that puts the letters on the page (in a print root on document.body), opens the browser's
 * print dialog, and takes them away again when printing is done.
 */
export function PrintLettersButton(props: {
  scenario: Scenario;
  result: Result;
  text?: LetterText;
  label?: string;
  /** Only these pupils' letters (the pupils a late change moved, web/reference/); every pupil's when missing. */
  studentIds?: readonly string[];
  /** What changed since an out-of-date result was made: printing asks first (see ExportButtons). */
  stale?: string[] | null;
  onReseat?: () => Promise<Result | null>;
}) {
  const [printing, setPrinting] = useState<{ result: Result; marked: string[] | null } | null>(null);
  const [asking, setAsking] = useState(false);
  const stale = props.stale && props.stale.length > 0 ? props.stale : null;
  useEffect(() => {
    if (!printing) return;
    const done = () => setPrinting(null);
    window.addEventListener('afterprint', done);
    // Let React paint the letters first; print() blocks until the dialog closes in most browsers.
    const frame = requestAnimationFrame(() => {
      window.print();
      setTimeout(done, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('afterprint', done);
    };
  }, [printing]);
  return (
    <>
      <button type="button" onClick={() => (stale ? setAsking(true) : setPrinting({ result: props.result, marked: null }))} disabled={printing !== null}>
        {props.label ?? `Print letters (${props.studentIds ? props.studentIds.length : props.scenario.students.length})`}
      </button>
      {asking && stale && (
        <StaleExportDialog
          what="the letters to students"
          changes={stale}
          onAnswer={async (choice) => {
            setAsking(false);
            if (choice === 'anyway') setPrinting({ result: props.result, marked: stale });
            else if (choice === 'reseat' && props.onReseat) {
              const fresh = await props.onReseat();
              if (fresh) setPrinting({ result: fresh, marked: null });
            }
          }}
        />
      )}
      {printing &&
        typeof document !== 'undefined' &&
        createPortal(
          <div className="ks4-print-root">
            <style>{LETTER_PAGE_CSS}</style>
            <Letters scenario={props.scenario} result={printing.result} text={props.text} studentIds={props.studentIds} stale={printing.marked} />
          </div>,
          document.body,
        )}
    </>
  );
}

/**
 * The letter settings: school name, date, contact, the template with its fields, and a live preview of
 * one pupil's letter. Controlled: `text` and `onChange` (ExportButtons keeps and remembers them).
 */
export function LetterSettings(props: { scenario: Scenario; result: Result; text: LetterText; onChange: (t: LetterText) => void; stale?: string[] | null }) {
  const id = useId();
  const { scenario, text } = props;
  const shown = useMemo(() => resultForScenario(scenario, props.result), [scenario, props.result]);
  const fields = useMemo(() => letterFields(scenario, shown, mergeSettings(scenario, text)), [scenario, shown, text]);
  const [who, setWho] = useState<string>('');
  const current = fields.find((f) => f.studentId === who) ?? fields[0];
  const template = text.template ?? DEFAULT_TEMPLATE;
  const unknown = unknownFields(template);
  const set = (patch: Partial<LetterText>) => props.onChange({ ...text, ...patch });
  return (
    <div className="ks4-letter-settings">
      <div className="ks4-letter-form">
        <label>
          <span>School name</span>
          <input type="text" value={text.school ?? scenario.name} placeholder={scenario.name} onChange={(e) => set({ school: e.target.value })} />
        </label>
        <label>
          <span>Date</span>
          <input type="date" value={text.date ?? todayIso()} onChange={(e) => set({ date: e.target.value })} />
        </label>
        <label>
          <span>Contact</span>
          <input type="text" value={text.contact ?? ''} placeholder="Mrs Patel, Head of Year 9 (options@school.example)" onChange={(e) => set({ contact: e.target.value })} />
        </label>
        <label className="ks4-template" htmlFor={`${id}-text`}>
          Letter text
        </label>
        <textarea id={`${id}-text`} rows={18} value={template} onChange={(e) => set({ template: e.target.value })} aria-describedby={`${id}-fields`} spellCheck />
        <div id={`${id}-fields`} className="muted small">
          Fields, replaced for each pupil:{' '}
          {LETTER_FIELDS.map((f, i) => (
            <span key={f}>
              <code>{`{${f}}`}</code> {LETTER_FIELD_HELP[f]}
              {i < LETTER_FIELDS.length - 1 ? '; ' : '. '}
            </span>
          ))}
          A paragraph whose fields are all empty for a pupil is left out of their letter.
        </div>
        {unknown.length > 0 && (
          <p role="alert" className="small-error">
            Not a field: {unknown.map((u) => `{${u}}`).join(', ')}. It will be printed as typed.
          </p>
        )}
        <p>
          <button type="button" onClick={() => set({ template: DEFAULT_TEMPLATE })} disabled={template === DEFAULT_TEMPLATE}>
            Use the standard text
          </button>
        </p>
      </div>
      <div className="ks4-letter-preview">
        <label htmlFor={`${id}-who`}>Preview the letter to</label>
        <select id={`${id}-who`} value={current?.studentId ?? ''} onChange={(e) => setWho(e.target.value)}>
            {fields.map((f) => (
              <option key={f.studentId} value={f.studentId}>
                {f.surname || f.forename ? `${f.surname}, ${f.forename}` : f.name} ({f.studentId})
              </option>
            ))}
        </select>
        <div className="ks4-letters" data-testid="letter-preview">
          <style>{LETTER_CSS}</style>
          {current ? <Letter f={current} template={template} stale={props.stale} /> : <p>No pupils.</p>}
        </div>
      </div>
    </div>
  );
}
