/**
 * The secrets of an options round, kept in this page's memory only: the admin secret typed by the member of
 * staff, and the pupils' access codes the server returned once when the round was opened. Neither is ever
 * written to IndexedDB, localStorage or a file the planner saves by itself; both are gone when the page is
 * closed or reloaded. Held at module level (not in a component) so that moving between the planner's
 * screens does not lose the codes before the slips are printed.
 */
import type { IssuedCodeWire } from '../../data/options-round';

let adminSecret = '';
/** Round id -> the codes issued for it, in invitation order. */
const codesByRound = new Map<string, IssuedCodeWire[]>();
/** Rounds whose codes have been neither shown as slips nor saved as the mail-merge CSV: closing the page would lose them. */
const notHandedOut = new Set<string>();

/** The browser's "Leave site?" question while some codes exist nowhere but in this page. */
function warnBeforeLeaving(e: BeforeUnloadEvent): void {
  if (notHandedOut.size === 0) return;
  e.preventDefault();
  e.returnValue = '';
}

export function rememberedSecret(): string {
  return adminSecret;
}

export function rememberSecret(secret: string): void {
  adminSecret = secret;
}

export function rememberCodes(roundId: string, codes: readonly IssuedCodeWire[]): void {
  codesByRound.set(roundId, [...codes]);
  notHandedOut.add(roundId);
  if (typeof window !== 'undefined') window.addEventListener('beforeunload', warnBeforeLeaving);
}

/** The slips were shown or the CSV saved: leaving the page no longer loses the only copy. */
export function codesHandedOut(roundId: string): void {
  notHandedOut.delete(roundId);
  if (notHandedOut.size === 0 && typeof window !== 'undefined') window.removeEventListener('beforeunload', warnBeforeLeaving);
}

/** The codes of a round opened in this page, or undefined after a reload (they cannot be fetched again). */
export function rememberedCodes(roundId: string): readonly IssuedCodeWire[] | undefined {
  return codesByRound.get(roundId);
}

export function forgetCodes(roundId: string): void {
  codesByRound.delete(roundId);
  codesHandedOut(roundId);
}
