/**
 * The student page: pick courses from a published offer and see at once whether they fit, in which
 * blocks, which rules they break and which nearby combinations do fit. Print or save the final choice.
 *
 * Self-contained: it needs only the offer (solver/offer.ts) and the preview engine (solver/preview.ts),
 * no store, no worker (a preview takes a millisecond or two), no network. `StudentPage` takes the offer
 * as a prop; `StudentPageLoader` finds one from `?offer=URL` or a file the student picks, so the static
 * build works offline with an offer file. Styles are in one <style> element, scoped by the `sp-` prefix,
 * laid out for a phone first, with a print style that keeps only the choice and its blocks.
 */
import { useCallback, useEffect, useMemo, useState, type ChangeEvent, type ReactNode } from 'react';
import {
  formatOfferIssues, parseOffer, type Offer, type OfferCourse, createPreviewer, PreviewInputError,
  type Alternative, type Placement, type Previewer, isEligibilityRule, type AttributeValue,
  type EligibilityRule,
} from '../../solver';
import { decodeOffer, offerPayload } from './offer-link';
import { isRoundPage } from './server-round';
import { ServerRoundPage } from './ServerRoundPage';
import { askCounts, askText, choiceCsv, choiceFileName, choiceText, kindText, loadPicks, savePicks, storageKey, type SavedChoice } from './saved-choice';

export interface StudentPageProps {
  offer: Offer;
  /** Start with these choices (course ids, most wanted first). */
  initialChoices?: string[];
  initialReserves?: string[];
  /** Called whenever the combination changes, e.g. for a parent page to keep it. */
  onChange?: (state: { choices: string[]; reserves: string[]; pathway?: string }) => void;
  /**
   * Keep the picks (and the name typed for saving) on this device, in localStorage keyed by the offer,
   * and start from them when the page is opened again. The student's own page does; the planner's
   * preview does not.
   */
  remember?: boolean;
  /**
   * The pupil's pathway as the school set it (an options round's invited pupil): used for every check and
   * shown, not chosen, since the server checks submissions with it.
   */
  fixedPathway?: string;
  /** Shown above the page's heading (the options round's "signed in as" bar, ServerRoundPage). */
  top?: ReactNode;
  /**
   * Replaces "Save or send your choice" (a CSV download) when the page is served by an options server:
   * the round's submit panel, given the combination and the preview's verdict on it.
   */
  submitPanel?: (state: { choices: string[]; reserves: string[]; fits: boolean | undefined; broken: string[]; clash: string[] }) => ReactNode;
}

export function StudentPage({ offer, initialChoices, initialReserves, onChange, remember = false, top, submitPanel, fixedPathway }: StudentPageProps) {
  // Read once: what this phone kept for this offer, unless the caller gives a starting combination.
  const [stored] = useState(() => (remember && initialChoices === undefined ? loadPicks(offer) : undefined));
  const built = useMemo((): { previewer: Previewer } | { error: string } => {
    try {
      return { previewer: createPreviewer(offer) };
    } catch (e) {
      return { error: e instanceof PreviewInputError ? e.problems.join('\n') : String(e) };
    }
  }, [offer]);
  const [choices, setChoices] = useState<string[]>(initialChoices ?? stored?.choices ?? []);
  const [reserves, setReserves] = useState<string[]>(initialReserves ?? stored?.reserves ?? []);
  const [pathway, setPathway] = useState<string | undefined>(
    fixedPathway !== undefined && offer.pathways.some((p) => p.id === fixedPathway) ? fixedPathway : stored?.pathway !== undefined && offer.pathways.some((p) => p.id === stored.pathway) ? stored.pathway : offer.pathways.length === 1 ? offer.pathways[0].id : undefined,
  );
  const [attributes, setAttributes] = useState<Record<string, AttributeValue>>({});
  const [filter, setFilter] = useState('');
  const [who, setWho] = useState({ name: stored?.name ?? '', studentId: stored?.studentId ?? '', tutorGroup: stored?.tutorGroup ?? '' });

  useEffect(() => onChange?.({ choices, reserves, pathway }), [choices, reserves, pathway, onChange]);
  useEffect(() => {
    if (remember) savePicks(offer, { choices, reserves, pathway, ...who });
  }, [remember, offer, choices, reserves, pathway, who]);
  const counts = askCounts(offer, pathway);
  const maxReserves = counts.reserves;

  const courseById = useMemo(() => new Map(offer.courses.map((c) => [c.id, c] as const)), [offer]);

  const preview = useMemo(() => {
    if ('error' in built || choices.length === 0) return undefined;
    // Initial choices may name courses this offer lacks; they are ignored rather than fatal.
    const known = (ids: string[]) => ids.filter((id) => courseById.has(id));
    try {
      return built.previewer.preview({
        choices: known(choices),
        reserves: known(reserves).filter((r) => !choices.includes(r)),
        pathway,
        attributes: Object.keys(attributes).length > 0 ? attributes : undefined,
      });
    } catch (e) {
      return { error: e instanceof PreviewInputError ? e.problems : [String(e)] };
    }
  }, [built, choices, reserves, pathway, attributes, courseById]);

  const toggleChoice = (id: string) => {
    setReserves((r) => r.filter((x) => x !== id));
    setChoices((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  };
  const toggleReserve = (id: string) => {
    setChoices((c) => c.filter((x) => x !== id));
    setReserves((r) => (r.includes(id) ? r.filter((x) => x !== id) : r.length >= maxReserves ? r : [...r, id]));
  };
  const move = (id: string, by: number) =>
    setChoices((c) => {
      const i = c.indexOf(id);
      const j = i + by;
      if (i < 0 || j < 0 || j >= c.length) return c;
      const next = [...c];
      [next[i], next[j]] = [next[j], next[i]];
      return next;
    });
  const applyAlternative = (alt: Alternative) => {
    setChoices(alt.choices);
    setReserves((r) => r.filter((x) => !alt.choices.includes(x)));
  };

  // Attributes that eligibility rules ask about, with the values they mention, so a student can say.
  const asked = useMemo(() => eligibilityQuestions(offer), [offer]);

  if ('error' in built) {
    return (
      <div className="sp-page">
        <Style />
        <h1>Choose your options</h1>
        <p role="alert" className="sp-bad">
          This offer cannot be used:
          <br />
          <span className="sp-pre">{built.error}</span>
        </p>
      </div>
    );
  }

  const needs = counts.choices;
  const lower = filter.trim().toLowerCase();
  const shown = offer.courses.filter((c) => lower === '' || c.name.toLowerCase().includes(lower) || c.id.toLowerCase().includes(lower) || c.tags.some((t) => t.includes(lower)));
  const placement: Placement = preview && !('error' in preview) ? preview.placement : {};
  const groups: Record<string, string> = preview && !('error' in preview) ? preview.groups : {};

  return (
    <div className="sp-page">
      <Style />
      {top}
      <header className="sp-header">
        <h1>Choose your options</h1>
        <p className="sp-sub">{offer.name}</p>
        <p className="sp-ask" data-testid="sp-ask">
          {askText(offer, pathway)}
        </p>
      </header>

      {offer.pathways.length > 0 && (
        <section className="sp-card sp-noprint" aria-labelledby="sp-pathway">
          <h2 id="sp-pathway">Your pathway</h2>
          {fixedPathway !== undefined && pathway === fixedPathway ? (
            <p>{offer.pathways.find((p) => p.id === pathway)?.name ?? pathway}</p>
          ) : (
            <select value={pathway ?? ''} onChange={(e) => setPathway(e.target.value === '' ? undefined : e.target.value)} aria-label="Pathway">
              <option value="">No pathway / not sure</option>
              {offer.pathways.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                  {p.choices !== undefined ? ` (${p.choices} choices)` : ''}
                </option>
              ))}
            </select>
          )}
        </section>
      )}

      {asked.length > 0 && (
        <section className="sp-card sp-noprint" aria-labelledby="sp-about">
          <h2 id="sp-about">About you</h2>
          <p className="sp-hint">Some courses are open only to some students. Leave these as "not sure" if you do not know.</p>
          {asked.map(({ attribute, values }) => (
            <label key={attribute} className="sp-field">
              {attribute}
              <select
                value={!Object.hasOwn(attributes, attribute) || attributes[attribute] === undefined ? '' : String(attributes[attribute])}
                onChange={(e) =>
                  setAttributes((a) => {
                    // Attribute names are data (one may be called __proto__): no prototype, own keys only.
                    const next: Record<string, AttributeValue> = Object.assign(Object.create(null), a);
                    if (e.target.value === '') delete next[attribute];
                    else next[attribute] = values.find((v) => String(v) === e.target.value) ?? e.target.value;
                    return next;
                  })
                }
              >
                <option value="">not sure</option>
                {values.map((v) => (
                  <option key={String(v)} value={String(v)}>
                    {String(v)}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </section>
      )}

      <section className="sp-card sp-noprint" aria-labelledby="sp-courses">
        <h2 id="sp-courses">Courses</h2>
        <input className="sp-search" type="search" placeholder="Find a course" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Find a course" />
        <ul className="sp-courses">
          {shown.map((c) => {
            const chosen = choices.includes(c.id);
            const reserve = reserves.includes(c.id);
            return (
              <li key={c.id} className={chosen ? 'sp-course sp-chosen' : reserve ? 'sp-course sp-reserved' : 'sp-course'}>
                <div className="sp-course-name">
                  <strong>{c.name}</strong> <span className="sp-code">{c.id}</span>
                  <div className="sp-meta">{courseMeta(c, offer)}</div>
                </div>
                <div className="sp-buttons">
                  {/* The course name is in each button's accessible name, so a screen reader hears which course. */}
                  <button type="button" aria-pressed={chosen} onClick={() => toggleChoice(c.id)}>
                    {chosen ? 'Chosen' : 'Choose'}
                    <span className="sp-sr"> {c.name}</span>
                  </button>
                  {maxReserves > 0 && (
                    <button type="button" aria-pressed={reserve} onClick={() => toggleReserve(c.id)} disabled={!reserve && reserves.length >= maxReserves}>
                      {reserve ? 'Reserve' : 'As reserve'}
                      <span className="sp-sr"> {c.name}</span>
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      </section>

      <section className="sp-card" aria-labelledby="sp-mine">
        <h2 id="sp-mine">
          Your choices{needs !== undefined ? ` (${choices.length} of ${needs})` : ''}
        </h2>
        {(who.name.trim() !== '' || who.tutorGroup.trim() !== '' || who.studentId.trim() !== '') && (
          <p className="sp-printonly">{[who.name, who.tutorGroup, who.studentId].map((x) => x.trim()).filter((x) => x !== '').join(' · ')}</p>
        )}
        {choices.length === 0 ? (
          <p className="sp-hint">Pick courses above, your favourite first.</p>
        ) : (
          <ol className="sp-mine">
            {choices.map((id, i) => (
              <li key={id}>
                <span>
                  {courseById.get(id)?.name ?? id} <span className="sp-code">{id}</span>
                  {placement[id] !== undefined && <span className="sp-block"> block {blockText(placement[id])}</span>}
                </span>
                <span className="sp-noprint sp-buttons">
                  <button type="button" onClick={() => move(id, -1)} disabled={i === 0} aria-label={`Move ${id} up`}>
                    ↑
                  </button>
                  <button type="button" onClick={() => move(id, 1)} disabled={i === choices.length - 1} aria-label={`Move ${id} down`}>
                    ↓
                  </button>
                  <button type="button" onClick={() => toggleChoice(id)} aria-label={`Remove ${id}`}>
                    ✕
                  </button>
                </span>
              </li>
            ))}
          </ol>
        )}
        {reserves.length > 0 && (
          <p>
            Reserves: {reserves.map((id) => courseById.get(id)?.name ?? id).join(', ')}
          </p>
        )}

        <div aria-live="polite" className="sp-status" data-testid="sp-status">
          {preview && 'error' in preview && (
            <p className="sp-bad" role="alert">
              {preview.error.join(' ')}
            </p>
          )}
          {preview && !('error' in preview) && (
            <>
              <p className={preview.fits && preview.broken.length === 0 ? 'sp-good' : 'sp-bad'}>
                {preview.fits
                  ? preview.broken.length === 0
                    ? 'These courses fit together in the blocks.'
                    : 'These courses fit in the blocks, but break a rule:'
                  : 'These courses cannot all be taken together.'}
              </p>
              {preview.clash.length > 0 && (
                <ul className="sp-list">
                  {preview.clash.map((c) => (
                    <li key={c}>{c}</li>
                  ))}
                </ul>
              )}
              {preview.broken.length > 0 && (
                <ul className="sp-list sp-rules">
                  {preview.broken.map((b) => (
                    <li key={b}>{b}</li>
                  ))}
                </ul>
              )}
              {preview.notes.length > 0 && (
                <ul className="sp-list sp-notes">
                  {preview.notes.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              )}
            </>
          )}
        </div>
      </section>

      {preview && !('error' in preview) && (
        // On a phone the course list is long: keep the verdict in sight while picking; a tap goes to the
        // details. A button, not a link to #sp-mine: the planner routes on the hash.
        <button
          type="button"
          className={`sp-sticky sp-noprint ${preview.fits && preview.broken.length === 0 ? 'sp-sticky-good' : 'sp-sticky-bad'}`}
          onClick={() => document.getElementById('sp-mine')?.scrollIntoView({ block: 'start' })}
        >
          {choices.length} chosen:{' '}
          {preview.fits ? (preview.broken.length === 0 ? 'they fit' : `they fit, but ${preview.broken.length === 1 ? 'a rule is' : `${preview.broken.length} rules are`} broken`) : 'they do not all fit'}
          {preview.alternatives.length > 0 ? ` · ${preview.alternatives.length} nearby option${preview.alternatives.length === 1 ? '' : 's'}` : ''}
        </button>
      )}

      <BlockGrid offer={offer} chosenGroups={new Set(Object.values(groups))} chosenCourses={new Set(choices)} />

      {preview && !('error' in preview) && preview.alternatives.length > 0 && (
        <Alternatives alternatives={preview.alternatives} courseById={courseById} onUse={applyAlternative} />
      )}

      {submitPanel ? (
        submitPanel({
          choices,
          reserves,
          fits: preview && !('error' in preview) ? preview.fits : undefined,
          broken: preview && !('error' in preview) ? preview.broken : [],
          clash: preview && !('error' in preview) ? preview.clash : [],
        })
      ) : (
        <SaveChoice offer={offer} saved={{ ...who, pathway, choices, reserves }} onWho={(patch) => setWho((w) => ({ ...w, ...patch }))} />
      )}
    </div>
  );
}

/**
 * "Save my choice": the student's name (and id and tutor group, when known) and a one-row CSV that the
 * planner's Students import reads as it is, plus the same as text to paste into the school's form.
 */
function SaveChoice({ offer, saved, onWho }: { offer: Offer; saved: SavedChoice; onWho: (patch: Partial<Pick<SavedChoice, 'name' | 'studentId' | 'tutorGroup'>>) => void }) {
  const [copied, setCopied] = useState(false);
  const text = choiceText(offer, saved);
  useEffect(() => setCopied(false), [text]);
  const none = saved.choices.length === 0;
  const copy = () => {
    const done = () => setCopied(true);
    if (navigator.clipboard?.writeText) navigator.clipboard.writeText(text).then(done, () => selectText());
    else selectText();
  };
  const selectText = () => {
    const el = document.getElementById('sp-paste') as HTMLTextAreaElement | null;
    el?.select();
  };
  return (
    <section className="sp-card sp-noprint" aria-labelledby="sp-save">
      <h2 id="sp-save">Save or send your choice</h2>
      <p className="sp-hint">Your choice stays on this phone until you save or send it. Nothing is sent anywhere by this page.</p>
      <div className="sp-who">
        <label className="sp-field">
          Your name
          <input type="text" autoComplete="name" value={saved.name} onChange={(e) => onWho({ name: e.target.value })} />
        </label>
        <label className="sp-field">
          Tutor group
          <input type="text" value={saved.tutorGroup} onChange={(e) => onWho({ tutorGroup: e.target.value })} />
        </label>
        <label className="sp-field">
          Student number (if you know it)
          <input type="text" inputMode="text" value={saved.studentId} onChange={(e) => onWho({ studentId: e.target.value })} />
        </label>
      </div>
      <div className="sp-actions">
        <button type="button" onClick={() => window.print()} disabled={none}>
          Print my choice
        </button>
        <button type="button" disabled={none} onClick={() => saveFile(`\ufeff${choiceCsv(offer, saved)}`, choiceFileName(saved), 'text/csv')}>
          Save my choice
        </button>
      </div>
      {!none && (
        <>
          <label className="sp-field" htmlFor="sp-paste">
            Or copy this into your school's form:
          </label>
          <textarea id="sp-paste" className="sp-paste" readOnly value={text} rows={Math.min(7, text.split('\n').length + 1)} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={copy}>
            {copied ? 'Copied' : 'Copy text'}
          </button>
        </>
      )}
    </section>
  );
}

/** The blocks as columns, each listing its groups; the student's groups are highlighted. */
function BlockGrid({ offer, chosenGroups, chosenCourses }: { offer: Offer; chosenGroups: Set<string>; chosenCourses: Set<string> }) {
  const names = new Map(offer.courses.map((c) => [c.id, c.name] as const));
  // A partner's quota caps every group of its course: a group with seats but no quota left is full to a student.
  const left = new Map(offer.courses.map((c) => [c.id, c.placesLeft ?? Number.POSITIVE_INFINITY] as const));
  const freeOf = (g: Offer['groups'][number]) => Math.min(g.free, left.get(g.course) ?? Number.POSITIVE_INFINITY);
  const allYears = (years: number[]) => offer.years.every((y) => years.includes(y));
  return (
    <section className="sp-card" aria-labelledby="sp-blocks">
      <h2 id="sp-blocks">The blocks</h2>
      <div className="sp-grid" style={{ gridTemplateColumns: `repeat(${offer.blocks.length}, minmax(6.5rem, 1fr))` }}>
        {offer.blocks.map((b) => (
          <div key={b} className="sp-col" role="list" aria-label={`Block ${b}`}>
            <div className="sp-col-head">Block {b}</div>
            {offer.groups
              .filter((g) => g.blocks.includes(b))
              .map((g) => {
                const mine = chosenGroups.has(g.id);
                const wanted = chosenCourses.has(g.course);
                return (
                  <div
                    key={g.id}
                    role="listitem"
                    className={`sp-group${mine ? ' sp-mine-group' : wanted ? ' sp-wanted' : ''}${freeOf(g) === 0 ? ' sp-full' : ''}`}
                    title={names.get(g.course)}
                  >
                    <span className="sp-code">{g.course}</span>
                    {g.blocks.length > 1 && <span className="sp-tag">double</span>}
                    {!allYears(g.years) && <span className="sp-tag">Y{g.years.join('+')}</span>}
                    <span className="sp-free">{freeOf(g) === 0 ? 'full' : `${freeOf(g)} free`}</span>
                  </div>
                );
              })}
          </div>
        ))}
      </div>
    </section>
  );
}

/** How many alternatives show before "Show all": enough to choose from, few enough to read on a phone. */
const FIRST_ALTERNATIVES = 5;

/**
 * The nearby combinations, best first. The engine returns every fitting one at distance one (none is
 * missed); a student reads the first few and can ask for the rest.
 */
function Alternatives({ alternatives, courseById, onUse }: { alternatives: Alternative[]; courseById: Map<string, OfferCourse>; onUse: (alt: Alternative) => void }) {
  const [all, setAll] = useState(false);
  // A new list (another pick) starts short again.
  const key = alternatives.map((a) => a.choices.join()).join('|');
  useEffect(() => setAll(false), [key]);
  const shown = all ? alternatives : alternatives.slice(0, FIRST_ALTERNATIVES);
  const name = (id: string) => courseById.get(id)?.name ?? id;
  return (
    <section className="sp-card sp-noprint" aria-labelledby="sp-alts">
      <h2 id="sp-alts">Nearby combinations that work</h2>
      <ul className="sp-alts">
        {shown.map((alt) => {
          const what = alt.changes.map((ch) => changeText(ch, courseById)).join('; ');
          return (
            <li key={alt.choices.join()}>
              <div className="sp-alt-text">
                <span className="sp-alt-change">{what}</span>
                <div className="sp-meta">{alt.choices.map((id) => `${name(id)}: block ${blockText(alt.placement[id])}`).join(' · ')}</div>
              </div>
              <button type="button" onClick={() => onUse(alt)}>
                Use this<span className="sp-sr">: {what}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {!all && alternatives.length > FIRST_ALTERNATIVES && (
        <button type="button" className="sp-more" onClick={() => setAll(true)}>
          Show all {alternatives.length}
        </button>
      )}
    </section>
  );
}

function blockText(p: string | string[] | undefined): string {
  return p === undefined ? '' : Array.isArray(p) ? p.join('+') : p;
}

function changeText(ch: { out: string | null; in: string | null }, names: Map<string, OfferCourse>): string {
  const n = (id: string) => names.get(id)?.name ?? id;
  if (ch.out && ch.in) return `${n(ch.in)} instead of ${n(ch.out)}`;
  if (ch.in) return `Add ${n(ch.in)}`;
  return `Drop ${n(ch.out!)}`;
}

function courseMeta(c: OfferCourse, offer: Offer): string {
  const parts: string[] = [];
  if (kindText(c.kind) !== '') parts.push(kindText(c.kind));
  if (c.span === 2) parts.push('double option');
  if (!offer.years.every((y) => c.years.includes(y))) parts.push(`Year ${c.years.join(' and ')} only`);
  if (c.site !== 'home') parts.push(`at ${offer.sites?.find((s) => s.id === c.site)?.name ?? c.site}`);
  if (c.placesLeft !== undefined) parts.push(c.placesLeft === 0 ? 'no places left' : `${c.placesLeft} places left`);
  if (!offer.groups.some((g) => g.course === c.id)) parts.push('not running');
  return parts.join(' · ');
}

function eligibilityQuestions(offer: Offer): { attribute: string; values: AttributeValue[] }[] {
  const out = new Map<string, AttributeValue[]>();
  const rules = [...offer.rules, ...offer.pathways.flatMap((p) => p.rules)].filter(isEligibilityRule) as EligibilityRule[];
  for (const r of rules) {
    const list = out.get(r.eligible.attribute) ?? [];
    for (const v of [...(r.eligible.in ?? []), ...(r.eligible.notIn ?? [])]) if (!list.includes(v)) list.push(v);
    out.set(r.eligible.attribute, list);
  }
  // Numeric thresholds are not offered as a list; the rule's note explains them instead.
  return [...out].filter(([, values]) => values.length > 0).map(([attribute, values]) => ({ attribute, values }));
}

function saveFile(text: string, name: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ------------------------------------------------------------------------------------------------
// Loading an offer: ?offer=URL, or a file the student picks (works offline from the static build).
// ------------------------------------------------------------------------------------------------

type LoadState = { kind: 'idle' } | { kind: 'loading'; from: string } | { kind: 'ready'; offer: Offer } | { kind: 'error'; message: string };

/** What a student reads when given the planner's own scenario (or result) file instead of the offer. */
export const PLANNERS_FILE = "This is the planner's file, not the options for students. Ask your school for the student link.";

/** Parse offer text into an offer or a message naming what is wrong. */
export function readOfferText(text: string, from: string): { offer: Offer } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { error: `${from} is not valid JSON (${(e as Error).message}). Is it the offer file your school published?` };
  }
  const format = typeof json === 'object' && json !== null ? (json as { format?: unknown }).format : undefined;
  if (format === 'ks4-scenario/1' || format === 'ks4-result/1') return { error: PLANNERS_FILE };
  const parsed = parseOffer(json);
  return parsed.ok ? { offer: parsed.value } : { error: `${from} is not a usable published offer:\n${formatOfferIssues(parsed.errors)}` };
}

export interface StudentPageLoaderProps {
  /** Where to read `?offer=` from; defaults to the page's address. */
  search?: string;
  /** Where to read `#offer=v1....` (the offer inside the link) from; defaults to the page's address. */
  hash?: string;
  /** For tests or a host page that already has the fetch function. */
  fetchText?: (url: string) => Promise<string>;
}

export function StudentPageLoader({ search, hash, fetchText }: StudentPageLoaderProps) {
  const [state, setState] = useState<LoadState>({ kind: 'idle' });
  const query = search ?? (typeof window === 'undefined' ? '' : window.location.search);
  const url = new URLSearchParams(query).get('offer');
  // Served by an options server with the round link (?round): sign in and submit instead (ServerRoundPage).
  const roundPage = isRoundPage(query);
  // Another student link tapped while this page is open changes only the fragment: no reload, so listen.
  const [liveHash, setLiveHash] = useState(() => (typeof window === 'undefined' ? '' : window.location.hash));
  useEffect(() => {
    if (hash !== undefined) return;
    const on = () => setLiveHash(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, [hash]);
  const payload = offerPayload(hash ?? liveHash);

  // The offer inside the link: no network at all.
  useEffect(() => {
    if (payload === undefined) return;
    let stop = false;
    setState({ kind: 'loading', from: 'the link' });
    decodeOffer(payload).then((r) => {
      if (!stop) setState('offer' in r ? { kind: 'ready', offer: r.offer } : { kind: 'error', message: r.error });
    });
    return () => {
      stop = true;
    };
  }, [payload]);

  useEffect(() => {
    if (!url || payload !== undefined || roundPage) return;
    let stop = false;
    setState({ kind: 'loading', from: url });
    const get = fetchText ?? (async (u: string) => {
      const res = await fetch(u);
      if (!res.ok) throw new Error(`the server answered ${res.status} ${res.statusText}`);
      return res.text();
    });
    get(url)
      .then((text) => {
        if (stop) return;
        const r = readOfferText(text, `The offer at ${url}`);
        setState('offer' in r ? { kind: 'ready', offer: r.offer } : { kind: 'error', message: r.error });
      })
      .catch((e: unknown) => {
        if (!stop) setState({ kind: 'error', message: `Could not load the offer from ${url}: ${(e as Error).message}. If you are offline, open the offer file instead.` });
      });
    return () => {
      stop = true;
    };
  }, [url, payload, fetchText, roundPage]);

  const onFile = useCallback((e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    file.text().then(
      (text) => {
        const r = readOfferText(text, `The file ${file.name}`);
        setState('offer' in r ? { kind: 'ready', offer: r.offer } : { kind: 'error', message: r.error });
      },
      (err: unknown) => setState({ kind: 'error', message: `Could not read ${file.name}: ${(err as Error).message}.` }),
    );
  }, []);

  if (roundPage) return <ServerRoundPage />;
  // Keyed by the offer, so another offer starts from its own kept picks.
  if (state.kind === 'ready') return <StudentPage key={storageKey(state.offer)} offer={state.offer} remember />;
  return (
    <div className="sp-page">
      <Style />
      <h1>Choose your options</h1>
      {state.kind === 'loading' ? (
        <p aria-live="polite">Loading the offer from {state.from}…</p>
      ) : (
        <section className="sp-card">
          <p>Open the options offer your school gave you (a file ending in .json).</p>
          <label className="sp-field">
            Offer file
            <input type="file" accept=".json,application/json" onChange={onFile} />
          </label>
        </section>
      )}
      {state.kind === 'error' && (
        <p role="alert" className="sp-bad sp-pre">
          {state.message}
        </p>
      )}
    </div>
  );
}

export function Style() {
  return (
    <style>{`
.sp-page { font-family: system-ui, sans-serif; max-width: 60rem; margin: 0 auto; padding: 0.75rem; color: #1a1a1a; line-height: 1.4; }
.sp-page h1 { font-size: 1.5rem; margin: 0.25rem 0; }
.sp-page h2 { font-size: 1.1rem; margin: 0 0 0.5rem; }
.sp-sub, .sp-hint, .sp-meta { color: #555; font-size: 0.9rem; }
.sp-sub { margin: 0; }
.sp-ask { font-size: 1.05rem; font-weight: 600; margin: 0.35rem 0 0; }
.sp-who { display: flex; flex-wrap: wrap; gap: 0 0.75rem; }
.sp-who .sp-field { flex: 1 1 12rem; }
.sp-who input { display: block; width: 100%; box-sizing: border-box; min-height: 2.5rem; font-size: 1rem; margin-top: 0.15rem; }
.sp-paste { display: block; width: 100%; box-sizing: border-box; font: inherit; font-size: 0.95rem; margin: 0.25rem 0 0.5rem; }
.sp-card { border: 1px solid #ccc; border-radius: 0.5rem; padding: 0.75rem; margin: 0.75rem 0; background: #fff; }
.sp-courses, .sp-mine, .sp-alts, .sp-list { margin: 0; padding-left: 1.2rem; }
.sp-courses { list-style: none; padding: 0; }
.sp-course, .sp-alts li, .sp-mine li { display: flex; justify-content: space-between; align-items: center; gap: 0.5rem; padding: 0.4rem 0; border-bottom: 1px solid #eee; flex-wrap: wrap; }
.sp-chosen { background: #e8f3ff; }
.sp-reserved { background: #fff6e0; }
.sp-code { font-family: ui-monospace, monospace; font-size: 0.85rem; color: #333; }
.sp-buttons { display: flex; gap: 0.35rem; }
.sp-page button { min-height: 44px; min-width: 44px; padding: 0.3rem 0.7rem; border-radius: 0.4rem; border: 1px solid #888; background: #f6f6f6; font-size: 0.95rem; cursor: pointer; }
.sp-page button[aria-pressed="true"] { background: #1f5fa8; color: #fff; border-color: #1f5fa8; }
.sp-page button:disabled { opacity: 0.45; cursor: default; }
.sp-search, .sp-page select { width: 100%; min-height: 2.5rem; font-size: 1rem; margin-bottom: 0.5rem; box-sizing: border-box; }
.sp-field { display: block; margin: 0.4rem 0; }
.sp-good { color: #0b6b2b; font-weight: 600; }
.sp-bad { color: #a31515; font-weight: 600; }
.sp-pre { white-space: pre-wrap; font-weight: normal; }
.sp-block { color: #1f5fa8; font-weight: 600; white-space: nowrap; }
.sp-page .sp-sticky { position: sticky; bottom: 0.5rem; display: block; width: 100%; text-align: left; border: none; font-size: 0.95rem; margin: 0.5rem 0; padding: 0.6rem 0.8rem; border-radius: 0.5rem; color: #fff; font-weight: 600; text-decoration: none; box-shadow: 0 2px 6px rgba(0,0,0,0.3); z-index: 1; }
.sp-page .sp-sticky-good { background: #0b6b2b; color: #fff; }
.sp-page .sp-sticky-bad { background: #a31515; color: #fff; }
.sp-grid { display: grid; gap: 0.35rem; overflow-x: auto; }
.sp-col { display: flex; flex-direction: column; gap: 0.25rem; }
.sp-col-head { font-weight: 600; text-align: center; background: #eee; border-radius: 0.3rem; padding: 0.2rem; }
.sp-group { border: 1px solid #ccc; border-radius: 0.3rem; padding: 0.2rem 0.3rem; font-size: 0.85rem; display: flex; flex-wrap: wrap; gap: 0.25rem; align-items: baseline; }
.sp-mine-group { background: #1f5fa8; color: #fff; border-color: #1f5fa8; }
.sp-mine-group .sp-code { color: #fff; }
.sp-wanted { border: 2px dashed #1f5fa8; }
.sp-full { opacity: 0.6; }
.sp-free { margin-left: auto; font-size: 0.75rem; }
.sp-tag { font-size: 0.7rem; background: #eee; color: #333; border-radius: 0.2rem; padding: 0 0.2rem; }
.sp-actions { display: flex; gap: 0.5rem; flex-wrap: wrap; }
.sp-sr { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.sp-alt-text { flex: 1 1 12rem; min-width: 0; }
.sp-alt-change { font-weight: 600; }
.sp-more { margin-top: 0.5rem; }
.sp-alts { list-style: none; padding: 0; }
/* A phone cannot show five columns: each block becomes a row, its groups wrapping beside the label. */
@media (max-width: 40rem) {
  .sp-grid { grid-template-columns: 1fr !important; overflow-x: visible; }
  .sp-col { flex-direction: row; flex-wrap: wrap; align-items: stretch; border-bottom: 1px solid #eee; padding-bottom: 0.3rem; }
  .sp-col-head { flex: 0 0 5.5rem; text-align: left; white-space: nowrap; }
  .sp-group { flex: 0 1 auto; }
  .sp-free { margin-left: 0.3rem; }
  .sp-mine li { flex-wrap: nowrap; }
  .sp-mine .sp-buttons button { min-width: 2.5rem; padding: 0.2rem 0.4rem; }
}
.sp-printonly { display: none; }
@media print { .sp-noprint { display: none !important; } .sp-printonly { display: block; } .sp-card { border: none; } .sp-page { max-width: none; } }
`}</style>
  );
}
