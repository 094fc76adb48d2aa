/**
 * The wall clock and the event loop for a search's loop, in one place: the deadline (the hard stop), and
 * every YIELD_MS a visit to the event loop so progress is reported and a cancel is heard. Used by the
 * search's main loop (search.ts) and the event models' timetabling phase (event-phase/phase.ts).
 *
 * `tick` is synchronous and allocates nothing, so a hot loop may call it often; only when a slice is due
 * does the loop await `yieldSlice`.
 */
import type { SearchLimits, SearchStop } from '../search';

const YIELD_MS = 40;

export class SliceClock {
  private lastYield = Date.now();

  constructor(
    private readonly limits: SearchLimits,
    private readonly onSlice: () => void,
  ) {}

  /** 'time' past the deadline, 'slice' when the event loop is due a visit, else null. */
  tick(): 'time' | 'slice' | null {
    const now = Date.now();
    if (now >= this.limits.deadlineMs) return 'time';
    if (now - this.lastYield > YIELD_MS) {
      this.lastYield = now;
      return 'slice';
    }
    return null;
  }

  /** Reports progress and visits the event loop; 'cancelled' when a cancel was asked before or during it. */
  async yieldSlice(): Promise<SearchStop | null> {
    this.onSlice();
    if (this.limits.shouldStop?.()) return 'cancelled';
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    return this.limits.shouldStop?.() ? 'cancelled' : null;
  }
}
