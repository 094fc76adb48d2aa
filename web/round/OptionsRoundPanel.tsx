/**
 * The planner's side of an options round (issue 13, docs/server.md "Opening a round from the planner"):
 * open a round on the options server with the published offer and the scenario's students, hand out the
 * access codes (printable slips and a mail-merge CSV, made once, from the codes the server returns once),
 * watch how many have submitted, pull the submissions into the students, publish an updated offer, close.
 *
 * Where the round is (server address, round id, the offer last published) is saved with the scenario's
 * record (ScenarioRecord.optionsRound), so a reload finds it. The admin secret and the codes live in this
 * page's memory only (memory.ts). All calls go through the staff client (staff-api.ts).
 */
import { useEffect, useMemo, useState } from 'react';
import type { RoundStatusWire } from '../../data/options-round';
import type { Offer } from '../../solver';
import { browserDownload, MIME } from '../io/download';
import { setOptionsRound, say } from '../state/actions';
import { usePlanner } from '../state/store';
import type { SavedOptionsRound } from '../state/types';
import { invitedPupils } from './invite';
import { roundOffer } from './round-offer';
import { codesHandedOut, forgetCodes, rememberCodes, rememberedCodes, rememberedSecret, rememberSecret } from './memory';
import { deadlineInWords, localInputToIso, mailMergeCsv, mailMergeFileName, roundLink, staffLink, toLocalInput } from './slips';
import { SlipsSheet } from './SlipsSheet';
import { closeRound, createRound, deleteRound, publishOffer, roundStatus, serverAddress, type StaffConnection, type StaffProblem } from './staff-api';
import './round.css';

type Note = { kind: 'error' | 'ok' | 'info'; text: string; details?: string[] } | null;

/** A week from now at 17:00 local time: a first deadline to change. */
function defaultDeadline(): string {
  const d = new Date(Date.now() + 7 * 24 * 3600_000);
  d.setHours(17, 0, 0, 0);
  return toLocalInput(d.getTime());
}

const where = (server: string) => server || (typeof location === 'undefined' ? 'this page’s own server' : `${location.origin} (this page’s own server)`);

function problemNote(action: string, p: StaffProblem): Note {
  return { kind: 'error', text: `${action}: ${p.message}`, details: p.problems.slice(0, 20) };
}

export function OptionsRoundPanel({ offer: previewOffer }: { offer: Offer }) {
  const rec = usePlanner((s) => (s.currentId ? s.records[s.currentId] : null));
  const saved = rec?.optionsRound;
  const [serverText, setServerText] = useState(saved?.server ?? '');
  const [secret, setSecret] = useState(rememberedSecret());
  const [roundName, setRoundName] = useState(previewOffer.name);
  const [deadlineLocal, setDeadlineLocal] = useState(defaultDeadline);
  const [busy, setBusy] = useState<string | null>(null);
  const [note, setNote] = useState<Note>(null);
  const [status, setStatus] = useState<{ value: RoundStatusWire; at: number } | null>(null);
  const [slipsOpen, setSlipsOpen] = useState(false);
  const [codesSeen, setCodesSeen] = useState(0); // re-render after codes arrive (they live in memory.ts)
  void codesSeen;

  const invite = useMemo(() => (rec ? invitedPupils(rec.scenario.students, previewOffer) : { pupils: [], refused: [] }), [rec?.scenario.students, previewOffer]);
  // What the round publishes: the preview's offer with the invited pupils' own seats free (round-offer.ts).
  const offer = useMemo(
    () => (rec ? roundOffer(rec.scenario, rec.result, invite.pupils.map((p) => p.admissionNumber)) : undefined) ?? previewOffer,
    [rec?.scenario, rec?.result, invite, previewOffer],
  );
  const offerJson = useMemo(() => JSON.stringify(offer), [offer]);
  const codes = saved ? rememberedCodes(saved.roundId) : undefined;

  // Another scenario on screen: start from what that one remembers.
  useEffect(() => {
    setStatus(null);
    setNote(null);
    if (saved) setServerText(saved.server);
  }, [rec?.id]);

  if (!rec) return null;
  const conn = (server = saved?.server ?? serverAddress(serverText)): StaffConnection => ({ server, adminSecret: secret });
  const typeSecret = (v: string) => {
    setSecret(v);
    rememberSecret(v);
  };
  const save = (patch: Partial<SavedOptionsRound>) => saved && setOptionsRound(rec.id, { ...saved, ...patch });

  const run = async (what: string, job: () => Promise<void>) => {
    setBusy(what);
    try {
      await job();
    } finally {
      setBusy(null);
    }
  };

  const check = (round: SavedOptionsRound) =>
    run('Checking the round…', async () => {
      const a = await roundStatus(conn(round.server), round.roundId);
      if (!a.ok && a.problem.status === 404) {
        // Deleted on the server (the staff page, or the retention rule): nothing left to watch or pull.
        forgetCodes(round.roundId);
        setOptionsRound(rec.id, undefined);
        setStatus(null);
        setNote({ kind: 'info', text: `The options server at ${where(round.server)} has no round “${round.name}” any more (it was deleted there), so the planner has forgotten it too. You can open a new round.` });
        return;
      }
      if (!a.ok) {
        setNote(problemNote('Could not read the round', a.problem));
        return;
      }
      setStatus({ value: a.value, at: Date.now() });
      setNote(null);
      const closed = a.value.round.status === 'closed';
      if (a.value.round.offerVersion !== round.offerVersion || a.value.round.deadline !== round.deadline || closed !== !!round.closed) {
        setOptionsRound(rec.id, { ...round, offerVersion: a.value.round.offerVersion, deadline: a.value.round.deadline, ...(closed ? { closed: true } : {}) });
      }
    });

  const open = () =>
    run('Opening the round…', async () => {
      const deadline = localInputToIso(deadlineLocal);
      if (!deadline) return setNote({ kind: 'error', text: 'Deadline: give a date and a time.' });
      if (Date.parse(deadline) <= Date.now()) return setNote({ kind: 'error', text: `Deadline: ${deadlineInWords(deadline)} has already passed. Give a later one.` });
      if (secret === '') return setNote({ kind: 'error', text: 'Admin secret: type the options server’s admin secret (the one it was started with).' });
      if (invite.refused.length > 0) return setNote({ kind: 'error', text: `${invite.refused.length} student${invite.refused.length === 1 ? '' : 's'} cannot be invited as they stand (listed above). Fix them on the Students screen, then open the round.` });
      const server = serverAddress(serverText);
      const name = roundName.trim() || offer.name;
      const a = await createRound(conn(server), { name, offer, deadline, pupils: invite.pupils });
      if (!a.ok) return setNote(problemNote('The round was not opened', a.problem));
      rememberCodes(a.value.round.id, a.value.codes);
      setCodesSeen((n) => n + 1);
      // "0 of N pupils" at once: the secret was just typed, so the status needs no further step.
      const first = await roundStatus(conn(server), a.value.round.id);
      if (first.ok) setStatus({ value: first.value, at: Date.now() });
      setOptionsRound(rec.id, {
        server,
        roundId: a.value.round.id,
        name: a.value.round.name,
        deadline: a.value.round.deadline,
        pupils: a.value.codes.length,
        offerVersion: 1,
        publishedOffer: offerJson,
        openedAt: Date.now(),
      });
      setNote({ kind: 'ok', text: `Round “${a.value.round.name}” is open on ${where(server)} for ${a.value.codes.length} pupils.` });
      say('success', `Options round “${a.value.round.name}” opened for ${a.value.codes.length} pupils. Print the slips or save the mail-merge CSV now: the codes cannot be shown again.`);
    });

  const pull = (round: SavedOptionsRound) =>
    run('Pulling the submissions…', async () => {
      // The pull (the Students import's reading and merge) loads only when asked for, like the import itself.
      const { pullRound } = await import('./pull');
      const out = await pullRound(conn(round.server), round.roundId, rec.id);
      setNote({ kind: out.ok ? 'ok' : 'error', text: out.text, details: out.details });
      if (out.ok) {
        const a = await roundStatus(conn(round.server), round.roundId);
        if (a.ok) setStatus({ value: a.value, at: Date.now() });
      }
    });

  const publish = (round: SavedOptionsRound) =>
    run('Publishing the offer…', async () => {
      const a = await publishOffer(conn(round.server), round.roundId, offer);
      if (!a.ok) return setNote(problemNote('The updated offer was not published', a.problem));
      save({ offerVersion: a.value, publishedOffer: offerJson });
      setNote({ kind: 'ok', text: `Offer version ${a.value} is now live: pupils see it the next time they open or reload the page, and new submissions are checked against it.` });
    });

  const close = (round: SavedOptionsRound) => {
    if (!window.confirm(`Close the round “${round.name}”? Pupils are signed out and can no longer sign in or change their choices. The submissions stay on the server for pulling. A closed round cannot be opened again.`)) return;
    void run('Closing the round…', async () => {
      const a = await closeRound(conn(round.server), round.roundId);
      if (!a.ok) return setNote(problemNote('The round was not closed', a.problem));
      save({ closed: true });
      setNote({ kind: 'ok', text: `Round “${round.name}” is closed. Pull the submissions one last time if you have not since the last one arrived.` });
    });
  };

  const remove = (round: SavedOptionsRound) => {
    if (!window.confirm(`Delete the round “${round.name}” from the options server? Every pupil’s name, code and submissions in it are deleted for good. Pull the submissions first if you need them.`)) return;
    void run('Deleting the round…', async () => {
      const a = await deleteRound(conn(round.server), round.roundId);
      if (!a.ok && a.problem.status !== 404) return setNote(problemNote('The round was not deleted', a.problem));
      forgetCodes(round.roundId);
      setOptionsRound(rec.id, undefined);
      setNote({ kind: 'ok', text: a.ok ? `Round “${round.name}” was deleted from the options server.` : `Round “${round.name}” was no longer on the options server; the planner has forgotten it too.` });
    });
  };

  const saveCsv = (round: SavedOptionsRound, list: NonNullable<typeof codes>) => {
    browserDownload(mailMergeCsv(list, roundLink(round.server), deadlineInWords(round.deadline)), mailMergeFileName(round.name), MIME.csv);
    codesHandedOut(round.roundId);
  };

  const secretField = (
    <label className="rp-field">
      Admin secret
      <input
        type="password"
        autoComplete="off"
        value={secret}
        onChange={(e) => typeSecret(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && saved && secret !== '' && busy === null && void check(saved)}
        data-testid="round-secret"
      />
      <span className="rp-hint">Kept in this page’s memory only, never saved: type it again after a reload.</span>
    </label>
  );

  return (
    <section className="rp-panel" aria-labelledby="rp-title" data-testid="round-panel">
      <h3 id="rp-title">Options round on the options server</h3>
      {!saved ? (
        <>
          <p className="muted">
            Pupils sign in on their phones with a code of their own, see this offer with the same live checks, and submit ranked choices and reserves until the deadline. The server gets the offer (blocks, courses, places, rules) and, for each pupil, the admission number, the name shown to them and their pathway. Places are counted with the invited pupils&rsquo; own seats in this draft free, because they are the ones choosing: a group of 22 offers 22 places.
          </p>
          <div className="rp-fields">
            <label className="rp-field">
              Options server address
              <input type="url" placeholder={typeof location === 'undefined' ? 'https://options.school.example' : location.origin} value={serverText} onChange={(e) => setServerText(e.target.value)} data-testid="round-server" />
              <span className="rp-hint">Leave blank when this planner is opened from the options server itself.</span>
            </label>
            {secretField}
            <label className="rp-field">
              Round name
              <input value={roundName} onChange={(e) => setRoundName(e.target.value)} maxLength={200} data-testid="round-name" />
            </label>
            <label className="rp-field">
              Deadline (your local time)
              <input type="datetime-local" value={deadlineLocal} onChange={(e) => setDeadlineLocal(e.target.value)} data-testid="round-deadline" />
              <span className="rp-hint">{localInputToIso(deadlineLocal) ? deadlineInWords(localInputToIso(deadlineLocal)!) : 'Give a date and a time.'}</span>
            </label>
          </div>
          <p data-testid="round-invitees">
            {invite.pupils.length} pupil{invite.pupils.length === 1 ? '' : 's'} will be invited: the scenario&rsquo;s students, each under their student id as the admission number.
            {invite.refused.length > 0 && ` ${invite.refused.length} cannot be invited as they stand:`}
          </p>
          {invite.refused.length > 0 && (
            <ul className="rp-refused small-error" data-testid="round-refused">
              {invite.refused.slice(0, 50).map((r) => (
                <li key={`${r.row}`}>{r.reason}</li>
              ))}
              {invite.refused.length > 50 && <li>and {invite.refused.length - 50} more.</li>}
            </ul>
          )}
          <div className="rp-buttons">
            <button type="button" onClick={() => void open()} disabled={busy !== null || invite.refused.length > 0 || invite.pupils.length === 0}>
              Open the round
            </button>
          </div>
        </>
      ) : (
        <>
          <dl className="rp-facts" data-testid="round-facts">
            <dt>Round</dt>
            <dd>
              {saved.name} {saved.closed ? '(closed)' : '(open)'}
            </dd>
            <dt>Options server</dt>
            <dd>{where(saved.server)}</dd>
            <dt>Pupils sign in at</dt>
            <dd>
              <code>{roundLink(saved.server)}</code>
            </dd>
            <dt>Staff watch it at</dt>
            <dd>
              <code>{staffLink(saved.server, saved.roundId)}</code> (the admin secret signs in)
            </dd>
            <dt>Deadline</dt>
            <dd>{deadlineInWords(saved.deadline)}</dd>
            <dt>Offer pupils see</dt>
            <dd data-testid="round-offer-version">
              version {saved.offerVersion}
              {saved.publishedOffer === offerJson ? ' (the offer shown here)' : ': the offer here has changed since it was published.'}
            </dd>
            <dt>Submitted</dt>
            <dd data-testid="round-submitted">
              {status
                ? `${status.value.submitted} of ${status.value.pupils} pupils (checked at ${new Date(status.at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' })})`
                : secret === ''
                  ? `${saved.pupils} pupils invited; type the admin secret and check the round to see how many have submitted.`
                  : `${saved.pupils} pupils invited; press Check the round to see how many have submitted.`}
            </dd>
          </dl>
          {codes && (
            <div className="rp-codes" role="alert" data-testid="round-codes">
              <p>
                <b>The {codes.length} access codes are shown only now.</b> The server keeps only a scrambled form of each, so neither it nor the planner can show them again once this page is closed or reloaded. Print the slips or save the mail-merge CSV (and keep that file safe: the codes let anyone change a pupil&rsquo;s choices). Until you do, the browser asks before leaving the page.
              </p>
              <div className="rp-buttons">
                <button
                  type="button"
                  onClick={() => {
                    setSlipsOpen(true);
                    codesHandedOut(saved.roundId);
                  }}
                >
                  Print the slips ({codes.length})
                </button>
                <button type="button" onClick={() => saveCsv(saved, codes)}>
                  Save the mail-merge CSV
                </button>
              </div>
            </div>
          )}
          {secretField}
          <div className="rp-buttons">
            <button type="button" onClick={() => void check(saved)} disabled={busy !== null || secret === ''}>
              Check the round
            </button>
            <button type="button" onClick={() => void pull(saved)} disabled={busy !== null || secret === ''}>
              Pull submissions
            </button>
            {!saved.closed && (
              <button type="button" onClick={() => void publish(saved)} disabled={busy !== null || secret === '' || saved.publishedOffer === offerJson} title={saved.publishedOffer === offerJson ? 'Pupils already see this offer.' : undefined}>
                Publish the updated offer
              </button>
            )}
            {!saved.closed && (
              <button type="button" onClick={() => close(saved)} disabled={busy !== null || secret === ''}>
                Close the round
              </button>
            )}
            {saved.closed && (
              <button type="button" onClick={() => remove(saved)} disabled={busy !== null || secret === ''}>
                Delete the round from the server
              </button>
            )}
          </div>
        </>
      )}
      {busy && (
        <p role="status" aria-live="polite">
          {busy}
        </p>
      )}
      {note && (
        <div className={`note ${note.kind === 'error' ? 'error' : note.kind === 'ok' ? 'ok' : ''}`} role="status" data-testid="round-note">
          <p>{note.text}</p>
          {note.details && note.details.length > 0 && (
            <ul>
              {note.details.map((d, i) => (
                <li key={i}>{d}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {slipsOpen && saved && codes && <SlipsSheet codes={codes} link={roundLink(saved.server)} deadlineWords={deadlineInWords(saved.deadline)} roundName={saved.name} onClose={() => setSlipsOpen(false)} />}
    </section>
  );
}
