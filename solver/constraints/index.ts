/**
 * The rules of the document, one module each (capacity, min-size, places, groups, staffing, rooms, seating, and
 * with a published blocking to stay close to pupils-moved and groups-moved),
 * every module holding the rule in words, its weight (gathered in objective.ts), its from-scratch evaluation of
 * the whole assignment, and its incremental one: the change of its term when a student joins or leaves a group,
 * a group opens, moves or closes, a teacher or a room is set, which State's setters (state.ts) and the Seater
 * (seat.ts) call where the change happens. The from-scratch side is the reference: the incremental terms State
 * keeps must always equal it (assert mode and property tests check it, below).
 */
import type { Model } from '../model';
import { overflow } from './capacity';
import { groupsRule } from './groups';
import { groupsMoved } from './groups-moved';
import { pupilsMoved } from './pupils-moved';
import type { Terms } from './objective';
import { smallGroups } from './min-size';
import { placesOver } from './places';
import { roomsRule } from './rooms';
import { seating } from './seating';
import { staffing } from './staffing';
import type { AssignmentView } from './view';

export function evaluateFromScratch(m: Model, a: AssignmentView): { terms: Terms; breaches: string[] } {
  const st = staffing(m, a);
  const rm = roomsRule(m, a);
  const se = seating(m, a);
  const gr = groupsRule(m, a);
  const gm = groupsMoved(m, a);
  return {
    terms: {
      overflow: overflow(m, a),
      small: smallGroups(m, a),
      placesOver: placesOver(m, a),
      unstaffed: st.unstaffed,
      unroomed: rm.unroomed,
      notFull: se.notFull,
      unmet: se.unmet,
      reserves: se.reserves,
      reserveRank: se.reserveRank,
      openGroups: gr.openGroups,
      sumSquares: gr.sumSquares,
      pupilsMoved: pupilsMoved(m, a),
      groupsMoved: gm.groupsMoved,
    },
    breaches: [...st.breaches, ...rm.breaches, ...se.breaches, ...gr.breaches, ...gm.breaches],
  };
}

/** Throws when the incremental terms differ from the from-scratch ones, or when an invariant is broken. */
export function assertConsistent(m: Model, a: AssignmentView, incremental: Terms, context: string): void {
  const { terms, breaches } = evaluateFromScratch(m, a);
  const diffs: string[] = [];
  for (const key of Object.keys(terms) as (keyof Terms)[]) {
    if (terms[key] !== incremental[key]) diffs.push(`${key}: incremental ${incremental[key]}, from scratch ${terms[key]}`);
  }
  if (diffs.length > 0 || breaches.length > 0) {
    throw new Error(`Incremental score check failed after ${context}: ${[...diffs, ...breaches.slice(0, 5)].join('; ')}`);
  }
}
