/**
 * Faults planted in the State (and the seater's delta), one at a time, to show the state-level fuzz has teeth: each is a plausible slip
 * in a delta, in the journal or in a snapshot, and test/state-fuzz.test.ts checks the fuzz catches every one and
 * that each kept case of test/fixtures/state-fuzz/ made from a plant still fails with it.
 *
 * `plant()` wraps one method of State.prototype and returns the function that takes the wrapper out again;
 * the caller must take it out (try/finally) before anything else runs.
 */
import { Seater } from '../../solver/seat';
import { State } from '../../solver/state';

export interface Plant {
  /** The fault, in plain words. */
  fault: string;
  plant: () => () => void;
}

export const PLANTS: Record<string, Plant> = {
  'room-overflow': {
    fault: 'setRoom leaves overflow as it was (the group capacity a room sets is not counted)',
    plant: () => {
      const original = State.prototype.setRoom;
      State.prototype.setRoom = function (g, room) {
        const before = this.t.overflow;
        original.call(this, g, room);
        this.t.overflow = before;
      };
      return () => (State.prototype.setRoom = original);
    },
  },
  'reserve-rank': {
    fault: 'unseating a reserve leaves reserveRank as it was',
    plant: () => {
      const original = State.prototype.setSeat;
      State.prototype.setSeat = function (i, g) {
        const before = this.t.reserveRank;
        original.call(this, i, g);
        if (g < 0) this.t.reserveRank = before;
      };
      return () => (State.prototype.setSeat = original);
    },
  },
  'pinned-small': {
    fault: 'a pinned group with one student counts as below its minimum size',
    plant: () => {
      const original = State.prototype.setSeat;
      State.prototype.setSeat = function (i, g) {
        original.call(this, i, g);
        if (g >= 0 && this.m.slotPinned[g] && this.slotLoad[g] === 1 && this.m.courseMinSize[this.m.slotCourse[g]] > 1) this.t.small++;
      };
      return () => (State.prototype.setSeat = original);
    },
  },
  'staff-load': {
    fault: "taking a teacher off an even-numbered slot leaves the teacher's load",
    plant: () => {
      const original = State.prototype.setStaff;
      State.prototype.setStaff = function (g, teacher) {
        const old = this.slotStaff[g];
        original.call(this, g, teacher);
        if (old >= 0 && teacher < 0 && g % 2 === 0) this.staffLoad[old * this.m.yearCount]++;
      };
      return () => (State.prototype.setStaff = original);
    },
  },
  'undo-first': {
    fault: 'undo leaves the first change of a move in place',
    plant: () => {
      const original = State.prototype.undo;
      State.prototype.undo = function (mark) {
        original.call(this, Math.min(mark + 4, this.journalLength));
      };
      return () => (State.prototype.undo = original);
    },
  },
  'marginal-quota': {
    fault: "the seater's predicted change counts the student who fills a course's quota exactly as over it",
    plant: () => {
      const original = Seater.prototype.marginal;
      Seater.prototype.marginal = function (st, g) {
        const c = st.m.slotCourse[g];
        const places = st.m.coursePlaces[c];
        return original.call(this, st, g) + (places >= 0 && st.courseLoad[c] + 1 === places ? st.w.overflow : 0);
      };
      return () => (Seater.prototype.marginal = original);
    },
  },
  'snapshot-rooms': {
    fault: 'a snapshot loses the rooms',
    plant: () => {
      const original = State.prototype.snapshot;
      State.prototype.snapshot = function (into) {
        const snap = original.call(this, into);
        snap.slotRoom.fill(-1);
        return snap;
      };
      return () => (State.prototype.snapshot = original);
    },
  },
};

/**
 * Faults planted in the re-solve's two rules (solver/constraints/pupils-moved.ts, groups-moved.ts) and the
 * slots' published references: the reference-carrying fuzz must catch each (test/state-fuzz.test.ts).
 */
export const REFERENCE_PLANTS: Record<string, Plant> = {
  'ref-kept-on-close': {
    fault: 'closing a slot keeps the published group it continued',
    plant: () => {
      const original = State.prototype.setPlacement;
      State.prototype.setPlacement = function (g, p) {
        const ref = this.slotRef[g];
        original.call(this, g, p);
        if (p < 0 && ref >= 0) this.slotRef[g] = ref;
      };
      return () => (State.prototype.setPlacement = original);
    },
  },
  'group-moved-on-move': {
    fault: 'moving a group to other blocks leaves groupsMoved as it was',
    plant: () => {
      const original = State.prototype.setPlacement;
      State.prototype.setPlacement = function (g, p) {
        const wasOpen = this.slotPlacement[g] >= 0;
        const before = this.t.groupsMoved;
        original.call(this, g, p);
        if (wasOpen && p >= 0) this.t.groupsMoved = before;
      };
      return () => (State.prototype.setPlacement = original);
    },
  },
  'pupil-moved-on-unseat': {
    fault: 'unseating a seat leaves pupilsMoved as it was',
    plant: () => {
      const original = State.prototype.setSeat;
      State.prototype.setSeat = function (i, g) {
        const before = this.t.pupilsMoved;
        original.call(this, i, g);
        if (g < 0) this.t.pupilsMoved = before;
      };
      return () => (State.prototype.setSeat = original);
    },
  },
};
