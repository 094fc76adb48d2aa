/**
 * The offer an options round publishes to the server: the Student preview's offer (blocks, courses, rules;
 * no personal data), except that the invited pupils' own seats in the draft blocking count as free.
 *
 * Why: a round's pupils are the cohort whose choices the blocks are built from, and they are the students
 * the draft already seats. With their seats counted as taken, a pupil seated in a group the draft filled
 * would be told on the phone that the group is full (the previewer uses only groups with `free` > 0), and
 * the staff page would set each course's demand against places that already leave out the same pupils'
 * seats: ten pupils choosing Art in a draft that seats those ten in a group of 22 read "10 chosen, 2 places
 * left" instead of 12. Released, a group's `free` is its size less the seats of students not in the round
 * (none when the round invites the whole scenario, which opening requires), and a course's quota likewise.
 */
import { publishOffer, type Offer, type Result, type Scenario } from '../../solver';
import { offeredScenario } from '../state/drop';

/**
 * The round's offer for `invited` (student ids, as invitedPupils gives them); undefined when the scenario has
 * no blocking yet or the result does not belong to it (the Student preview then shows its own message).
 */
export function roundOffer(scenario: Scenario, result: Result | null | undefined, invited: readonly string[]): Offer | undefined {
  if (!result) return undefined;
  try {
    return publishOffer(offeredScenario(scenario), result, { releaseStudents: new Set(invited) });
  } catch {
    return undefined;
  }
}
