/**
 * Choice rules: one engine that checks a student's combination against a rule set and says, in plain
 * words, every rule it breaks. Used by the preview (solver/preview.ts), the published offer and the planner.
 *
 * A rule set is data. The rule forms (docs/format.md "Pathway", plus two additions of this project):
 *
 *   { "min": 1, "max": 2, "from": ["FRE", "SPA", "tag:language"] }   count rule: at least / at most so many
 *                                                                      of the listed courses ("tag:NAME" =
 *                                                                      every course carrying that tag)
 *   { "notTogether": ["ART", "PHO"] }                                  at most one of these courses
 *   { "eligible": { "attribute": "prior", "in": ["high"] },            ADDED: eligibility on a student
 *     "courses": ["TRI"] }                                              attribute; the listed courses (ids or
 *                                                                      "tag:NAME") are open only to students
 *                                                                      whose attribute matches. `eligible`
 *                                                                      takes any of `in`, `notIn` (lists of
 *                                                                      string/number/boolean values) and
 *                                                                      `min`, `max` (numeric attributes).
 *
 * Any rule may carry `"message": "..."`, which replaces the generated text when it is broken, and
 * `"enforce": false` (ADDED), which lets the rule pass in a solve: its breaches are still listed, but the
 * solver places the student as they chose. By default the solver enforces every rule it can: for a
 * notTogether or a max rule the student keeps the higher-ranked choices and the lower-ranked ones that would
 * break it are left unmet; an ineligible choice or reserve is never placed; a reserve is not placed when,
 * with the student's choices and earlier reserves, it could break a rule (see RuleBook.forbidden). A min
 * rule or a pathway's `choices` count cannot be enforced by placing fewer courses: they are only flagged.
 *
 * Attribute values compare without case and surrounding spaces ("High" matches "high"); numeric conditions
 * (min, max) also read a numeric string such as "105".
 *
 * Where rules live:
 *   - `pathways[i].rules` and `pathways[i].choices` apply to students on that pathway (docs/format.md).
 *   - ADDED: an optional top-level `rules` list (in a scenario or an offer) applies to every student.
 *   - Built in: two chosen courses that share a `discountCode` may not be taken together (only one would
 *     count in the performance tables), whatever the pathway.
 *
 * Count rules and notTogether look at the choices; eligibility looks at choices and reserves (an
 * ineligible reserve is as unusable as an ineligible choice). An eligibility rule whose attribute the
 * student did not give is not reported as broken (the student page may not know it); it yields a note.
 */

export type AttributeValue = string | number | boolean;

export interface CountRule {
  min?: number;
  max?: number;
  from: string[];
  message?: string;
  enforce?: boolean;
}

export interface NotTogetherRule {
  notTogether: string[];
  message?: string;
  enforce?: boolean;
}

export interface EligibilityRule {
  eligible: { attribute: string; in?: AttributeValue[]; notIn?: AttributeValue[]; min?: number; max?: number };
  courses: string[];
  message?: string;
  enforce?: boolean;
}

export type ChoiceRule = CountRule | NotTogetherRule | EligibilityRule;

/** The few course fields the rules need; both scenario courses and offer courses have them. */
export interface RuleCourse {
  id: string;
  name?: string;
  tags?: string[];
  department?: string;
  discountCode?: string;
}

export interface RulePathway {
  id: string;
  name: string;
  choices?: number;
  rules?: readonly unknown[];
}

/** Anything with courses and, optionally, pathways and cohort-wide rules: a Scenario or an Offer. */
export interface RuleSource {
  courses: readonly RuleCourse[];
  pathways?: readonly RulePathway[];
  rules?: readonly unknown[];
}

export interface Combination {
  /** Course ids, most wanted first. */
  choices: readonly string[];
  reserves?: readonly string[];
  attributes?: Readonly<Record<string, AttributeValue>>;
  pathway?: string;
}

export interface BrokenRule {
  /** The rule in plain words. */
  text: string;
  /** Where the rule came from: "rules[0]", "pathways[1].rules[2]", "pathways[1].choices" or "discountCode". */
  source: string;
  /** The chosen courses involved (empty when the rule is broken by what is missing). */
  courses: string[];
  /** Which part of the rule: a pathway's choice count, a count rule's min or max, notTogether, eligibility, a discount code. */
  kind: 'choices' | 'min' | 'max' | 'notTogether' | 'eligible' | 'discountCode';
  /**
   * True when a solve enforces it (only notTogether, max and eligibility can be, and only when the rule does
   * not say `"enforce": false`); false when it is only flagged.
   */
  enforced: boolean;
}

/** A choice or reserve a solve may not place, and why (the reason names the rule and what is kept). */
export interface ForbiddenCourse {
  /** Index into the student's choices then reserves (choices.length + r for reserve r). */
  index: number;
  course: string;
  reason: string;
}

/** One student's breach of a rule, for the cohort check. */
export interface CohortBreach {
  /** Index of the student in the scenario's list. */
  student: number;
  id: string;
  name?: string;
  text: string;
  source: string;
  courses: string[];
  kind: BrokenRule['kind'];
  enforced: boolean;
}

export interface RuleCheck {
  broken: BrokenRule[];
  /** Not broken, but worth telling the student (an eligibility rule whose attribute is unknown). */
  notes: string[];
}

export interface RuleIssue {
  path: string;
  value: unknown;
  message: string;
}

export function isCountRule(rule: ChoiceRule): rule is CountRule {
  return Array.isArray((rule as CountRule).from);
}
export function isNotTogetherRule(rule: ChoiceRule): rule is NotTogetherRule {
  return Array.isArray((rule as NotTogetherRule).notTogether);
}
export function isEligibilityRule(rule: ChoiceRule): rule is EligibilityRule {
  const r = rule as EligibilityRule;
  return typeof r.eligible === 'object' && r.eligible !== null && Array.isArray(r.courses);
}

/** "a", "a and b", "a, b and c". */
export function listWords(items: readonly string[], conjunction = 'and'): string {
  if (items.length === 0) return '';
  if (items.length === 1) return items[0];
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

function formatValue(v: AttributeValue): string {
  return typeof v === 'string' ? v : String(v);
}

/**
 * A rule in compiled form: the course ids it covers resolved once (tags expanded), so a check is a few
 * set look-ups. `kind` selects which fields are used.
 */
interface CompiledRule {
  kind: 'count' | 'notTogether' | 'eligible';
  source: string;
  rule: ChoiceRule;
  /** Resolved course ids, in the order of the source's course list. */
  courses: Set<string>;
  /** How "n of the list" reads in a message: "1 language course (French, Spanish or German)", "2 of Art or Music". */
  label: (n: number) => string;
  /** False when the rule says `"enforce": false`. */
  enforce: boolean;
}

/** A student's attribute by name, own properties only: an attribute called toString or __proto__ is data, not Object.prototype's. */
function ownAttribute(attributes: Readonly<Record<string, AttributeValue>> | undefined, name: string): AttributeValue | undefined {
  return attributes !== undefined && attributes !== null && Object.hasOwn(attributes, name) ? attributes[name] : undefined;
}

/**
 * The compiled rule set of one offer or scenario. Construct once, check many combinations (the preview
 * checks thousands of candidate alternatives, so `check` does no parsing).
 */
export class RuleBook {
  readonly issues: RuleIssue[] = [];
  private readonly names = new Map<string, string>();
  private readonly courseIds: string[];
  private readonly global: CompiledRule[] = [];
  private readonly pathways = new Map<string, { name: string; choices?: number; source: string; rules: CompiledRule[] }>();
  /** Discount code -> course ids sharing it (only codes held by two or more courses). */
  private readonly discount = new Map<string, string[]>();
  private readonly discountOf = new Map<string, string>();

  constructor(source: RuleSource) {
    this.courseIds = source.courses.map((c) => c.id);
    const byTag = new Map<string, string[]>();
    for (const c of source.courses) {
      this.names.set(c.id, c.name && c.name.trim() !== '' ? c.name : c.id);
      for (const t of c.tags ?? []) {
        const list = byTag.get(t) ?? [];
        list.push(c.id);
        byTag.set(t, list);
      }
      if (c.discountCode) {
        const list = this.discount.get(c.discountCode) ?? [];
        list.push(c.id);
        this.discount.set(c.discountCode, list);
      }
    }
    for (const [code, ids] of [...this.discount]) {
      if (ids.length < 2) this.discount.delete(code);
      else for (const id of ids) this.discountOf.set(id, code);
    }
    const known = new Set(this.courseIds);

    const compileList = (
      rule: ChoiceRule,
      kind: CompiledRule['kind'],
      list: readonly unknown[],
      path: string,
      source: string,
    ): CompiledRule => {
      const ids = new Set<string>();
      const tagWords: string[] = [];
      list.forEach((entry, k) => {
        if (typeof entry !== 'string') {
          this.issues.push({ path: `${path}[${k}]`, value: entry, message: `${path}[${k}] should be a course id or "tag:NAME".` });
          return;
        }
        if (entry.startsWith('tag:')) {
          const tag = entry.slice(4);
          const tagged = byTag.get(tag);
          if (!tagged) {
            const hint = suggest(tag, [...byTag.keys()]);
            this.issues.push({
              path: `${path}[${k}]`,
              value: entry,
              message: `No course carries the tag "${tag}" (${path}[${k}]).${hint ? ` Maybe you meant "tag:${hint}"?` : ''}`,
            });
            return;
          }
          tagWords.push(tag);
          for (const id of tagged) ids.add(id);
        } else if (known.has(entry)) {
          ids.add(entry);
        } else {
          const hint = suggest(entry, this.courseIds);
          this.issues.push({
            path: `${path}[${k}]`,
            value: entry,
            message: `Rule names course ${entry}, which is not in the course list (${path}[${k}]).${hint ? ` Maybe you meant ${hint}?` : ''}`,
          });
        }
      });
      // Keep document order so messages read the same every time.
      const ordered = new Set(this.courseIds.filter((id) => ids.has(id)));
      const names = [...ordered].map((id) => this.names.get(id)!);
      const onlyTags = tagWords.length > 0 && list.every((e) => typeof e === 'string' && e.startsWith('tag:'));
      const label = onlyTags
        ? (n: number) => `${n} ${listWords(tagWords, 'or')} course${n === 1 ? '' : 's'} (${listWords(names, 'or')})`
        : (n: number) => `${n} of ${listWords(names, 'or')}`;
      return { kind, source, rule, courses: ordered, label, enforce: (rule as { enforce?: unknown }).enforce !== false };
    };

    const compileRules = (rules: readonly unknown[] | undefined, path: string): CompiledRule[] => {
      const out: CompiledRule[] = [];
      if (rules === undefined) return out;
      if (!Array.isArray(rules)) {
        this.issues.push({ path, value: rules, message: `${path} should be a list of rules.` });
        return out;
      }
      rules.forEach((raw, i) => {
        const p = `${path}[${i}]`;
        if (typeof raw !== 'object' || raw === null) {
          this.issues.push({ path: p, value: raw, message: `${p} should be a rule object such as { "min": 1, "from": ["tag:language"] }.` });
          return;
        }
        const rule = raw as ChoiceRule;
        const enforce = (raw as { enforce?: unknown }).enforce;
        if (enforce !== undefined && typeof enforce !== 'boolean') {
          this.issues.push({ path: `${p}.enforce`, value: enforce, message: `${p}.enforce is ${JSON.stringify(enforce)}. Maybe it should be true (the solver enforces the rule) or false (it lets the rule pass)?` });
        }
        if (isCountRule(rule)) {
          const { min, max } = rule;
          for (const [key, v] of [['min', min], ['max', max]] as const) {
            if (v !== undefined && (!Number.isInteger(v) || v < 0)) {
              this.issues.push({ path: `${p}.${key}`, value: v, message: `${p}.${key} is ${JSON.stringify(v)}. Maybe it should be a whole number, 0 or more?` });
            }
          }
          if (min === undefined && max === undefined) {
            this.issues.push({ path: p, value: raw, message: `Rule ${p} has "from" but neither "min" nor "max". Maybe it should say "min": 1?` });
          }
          if (min !== undefined && max !== undefined && min > max) {
            this.issues.push({ path: p, value: raw, message: `Rule ${p} has min ${min} above max ${max}. Maybe they are swapped?` });
          }
          out.push(compileList(rule, 'count', rule.from, `${p}.from`, p));
        } else if (isNotTogetherRule(rule)) {
          if (rule.notTogether.length < 2) {
            this.issues.push({ path: `${p}.notTogether`, value: rule.notTogether, message: `Rule ${p}.notTogether lists fewer than two courses, so it can never apply. Maybe a course is missing?` });
          }
          out.push(compileList(rule, 'notTogether', rule.notTogether, `${p}.notTogether`, p));
        } else if (isEligibilityRule(rule)) {
          const e = rule.eligible;
          if (typeof e.attribute !== 'string' || e.attribute === '') {
            this.issues.push({ path: `${p}.eligible.attribute`, value: e.attribute, message: `Rule ${p} needs "eligible.attribute", the name of a student attribute such as "prior".` });
          }
          if (e.in === undefined && e.notIn === undefined && e.min === undefined && e.max === undefined) {
            this.issues.push({ path: `${p}.eligible`, value: e, message: `Rule ${p}.eligible sets no condition. Maybe add "in": ["high"]?` });
          }
          out.push(compileList(rule, 'eligible', rule.courses, `${p}.courses`, p));
        } else {
          this.issues.push({
            path: p,
            value: raw,
            message: `${p} is not a rule this planner knows. Use { "min"/"max", "from" }, { "notTogether" } or { "eligible", "courses" }.`,
          });
        }
      });
      return out;
    };

    this.global = compileRules(source.rules, 'rules');
    (source.pathways ?? []).forEach((pw, i) => {
      const rules = compileRules(pw.rules, `pathways[${i}].rules`);
      if (pw.choices !== undefined && (!Number.isInteger(pw.choices) || pw.choices < 1)) {
        this.issues.push({ path: `pathways[${i}].choices`, value: pw.choices, message: `Pathway ${pw.id} asks for ${pw.choices} choices (pathways[${i}].choices). Maybe it should be a whole number such as 4?` });
      }
      this.pathways.set(pw.id, { name: pw.name || pw.id, choices: pw.choices, source: `pathways[${i}]`, rules });
    });
  }

  name(id: string): string {
    return this.names.get(id) ?? id;
  }

  hasPathway(id: string): boolean {
    return this.pathways.has(id);
  }

  pathwayIds(): string[] {
    return [...this.pathways.keys()];
  }

  /** How many choices the pathway asks for, or undefined when it does not say (or no pathway). */
  requiredChoices(pathway: string | undefined): number | undefined {
    return pathway === undefined ? undefined : this.pathways.get(pathway)?.choices;
  }

  /**
   * True when the choices break no rule: the same tests as check() without building any message, for
   * the preview's thousands of candidate alternatives. Reserves are not looked at.
   */
  passes(choices: readonly string[], attributes?: Readonly<Record<string, AttributeValue>>, pathway?: string): boolean {
    const pw = pathway !== undefined ? this.pathways.get(pathway) : undefined;
    if (pw && pw.choices !== undefined && choices.length !== pw.choices) return false;
    const lists = pw ? [this.global, pw.rules] : [this.global];
    for (const rules of lists) {
      for (const r of rules) {
        let hit = 0;
        for (const c of choices) if (r.courses.has(c)) hit++;
        if (r.kind === 'count') {
          const rule = r.rule as CountRule;
          if ((rule.min !== undefined && hit < rule.min) || (rule.max !== undefined && hit > rule.max)) return false;
        } else if (r.kind === 'notTogether') {
          if (hit > 1) return false;
        } else if (hit > 0) {
          const rule = r.rule as EligibilityRule;
          const value = ownAttribute(attributes, rule.eligible.attribute);
          if (value !== undefined && !matches(rule, value)) return false;
        }
      }
    }
    if (this.discount.size > 0) {
      const codes = new Set<string>();
      for (const c of choices) {
        const code = this.discountOf.get(c);
        if (code === undefined) continue;
        if (codes.has(code)) return false;
        codes.add(code);
      }
    }
    return true;
  }

  /**
   * The choices and reserves a solve may not place under the enforced rules (see the file comment): for a
   * notTogether or max rule the student keeps the higher-ranked choices, and a lower-ranked one that would
   * take the count over is forbidden; an ineligible choice or reserve is forbidden; a reserve is forbidden
   * when, counted with every choice and every earlier reserve not already forbidden, it would take a rule
   * over (conservative: a reserve stands in for an unmet choice, which may be any of them).
   */
  forbidden(combo: Combination): ForbiddenCourse[] {
    const out: ForbiddenCourse[] = [];
    const chosen = combo.choices;
    const reserves = combo.reserves ?? [];
    const pw = combo.pathway !== undefined ? this.pathways.get(combo.pathway) : undefined;
    const rules = (pw ? [...this.global, ...pw.rules] : this.global).filter((r) => r.enforce);
    const all = [...chosen, ...reserves];
    const banned = new Map<number, string>();
    // Eligibility first: a course closed to the student counts towards no other rule.
    for (const r of rules) {
      if (r.kind === 'eligible') {
        const rule = r.rule as EligibilityRule;
        const value = ownAttribute(combo.attributes, rule.eligible.attribute);
        if (value === undefined || matches(rule, value)) continue;
        all.forEach((c, k) => {
          if (!r.courses.has(c) || banned.has(k)) return;
          banned.set(k, rule.message ?? `${this.name(c)} is open only to students whose ${describeCondition(rule)} (this student's ${rule.eligible.attribute} is ${formatValue(value)}).`);
        });
      }
    }
    for (const r of rules) {
      if (r.kind === 'eligible') continue;
      const max = r.kind === 'notTogether' ? 1 : (r.rule as CountRule).max;
      if (max === undefined) continue;
      const kept: string[] = [];
      let count = 0;
      all.forEach((c, k) => {
        if (!r.courses.has(c) || banned.has(k)) return;
        if (count < max) {
          count++;
          if (k < chosen.length) kept.push(c);
          return;
        }
        const keptNames = listWords(kept.map((x) => this.name(x)));
        const what =
          r.kind === 'notTogether'
            ? `${listWords([...kept, c].map((x) => this.name(x)))} may not be taken together`
            : `Choose at most ${r.label(max)}`;
        const lead = r.rule.message ?? what;
        const reason =
          k < chosen.length
            ? `${lead}: ${keptNames}, the higher-ranked choice${kept.length === 1 ? ', is' : 's, are'} kept.`
            : kept.length > 0
              ? `${lead}: the reserve ${this.name(c)} is not used, as ${keptNames} ${kept.length === 1 ? 'is' : 'are'} chosen.`
              : `${lead}: the reserve ${this.name(c)} is not used, as an earlier reserve counts.`;
        banned.set(k, reason.replace(/\.:/, ':'));
      });
    }
    for (const [k, reason] of [...banned].sort((a, b) => a[0] - b[0])) out.push({ index: k, course: all[k], reason });
    return out;
  }

  /** Every rule the combination breaks, in plain words. Unknown pathways are the caller's to reject. */
  check(combo: Combination): RuleCheck {
    const broken: BrokenRule[] = [];
    const notes: string[] = [];
    const chosen = combo.choices;
    const pw = combo.pathway !== undefined ? this.pathways.get(combo.pathway) : undefined;

    if (pw && pw.choices !== undefined && chosen.length !== pw.choices) {
      broken.push({
        text: `The pathway “${pw.name}” asks for ${pw.choices} choice${pw.choices === 1 ? '' : 's'}; this combination has ${chosen.length}.`,
        source: `${pw.source}.choices`,
        courses: [],
        kind: 'choices',
        enforced: false,
      });
    }

    const rules = pw ? [...this.global, ...pw.rules] : this.global;
    for (const r of rules) {
      if (r.kind === 'count') {
        const rule = r.rule as CountRule;
        const hit = chosen.filter((c) => r.courses.has(c));
        const hitNames = hit.map((c) => this.name(c));
        // Pathway names can be long sentences ("EBacc route: a language and a humanity"), so quote them.
        const inPathway = pw && r.source.startsWith('pathways') ? ` on the pathway “${pw.name}”` : '';
        if (rule.min !== undefined && hit.length < rule.min) {
          const have = hit.length === 0 ? 'none is chosen' : `only ${listWords(hitNames)} ${hit.length === 1 ? 'is' : 'are'} chosen`;
          broken.push({
            text: rule.message ?? `Choose at least ${r.label(rule.min)}${inPathway}; ${have}.`,
            source: r.source,
            courses: hit,
            kind: 'min',
            enforced: false,
          });
        }
        if (rule.max !== undefined && hit.length > rule.max) {
          broken.push({
            text: rule.message ?? `Choose at most ${r.label(rule.max)}${inPathway}; ${listWords(hitNames)} make ${hit.length}.`,
            source: r.source,
            courses: hit,
            kind: 'max',
            enforced: r.enforce,
          });
        }
      } else if (r.kind === 'notTogether') {
        const hit = chosen.filter((c) => r.courses.has(c));
        if (hit.length > 1) {
          broken.push({
            text: r.rule.message ?? `${listWords(hit.map((c) => this.name(c)))} cannot be taken together; choose one of them.`,
            source: r.source,
            courses: hit,
            kind: 'notTogether',
            enforced: r.enforce,
          });
        }
      } else {
        const rule = r.rule as EligibilityRule;
        const e = rule.eligible;
        const involved = [...chosen, ...(combo.reserves ?? [])].filter((c) => r.courses.has(c));
        if (involved.length === 0) continue;
        const condition = describeCondition(rule);
        const names = listWords(involved.map((c) => this.name(c)));
        const value = ownAttribute(combo.attributes, e.attribute);
        if (value === undefined) {
          notes.push(`${names} ${involved.length === 1 ? 'is' : 'are'} open only to students whose ${condition}; check with your school that this applies to you.`);
          continue;
        }
        if (!matches(rule, value)) {
          broken.push({
            text: rule.message ?? `${names} ${involved.length === 1 ? 'is' : 'are'} open only to students whose ${condition} (this student's ${e.attribute} is ${formatValue(value)}).`,
            source: r.source,
            courses: involved,
            kind: 'eligible',
            enforced: r.enforce,
          });
        }
      }
    }

    // Shared discount codes: only one of the courses would count, so schools do not allow both.
    if (this.discount.size > 0) {
      const seen = new Map<string, string[]>();
      for (const c of chosen) {
        const code = this.discountOf.get(c);
        if (code === undefined) continue;
        const list = seen.get(code) ?? [];
        list.push(c);
        seen.set(code, list);
      }
      for (const [code, hit] of seen) {
        // A school usually writes its own rule for such a pair (Food with Hospitality): say it once.
        const said = broken.some((b) => hit.every((c) => b.courses.includes(c)));
        if (hit.length > 1 && !said) {
          broken.push({
            text: `${listWords(hit.map((c) => this.name(c)))} share the discount code ${code}, so only one would count; choose one of them.`,
            source: 'discountCode',
            courses: hit,
            kind: 'discountCode',
            enforced: false,
          });
        }
      }
    }
    return { broken, notes };
  }
}

function describeCondition(rule: EligibilityRule): string {
  const e = rule.eligible;
  const parts: string[] = [];
  if (e.in !== undefined) parts.push(`${e.attribute} is ${listWords(e.in.map(formatValue), 'or')}`);
  if (e.notIn !== undefined) parts.push(`${e.attribute} is not ${listWords(e.notIn.map(formatValue), 'or')}`);
  if (e.min !== undefined) parts.push(`${e.attribute} is at least ${e.min}`);
  if (e.max !== undefined) parts.push(`${e.attribute} is at most ${e.max}`);
  return parts.join(' and ');
}

/** An attribute value as compared: strings without case or surrounding spaces, other values as written. */
function valueKey(v: AttributeValue): string {
  return typeof v === 'string' ? v.trim().toLowerCase() : String(v);
}

/** A numeric reading of a value for min/max: numbers, and strings that are numbers ("105"). */
function numeric(v: AttributeValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** Does an attribute value meet an eligibility rule's condition? Exported for the student page and tests. */
export function matches(rule: EligibilityRule, value: AttributeValue): boolean {
  const e = rule.eligible;
  const key = valueKey(value);
  if (e.in !== undefined && !e.in.some((v) => valueKey(v) === key)) return false;
  if (e.notIn !== undefined && e.notIn.some((v) => valueKey(v) === key)) return false;
  const n = numeric(value);
  if (e.min !== undefined && !(n !== undefined && n >= e.min)) return false;
  if (e.max !== undefined && !(n !== undefined && n <= e.max)) return false;
  return true;
}

/** A scenario as the cohort check reads it: courses, pathways, top-level rules and students. */
export interface CohortSource extends RuleSource {
  students: readonly (Combination & { id: string; name?: string })[];
}

/**
 * Every student whose choices (or reserves, for eligibility) break a rule, with the rule in plain words and
 * whether a solve enforces it. Students on a pathway the scenario does not list are checked against the
 * rules for every student only (the validation names the unknown pathway).
 */
export function cohortBreaches(source: CohortSource, book: RuleBook = new RuleBook(source)): CohortBreach[] {
  const out: CohortBreach[] = [];
  source.students.forEach((s, i) => {
    const pathway = s.pathway !== undefined && book.hasPathway(s.pathway) ? s.pathway : undefined;
    for (const b of book.check({ choices: s.choices, reserves: s.reserves, attributes: s.attributes, pathway }).broken) {
      out.push({ student: i, id: s.id, ...(s.name ? { name: s.name } : {}), text: b.text, source: b.source, courses: b.courses, kind: b.kind, enforced: b.enforced });
    }
  });
  return out;
}

/**
 * Nearest identifier to a misspelt one, or undefined when nothing is plausibly meant: a case-insensitive
 * match wins, then the smallest edit distance within about a third of the word's length.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestD = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    if (cl === lower) return c;
    const d = editDistance(lower, cl);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

/** Levenshtein distance with adjacent transpositions counted as one edit ("GOE" for "GEO"). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => {
    const row = new Array<number>(n + 1).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j <= n; j++) d[0][j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[m][n];
}
