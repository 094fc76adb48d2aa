/**
 * What staff can do to a round from the staff page, each showing the server's answer: download the
 * submissions as the CSV the planner's Students import reads, move the deadline (typed in local time),
 * close the round (asked twice: it cannot be undone and signs the pupils out), and delete it with
 * everything in it (the round's name must be typed, so a tired click on the wrong round cannot do it).
 */
import { useState, type FormEvent } from 'react';
import type { RoundStatusWire } from '../../data/options-round';
import { closeRound, deleteRound, exportCsv, setDeadline, type StaffConnection, type StaffProblem } from '../round/staff-api';
import { csvFileName, csvRecordCount, fromLocalInput, localWhen, toLocalInput } from './round-figures';
import { ProblemText } from './ProblemText';

type Outcome = { ok: true; text: string } | { ok: false; problem: StaffProblem } | null;

function OutcomeText({ outcome }: { outcome: Outcome }) {
  if (outcome === null) return null;
  if (!outcome.ok) return <ProblemText problem={outcome.problem} />;
  return (
    <p className="st-done" role="status">
      {outcome.text}
    </p>
  );
}

/** Saves text as a file through the browser's download, from a blob URL released once the click has been handled. */
function saveFile(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function RoundActions({ conn, round, onChanged, onDeleted }: { conn: StaffConnection; round: RoundStatusWire['round']; onChanged: () => void; onDeleted: () => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [csv, setCsv] = useState<Outcome>(null);
  const [moved, setMoved] = useState<Outcome>(null);
  const [closed, setClosed] = useState<Outcome>(null);
  const [deleted, setDeleted] = useState<Outcome>(null);
  const [deadline, setDeadlineText] = useState(() => toLocalInput(round.deadline));
  const [confirmClose, setConfirmClose] = useState(false);
  const [typedName, setTypedName] = useState('');
  const isClosed = round.status === 'closed';

  const download = () => {
    setBusy('csv');
    void exportCsv(conn, round.id).then((a) => {
      setBusy(null);
      if (!a.ok) return setCsv(a);
      const name = csvFileName(round.name);
      saveFile(name, a.value);
      const rows = Math.max(0, csvRecordCount(a.value) - 1);
      setCsv({ ok: true, text: `Downloaded ${name}: ${rows} ${rows === 1 ? 'pupil' : 'pupils'}, each with their latest submission. The planner's Students import reads it as it stands.` });
    });
  };

  const move = (e: FormEvent) => {
    e.preventDefault();
    const parsed = fromLocalInput(deadline);
    if (!parsed.ok) return setMoved({ ok: false, problem: { status: 400, message: parsed.message, problems: [] } });
    setBusy('deadline');
    void setDeadline(conn, round.id, parsed.iso).then((a) => {
      setBusy(null);
      if (!a.ok) return setMoved(a);
      setMoved({ ok: true, text: `The server moved the deadline to ${localWhen(a.value.deadline)}.${Date.parse(a.value.deadline) <= Date.now() ? ' That is in the past: pupils can no longer change their choices.' : ''}` });
      onChanged();
    });
  };

  const close = () => {
    setBusy('close');
    void closeRound(conn, round.id).then((a) => {
      setBusy(null);
      setConfirmClose(false);
      if (!a.ok) return setClosed(a);
      setClosed({ ok: true, text: `The server closed the round${a.value.closedAt ? ` at ${localWhen(a.value.closedAt)}` : ''}: pupils can no longer change their choices and have been signed out. The submissions stay until the round is deleted.` });
      onChanged();
    });
  };

  const remove = (e: FormEvent) => {
    e.preventDefault();
    if (typedName !== round.name) return;
    setBusy('delete');
    void deleteRound(conn, round.id).then((a) => {
      setBusy(null);
      if (!a.ok) return setDeleted(a);
      onDeleted();
    });
  };

  return (
    <section className="st-card st-actions" aria-labelledby="st-actions-title">
      <h3 id="st-actions-title">Round actions</h3>

      <div className="st-action">
        <h4>Submissions file</h4>
        <button type="button" onClick={download} disabled={busy !== null}>
          {busy === 'csv' ? 'Downloading…' : 'Download the submissions (CSV)'}
        </button>
        <OutcomeText outcome={csv} />
      </div>

      {!isClosed && (
        <form className="st-action" onSubmit={move}>
          <h4>Deadline</h4>
          <label className="st-field">
            New deadline (your local time)
            <input type="datetime-local" value={deadline} onChange={(e) => setDeadlineText(e.target.value)} required />
          </label>
          <button type="submit" disabled={busy !== null}>
            {busy === 'deadline' ? 'Moving…' : 'Move the deadline'}
          </button>
          <OutcomeText outcome={moved} />
        </form>
      )}

      <div className="st-action">
        <h4>Close</h4>
        {isClosed ? (
          <p>This round is closed: pupils can no longer change their choices. Its submissions stay until it is deleted.</p>
        ) : confirmClose ? (
          <div role="group" aria-label="Confirm closing the round">
            <p className="st-warn">Closing stops all changes at once and signs every pupil out. It cannot be undone.</p>
            <div className="st-buttons">
              <button type="button" className="danger" onClick={close} disabled={busy !== null}>
                {busy === 'close' ? 'Closing…' : 'Close the round now'}
              </button>
              <button type="button" onClick={() => setConfirmClose(false)}>
                Keep it open
              </button>
            </div>
          </div>
        ) : (
          <button type="button" onClick={() => setConfirmClose(true)} disabled={busy !== null}>
            Close the round…
          </button>
        )}
        <OutcomeText outcome={closed} />
      </div>

      <form className="st-action" onSubmit={remove}>
        <h4>Delete</h4>
        <p className="st-hint">
          Deleting removes the round with its pupils, codes and every submission, at once, from the server. Download the submissions first if you need them.
        </p>
        <label className="st-field">
          To delete, type the round's name: <span className="st-name">{round.name}</span>
          <input type="text" value={typedName} onChange={(e) => setTypedName(e.target.value)} autoComplete="off" spellCheck={false} />
        </label>
        <button type="submit" className="danger" disabled={busy !== null || typedName !== round.name}>
          {busy === 'delete' ? 'Deleting…' : 'Delete the round'}
        </button>
        <OutcomeText outcome={deleted} />
      </form>
    </section>
  );
}
