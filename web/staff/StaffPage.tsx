/**
 * The staff page of an options server (`{server}/?staff`, docs/server.md "The staff page"): a head of year
 * signs in with the admin secret, picks one of the server's rounds and watches it during options evening
 * (RoundView), with the round's actions (RoundActions).
 *
 * The admin secret is kept in this component's state only, in memory: not in localStorage or IndexedDB,
 * and not in sessionStorage either. It opens every round's personal data on the server, and anything in
 * web storage can be read back by any script that ever runs on this origin, which also serves the pupils'
 * pages; in memory it is gone when the tab is closed or reloaded. The cost is typing it again after a
 * reload, which the server checks cheaply (it remembers a verified secret's digest). The password field
 * lets the browser's own password manager offer it, which is the member of staff's choice to make.
 *
 * The round shown is in the address (`?staff=ROUND-ID`, an id with no personal data), so a reload comes back
 * to it after signing in again.
 */
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { RoundWire } from '../../data/options-round';
import { listRounds, type StaffConnection, type StaffProblem } from '../round/staff-api';
import { localWhen } from './round-figures';
import { RoundView } from './RoundView';
import { ProblemText } from './ProblemText';
import './staff.css';

/** The options server is this page's own origin: the page is served by it (server/site.ts). */
const SAME_ORIGIN = '';

function roundInAddress(): string | null {
  const v = new URLSearchParams(location.search).get('staff');
  return v ? v : null;
}

function putRoundInAddress(roundId: string | null): void {
  history.replaceState(null, '', roundId === null ? '?staff' : `?staff=${encodeURIComponent(roundId)}`);
}

export function StaffPage() {
  const [conn, setConn] = useState<StaffConnection | null>(null);
  const [rounds, setRounds] = useState<RoundWire[]>([]);
  const [roundId, setRoundId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const signedIn = (c: StaffConnection, list: RoundWire[]) => {
    setConn(c);
    setRounds(list);
    const wanted = roundInAddress();
    if (wanted !== null && list.some((r) => r.id === wanted)) setRoundId(wanted);
  };
  const signOut = () => {
    setConn(null);
    setRounds([]);
    setRoundId(null);
    setNotice('Signed out. The admin secret has been forgotten by this page.');
  };
  const open = (id: string | null) => {
    setRoundId(id);
    putRoundInAddress(id);
  };

  return (
    <div className="st-page">
      <header className="st-top">
        <div className="st-width">
          <h1>Options round: staff view</h1>
          {conn && (
            <button type="button" onClick={signOut}>
              Sign out
            </button>
          )}
        </div>
      </header>
      <div className="st-width st-body">
        {conn === null ? (
          <SignIn notice={notice} onSignedIn={signedIn} />
        ) : roundId === null ? (
          <RoundList conn={conn} rounds={rounds} onRounds={setRounds} onOpen={(id) => open(id)} notice={notice} />
        ) : (
          <RoundView
            key={roundId}
            conn={conn}
            roundId={roundId}
            roundName={rounds.find((r) => r.id === roundId)?.name ?? roundId}
            onBack={() => {
              setNotice(null);
              open(null);
            }}
            onDeleted={(name) => {
              setRounds((rs) => rs.filter((r) => r.id !== roundId));
              setNotice(`The round "${name}" was deleted, with its pupils, codes and submissions.`);
              open(null);
            }}
          />
        )}
      </div>
    </div>
  );
}

function SignIn({ notice, onSignedIn }: { notice: string | null; onSignedIn: (conn: StaffConnection, rounds: RoundWire[]) => void }) {
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<StaffProblem | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (secret === '') {
      setProblem({ status: 400, message: 'Type the admin secret first (the one the server was started with).', problems: [] });
      return;
    }
    setBusy(true);
    setProblem(null);
    const conn = { server: SAME_ORIGIN, adminSecret: secret };
    // Listing the rounds checks the secret: the server answers 401 with its message when it is wrong.
    void listRounds(conn).then((a) => {
      setBusy(false);
      if (a.ok) onSignedIn(conn, a.value);
      else setProblem(a.problem);
    });
  };
  return (
    <section className="st-card st-signin" aria-labelledby="st-signin-title">
      <h2 id="st-signin-title">Staff sign-in</h2>
      {notice && (
        <p className="st-note" role="status">
          {notice}
        </p>
      )}
      <p className="st-hint">The secret the options server was started with (--admin-secret-file or KS4_ADMIN_SECRET). This page keeps it only while it is open.</p>
      <form onSubmit={submit}>
        <label className="st-field">
          Admin secret
          <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="current-password" spellCheck={false} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {problem && <ProblemText problem={problem} />}
    </section>
  );
}

function RoundList({ conn, rounds, onRounds, onOpen, notice }: { conn: StaffConnection; rounds: RoundWire[]; onRounds: (r: RoundWire[]) => void; onOpen: (id: string) => void; notice: string | null }) {
  const [problem, setProblem] = useState<StaffProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const reload = useCallback(() => {
    setBusy(true);
    void listRounds(conn).then((a) => {
      setBusy(false);
      if (a.ok) {
        onRounds(a.value);
        setProblem(null);
      } else setProblem(a.problem);
    });
  }, [conn, onRounds]);
  // The list may have changed since sign-in (the planner opened a round): read it again when shown.
  useEffect(reload, [reload]);
  // Open rounds first, then the newest: what is running tonight is at the top.
  const sorted = useMemo(() => [...rounds].sort((a, b) => Number(a.status !== 'open') - Number(b.status !== 'open') || b.createdAt.localeCompare(a.createdAt)), [rounds]);
  return (
    <section className="st-card" aria-labelledby="st-rounds-title">
      <div className="st-row">
        <h2 id="st-rounds-title">Rounds on this server</h2>
        <button type="button" onClick={reload} disabled={busy}>
          {busy ? 'Reading…' : 'Refresh the list'}
        </button>
      </div>
      {notice && (
        <p className="st-note" role="status">
          {notice}
        </p>
      )}
      {problem && <ProblemText problem={problem} />}
      {sorted.length === 0 ? (
        <p>There are no rounds on this server. A round is opened from the planner, which publishes the offer and the invited pupils here.</p>
      ) : (
        <div className="st-scroll" role="region" aria-label="Table: rounds on this server" tabIndex={0}>
          <table className="st-table">
            <thead>
              <tr>
                <th scope="col">Round</th>
                <th scope="col">State</th>
                <th scope="col">Deadline (your time)</th>
                <th scope="col">Opened</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <button type="button" className="st-link" onClick={() => onOpen(r.id)}>
                      {r.name}
                    </button>
                  </th>
                  <td>{r.status === 'open' ? 'Open' : r.status === 'closed' ? 'Closed' : r.status}</td>
                  <td>{localWhen(r.deadline)}</td>
                  <td>{localWhen(r.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
