/**
 * Choice rules as plain lines a timetabler can read and type, one rule a line:
 *
 *   at least 1 from tag:language          { min: 1, from: ['tag:language'] }
 *   at most 2 from ART, PHO               { max: 2, from: ['ART', 'PHO'] }
 *   exactly 1 from HIS, GEO               { min: 1, max: 1, from: [...] }
 *   1 to 2 from tag:science               { min: 1, max: 2, from: [...] }
 *   any from HIS, GEO                     { from: [...] }
 *   not together: ART, PHO                { notTogether: ['ART', 'PHO'] }
 *   only prior in high, middle: FMA       { eligible: { attribute: 'prior', in: ['high', 'middle'] }, courses: ['FMA'] }
 *   only sen not in E: ENG                { eligible: { attribute: 'sen', notIn: ['E'] }, courses: ['ENG'] }
 *   only ks2 at least 105: FMA            { eligible: { attribute: 'ks2', min: 105 }, courses: ['FMA'] }
 *   only ks2 105 to 120: FMA              { eligible: { attribute: 'ks2', min: 105, max: 120 }, courses: [...] }
 *
 * Any line may end in "(let pass)": the rule gets `"enforce": false`, so a solve lists its breaches but places
 * students as they chose ("(enforce)", the default, may be written too: it reads as `"enforce": true`).
 *
 * A rule that has no such line (extra fields, several eligibility conditions at once) is written as its
 * JSON and read back from JSON, so editing the other lines never loses it. A line that is none of these
 * is kept as the typed text: the scenario then fails validation at that rule and the editor says how to
 * write one, rather than dropping what was typed.
 */
import type { PathwayRule } from '../../solver';

type Value = string | number | boolean;
type Eligibility = { attribute: string; in?: Value[]; notIn?: Value[]; min?: number; max?: number };
/** A rule in any of the scenario's forms: pathway rules, and the top-level rules' eligibility. */
export type AnyRule = PathwayRule | { eligible: Eligibility; courses: string[] } | Record<string, unknown>;

export const RULE_SYNTAX =
  'Write one rule a line: "at least 1 from HIS, GEO", "at most 2 from tag:creative", "exactly 1 from …", "1 to 2 from …", "not together: ART, PHO"' +
  ' (and for every student: "only prior in high, middle: FMA", "only ks2 at least 105: FMA"). End a line with "(let pass)" to list its breaches without enforcing it.';

const list = (xs: readonly unknown[]) => xs.map(String).join(', ');
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const onlyKeys = (o: object, keys: string[]) => Object.keys(o).every((k) => keys.includes(k));

/** Whether a value is written back unchanged by its text: "true", "10" and "10.5" read as boolean and numbers. */
function plainValue(v: unknown): v is Value {
  if (typeof v === 'boolean' || isNum(v)) return true;
  return typeof v === 'string' && v !== '' && !/[\s,:]/.test(v) && readValue(v) === v;
}

function readValue(t: string): Value {
  if (t === 'true') return true;
  if (t === 'false') return false;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

/** Ids a line can carry: no spaces or commas (those separate them); "tag:NAME" is fine. */
const plainIds = (xs: unknown) => Array.isArray(xs) && xs.length > 0 && xs.every((x) => typeof x === 'string' && /^[^\s,{]+$/.test(x));

const LET_PASS = ' (let pass)';

/** The line for a rule; JSON when no line would read back as the same rule. */
export function ruleToText(rule: unknown): string {
  if (typeof rule === 'string') return rule; // a line typed earlier that is not a rule yet
  if (rule && typeof rule === 'object' && !Array.isArray(rule) && 'enforce' in rule && typeof (rule as { enforce: unknown }).enforce === 'boolean') {
    const { enforce, ...rest } = rule as Record<string, unknown>;
    const line = lineOf(rest);
    // Only a plain line carries the flag as a suffix; JSON keeps the field itself.
    if (line.startsWith('{')) return JSON.stringify(rule);
    return line + (enforce === false ? LET_PASS : ' (enforce)');
  }
  return lineOf(rule);
}

/** Whether a rule is enforced in a solve (the default) or let pass (`"enforce": false`). */
export function isEnforced(rule: unknown): boolean {
  return !(rule && typeof rule === 'object' && (rule as { enforce?: unknown }).enforce === false);
}

/** Whether a solve can enforce the rule at all: notTogether, a max, eligibility (a min only flags). */
export function canEnforce(rule: unknown): boolean {
  if (!rule || typeof rule !== 'object' || Array.isArray(rule)) return false;
  const r = rule as Record<string, unknown>;
  return Array.isArray(r.notTogether) || (Array.isArray(r.from) && typeof r.max === 'number') || (typeof r.eligible === 'object' && Array.isArray(r.courses));
}

/** The rule with `enforce` set: true drops the field (the default), false writes it. */
export function withEnforce(rule: unknown, enforce: boolean): unknown {
  if (!rule || typeof rule !== 'object' || Array.isArray(rule)) return rule;
  const { enforce: _old, ...rest } = rule as Record<string, unknown>;
  return enforce ? rest : { ...rest, enforce: false };
}

function lineOf(rule: unknown): string {
  const r = rule as Record<string, unknown>;
  if (r && typeof r === 'object' && !Array.isArray(r)) {
    if ('from' in r && onlyKeys(r, ['min', 'max', 'from']) && plainIds(r.from) && (r.min === undefined || isNum(r.min)) && (r.max === undefined || isNum(r.max))) {
      const { min, max } = r as { min?: number; max?: number };
      const from = list(r.from as string[]);
      if (min !== undefined && max !== undefined) return min === max ? `exactly ${min} from ${from}` : `${min} to ${max} from ${from}`;
      if (min !== undefined) return `at least ${min} from ${from}`;
      if (max !== undefined) return `at most ${max} from ${from}`;
      return `any from ${from}`;
    }
    if ('notTogether' in r && onlyKeys(r, ['notTogether']) && plainIds(r.notTogether)) return `not together: ${list(r.notTogether as string[])}`;
    if ('eligible' in r && onlyKeys(r, ['eligible', 'courses']) && plainIds(r.courses)) {
      const e = r.eligible as Record<string, unknown>;
      const courses = list(r.courses as string[]);
      if (e && typeof e === 'object' && typeof e.attribute === 'string' && /^[^\s,:]+$/.test(e.attribute)) {
        const conds = Object.keys(e).filter((k) => k !== 'attribute');
        const a = e.attribute;
        if (conds.length === 1 && (conds[0] === 'in' || conds[0] === 'notIn')) {
          const vals = e[conds[0]];
          if (Array.isArray(vals) && vals.length > 0 && vals.every(plainValue)) return `only ${a} ${conds[0] === 'in' ? 'in' : 'not in'} ${list(vals)}: ${courses}`;
        }
        if (conds.length === 1 && conds[0] === 'min' && isNum(e.min)) return `only ${a} at least ${e.min}: ${courses}`;
        if (conds.length === 1 && conds[0] === 'max' && isNum(e.max)) return `only ${a} at most ${e.max}: ${courses}`;
        if (conds.length === 2 && isNum(e.min) && isNum(e.max)) return `only ${a} ${e.min} to ${e.max}: ${courses}`;
      }
    }
  }
  return JSON.stringify(rule);
}

const ids = (t: string) => t.split(/[,\s]+/).filter(Boolean);
const NUM = '(-?\\d+(?:\\.\\d+)?)';

/** The rule a line stands for, or null when it is none of the forms above. */
export function parseRuleLine(line: string): AnyRule | null {
  const flag = /^(.*?)\s*\((let pass|enforce)\)\s*$/i.exec(line.trim());
  if (flag && !flag[1].startsWith('{')) {
    const rule = parseRuleLine(flag[1]);
    if (!rule) return null;
    return { ...rule, enforce: flag[2].toLowerCase() !== 'let pass' } as AnyRule;
  }
  const t = line.trim().replace(/\s+/g, ' ');
  if (t.startsWith('{')) {
    try {
      const v = JSON.parse(t) as unknown;
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as AnyRule) : null;
    } catch {
      return null;
    }
  }
  let m: RegExpExecArray | null;
  if ((m = /^not together:? (.+)$/i.exec(t))) return { notTogether: ids(m[1]) };
  if ((m = /^at least (\d+) from (.+)$/i.exec(t))) return { min: Number(m[1]), from: ids(m[2]) };
  if ((m = /^at most (\d+) from (.+)$/i.exec(t))) return { max: Number(m[1]), from: ids(m[2]) };
  if ((m = /^exactly (\d+) from (.+)$/i.exec(t))) return { min: Number(m[1]), max: Number(m[1]), from: ids(m[2]) };
  if ((m = /^(\d+) (?:to|-) (\d+) from (.+)$/i.exec(t))) return { min: Number(m[1]), max: Number(m[2]), from: ids(m[3]) };
  if ((m = /^any from (.+)$/i.exec(t))) return { from: ids(m[1]) };
  if ((m = /^only ([^\s,:]+) (.+?): ?(.+)$/i.exec(t))) {
    const [, attribute, cond, courses] = m;
    let c: RegExpExecArray | null;
    const eligible: Eligibility = { attribute };
    if ((c = /^not in (.+)$/i.exec(cond))) eligible.notIn = ids(c[1]).map(readValue);
    else if ((c = /^in (.+)$/i.exec(cond))) eligible.in = ids(c[1]).map(readValue);
    else if ((c = new RegExp(`^at least ${NUM}$`, 'i').exec(cond))) eligible.min = Number(c[1]);
    else if ((c = new RegExp(`^at most ${NUM}$`, 'i').exec(cond))) eligible.max = Number(c[1]);
    else if ((c = new RegExp(`^${NUM} to ${NUM}$`, 'i').exec(cond))) {
      eligible.min = Number(c[1]);
      eligible.max = Number(c[2]);
    } else return null;
    return { eligible, courses: ids(courses) };
  }
  return null;
}

/**
 * Every non-blank line as a rule; a line that is not one stays as its text (so validation flags it at
 * its path), and its line number is listed in `unread`.
 */
export function parseRuleLines(text: string): { rules: unknown[]; unread: number[] } {
  const rules: unknown[] = [];
  const unread: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const r = parseRuleLine(line);
    if (r) rules.push(r);
    else {
      rules.push(line.trim());
      unread.push(i + 1);
    }
  });
  return { rules, unread };
}
