/**
 * The options server's answers, as the pages that read them parse them: the pupils' phone page
 * (web/student/server-round.ts), the staff page and the planner's round panel. The server (server/*.ts)
 * builds its replies with these same types, so the wire shape is written once, here.
 *
 * Objects are not strict here (unlike server/schemas.ts for request bodies): a newer server may add a
 * field, and an older page should go on working with what it knows. The offer inside an answer is left
 * `unknown`: the reader checks it with the project's own offer parser (solver/offer.ts parseOffer), the one
 * every published offer goes through, and data/ does not run solver code.
 */
import * as z from 'zod';

/** One stored version of a pupil's choices. */
export const SubmissionWire = z.object({
  id: z.number().int(),
  version: z.number().int(),
  choices: z.array(z.string()),
  reserves: z.array(z.string()),
  /** ISO 8601, UTC. */
  submittedAt: z.string(),
  /** The offer version the choices were checked against when they arrived. */
  offerVersion: z.number().int(),
  fits: z.boolean(),
  /** Rules the combination breaks, in the previewer's words. */
  broken: z.array(z.string()),
  /** Why it does not fit the blocks of that offer version (empty when it fits). */
  clash: z.array(z.string()),
  receipt: z.string(),
});
export type SubmissionWire = z.infer<typeof SubmissionWire>;

/** GET /api/me and POST /api/session: who is signed in, the round, the current offer (unchecked) and the latest submission. */
export const PupilViewWire = z.object({
  pupil: z.object({ admissionNumber: z.string(), name: z.string(), pathway: z.string().optional() }),
  round: z.object({ name: z.string(), deadline: z.string(), closedReason: z.string().nullable() }),
  offerVersion: z.number().int(),
  offer: z.unknown(),
  latest: SubmissionWire.nullable(),
});
export type PupilViewWire = z.infer<typeof PupilViewWire>;

/** A round as the staff endpoints describe it. */
export const RoundWire = z.object({
  id: z.string(),
  name: z.string(),
  deadline: z.string(),
  status: z.string(),
  createdAt: z.string(),
  closedAt: z.string().optional(),
});
export type RoundWire = z.infer<typeof RoundWire>;

/** One invited pupil's access code, returned once, when the round is created (for the slips and the mail merge). */
export const IssuedCodeWire = z.object({ admissionNumber: z.string(), name: z.string(), code: z.string() });
export type IssuedCodeWire = z.infer<typeof IssuedCodeWire>;

/** POST /api/staff/rounds. */
export const CreatedRoundWire = z.object({ round: RoundWire, codes: z.array(IssuedCodeWire) });
export type CreatedRoundWire = z.infer<typeof CreatedRoundWire>;

/** PUT .../deadline and POST .../close answer the round as it now is. */
export const RoundEnvelopeWire = z.object({ round: RoundWire });

/** DELETE /api/staff/rounds/:id. */
export const DeletedWire = z.object({ deleted: z.string() });

/** GET /api/staff/rounds. */
export const RoundListWire = z.object({ rounds: z.array(RoundWire) });

/** PUT /api/staff/rounds/:id/offer. */
export const OfferPublishedWire = z.object({ offerVersion: z.number().int() });

export const CourseDemandWire = z.object({
  course: z.string(),
  name: z.string(),
  /** Pupils with the course among their choices. */
  chosen: z.number().int(),
  /** Pupils with it as a reserve. */
  reserve: z.number().int(),
  /** Free places the current offer publishes: the groups' free places, capped by the course's quota. */
  places: z.number().int(),
});
export type CourseDemandWire = z.infer<typeof CourseDemandWire>;

export const PupilProblemWire = z.object({
  admissionNumber: z.string(),
  name: z.string(),
  choices: z.array(z.string()),
  /** For notFitting: the clash in words; for breakingRules: the broken rules. */
  reasons: z.array(z.string()),
});
export type PupilProblemWire = z.infer<typeof PupilProblemWire>;

/** GET /api/staff/rounds/:id: what the staff page shows while a round runs. */
export const RoundStatusWire = z.object({
  round: z.object({ id: z.string(), name: z.string(), deadline: z.string(), status: z.string(), offerVersion: z.number().int() }),
  pupils: z.number().int(),
  submitted: z.number().int(),
  notSubmitted: z.array(z.object({ admissionNumber: z.string(), name: z.string() })),
  demand: z.array(CourseDemandWire),
  notFitting: z.array(PupilProblemWire),
  breakingRules: z.array(PupilProblemWire),
});
export type RoundStatusWire = z.infer<typeof RoundStatusWire>;

export const ROUND_EXPORT_FORMAT = 'ks4-round-submissions/1';

/** One pupil's latest submission in a round's export. */
export const ExportedSubmissionWire = z.object({
  admissionNumber: z.string(),
  name: z.string(),
  pathway: z.string().optional(),
  choices: z.array(z.string()),
  reserves: z.array(z.string()),
  submittedAt: z.string(),
  /** How many versions the pupil has submitted (this is the latest). */
  version: z.number().int(),
  offerVersion: z.number().int(),
  fits: z.boolean(),
  broken: z.array(z.string()),
  clash: z.array(z.string()),
  receipt: z.string(),
});
export type ExportedSubmissionWire = z.infer<typeof ExportedSubmissionWire>;

/** GET /api/staff/rounds/:id/export: every pupil's latest submission, what the planner pulls into the scenario. */
export const RoundExportWire = z.object({
  format: z.literal(ROUND_EXPORT_FORMAT),
  round: z.object({ id: z.string(), name: z.string(), deadline: z.string(), status: z.string(), offerVersion: z.number().int() }),
  submissions: z.array(ExportedSubmissionWire),
});
export type RoundExportWire = z.infer<typeof RoundExportWire>;

/** Every error answer: the message to show, and the list of what was wrong with the request when there is one. */
export const ErrorWire = z.object({ error: z.string(), problems: z.array(z.string()).optional() });
