/**
 * `ks4 preview OFFER.json --choices HIS,FRE,ART,SPO [--reserves GEO] [--pathway EB]
 *   [--attr prior=high ...] [--want N]`
 *
 * Prints one JSON object: { "fits", "placement", "broken", "alternatives" } (plus "clash" and "notes"
 * when they have something to say). Exit codes: 0 when a preview was printed (whether or not it fits),
 * 1 on bad input (not an offer, an unknown code, a duplicate...), with a message and a hint.
 */
import { clipMessage } from '../data/document-text';
import { readJsonFile } from '../data/load';
import { formatIssues } from '../data/schema';
import { createPreviewer, formatOfferIssues, parseOffer, PreviewInputError, type AttributeValue, type PreviewRequest } from '../solver';

const USAGE = 'Usage: ks4 preview OFFER.json --choices HIS,FRE,ART,SPO [--reserves GEO] [--pathway ID] [--attr NAME=VALUE] [--want N]';

const list = (v: string) => v.split(',').map((s) => s.trim()).filter((s) => s !== '');

function attrValue(raw: string): AttributeValue {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
}

export function main(argv: string[]): number {
  const args = argv.filter((a) => a !== '--');
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let offerPath: string | undefined;
  const request: { choices?: string[]; reserves?: string[]; pathway?: string; attributes?: Record<string, AttributeValue> } = {};
  let want: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new PreviewInputError([`${a} needs a value.\n${USAGE}`]);
      return v;
    };
    try {
      if (a === '--choices') request.choices = list(value());
      else if (a === '--reserves') request.reserves = list(value());
      else if (a === '--pathway') request.pathway = value();
      else if (a === '--want') {
        const v = value();
        want = Number(v);
        if (!Number.isInteger(want) || want < 0) return fail(`--want ${v} should be a whole number, 0 or more.`);
      } else if (a === '--attr') {
        const v = value();
        const eq = v.indexOf('=');
        if (eq <= 0) return fail(`--attr ${v} should look like NAME=VALUE, for example --attr prior=high.`);
        request.attributes = { ...request.attributes, [v.slice(0, eq)]: attrValue(v.slice(eq + 1)) };
      } else if (a.startsWith('--')) return fail(`Unknown option ${a}.\n${USAGE}`);
      else if (offerPath === undefined) offerPath = a;
      else return fail(`Expected one offer file, got ${offerPath} and ${a}.\n${USAGE}`);
    } catch (e) {
      return fail((e as Error).message);
    }
  }
  if (offerPath === undefined) return fail(`Which offer? Give the offer file first.\n${USAGE}`);
  if (request.choices === undefined) return fail(`Which courses? Give them with --choices, for example --choices HIS,FRE,ART,SPO.\n${USAGE}`);

  const json = readJsonFile(offerPath);
  if (!json.ok) return fail(`The offer ${offerPath} cannot be read:\n${formatIssues(json.errors)}`);
  const offer = parseOffer(json.value);
  if (!offer.ok) return fail(`The file ${offerPath} is not a usable published offer:\n${formatOfferIssues(offer.errors)}`);
  try {
    const previewer = createPreviewer(offer.value);
    const r = previewer.preview(request as PreviewRequest, { want });
    const printed: Record<string, unknown> = { fits: r.fits, placement: r.placement, broken: r.broken, alternatives: r.alternatives };
    if (r.clash.length > 0) printed.clash = r.clash;
    if (r.notes.length > 0) printed.notes = r.notes;
    console.log(JSON.stringify(printed, null, 2));
    return 0;
  } catch (e) {
    if (e instanceof PreviewInputError) return fail(e.problems.map((p) => `- ${p}`).join('\n'));
    throw e;
  }
}

function fail(message: string): number {
  console.error(clipMessage(message));
  return 1;
}
