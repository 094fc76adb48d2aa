/**
 * The student link with the offer inside it (web/student/offer-link.ts) and what "Save my choice" writes
 * (web/student/saved-choice.ts): the link gives back the same offer, stays short enough for a QR code,
 * says plainly when it is cut; the saved CSV goes through the planner's own Students import unchanged.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { guessStudentMapping } from '../data/io/mapping';
import { importStudents } from '../data/io/students';
import { readCsvText } from '../data/io/table';
import { parseOffer, type Offer } from '../solver/offer';
import { benchmarkOffer } from '../solver/preview';
import { publishOffer } from '../solver/publish';
import type { Scenario } from '../solver/types';
import { decodeOffer, encodeOffer, offerLink, offerPayload, QR_MAX_BYTES } from '../web/student/offer-link';
import { askText, choiceCsv, choiceText, kindText } from '../web/student/saved-choice';
import { readOfferText, PLANNERS_FILE } from '../web/student/StudentPage';
import { greedyResult, smallSchool } from './fixtures/preview-fixtures';

/** The offer as the page uses it: group ids are renumbered COURSE-n in the link, as publish numbers them. */
const same = (a: Offer, b: Offer) => expect(JSON.parse(JSON.stringify(b))).toEqual(JSON.parse(JSON.stringify(a)));

describe('the offer inside the link', () => {
  it('gives back the same offer (small school: partner site, double option, one-year courses, rules)', async () => {
    const { scenario, result } = smallSchool();
    const offer = publishOffer(scenario, result);
    const payload = await encodeOffer(offer);
    expect(payload).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    const back = await decodeOffer(payload);
    expect('offer' in back).toBe(true);
    if ('offer' in back) same(offer, back.offer);
  });

  it('makes a link with the page address and the offer in the fragment, and reads it back from it', async () => {
    const { scenario, result } = smallSchool();
    const offer = publishOffer(scenario, result);
    const link = await offerLink('https://school.example/options/?offer=old.json#/student', offer);
    expect(link.startsWith('https://school.example/options/#offer=v1.')).toBe(true);
    const payload = offerPayload(new URL(link).hash)!;
    const back = await decodeOffer(payload);
    if (!('offer' in back)) throw new Error(back.error);
    same(offer, back.offer);
    expect(offerPayload('#/student')).toBeUndefined();
  });

  const sizes: string[] = [];
  afterAll(() => console.log(`student link lengths:\n  ${sizes.join('\n  ')}`));
  for (const size of [120, 240, 360]) {
    const path = join(process.cwd(), 'data', 'samples', `sample-${size}.json`);
    it.skipIf(!existsSync(path))(`sample-${size}: round trip, and the link fits a QR code`, async () => {
      const scenario = JSON.parse(readFileSync(path, 'utf8')) as Scenario;
      const offer = publishOffer(scenario, greedyResult(scenario));
      const payload = await encodeOffer(offer);
      const back = await decodeOffer(payload);
      if (!('offer' in back)) throw new Error(back.error);
      same(offer, back.offer);
      const link = `https://school.example/options/#offer=${payload}`;
      sizes.push(`sample-${size}: ${offer.courses.length} courses, ${offer.groups.length} groups, offer JSON ${JSON.stringify(offer).length} B, link ${link.length} B`);
      expect(link.length).toBeLessThan(QR_MAX_BYTES);
    });
  }

  it('a 40-course, 5-block offer: round trip, and its link length is reported', async () => {
    const offer = benchmarkOffer({ courses: 40 });
    expect(offer.courses.length).toBe(40);
    const payload = await encodeOffer(offer);
    const back = await decodeOffer(payload);
    if (!('offer' in back)) throw new Error(back.error);
    same(offer, back.offer);
    const link = `https://school.example/options/#offer=${payload}`;
    sizes.push(`40 courses: ${offer.groups.length} groups, offer JSON ${JSON.stringify(offer).length} B, link ${link.length} B`);
    expect(link.length).toBeLessThan(QR_MAX_BYTES);
  });

  it.skipIf(!existsSync(join(process.cwd(), 'data', 'samples', 'sample-240.json')))('a 40-course offer with real course names: the sample-240 offer and 14 more courses', async () => {
    const scenario = JSON.parse(readFileSync(join(process.cwd(), 'data', 'samples', 'sample-240.json'), 'utf8')) as Scenario;
    const offer = publishOffer(scenario, greedyResult(scenario));
    const more: [string, string, string, string[]][] = [
      ['LAT', 'Latin', 'GCSE', ['language']], ['MAN', 'Mandarin Chinese', 'GCSE', ['language']], ['URD', 'Urdu', 'GCSE', ['language']],
      ['CIT', 'Citizenship Studies', 'GCSE', []], ['ELE', 'Electronics', 'GCSE', ['technical']], ['FLM', 'Film Studies', 'GCSE', ['creative']],
      ['DAN', 'Dance', 'GCSE', ['creative']], ['ASC', 'Astronomy', 'GCSE', ['science']], ['IMS', 'Creative iMedia', 'CambridgeNational', ['vocational', 'technical-award']],
      ['HSC2', 'Health and Social Care (Tech Award)', 'BTEC', ['vocational']], ['CON', 'Constructing the Built Environment', 'VCert', ['vocational']],
      ['HAF', 'Hospitality and Catering', 'VCert', ['vocational']], ['ENT', 'Enterprise and Marketing', 'CambridgeNational', ['vocational']], ['MTE', 'Music Technology', 'VCert', ['vocational', 'creative']],
    ];
    for (const [id, name, kind, tags] of more) {
      offer.courses.push({ id, name, kind, tags, department: tags[0] ?? 'Other', years: [...offer.years], span: 1, site: 'home' });
      offer.groups.push({ id: `${id}-1`, course: id, blocks: [offer.blocks[offer.groups.length % offer.blocks.length]], years: [...offer.years], free: 18 });
    }
    expect(offer.courses.length).toBe(40);
    const checked = parseOffer(offer);
    expect(checked.ok ? [] : checked.errors.map((e) => e.message)).toEqual([]);
    const payload = await encodeOffer(offer);
    const back = await decodeOffer(payload);
    if (!('offer' in back)) throw new Error(back.error);
    same(offer, back.offer);
    const link = `https://school.example/options/#offer=${payload}`;
    sizes.push(`40 courses, real names (sample-240 and 14 more): ${offer.groups.length} groups, offer JSON ${JSON.stringify(offer).length} B, link ${link.length} B`);
    expect(link.length).toBeLessThan(QR_MAX_BYTES);
  });

  it('says in plain words when the link is cut, damaged or from a newer planner', async () => {
    const { scenario, result } = smallSchool();
    const payload = await encodeOffer(publishOffer(scenario, result));
    for (const bad of [payload.slice(0, payload.length - 20), payload.slice(0, 10), 'v1.', 'hello', `${payload}!!`]) {
      const r = await decodeOffer(bad);
      expect('error' in r && r.error).toMatch(/not complete|cannot be used/);
    }
    const newer = await decodeOffer(`v2.${payload.slice(3)}`);
    expect('error' in newer && newer.error).toMatch(/newer version/);
  });
});

describe('the student page words', () => {
  it('asks for the pathway\'s number of courses, else the usual one, and the reserves', () => {
    const { scenario, result } = smallSchool();
    const offer = publishOffer(scenario, result);
    expect(offer.ask).toBeDefined();
    expect(askText({ ...offer, ask: { choices: 4, reserveChoices: 1 } }, undefined)).toBe('Choose 4 courses and 1 reserve.');
    expect(askText({ ...offer, ask: { choices: 4, reserveChoices: 0 } }, undefined)).toBe('Choose 4 courses.');
    expect(askText({ ...offer, ask: undefined }, undefined)).toBe('Choose your courses and up to 2 reserves.');
    const withPathway = { ...offer, pathways: [{ id: 'F', name: 'Foundation', choices: 3, rules: [] }], ask: { choices: 4, reserveChoices: 2 } };
    expect(askText(withPathway, 'F')).toBe('Choose 3 courses and 2 reserves.');
  });

  it('writes course kinds as people do', () => {
    expect(['GCSE', 'BTEC', 'CambridgeNational', 'VCert', 'TechAward', 'Other'].map(kindText)).toEqual(['GCSE', 'BTEC', 'Cambridge National', 'V Cert', 'Technical Award', '']);
  });

  it("says a scenario or result file is the planner's, in a student's words", () => {
    const { scenario, result } = smallSchool();
    expect(readOfferText(JSON.stringify(scenario), 'The file x.json')).toEqual({ error: PLANNERS_FILE });
    expect(readOfferText(JSON.stringify(result), 'The file x.json')).toEqual({ error: PLANNERS_FILE });
  });
});

describe('Save my choice', () => {
  const path = join(process.cwd(), 'data', 'samples', 'sample-240.json');
  it.skipIf(!existsSync(path))("the saved CSV is read by the planner's Students import as it stands", () => {
    const scenario = JSON.parse(readFileSync(path, 'utf8')) as Scenario;
    const offer = publishOffer(scenario, greedyResult(scenario));
    expect(parseOffer(offer).ok).toBe(true);
    const student = scenario.students.find((s) => (s.reserves?.length ?? 0) > 0 && s.pathway)!;
    const saved = { studentId: 'S9999', name: 'Zoë O\'Brien, jr', tutorGroup: '9X', pathway: student.pathway, choices: student.choices, reserves: student.reserves! };
    const csv = choiceCsv(offer, saved);
    const table = readCsvText(`\ufeff${csv}`);
    const mapping = guessStudentMapping(table.headers);
    expect(mapping.choices.length).toBeGreaterThanOrEqual(student.choices.length);
    const imported = importStudents(table, mapping, { courses: scenario.courses, pathways: scenario.pathways });
    expect(imported.issues).toEqual([]);
    expect(imported.complete).toBe(true);
    expect(imported.students).toEqual([{ id: 'S9999', name: 'Zoë O\'Brien, jr', choices: student.choices, reserves: student.reserves, pathway: student.pathway, attributes: { tutorGroup: '9X' } }]);
  });

  it('a name a spreadsheet would run as a formula is written as text and read back the same', () => {
    const { scenario, result } = smallSchool();
    const offer = publishOffer(scenario, result);
    const saved = { studentId: '', name: '=HYPERLINK("x")', tutorGroup: '', choices: ['HIS', 'FRE'], reserves: [] };
    const csv = choiceCsv(offer, saved);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    const table = readCsvText(csv);
    const imported = importStudents(table, guessStudentMapping(table.headers), { courses: scenario.courses });
    // No student number: the planner is asked to give one (the import's own rule), the name survives.
    expect(imported.issues.map((i) => i.code)).toEqual(['missing-id']);
    const kept = importStudents(table, guessStudentMapping(table.headers), { courses: scenario.courses }, { rows: { 2: { action: 'keep', id: 'S1' } } });
    expect(kept.students[0]).toMatchObject({ id: 'S1', name: '=HYPERLINK("x")', choices: ['HIS', 'FRE'] });
  });

  it('the text to paste lists the courses by name, separated by semicolons', () => {
    const { scenario, result } = smallSchool();
    const offer = publishOffer(scenario, result);
    const text = choiceText(offer, { studentId: '', name: 'Sam', tutorGroup: '9X', choices: ['HIS', 'FRE'], reserves: ['GEO'] });
    expect(text).toBe('Name: Sam\nTutor group: 9X\nChoices: History; French\nReserves: Geography');
  });
});
