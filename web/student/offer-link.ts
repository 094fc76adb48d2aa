/**
 * The whole published offer inside the student link: `PAGE#offer=v1.<base64url>`, where the payload is a
 * compact form of the offer (below), deflated with the browser's own CompressionStream('deflate-raw') and
 * written in URL-safe base64. A fragment never reaches a server, so the page needs no hosting beyond its own
 * files (which the service worker keeps) and nothing the student does leaves the phone.
 *
 * The compact form (version 1) keeps everything the student page and the preview engine use and leaves
 * out what can be rebuilt: defaults (kind GCSE, span 1, site home, the offer's years, empty tags) are
 * omitted, groups become `[courseIndex, blockIndex | [blockIndexes], free, years?]` and their ids are
 * renumbered `COURSE-n` in order (as solver/publish.ts numbers them). The expanded offer is checked by
 * parseOffer like any offer file. A new layout gets a new prefix (`v2.`); a page that does not know the
 * prefix says the link is from a newer planner.
 */
import {
  OFFER_FORMAT, parseOffer, formatOfferIssues, type Offer, type OfferCourse, type OfferGroup, type ChoiceRule,
} from '../../solver';

export const OFFER_LINK_PREFIX = 'v1.';
/** The fragment key: `#offer=v1....`. */
export const OFFER_FRAGMENT_KEY = 'offer';

interface CompactCourse {
  i: string;
  n: string;
  k?: string;
  t?: string[];
  d?: string;
  y?: number[];
  s?: 2;
  l?: string;
  x?: string;
  p?: number;
}
type CompactGroup = [number, number | number[], number] | [number, number | number[], number, number[]];
interface CompactOffer {
  n: string;
  b: string[];
  y: number[];
  c: CompactCourse[];
  g: CompactGroup[];
  w?: { i: string; n: string; c?: number; r?: ChoiceRule[] }[];
  r?: ChoiceRule[];
  s?: { id: string; name: string }[];
  /** How many choices and reserves to ask for. */
  q?: [number | null, number | null];
}

const sameList = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function compactOffer(offer: Offer): CompactOffer {
  const courseIndex = new Map(offer.courses.map((c, i) => [c.id, i] as const));
  const blockIndex = new Map(offer.blocks.map((b, i) => [b, i] as const));
  const c: CompactCourse[] = offer.courses.map((x) => ({
    i: x.id,
    n: x.name,
    ...(x.kind !== 'GCSE' ? { k: x.kind } : {}),
    ...(x.tags.length > 0 ? { t: x.tags } : {}),
    ...(x.department !== undefined ? { d: x.department } : {}),
    ...(!sameList(x.years, offer.years) ? { y: x.years } : {}),
    ...(x.span === 2 ? { s: 2 as const } : {}),
    ...(x.site !== 'home' ? { l: x.site } : {}),
    ...(x.discountCode !== undefined ? { x: x.discountCode } : {}),
    ...(x.placesLeft !== undefined ? { p: x.placesLeft } : {}),
  }));
  const g: CompactGroup[] = offer.groups.map((x) => {
    const blocks = x.blocks.map((b) => blockIndex.get(b)!);
    const where = blocks.length === 1 ? blocks[0] : blocks;
    const course = offer.courses[courseIndex.get(x.course)!];
    return sameList(x.years, course.years) ? [courseIndex.get(x.course)!, where, x.free] : [courseIndex.get(x.course)!, where, x.free, x.years];
  });
  const out: CompactOffer = { n: offer.name, b: offer.blocks, y: offer.years, c, g };
  if (offer.pathways.length > 0) out.w = offer.pathways.map((p) => ({ i: p.id, n: p.name, ...(p.choices !== undefined ? { c: p.choices } : {}), ...(p.rules.length > 0 ? { r: p.rules } : {}) }));
  if (offer.rules.length > 0) out.r = offer.rules;
  if (offer.sites && offer.sites.length > 0) out.s = offer.sites;
  if (offer.ask) out.q = [offer.ask.choices ?? null, offer.ask.reserveChoices ?? null];
  return out;
}

/** The offer again from its compact form (not yet checked: parseOffer does that). */
export function expandOffer(z: CompactOffer): unknown {
  const years = z.y;
  const courses: OfferCourse[] = z.c.map((x) => ({
    id: x.i,
    name: x.n,
    kind: x.k ?? 'GCSE',
    tags: x.t ?? [],
    ...(x.d !== undefined ? { department: x.d } : {}),
    years: x.y ?? [...years],
    span: x.s === 2 ? 2 : 1,
    site: x.l ?? 'home',
    ...(x.x !== undefined ? { discountCode: x.x } : {}),
    ...(x.p !== undefined ? { placesLeft: x.p } : {}),
  }));
  const perCourse = new Map<string, number>();
  const groups: OfferGroup[] = z.g.map(([ci, where, free, gy]) => {
    const course = courses[ci];
    const id = course?.id ?? `course${ci}`;
    const n = (perCourse.get(id) ?? 0) + 1;
    perCourse.set(id, n);
    return {
      id: `${id}-${n}`,
      course: id,
      blocks: (Array.isArray(where) ? where : [where]).map((b) => z.b[b]),
      years: gy ?? [...(course?.years ?? years)],
      free,
    };
  });
  const offer: Record<string, unknown> = {
    format: OFFER_FORMAT,
    name: z.n,
    blocks: z.b,
    years,
    courses,
    groups,
    pathways: (z.w ?? []).map((p) => ({ id: p.i, name: p.n, ...(p.c !== undefined ? { choices: p.c } : {}), rules: p.r ?? [] })),
    rules: z.r ?? [],
  };
  if (z.s) offer.sites = z.s;
  if (z.q) offer.ask = { ...(z.q[0] !== null ? { choices: z.q[0] } : {}), ...(z.q[1] !== null ? { reserveChoices: z.q[1] } : {}) };
  return offer;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** The fragment payload for an offer: `v1.` and the compressed compact offer. */
export async function encodeOffer(offer: Offer): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(compactOffer(offer)));
  return OFFER_LINK_PREFIX + toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

/** The student link for an offer: the page's address with the offer in its fragment. */
export async function offerLink(pageUrl: string, offer: Offer): Promise<string> {
  const base = pageUrl.split('#')[0].split('?')[0];
  return `${base}#${OFFER_FRAGMENT_KEY}=${await encodeOffer(offer)}`;
}

/** The payload of `#offer=...` in a fragment, or undefined when the fragment carries none. */
export function offerPayload(hash: string): string | undefined {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!h.startsWith(`${OFFER_FRAGMENT_KEY}=`)) return undefined;
  return h.slice(OFFER_FRAGMENT_KEY.length + 1);
}

const CUT = 'This link is not complete: part of it may have been lost when it was copied or sent. Ask your school for the student link again, or scan its QR code.';

/** Read the offer back from a payload, or say in a student's words what is wrong with the link. */
export async function decodeOffer(payload: string): Promise<{ offer: Offer } | { error: string }> {
  let text = payload.trim();
  try {
    text = decodeURIComponent(text);
  } catch {
    // Not percent-encoded: use as it is.
  }
  if (!text.startsWith(OFFER_LINK_PREFIX)) {
    return /^v\d+\./.test(text)
      ? { error: 'This link was made by a newer version of the options planner than this page. Ask your school for the student link again.' }
      : { error: CUT };
  }
  const body = text.slice(OFFER_LINK_PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return { error: CUT };
  let compact: CompactOffer;
  try {
    const json = await pipe(fromBase64Url(body), new DecompressionStream('deflate-raw'));
    compact = JSON.parse(new TextDecoder().decode(json)) as CompactOffer;
  } catch {
    return { error: CUT };
  }
  let expanded: unknown;
  try {
    expanded = expandOffer(compact);
  } catch {
    return { error: CUT };
  }
  const parsed = parseOffer(expanded);
  return parsed.ok ? { offer: parsed.value } : { error: `The options in this link cannot be used:\n${formatOfferIssues(parsed.errors)}` };
}

/**
 * QR codes hold at most 2,953 bytes (version 40 at the lowest error correction); the link is plain ASCII.
 * Above this the planner says the QR code should carry a link to a hosted offer file instead.
 */
export const QR_MAX_BYTES = 2953;
