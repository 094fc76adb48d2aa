/**
 * Recognises what a course is from the name (or id) a school gives it, when the scenario does not say:
 * "GCSE History", "Hist", "Triple Sci", "MFL - French", "BTEC Tech Award in Sport". The catalogue below
 * is data: each entry names a subject, the word sequences that mean it, the accountability tags the rule
 * sets read (rules.ts), and, where the generator's catalogue (data/catalogue.ts) has one, the discount
 * code, so that an untagged school and the sample schools are analysed alike.
 *
 * Matching is on words, case- and accent-insensitive: "&" reads as "and", punctuation splits words, and
 * a phrase matches only whole words in order ("art" matches "Art & Design" but not "Martial arts").
 * Short abbreviations ("RS", "PE", "Hist") count only when they are the whole name once words such as
 * "GCSE" or "(full course)" are set aside, or when they are the course id. The longest phrase wins, so
 * "Art & Design: Textiles" is art and "Performing Arts" is not art. Names that say nothing about a
 * subject ("Options Block A", "Study Support") are not guessed.
 *
 * The kind comes from the course's own `kind` when given, else from words in the name ("BTEC",
 * "Cambridge National", "V Cert", "Tech Award"), else from the entry (hospitality is usually a V Cert).
 */
import type { CourseKind } from '../types';

export interface CourseTypeEntry {
  id: string;
  /** The subject in words, as shown to the user. */
  label: string;
  /** Word sequences that mean this subject anywhere in the name. */
  phrases: string[];
  /** Abbreviations and common codes: only the whole name (or the id) matches. */
  abbreviations?: string[];
  /** Tags when taken as a GCSE (or the entry's own kind). */
  tags: string[];
  /** Kind when the name says none: GCSE unless the subject is only offered as a vocational award. */
  kind?: CourseKind;
  discountCode?: string;
  department?: string;
}

const EB = 'ebacc';
const LANG = ['language', EB];
const VOC = ['technical-award', 'vocational'];

/** The catalogue. Tags follow data/catalogue.ts: the tests check both agree on the generator's courses. */
export const COURSE_TYPES: readonly CourseTypeEntry[] = [
  { id: 'history', label: 'History', phrases: ['history'], abbreviations: ['hist', 'his'], tags: ['humanity', 'history', EB], discountCode: 'DB1', department: 'Humanities' },
  { id: 'ancient-history', label: 'Ancient history', phrases: ['ancient history'], tags: ['humanity', 'history', EB], department: 'Humanities' },
  { id: 'geography', label: 'Geography', phrases: ['geography'], abbreviations: ['geog', 'geo', 'gg', 'gy'], tags: ['humanity', 'geography', EB], discountCode: 'DC1', department: 'Humanities' },
  {
    id: 'religious-studies', label: 'Religious studies',
    phrases: ['religious studies', 'religious education', 'religion', 'philosophy and ethics', 'philosophy ethics', 'ethics and philosophy', 'theology'],
    abbreviations: ['rs', 're', 'rst', 'rpe', 'rel'], tags: ['humanity', 'religious-studies'], discountCode: 'DE1', department: 'Humanities',
  },
  { id: 'sociology', label: 'Sociology', phrases: ['sociology'], abbreviations: ['soc'], tags: [], discountCode: 'DF1', department: 'Humanities' },
  { id: 'psychology', label: 'Psychology', phrases: ['psychology'], abbreviations: ['psy', 'psych'], tags: [], department: 'Humanities' },
  { id: 'economics', label: 'Economics', phrases: ['economics'], abbreviations: ['eco', 'econ'], tags: [], department: 'Business' },
  { id: 'citizenship', label: 'Citizenship', phrases: ['citizenship'], abbreviations: ['cit'], tags: [], department: 'Humanities' },
  { id: 'classics', label: 'Classical civilisation', phrases: ['classical civilisation', 'classical civilization', 'classics'], tags: ['humanity'], department: 'Humanities' },
  { id: 'law', label: 'Law', phrases: ['law'], tags: [], department: 'Humanities' },

  { id: 'french', label: 'French', phrases: ['french', 'francais'], abbreviations: ['fr', 'fre', 'fren', 'fra'], tags: LANG, discountCode: 'EA1', department: 'Modern Languages' },
  { id: 'spanish', label: 'Spanish', phrases: ['spanish', 'espanol'], abbreviations: ['sp', 'spa', 'span', 'esp'], tags: LANG, discountCode: 'EB1', department: 'Modern Languages' },
  { id: 'german', label: 'German', phrases: ['german', 'deutsch'], abbreviations: ['ger', 'germ', 'deu'], tags: LANG, discountCode: 'EC1', department: 'Modern Languages' },
  { id: 'italian', label: 'Italian', phrases: ['italian'], abbreviations: ['ita', 'ital'], tags: LANG, department: 'Modern Languages' },
  { id: 'chinese', label: 'Chinese (Mandarin)', phrases: ['mandarin', 'chinese'], abbreviations: ['chi', 'mand'], tags: LANG, department: 'Modern Languages' },
  { id: 'japanese', label: 'Japanese', phrases: ['japanese'], tags: LANG, department: 'Modern Languages' },
  { id: 'arabic', label: 'Arabic', phrases: ['arabic'], tags: LANG, department: 'Modern Languages' },
  { id: 'urdu', label: 'Urdu', phrases: ['urdu'], tags: LANG, department: 'Modern Languages' },
  { id: 'bengali', label: 'Bengali', phrases: ['bengali'], tags: LANG, department: 'Modern Languages' },
  { id: 'punjabi', label: 'Panjabi', phrases: ['panjabi', 'punjabi'], tags: LANG, department: 'Modern Languages' },
  { id: 'gujarati', label: 'Gujarati', phrases: ['gujarati'], tags: LANG, department: 'Modern Languages' },
  { id: 'polish', label: 'Polish', phrases: ['polish'], tags: LANG, department: 'Modern Languages' },
  { id: 'portuguese', label: 'Portuguese', phrases: ['portuguese'], tags: LANG, department: 'Modern Languages' },
  { id: 'russian', label: 'Russian', phrases: ['russian'], tags: LANG, department: 'Modern Languages' },
  { id: 'turkish', label: 'Turkish', phrases: ['turkish'], tags: LANG, department: 'Modern Languages' },
  { id: 'persian', label: 'Persian', phrases: ['persian', 'farsi'], tags: LANG, department: 'Modern Languages' },
  { id: 'greek', label: 'Greek', phrases: ['modern greek', 'greek', 'classical greek', 'ancient greek'], tags: LANG, department: 'Modern Languages' },
  { id: 'hebrew', label: 'Hebrew', phrases: ['modern hebrew', 'biblical hebrew', 'hebrew'], tags: LANG, department: 'Modern Languages' },
  { id: 'latin', label: 'Latin', phrases: ['latin'], abbreviations: ['lat'], tags: LANG, department: 'Modern Languages' },
  {
    id: 'language', label: 'A modern foreign language (which one not named)',
    phrases: ['modern foreign language', 'modern foreign languages', 'modern languages', 'foreign language'], abbreviations: ['mfl', 'language', 'languages'],
    tags: LANG, department: 'Modern Languages',
  },

  {
    id: 'triple-science', label: 'Triple science (biology, chemistry, physics)',
    phrases: ['triple science', 'triple sciences', 'triple sci', 'separate science', 'separate sciences', 'separate sci', 'science triple', 'science separate', 'triple award science', 'biology chemistry and physics', 'biology chemistry physics'],
    abbreviations: ['triple', 'tsc', 'tsci', 'trip sci', 'sep sci'], tags: ['triple-science', EB], discountCode: 'RA1', department: 'Science',
  },
  {
    id: 'combined-science', label: 'Combined science (double award)',
    phrases: ['combined science', 'double science', 'double award science', 'science double award', 'science trilogy', 'trilogy science', 'combined science trilogy', 'synergy science'],
    abbreviations: ['trilogy', 'csci'], tags: ['combined-science', 'science', EB], department: 'Science',
  },
  { id: 'biology', label: 'Biology', phrases: ['biology'], abbreviations: ['bio', 'biol'], tags: ['biology', EB], department: 'Science' },
  { id: 'chemistry', label: 'Chemistry', phrases: ['chemistry'], abbreviations: ['chem', 'che'], tags: ['chemistry', EB], department: 'Science' },
  { id: 'physics', label: 'Physics', phrases: ['physics'], abbreviations: ['phys', 'phy'], tags: ['physics', EB], department: 'Science' },
  { id: 'computing', label: 'Computer science', phrases: ['computer science', 'computing', 'comp sci', 'computer studies'], abbreviations: ['cs', 'csc', 'comp'], tags: ['computing', EB], discountCode: 'CK1', department: 'Computing' },
  { id: 'statistics', label: 'Statistics', phrases: ['statistics'], abbreviations: ['stats', 'stat', 'sta'], tags: ['statistics'], discountCode: 'GB1', department: 'Mathematics' },
  { id: 'further-maths', label: 'Further maths (Level 2 certificate)', phrases: ['further maths', 'further mathematics', 'additional maths', 'additional mathematics'], abbreviations: ['fma', 'fm'], tags: [], kind: 'Other', discountCode: 'GC1', department: 'Mathematics' },

  {
    id: 'ict', label: 'Information technology',
    phrases: ['information technology', 'information and communication technology', 'digital information technology', 'information technologies', 'digital technology'],
    abbreviations: ['ict', 'it', 'dit'], tags: VOC, kind: 'CambridgeNational', department: 'Computing',
  },
  { id: 'imedia', label: 'Creative iMedia', phrases: ['imedia', 'i media', 'creative imedia', 'digital media', 'interactive media'], tags: ['creative', ...VOC], kind: 'CambridgeNational', discountCode: 'CN1', department: 'Computing' },
  {
    id: 'art', label: 'Art and design',
    phrases: ['art', 'art and design', 'fine art', 'photography', 'textiles', 'textile design', 'art textiles', 'three dimensional design', '3d design', '3 d design', 'graphic communication', 'graphic design', 'graphics', 'art craft and design', 'ceramics'],
    abbreviations: ['pho', 'photo'], tags: ['creative'], discountCode: 'FK2', department: 'Art',
  },
  {
    id: 'design-technology', label: 'Design and technology',
    phrases: ['design and technology', 'design technology', 'd and t', 'product design', 'resistant materials', 'electronics', 'systems and control', 'design and make'],
    abbreviations: ['dt', 'dandt', 'dat', 'pd'], tags: ['creative'], discountCode: 'TA1', department: 'Technology',
  },
  {
    id: 'food', label: 'Food preparation and nutrition',
    phrases: ['food preparation and nutrition', 'food prep and nutrition', 'food preparation', 'food prep', 'food and nutrition', 'food technology', 'food tech', 'food'],
    abbreviations: ['fpn', 'foo', 'fn'], tags: [], discountCode: 'NB1', department: 'Technology',
  },
  { id: 'hospitality', label: 'Hospitality and catering', phrases: ['hospitality and catering', 'hospitality', 'catering'], abbreviations: ['hos', 'hc'], tags: VOC, kind: 'VCert', discountCode: 'NB1', department: 'Technology' },
  { id: 'music', label: 'Music', phrases: ['music', 'music technology', 'music practice'], abbreviations: ['mus', 'mu'], tags: ['creative'], discountCode: 'PB1', department: 'Performing Arts' },
  { id: 'drama', label: 'Drama', phrases: ['drama', 'theatre studies', 'theatre', 'acting'], abbreviations: ['dra', 'dr'], tags: ['creative'], discountCode: 'PA1', department: 'Performing Arts' },
  { id: 'dance', label: 'Dance', phrases: ['dance'], abbreviations: ['dan'], tags: ['creative'], department: 'Performing Arts' },
  { id: 'performing-arts', label: 'Performing arts', phrases: ['performing arts', 'expressive arts', 'performance'], tags: ['creative'], department: 'Performing Arts' },
  { id: 'media', label: 'Media studies', phrases: ['media studies', 'media'], abbreviations: ['med'], tags: ['creative'], discountCode: 'PC1', department: 'English' },
  { id: 'film', label: 'Film studies', phrases: ['film studies', 'film'], tags: ['creative'], department: 'English' },
  { id: 'pe', label: 'Physical education', phrases: ['physical education', 'gcse pe'], abbreviations: ['pe', 'gcse pe', 'ppe'], tags: [], discountCode: 'XA1', department: 'Physical Education' },
  {
    id: 'sport', label: 'Sport (vocational)', phrases: ['sport', 'sports', 'sport science', 'sports science', 'sport studies', 'sports studies', 'sport and physical activity', 'sport activity and fitness', 'sports leadership'],
    abbreviations: ['spt'], tags: VOC, kind: 'BTEC', discountCode: 'XA1', department: 'Physical Education',
  },
  { id: 'business', label: 'Business', phrases: ['business', 'business studies'], abbreviations: ['bus', 'bs'], tags: [], discountCode: 'KA1', department: 'Business' },
  { id: 'enterprise', label: 'Enterprise and marketing', phrases: ['enterprise and marketing', 'enterprise'], tags: VOC, kind: 'CambridgeNational', department: 'Business' },
  { id: 'child-development', label: 'Child development', phrases: ['child development', 'child care', 'childcare', 'early years'], tags: VOC, kind: 'CambridgeNational', department: 'Business' },
  { id: 'health-social-care', label: 'Health and social care', phrases: ['health and social care', 'health social care'], abbreviations: ['hsc'], tags: VOC, kind: 'TechAward', discountCode: 'LA1', department: 'Business' },
  { id: 'engineering', label: 'Engineering', phrases: ['engineering', 'engineering design', 'engineering manufacture'], tags: VOC, kind: 'BTEC', discountCode: 'TB1', department: 'Technology' },
  { id: 'construction', label: 'Construction', phrases: ['construction', 'constructing the built environment', 'built environment', 'building'], tags: VOC, kind: 'VCert', department: 'Technology' },
  { id: 'motor-vehicle', label: 'Motor vehicle studies', phrases: ['motor vehicle', 'motor vehicle studies', 'vehicle maintenance'], tags: VOC, kind: 'VCert', discountCode: 'VA1', department: 'Partner college' },
];

/** Words for the kind of qualification, in priority order ("BTEC Tech Award in Sport" is a BTEC). */
const KIND_WORDS: readonly (readonly [string, CourseKind])[] = [
  ['btec', 'BTEC'],
  ['cambridge national', 'CambridgeNational'],
  ['cambridge nationals', 'CambridgeNational'],
  ['ocr national', 'CambridgeNational'],
  ['cam nat', 'CambridgeNational'],
  ['camnat', 'CambridgeNational'],
  ['v cert', 'VCert'],
  ['vcert', 'VCert'],
  ['vocational award', 'VCert'],
  ['tech award', 'TechAward'],
  ['technical award', 'TechAward'],
  ['level 2 certificate', 'Other'],
  ['level 2 cert', 'Other'],
  ['gcse', 'GCSE'],
];

/** Words that say nothing about the subject, set aside before abbreviations are compared. */
const NOISE = new Set([
  'gcse', 'gcses', 'btec', 'tech', 'technical', 'award', 'awards', 'in', 'of', 'the', 'full', 'short', 'course', 'option',
  'cambridge', 'national', 'nationals', 'level', '1', '2', 'l1', 'l2', 'cert', 'certificate', 'v', 'vcert', 'ocr', 'aqa',
  'edexcel', 'wjec', 'eduqas', 'pearson', 'first', 'and', 'studies',
]);

/** Lower case, accents removed, "&" as "and", every run of other characters one space. */
export function normaliseName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\+/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** True when `phrase` (normalised) occurs in `words` as whole words in order. */
function hasPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

interface Compiled {
  entry: CourseTypeEntry;
  phrases: string[][];
  abbreviations: Set<string>;
}

let compiled: Compiled[] | null = null;
function table(): Compiled[] {
  compiled ??= COURSE_TYPES.map((entry) => ({
    entry,
    phrases: entry.phrases.map((p) => normaliseName(p).split(' ')),
    abbreviations: new Set((entry.abbreviations ?? []).map(normaliseName)),
  }));
  return compiled;
}

export interface Recognition {
  /** The catalogue entry's id ("history"), or "vocational" for an award whose subject is not recognised. */
  type: string;
  /** In words, with the kind: "GCSE History", "BTEC Sport (vocational)". */
  label: string;
  kind: CourseKind;
  tags: string[];
  discountCode?: string;
  department?: string;
  /** What in the name or id was recognised, for the user to judge the guess ("triple sci"). */
  matched: string;
}

const KIND_LABEL: Record<CourseKind, string> = {
  GCSE: 'GCSE', BTEC: 'BTEC', CambridgeNational: 'Cambridge National', VCert: 'V Cert', TechAward: 'Tech Award', Other: '',
};
const VOCATIONAL_KINDS: readonly CourseKind[] = ['BTEC', 'CambridgeNational', 'VCert', 'TechAward'];

/** The kind named by words in the name, or null. */
export function kindFromName(name: string): CourseKind | null {
  const words = normaliseName(name).split(' ');
  for (const [w, kind] of KIND_WORDS) if (hasPhrase(words, w.split(' '))) return kind;
  return null;
}

function best(words: string[], id: string): { c: Compiled; matched: string } | null {
  let found: { c: Compiled; matched: string; score: number } | null = null;
  for (const c of table()) {
    for (const p of c.phrases) {
      if (!hasPhrase(words, p)) continue;
      const score = p.join(' ').length;
      if (!found || score > found.score) found = { c, matched: p.join(' '), score };
    }
  }
  if (found) return found;
  const core = words.filter((w) => !NOISE.has(w)).join(' ');
  const whole = words.join(' ');
  for (const c of table()) {
    for (const key of [whole, core]) if (key && c.abbreviations.has(key)) return { c, matched: key };
  }
  const ident = normaliseName(id);
  if (ident) {
    for (const c of table()) {
      if (c.abbreviations.has(ident) || c.phrases.some((p) => p.length === 1 && p[0] === ident)) return { c, matched: `id ${id}` };
    }
  }
  return null;
}

/**
 * What a course is, from its name and id; null when nothing in them names a subject or a vocational
 * kind. `kind` is the course's own kind when the scenario gives one: it wins over the name's words.
 */
export function recogniseCourse(course: { id: string; name: string; kind?: CourseKind }): Recognition | null {
  const words = normaliseName(course.name).split(' ').filter(Boolean);
  const named = kindFromName(course.name);
  const hit = best(words, course.id);
  const kind: CourseKind | null = course.kind ?? named ?? hit?.c.entry.kind ?? (hit ? 'GCSE' : null);
  if (!hit) {
    if (kind && VOCATIONAL_KINDS.includes(kind)) {
      // An award whose subject is not recognised is still a technical award: it never fills an EBacc or
      // science slot, which is what the figures need to know.
      return { type: 'vocational', label: `${KIND_LABEL[kind]} (subject not recognised)`, kind, tags: [...VOC], matched: course.kind ? `kind ${course.kind}` : named ?? '' };
    }
    return null;
  }
  return typeOf(hit.c.entry, kind ?? 'GCSE', hit.matched);
}

/**
 * A catalogue entry as a course type of the given kind: a subject taken as a vocational award keeps
 * only `creative` beside the technical-award tags; a vocational entry taken as a GCSE loses them.
 */
export function typeOf(e: CourseTypeEntry, kind: CourseKind, matched: string): Recognition {
  const entryVocational = e.tags.includes('technical-award');
  const vocational = VOCATIONAL_KINDS.includes(kind);
  let tags: string[];
  if (vocational && !entryVocational) tags = [...(e.tags.includes('creative') ? ['creative'] : []), ...VOC];
  else if (!vocational && entryVocational) tags = e.tags.filter((t) => !VOC.includes(t));
  else tags = [...e.tags];
  const prefix = KIND_LABEL[kind];
  return {
    type: e.id,
    label: prefix && !e.label.toLowerCase().includes(prefix.toLowerCase()) ? `${prefix} ${e.label}` : e.label,
    kind,
    tags,
    ...(e.discountCode ? { discountCode: e.discountCode } : {}),
    ...(e.department ? { department: e.department } : {}),
    matched,
  };
}

/** What each tag means to the accountability rules, for the Offer screen's list of the tags they read. */
// No prototype: looked up by a scenario's tag names, and a tag called toString means nothing here.
export const TAG_MEANINGS: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  english: 'English (the core sets it; an option tagged so may fill the English slot)',
  'english-language': 'English language',
  'english-literature': 'English literature (with language, English counts double in Attainment 8)',
  maths: 'Maths (the core sets it)',
  statistics: 'Statistics: kept out of the maths slot',
  science: 'A science: fills a science slot',
  'triple-science': 'Triple science as an option: biology, chemistry and physics, replacing combined science',
  'combined-science': 'Combined science, a double award filling two slots',
  'separate-science': 'One of biology, chemistry and physics',
  biology: 'Biology', chemistry: 'Chemistry', physics: 'Physics',
  computing: 'Computer science: an EBacc science, one of the three single sciences the EBacc accepts',
  language: 'A language (modern or ancient): the EBacc language',
  humanity: 'A humanity: a breadth area in the 2025 proposal (with ebacc, an EBacc humanity)',
  history: 'History: an EBacc humanity',
  geography: 'Geography: an EBacc humanity',
  'religious-studies': 'Religious studies: a humanity for the proposed breadth slots, not an EBacc humanity',
  creative: 'A creative subject (art, music, drama, D&T, media...): a breadth area in the 2025 proposal',
  'technical-award': 'A technical award (BTEC, Cambridge National, V Cert): counts only in open or breadth slots',
  vocational: 'Vocational (for pathway rules; the kind BTEC, Cambridge National, ... already says it)',
  ebacc: 'An EBacc subject: may fill an Attainment 8 EBacc slot',
  'no-qualification': 'Not a qualification (study support, enrichment): fills no slot',
});
