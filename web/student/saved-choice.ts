/**
 * The student's words for an offer and the files a student takes away from the page:
 * - how many courses and reserves to choose ("Choose 4 courses and 1 reserve."),
 * - course kinds as people write them ("Cambridge National", not "CambridgeNational"),
 * - "Save my choice": a one-row CSV in the shape the planner's Students import recognises by itself
 *   (data/io/mapping.ts: "Student ID", "Name", "Tutor group", "Pathway", "Choice 1".., "Reserve 1"..),
 *   and the same as text to paste into a school's form,
 * - where the picks are kept on the phone (localStorage, keyed by the offer's name and courses, so a
 *   re-published offer with new free places keeps them).
 */
import { neutralise } from '../../data/io/neutralise';
import type { Offer } from '../../solver';

const KINDS: Record<string, string> = {
  GCSE: 'GCSE',
  BTEC: 'BTEC',
  CambridgeNational: 'Cambridge National',
  VCert: 'V Cert',
  TechAward: 'Technical Award',
  Other: '',
};

/** A course kind as people write it; '' for "Other" (nothing worth saying). */
export function kindText(kind: string): string {
  return KINDS[kind] ?? kind.replace(/([a-z])([A-Z])/g, '$1 $2');
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Reserves a student may give when the offer does not say. */
export const DEFAULT_RESERVES = 2;

/** How many courses (for this pathway, else the offer's usual number) and reserves; undefined when unknown. */
export function askCounts(offer: Offer, pathway: string | undefined): { choices?: number; reserves: number; reservesKnown: boolean } {
  const fromPathway = pathway !== undefined ? offer.pathways.find((p) => p.id === pathway)?.choices : undefined;
  const choices = fromPathway ?? offer.ask?.choices;
  const r = offer.ask?.reserveChoices;
  return { choices: choices !== undefined && choices > 0 ? choices : undefined, reserves: r !== undefined ? r : DEFAULT_RESERVES, reservesKnown: r !== undefined };
}

/** "Choose 4 courses and 1 reserve." */
export function askText(offer: Offer, pathway: string | undefined): string {
  const { choices, reserves, reservesKnown } = askCounts(offer, pathway);
  const courses = choices !== undefined ? `Choose ${plural(choices, 'course', 'courses')}` : 'Choose your courses';
  if (reserves === 0) return `${courses}.`;
  return `${courses} and ${reservesKnown ? '' : 'up to '}${plural(reserves, 'reserve', 'reserves')}.`;
}

export interface SavedChoice {
  studentId: string;
  name: string;
  tutorGroup: string;
  pathway?: string;
  choices: string[];
  reserves: string[];
}

/**
 * How a course is written in the saved file: its name (the planner matches names after normalising),
 * or its id when two courses of the offer share a name.
 */
function courseWord(offer: Offer): (id: string) => string {
  const key = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
  const count = new Map<string, number>();
  for (const c of offer.courses) count.set(key(c.name), (count.get(key(c.name)) ?? 0) + 1);
  const byId = new Map(offer.courses.map((c) => [c.id, c] as const));
  return (id) => {
    const c = byId.get(id);
    return c && c.name.trim() !== '' && count.get(key(c.name)) === 1 ? c.name : id;
  };
}

function csvCell(text: string): string {
  const v = neutralise(text);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The one-row CSV the planner's Students import reads without any column mapping by hand. */
export function choiceCsv(offer: Offer, saved: SavedChoice, counts = askCounts(offer, saved.pathway)): string {
  const word = courseWord(offer);
  const nChoices = Math.max(saved.choices.length, counts.choices ?? 0, 1);
  const nReserves = Math.max(saved.reserves.length, counts.reserves);
  const header = ['Student ID', 'Name', 'Tutor group', 'Pathway'];
  const row = [saved.studentId.trim(), saved.name.trim(), saved.tutorGroup.trim(), saved.pathway ?? ''];
  for (let i = 0; i < nChoices; i++) {
    header.push(`Choice ${i + 1}`);
    row.push(saved.choices[i] !== undefined ? word(saved.choices[i]) : '');
  }
  for (let i = 0; i < nReserves; i++) {
    header.push(`Reserve ${i + 1}`);
    row.push(saved.reserves[i] !== undefined ? word(saved.reserves[i]) : '');
  }
  return `${header.map(csvCell).join(',')}\r\n${row.map(csvCell).join(',')}\r\n`;
}

/** The same choice as text to paste into a form: one line per answer, courses separated by semicolons. */
export function choiceText(offer: Offer, saved: SavedChoice): string {
  const word = courseWord(offer);
  const lines: string[] = [];
  if (saved.name.trim()) lines.push(`Name: ${saved.name.trim()}`);
  if (saved.studentId.trim()) lines.push(`Student ID: ${saved.studentId.trim()}`);
  if (saved.tutorGroup.trim()) lines.push(`Tutor group: ${saved.tutorGroup.trim()}`);
  const pathway = saved.pathway !== undefined ? offer.pathways.find((p) => p.id === saved.pathway) : undefined;
  if (pathway) lines.push(`Pathway: ${pathway.id} (${pathway.name})`);
  lines.push(`Choices: ${saved.choices.map(word).join('; ')}`);
  if (saved.reserves.length > 0) lines.push(`Reserves: ${saved.reserves.map(word).join('; ')}`);
  return lines.join('\n');
}

/** A file name from the student's name: "options-sam-smith.csv". */
export function choiceFileName(saved: SavedChoice): string {
  const slug = saved.name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return slug ? `options-${slug}.csv` : 'my-options.csv';
}

/** The localStorage key for an offer: its name and course ids, so new free places keep the picks. */
export function storageKey(offer: Offer): string {
  const text = `${offer.name}\u0000${offer.courses.map((c) => c.id).join(',')}`;
  // FNV-1a, 32 bits: a short, stable key; a collision only means two offers share saved picks.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `ks4-student-choice:${h.toString(36)}`;
}

export interface StoredPicks {
  choices: string[];
  reserves: string[];
  pathway?: string;
  name?: string;
  studentId?: string;
  tutorGroup?: string;
}

export function loadPicks(offer: Offer): StoredPicks | undefined {
  try {
    if (typeof localStorage === 'undefined') return undefined;
    const raw = localStorage.getItem(storageKey(offer));
    if (!raw) return undefined;
    const v = JSON.parse(raw) as StoredPicks;
    const strings = (x: unknown) => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
    const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
    return { choices: strings(v.choices), reserves: strings(v.reserves), pathway: str(v.pathway), name: str(v.name), studentId: str(v.studentId), tutorGroup: str(v.tutorGroup) };
  } catch {
    return undefined;
  }
}

export function savePicks(offer: Offer, picks: StoredPicks): void {
  try {
    if (typeof localStorage !== 'undefined') localStorage.setItem(storageKey(offer), JSON.stringify(picks));
  } catch {
    // Private browsing or a full store: the picks are simply not kept.
  }
}
