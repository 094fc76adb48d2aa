/**
 * The phone page when it is served by an options server (docs/server.md) and opened with the round link
 * (`/?round`): sign in with the code on the slip, pick courses on the student page as before (live
 * feasibility, nearest alternatives, choice rules), submit ranked choices and reserves, see the receipt,
 * change it until the deadline, sign out.
 *
 * Nothing typed is lost on an error: the code stays in its box after a wrong code or a lost connection,
 * and the picks are kept on the phone (the student page's own store) across a sign-in that ended. Every
 * text from the server (names, messages, reasons) is rendered by React as text, never as HTML.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { StudentPage, Style } from './StudentPage';
import { fetchMe, signIn, signOut, submitChoices, whenText, type PupilView, type ServerProblem, type Submission } from './server-round';
import { loadPicks, storageKey } from './saved-choice';

type PageState =
  | { kind: 'checking' }
  | { kind: 'signed-out'; notice?: string }
  | { kind: 'unreachable'; message: string }
  | { kind: 'signed-in'; view: PupilView };

/** The deadline as the pupil's phone sees it; the server decides, this only keeps the page honest between requests. */
function closedReason(view: PupilView, now: number): string | null {
  if (view.round.closedReason) return view.round.closedReason;
  if (now >= Date.parse(view.round.deadline)) return `The deadline (${whenText(view.round.deadline)}) has passed, so choices can no longer be changed. Ask your school if you need to change something.`;
  return null;
}

export function ServerRoundPage() {
  const [state, setState] = useState<PageState>({ kind: 'checking' });
  // The code box lives here, so a wrong code or a lost connection never empties it.
  const [code, setCode] = useState('');

  const check = useCallback(() => {
    setState({ kind: 'checking' });
    void fetchMe().then((a) => {
      if (a.ok) setState({ kind: 'signed-in', view: a.value });
      else if (a.problem.status === 401) setState({ kind: 'signed-out' });
      else setState({ kind: 'unreachable', message: a.problem.message });
    });
  }, []);
  useEffect(check, [check]);

  if (state.kind === 'checking') {
    return (
      <div className="sp-page">
        <Style />
        <h1>Choose your options</h1>
        <p aria-live="polite">Connecting to the options server…</p>
      </div>
    );
  }
  if (state.kind === 'unreachable') {
    return (
      <div className="sp-page">
        <Style />
        <h1>Choose your options</h1>
        <p role="alert" className="sp-bad">
          {state.message}
        </p>
        <button type="button" onClick={check}>
          Try again
        </button>
      </div>
    );
  }
  if (state.kind === 'signed-out') {
    return <SignIn code={code} onCode={setCode} notice={state.notice} onSignedIn={(view) => setState({ kind: 'signed-in', view })} />;
  }
  return (
    <SignedIn
      view={state.view}
      onSignedOut={(notice) => setState({ kind: 'signed-out', notice })}
    />
  );
}

function SignIn({ code, onCode, notice, onSignedIn }: { code: string; onCode: (code: string) => void; notice?: string; onSignedIn: (view: PupilView) => void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ServerProblem | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (code.trim() === '') {
      setProblem({ status: 400, message: 'Type the code from your slip first.', problems: [] });
      return;
    }
    setBusy(true);
    void signIn(code).then((a) => {
      setBusy(false);
      if (a.ok) onSignedIn(a.value);
      else setProblem(a.problem);
    });
  };
  return (
    <div className="sp-page">
      <Style />
      <h1>Choose your options</h1>
      <section className="sp-card" aria-labelledby="sr-signin">
        <h2 id="sr-signin">Sign in with your code</h2>
        {notice && <p className="sp-hint">{notice}</p>}
        <p className="sp-hint">Your school gave you a slip with a code of 26 letters and numbers. Capitals, spaces and dashes do not matter.</p>
        <form onSubmit={submit}>
          <label className="sp-field">
            Your code
            <input
              className="sr-code"
              type="text"
              value={code}
              onChange={(e) => onCode(e.target.value)}
              autoComplete="one-time-code"
              autoCapitalize="characters"
              spellCheck={false}
              placeholder="XXXXX-XXXXX-XXXXX-XXXXX-XXXXXX"
            />
          </label>
          <button type="submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        {problem && (
          <p role="alert" className="sp-bad">
            {problem.message}
          </p>
        )}
      </section>
      <SignInStyle />
    </div>
  );
}

function SignedIn({ view, onSignedOut }: { view: PupilView; onSignedOut: (notice?: string) => void }) {
  const [latest, setLatest] = useState<Submission | null>(view.latest);
  const [now, setNow] = useState(() => Date.now());
  // The deadline can pass while the page is open: look at the clock every half minute.
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  const [serverClosed, setServerClosed] = useState<string | null>(null);
  const closed = serverClosed ?? closedReason(view, now);
  const [leaving, setLeaving] = useState<string | null>(null);

  // Picks kept on this phone (changed but not yet submitted when a sign-in ended) come first; else the last submission.
  const [start] = useState(() => (loadPicks(view.offer)?.choices.length ? undefined : latest ?? undefined));

  const leave = () => {
    setLeaving(null);
    void signOut().then((a) => {
      if (!a.ok && a.problem.status === 0) {
        setLeaving(a.problem.message);
        return;
      }
      // A family phone may be shared: the picks kept for this round go with the sign-in.
      try {
        localStorage.removeItem(storageKey(view.offer));
      } catch {
        // Storage unavailable: nothing was kept.
      }
      onSignedOut('You have signed out. Your submitted choices are saved on the server.');
    });
  };

  const top = (
    <div className="sp-card sr-bar" aria-label="Your options round">
      <div>
        Signed in as <strong className="sr-name">{view.pupil.name}</strong> <span className="sp-code">({view.pupil.admissionNumber})</span>
        <div className="sp-meta">
          {view.round.name} · {closed ? 'closed for changes' : `you can change your choices until ${whenText(view.round.deadline)}`}
        </div>
      </div>
      <button type="button" onClick={leave}>
        Sign out
      </button>
      {leaving && (
        <p role="alert" className="sp-bad">
          {leaving}
        </p>
      )}
    </div>
  );

  // After the deadline (or once the school closes the round) the page is read-only: what was submitted, and why
  // nothing more can be; no picking that could not be sent.
  if (closed) {
    return (
      <div className="sp-page">
        <Style />
        {top}
        <h1>Choose your options</h1>
        <section className="sp-card" aria-labelledby="sr-closed-title">
          <h2 id="sr-closed-title">Choices are closed</h2>
          <ClosedMessage reason={closed} submitted={latest !== null} />
          {latest && <Receipt submission={latest} name={(id) => view.offer.courses.find((c) => c.id === id)?.name ?? id} />}
        </section>
        <SignInStyle />
      </div>
    );
  }

  return (
    <StudentPage
      key={`${storageKey(view.offer)}:${view.offerVersion}`}
      offer={view.offer}
      remember
      fixedPathway={view.pupil.pathway}
      initialChoices={start?.choices}
      initialReserves={start?.reserves}
      top={top}
      submitPanel={(picked) => (
        <SubmitPanel
          view={view}
          picked={picked}
          latest={latest}
          onSubmitted={setLatest}
          onClosed={setServerClosed}
          onSessionEnded={() => onSignedOut('You are no longer signed in: your school may have closed the round, or your sign-in ran out. Sign in again with your code to see which; your picks are still on this phone.')}
        />
      )}
    />
  );
}

function same(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function SubmitPanel({
  view,
  picked,
  latest,
  onSubmitted,
  onClosed,
  onSessionEnded,
}: {
  view: PupilView;
  picked: { choices: string[]; reserves: string[]; fits: boolean | undefined; broken: string[]; clash: string[] };
  latest: Submission | null;
  onSubmitted: (s: Submission) => void;
  onClosed: (reason: string) => void;
  onSessionEnded: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ServerProblem | null>(null);
  const [justSent, setJustSent] = useState(false);
  const name = (id: string) => view.offer.courses.find((c) => c.id === id)?.name ?? id;
  const unchanged = latest !== null && same(latest.choices, picked.choices) && same(latest.reserves, picked.reserves);
  const send = () => {
    setBusy(true);
    setProblem(null);
    void submitChoices(picked.choices, picked.reserves).then((a) => {
      setBusy(false);
      if (a.ok) {
        onSubmitted(a.value);
        setJustSent(true);
        return;
      }
      if (a.problem.status === 401) onSessionEnded();
      else if (a.problem.status === 403) onClosed(a.problem.message);
      else setProblem(a.problem);
    });
  };
  useEffect(() => setJustSent(false), [picked.choices, picked.reserves]);
  // The submit button is gone once the choices are sent: move the focus to the news that replaced it, so a
  // keyboard or screen-reader user is not left on the page's body, and hears it.
  const sentNote = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (justSent) sentNote.current?.focus();
  }, [justSent]);

  return (
    <section className="sp-card" aria-labelledby="sr-submit">
      <h2 id="sr-submit">{latest ? 'Your submitted choices' : 'Send your choices to school'}</h2>
      <p className="sp-hint">
        Deadline: <strong>{whenText(view.round.deadline)}</strong>. Until then you can change your choices and submit again as often as you like; your school sees the last one.
      </p>
      {picked.choices.length === 0 ? (
        <p className="sp-hint">Pick your courses above first.</p>
      ) : (
        <>
          {picked.fits === false && (
            <p className="sp-warn">
              These courses do not all fit the draft blocks. You can still submit; the blocks are built from everyone's choices, and your school will talk to you if they cannot fit.
            </p>
          )}
          {picked.fits !== false && picked.broken.length > 0 && (
            <p className="sp-warn">These courses break a rule (see above). You can still submit; your school will check it with you.</p>
          )}
          {unchanged ? (
            <p className="sp-good" ref={sentNote} tabIndex={-1} data-testid="sr-sent">
              {justSent ? 'Submitted. Your receipt is below.' : 'These are the choices you submitted.'}
            </p>
          ) : (
            <button type="button" className="sr-send" onClick={send} disabled={busy}>
              {busy ? 'Sending…' : latest ? 'Submit my changed choices' : 'Submit my choices'}
            </button>
          )}
          {latest && !unchanged && <p className="sp-hint">Your choices now differ from what you submitted. Submit again to change them.</p>}
        </>
      )}
      {problem && (
        <div role="alert" className="sp-bad">
          <p>{problem.status === 0 ? problem.message : `Not sent: ${problem.message}`}</p>
          {problem.problems.length > 0 && (
            <ul className="sp-list">
              {problem.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          {problem.status !== 0 && <p className="sp-hint">Your picks are still here: change them and try again.</p>}
        </div>
      )}
      {latest && <Receipt submission={latest} name={name} />}
      <SignInStyle />
    </section>
  );
}

function ClosedMessage({ reason, submitted }: { reason: string; submitted: boolean }) {
  return (
    <p role="status" className="sp-bad sr-closed">
      {reason} {submitted ? 'The submission below is the one your school has.' : 'You did not submit any choices: talk to your tutor.'}
    </p>
  );
}

function Receipt({ submission, name }: { submission: Submission; name: (id: string) => string }) {
  const reasons = [...submission.clash, ...submission.broken];
  return (
    <div className="sr-receipt" role="region" aria-label="Your receipt" data-testid="sr-receipt">
      <h3>Receipt</h3>
      <p>
        Submitted {whenText(submission.submittedAt)} · receipt code <strong className="sr-receipt-code">{submission.receipt}</strong>
        {submission.version > 1 ? ` · change number ${submission.version - 1}` : ''}
      </p>
      <ol className="sp-list">
        {submission.choices.map((id) => (
          <li key={id}>{name(id)}</li>
        ))}
      </ol>
      {submission.reserves.length > 0 && <p>Reserves: {submission.reserves.map(name).join(', ')}</p>}
      {reasons.length > 0 && (
        <>
          <p className="sp-warn">Recorded with your choices, for your school to look at:</p>
          <ul className="sp-list sr-reasons">
            {reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <p className="sp-hint">
            {submission.clash.length > 0
              ? "Your choices were still received: that is allowed, because the blocks are built from everyone's choices."
              : 'Your choices were still received; your school will check the rule with you.'}
          </p>
        </>
      )}
      <p className="sp-hint">Keep the receipt code: it shows exactly which choices your school received.</p>
    </div>
  );
}

function SignInStyle() {
  return (
    <style>{`
.sr-bar { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 0.5rem; }
.sr-code { display: block; width: 100%; box-sizing: border-box; min-height: 2.75rem; font-size: 1.1rem; font-family: ui-monospace, monospace; margin-top: 0.15rem; }
.sp-page .sr-send { background: #1f5fa8; color: #fff; border-color: #1f5fa8; font-weight: 600; width: 100%; }
.sp-warn { color: #7a4a00; font-weight: 600; }
.sr-receipt { border-top: 1px solid #ccc; margin-top: 0.75rem; padding-top: 0.5rem; }
.sr-receipt h3 { font-size: 1rem; margin: 0 0 0.25rem; }
.sr-receipt-code { font-family: ui-monospace, monospace; }
`}</style>
  );
}
