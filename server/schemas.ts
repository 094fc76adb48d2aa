/**
 * The zod schemas of every request body the options server accepts (the only parsers at its edge, as
 * data/schema.ts is for documents). Objects are strict: an unknown field is refused with its name rather
 * than ignored, so a client's typo is seen at once. Lengths are capped so no field can carry a document.
 *
 * The offer inside a round is checked by the project's own offer parser (solver/offer.ts, the one the
 * student page and `ks4 preview` use), wrapped here so its problems come back as zod issues with paths.
 * Course ids in a submission are checked against the round's current offer by the previewer
 * (solver/preview.ts), which names an unknown course and suggests the nearest.
 */
import * as z from 'zod';
import { formatOfferIssues, parseOffer, type Offer } from '../solver/offer';

/** Text shown to people (names): any characters, stored verbatim, but bounded. */
const Text = (max: number) => z.string().max(max, { message: `at most ${max} characters` });
const Id = z.string().min(1).max(64);

export const OfferSchema = z.unknown().transform((value, ctx): Offer => {
  const parsed = parseOffer(value);
  if (!parsed.ok) {
    for (const e of parsed.errors) ctx.addIssue({ code: 'custom', message: e.message, path: e.path ? [e.path] : [] });
    return z.NEVER;
  }
  return parsed.value;
});

export const InvitedPupilSchema = z.strictObject({
  admissionNumber: Text(32).min(1),
  name: Text(200),
  pathway: Id.optional(),
});

/** Deadline: an ISO 8601 date-time with a time zone ("2027-02-14T17:00:00Z"), so there is no doubt which 5 pm. */
const Deadline = z.iso.datetime({ offset: true });

export const CreateRoundSchema = z
  .strictObject({
    name: Text(200).optional(),
    offer: OfferSchema,
    deadline: Deadline,
    pupils: z.array(InvitedPupilSchema).min(1).max(5000),
  })
  .superRefine((body, ctx) => {
    const seen = new Map<string, number>();
    body.pupils.forEach((p, i) => {
      const first = seen.get(p.admissionNumber);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['pupils', i, 'admissionNumber'], message: `Admission number ${p.admissionNumber} is invited twice (pupils[${first}] and pupils[${i}]). Each pupil gets one code.` });
      else seen.set(p.admissionNumber, i);
      if (p.pathway !== undefined && !body.offer.pathways.some((w) => w.id === p.pathway)) {
        ctx.addIssue({ code: 'custom', path: ['pupils', i, 'pathway'], message: `Pupil ${p.admissionNumber} is on pathway ${p.pathway}, which the offer does not have (pathways: ${body.offer.pathways.map((w) => w.id).join(', ') || 'none'}).` });
      }
    });
  });
export type CreateRoundBody = z.infer<typeof CreateRoundSchema>;

export const UpdateOfferSchema = z.strictObject({ offer: OfferSchema });

export const UpdateDeadlineSchema = z.strictObject({ deadline: Deadline });

export const SignInSchema = z.strictObject({ code: z.string().min(1).max(100) });

export const SubmissionSchema = z.strictObject({
  choices: z.array(Id).min(1).max(12),
  reserves: z.array(Id).max(6).default([]),
});
export type SubmissionBody = z.infer<typeof SubmissionSchema>;

/** Zod's issues as "path: message" lines, for a 400 reply. */
export function describeZodError(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message));
}

export { formatOfferIssues };
