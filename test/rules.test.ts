import { describe, expect, it } from 'vitest';
import { RuleBook, listWords, suggest } from '../solver/rules';
import { smallScenario } from './fixtures/preview-fixtures';

const book = () => new RuleBook(smallScenario());

describe('choice rules', () => {
  it('keeps a combination that breaks nothing', () => {
    const r = book().check({ choices: ['HIS', 'FRE', 'ART', 'MUS'], pathway: 'EB' });
    expect(r.broken).toEqual([]);
    expect(r.notes).toEqual([]);
  });

  it('reports a wrong number of choices for the pathway', () => {
    const r = book().check({ choices: ['HIS', 'FRE', 'ART'], pathway: 'EB' });
    expect(r.broken.map((b) => b.text)).toEqual(['The pathway “EBacc” asks for 4 choices; this combination has 3.']);
    expect(r.broken[0].source).toBe('pathways[0].choices');
  });

  it('reports a missing language by tag, naming the courses that would do', () => {
    const r = book().check({ choices: ['HIS', 'GEO', 'ART', 'MUS'], pathway: 'EB' });
    expect(r.broken).toHaveLength(1);
    expect(r.broken[0].text).toBe('Choose at least 1 language course (French or Spanish) on the pathway “EBacc”; none is chosen.');
    expect(r.broken[0].source).toBe('pathways[0].rules[0]');
  });

  it('reports too many technical awards and names them', () => {
    const r = book().check({ choices: ['CHD', 'BTS', 'HIS'], pathway: 'VOC' });
    expect(r.broken.map((b) => b.text)).toEqual([
      'Choose at most 1 technical-award course (Child Development, BTEC Sport or Engineering) on the pathway “Vocational”; Child Development and BTEC Sport make 2.',
    ]);
    expect(r.broken[0].courses).toEqual(['CHD', 'BTS']);
  });

  it('pathway rules do not apply to students on no pathway', () => {
    expect(book().check({ choices: ['CHD', 'BTS', 'HIS'] }).broken).toEqual([]);
  });

  it('reports courses that may not be taken together', () => {
    const r = book().check({ choices: ['ART', 'PHO', 'HIS'] });
    expect(r.broken.map((b) => b.text)).toEqual(['Art and Photography cannot be taken together; choose one of them.']);
  });

  it('reports two courses sharing a discount code', () => {
    const r = book().check({ choices: ['PEG', 'BTS', 'HIS'] });
    expect(r.broken.map((b) => b.text)).toEqual(['GCSE PE and BTEC Sport share the discount code PE1, so only one would count; choose one of them.']);
    expect(r.broken[0].source).toBe('discountCode');
  });

  it('says a pair once when a school rule and a shared discount code both forbid it', () => {
    const s = smallScenario();
    const withRule = new RuleBook({ ...s, rules: [...((s as { rules?: unknown[] }).rules ?? []), { notTogether: ['PEG', 'BTS'] }] });
    const r = withRule.check({ choices: ['PEG', 'BTS', 'HIS'] });
    expect(r.broken.map((b) => b.text)).toEqual(['GCSE PE and BTEC Sport cannot be taken together; choose one of them.']);
  });

  it('checks eligibility on a student attribute, for choices and reserves', () => {
    const b = book();
    expect(b.check({ choices: ['TRI', 'HIS'], attributes: { prior: 'high' } }).broken).toEqual([]);
    const low = b.check({ choices: ['HIS'], reserves: ['TRI'], attributes: { prior: 'low' } });
    expect(low.broken.map((x) => x.text)).toEqual(["Triple Science is open only to students whose prior is high (this student's prior is low)."]);
    const unknown = b.check({ choices: ['TRI'] });
    expect(unknown.broken).toEqual([]);
    expect(unknown.notes[0]).toContain('open only to students whose prior is high');
  });

  it('supports numeric eligibility bounds and notIn', () => {
    const b = new RuleBook({
      courses: [{ id: 'FUR', name: 'Further Maths' }, { id: 'BTS', name: 'BTEC Sport' }],
      rules: [
        { eligible: { attribute: 'ks2', min: 110 }, courses: ['FUR'] },
        { eligible: { attribute: 'injury', notIn: [true] }, courses: ['BTS'] },
      ],
    });
    expect(b.issues).toEqual([]);
    expect(b.check({ choices: ['FUR'], attributes: { ks2: 112 } }).broken).toEqual([]);
    expect(b.check({ choices: ['FUR'], attributes: { ks2: 100 } }).broken[0].text).toBe(
      "Further Maths is open only to students whose ks2 is at least 110 (this student's ks2 is 100).",
    );
    expect(b.check({ choices: ['BTS'], attributes: { injury: true } }).broken).toHaveLength(1);
  });

  it('uses a rule message when the rule gives one', () => {
    const b = new RuleBook({ courses: [{ id: 'A' }, { id: 'B' }], rules: [{ notTogether: ['A', 'B'], message: 'Pick A or B, not both.' }] });
    expect(b.check({ choices: ['A', 'B'] }).broken.map((x) => x.text)).toEqual(['Pick A or B, not both.']);
  });

  it('reports every broken rule at once', () => {
    const r = book().check({ choices: ['ART', 'PHO', 'PEG', 'BTS', 'TRI'], pathway: 'EB', attributes: { prior: 'low' } });
    expect(r.broken.map((b) => b.source).sort()).toEqual(
      ['discountCode', 'pathways[0].choices', 'pathways[0].rules[0]', 'pathways[0].rules[1]', 'rules[0]', 'rules[1]'].sort(),
    );
  });

  it('reports rules that name unknown courses or tags, with a hint', () => {
    const b = new RuleBook({
      courses: [{ id: 'GEO', name: 'Geography', tags: ['humanity'] }],
      rules: [{ min: 1, from: ['GOE', 'tag:humanty'] }, { max: 1 } as never, { min: 3, max: 1, from: ['GEO'] }],
    });
    const messages = b.issues.map((i) => i.message);
    expect(messages).toContain('Rule names course GOE, which is not in the course list (rules[0].from[0]). Maybe you meant GEO?');
    expect(messages).toContain('No course carries the tag "humanty" (rules[0].from[1]). Maybe you meant "tag:humanity"?');
    expect(messages.some((m) => m.startsWith('rules[1] is not a rule this planner knows'))).toBe(true);
    expect(messages).toContain('Rule rules[2] has min 3 above max 1. Maybe they are swapped?');
  });

  it('words lists and suggestions plainly', () => {
    expect(listWords(['a', 'b', 'c'])).toBe('a, b and c');
    expect(listWords(['a', 'b'], 'or')).toBe('a or b');
    expect(suggest('his', ['HIS', 'GEO'])).toBe('HIS');
    expect(suggest('GOE', ['HIS', 'GEO'])).toBe('GEO');
    expect(suggest('XYZZY', ['HIS', 'GEO'])).toBeUndefined();
  });
});
