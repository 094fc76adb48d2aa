/**
 * Printable letters to students, one page each, printed by the browser (window.print) with print CSS
 * that hides the rest of the page and breaks the page after every letter.
 */
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Result, Scenario } from '../../solver/types';
import { letterData, type LetterData } from '../../data/io';
import { StaleExportDialog } from '../components/StaleExportDialog';
import { resultForScenario, staleNote } from '../state/basis';

export interface LetterText {
  school?: string;
  /** First paragraph; default explains what the letter is. */
  intro?: string;
  /** Closing paragraph, e.g. who to contact. */
  closing?: string;
  signOff?: string;
}

/** Print rules: only the letters print, each on its own page; on screen the letters are a stack of cards. */
export const LETTER_CSS = `
.ks4-letters .ks4-letter { max-width: 48rem; margin: 1rem auto; padding: 2rem; border: 1px solid #ccc; background: #fff; color: #000; font: 12pt/1.4 Georgia, serif; }
.ks4-letters table { border-collapse: collapse; width: 100%; }
.ks4-letters th, .ks4-letters td { border: 1px solid #999; padding: 0.25rem 0.5rem; text-align: left; }
@media print {
  body * { visibility: hidden; }
  .ks4-letters, .ks4-letters * { visibility: visible; }
  .ks4-letters { position: absolute; left: 0; top: 0; width: 100%; }
  .ks4-letters .ks4-letter { border: none; margin: 0; max-width: none; padding: 0; break-after: page; page-break-after: always; }
  .ks4-letters .ks4-letter:last-child { break-after: auto; page-break-after: auto; }
}
@page { margin: 20mm; }
`;

function Letter({ d, text, stale }: { d: LetterData; text: LetterText; stale?: string[] | null }) {
  return (
    <section className="ks4-letter" aria-label={`Letter to ${d.name}`}>
      {stale && <p className="ks4-letter-stale">DRAFT, NOT TO BE SENT. {staleNote(stale)}</p>}
      {text.school && <p className="ks4-letter-school">{text.school}</p>}
      <h1>Your Key Stage 4 options</h1>
      <p>
        {d.name} ({d.studentId}
        {d.tutorGroup ? `, ${d.tutorGroup}` : ''})
      </p>
      <p>{text.intro ?? 'Thank you for making your option choices. These are the courses you will study in Years 10 and 11.'}</p>
      {d.placed.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>Block</th>
              <th>Course</th>
              <th>Group</th>
              <th>Teacher</th>
              <th>Your choice</th>
            </tr>
          </thead>
          <tbody>
            {d.placed.map((p) => (
              <tr key={p.course}>
                <td>
                  {p.blocks}
                  {p.years ? ` (${p.years})` : ''}
                </td>
                <td>{p.courseName}</td>
                <td>{p.group}</td>
                <td>{p.teacher}</td>
                <td>{p.chosenAs}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>We have not yet been able to place you in any option course. We will talk to you about this soon.</p>
      )}
      {d.unmet.length > 0 && (
        <>
          <p>We could not give you every course you chose. These choices could not be met:</p>
          <ul>
            {d.unmet.map((u) => (
              <li key={u.courseName}>
                {u.courseName}
                {u.reason ? `: ${u.reason}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>{text.closing ?? 'If you have any questions, please speak to your tutor or the head of year.'}</p>
      {text.signOff && <p>{text.signOff}</p>}
    </section>
  );
}

/** Every student's letter, in the scenario's student order. `studentIds` limits it to some students. */
export function Letters(props: { scenario: Scenario; result: Result; text?: LetterText; studentIds?: readonly string[]; stale?: string[] | null }) {
  const all = letterData(props.scenario, resultForScenario(props.scenario, props.result));
  const only = props.studentIds ? new Set(props.studentIds) : null;
  const letters = only ? all.filter((l) => only.has(l.studentId)) : all;
  return (
    <div className="ks4-letters">
      <style>{LETTER_CSS}</style>
      {letters.map((d) => (
        <Letter key={d.studentId} d={d} text={props.text ?? {}} stale={props.stale} />
      ))}
    </div>
  );
}

/**
 * A button that puts the letters on the page (in a portal on document.body), opens the browser's print
 * dialog, and takes them away again when printing is done.
 */
export function PrintLettersButton(props: {
  scenario: Scenario;
  result: Result;
  text?: LetterText;
  label?: string;
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
        {props.label ?? `Print letters (${props.scenario.students.length})`}
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
        createPortal(<Letters scenario={props.scenario} result={printing.result} text={props.text} stale={printing.marked} />, document.body)}
    </>
  );
}
