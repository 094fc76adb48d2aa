/**
 * Choice rules as lines of text on the Offer screen (web/components/rules.ts): every rule of the samples
 * reads back from its line as the same rule, typed lines become the rules docs/format.md describes, a rule
 * with no plain line survives as JSON, and a line that is not a rule is kept as text for validation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import s240 from '../data/samples/sample-240.json';
import s360 from '../data/samples/sample-360.json';
import { parseScenario } from '../data/schema';
import type { Scenario } from '../solver/types';
import { parseRuleLine, parseRuleLines, ruleToText } from '../web/components/rules';

describe('rules as lines', () => {
  it('every pathway rule of the samples reads back from its line unchanged', () => {
    const rules = [s240, s360].flatMap((s) => ((s as unknown as Scenario).pathways ?? []).flatMap((p) => p.rules));
    expect(rules.length).toBeGreaterThan(10);
    for (const r of rules) {
      const line = ruleToText(r);
      expect(line.startsWith('{'), `${JSON.stringify(r)} has a plain line`).toBe(false);
      expect(parseRuleLine(line)).toEqual(r);
    }
  });

  it('reads each form of line as docs/format.md spells the rule', () => {
    expect(parseRuleLine('at least 1 from tag:language')).toEqual({ min: 1, from: ['tag:language'] });
    expect(parseRuleLine('  at most 2 from ART,PHO ')).toEqual({ max: 2, from: ['ART', 'PHO'] });
    expect(parseRuleLine('exactly 1 from HIS, GEO')).toEqual({ min: 1, max: 1, from: ['HIS', 'GEO'] });
    expect(parseRuleLine('1 to 2 from tag:science HIS')).toEqual({ min: 1, max: 2, from: ['tag:science', 'HIS'] });
    expect(parseRuleLine('Not together: FOO, HOS')).toEqual({ notTogether: ['FOO', 'HOS'] });
    expect(parseRuleLine('only prior in high, middle: FMA')).toEqual({ eligible: { attribute: 'prior', in: ['high', 'middle'] }, courses: ['FMA'] });
    expect(parseRuleLine('only pp not in true: MVS')).toEqual({ eligible: { attribute: 'pp', notIn: [true] }, courses: ['MVS'] });
    expect(parseRuleLine('only ks2 105 to 120: FMA, STA')).toEqual({ eligible: { attribute: 'ks2', min: 105, max: 120 }, courses: ['FMA', 'STA'] });
    expect(parseRuleLine('at lest 1 from HIS')).toBeNull();
    expect(parseRuleLine('only prior: FMA')).toBeNull();
  });

  it('writes a rule with no plain line as JSON, which reads back unchanged', () => {
    const odd = [
      { min: 1, from: ['HIS'], note: 'kept' },
      { eligible: { attribute: 'prior', in: ['high'], notIn: ['low'] }, courses: ['FMA'] },
      { eligible: { attribute: 'set', in: ['Set 1'] }, courses: ['FMA'] }, // a value with a space
      { eligible: { attribute: 'code', in: ['10'] }, courses: ['FMA'] }, // the string "10", not the number
    ];
    for (const r of odd) {
      expect(ruleToText(r).startsWith('{')).toBe(true);
      expect(parseRuleLine(ruleToText(r))).toEqual(r);
    }
  });

  it('any rule of the forms, with any ids, round-trips through its line', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9_:.-]{1,8}$/);
    const ids = fc.array(id, { minLength: 1, maxLength: 5 });
    const n = fc.integer({ min: 0, max: 9 });
    const value = fc.oneof(fc.boolean(), fc.integer({ min: -5, max: 200 }), fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,5}$/));
    const rule = fc.oneof(
      fc.record({ min: n, max: n, from: ids }, { requiredKeys: ['from'] }),
      fc.record({ notTogether: ids }),
      fc.record({ eligible: fc.record({ attribute: fc.stringMatching(/^[a-z]{1,6}$/), in: fc.array(value, { minLength: 1, maxLength: 3 }) }), courses: ids }),
      fc.record({ eligible: fc.record({ attribute: fc.stringMatching(/^[a-z]{1,6}$/), min: n, max: n }, { requiredKeys: ['attribute', 'min'] }), courses: ids }),
    );
    fc.assert(fc.property(fc.array(rule, { maxLength: 6 }), (rules) => {
      const text = rules.map(ruleToText).join('\n');
      expect(parseRuleLines(text)).toEqual({ rules, unread: [] });
    }));
  });

  it('keeps a line that is not a rule as its text, so the scenario fails validation at that rule', () => {
    const { rules, unread } = parseRuleLines('at least 1 from HIS, GEO\n\nat lest 1 from ART\nnot together: PE, SPT');
    expect(unread).toEqual([3]);
    expect(rules).toEqual([{ min: 1, from: ['HIS', 'GEO'] }, 'at lest 1 from ART', { notTogether: ['PE', 'SPT'] }]);
    const sc = structuredClone(s240) as unknown as Scenario;
    sc.pathways![0].rules = rules as never;
    const out = parseScenario(sc);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.errors.map((e) => e.path)).toContain('pathways[0].rules[1]');
  });
});
