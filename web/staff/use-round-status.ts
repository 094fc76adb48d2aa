/**
 * Keeps one round's status fresh while the staff page is on screen: fetched at once, then every 15 s while
 * the tab is visible (document.visibilityState), and at once when it becomes visible again after a pause
 * longer than that. A laptop projecting the page all evening costs the server one read every 15 s; a tab
 * left in the background costs nothing.
 *
 * A failed refresh keeps the last figures and records why and when, so the page can say they are stale
 * rather than blank them. Only one request is in flight at a time; an answer for a round no longer shown
 * (the user picked another) is dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RoundStatusWire } from '../../data/options-round';
import { roundStatus, type StaffConnection, type StaffProblem } from '../round/staff-api';

export const REFRESH_EVERY_MS = 15_000;

export interface RoundStatusState {
  status: RoundStatusWire | null;
  /** When `status` was received (ms since the epoch). */
  updatedAt: number | null;
  /** The last refresh that failed, when it is more recent than the last success. */
  failure: { at: number; problem: StaffProblem } | null;
  loading: boolean;
}

export function useRoundStatus(conn: StaffConnection, roundId: string): RoundStatusState & { refresh: () => void } {
  const [state, setState] = useState<RoundStatusState>({ status: null, updatedAt: null, failure: null, loading: true });
  const inFlight = useRef(false);
  const lastAttempt = useRef(0);
  const current = useRef(roundId);
  current.current = roundId;

  const refresh = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    lastAttempt.current = Date.now();
    const asked = roundId;
    setState((s) => ({ ...s, loading: true }));
    void roundStatus(conn, asked).then((a) => {
      inFlight.current = false;
      if (current.current !== asked) return;
      const at = Date.now();
      if (a.ok) setState({ status: a.value, updatedAt: at, failure: null, loading: false });
      else setState((s) => ({ ...s, failure: { at, problem: a.problem }, loading: false }));
    });
  }, [conn, roundId]);

  useEffect(() => {
    setState({ status: null, updatedAt: null, failure: null, loading: true });
    inFlight.current = false;
    refresh();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, REFRESH_EVERY_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible' && Date.now() - lastAttempt.current >= REFRESH_EVERY_MS) refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh]);

  return { ...state, refresh };
}
