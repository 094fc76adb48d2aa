/**
 * The student page without a browser: its first render (static markup) for a given offer and choices,
 * and the offer-file reading of its loader. Clicking through it in real Chromium belongs to the browser suite.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { StudentPage, StudentPageLoader, readOfferText } from '../web/student/StudentPage';
import { publishOffer } from '../solver/publish';
import { smallSchool } from './fixtures/preview-fixtures';

const offer = () => {
  const { scenario, result } = smallSchool();
  return publishOffer(scenario, result);
};

describe('StudentPage', () => {
  it('lays out the blocks and lists every course to pick from', () => {
    const html = renderToStaticMarkup(<StudentPage offer={offer()} />);
    expect(html).toContain('Choose your options');
    for (const b of ['A', 'B', 'C', 'D', 'E']) expect(html).toContain(`Block ${b}`);
    expect(html).toContain('Child Development');
    expect(html).toContain('double option');
    expect(html).toContain('at Town College');
    expect(html).toContain('Year 10 only');
    expect(html).toContain('Pick courses above');
  });

  it('shows a clash, its reason and alternatives for a combination that does not fit', () => {
    const html = renderToStaticMarkup(<StudentPage offer={offer()} initialChoices={['HIS', 'FRE', 'ART', 'BTS']} initialReserves={['SPA']} />);
    expect(html).toContain('These courses cannot all be taken together.');
    expect(html).toContain('Art (ART) is full: every group has been taken.');
    expect(html).toContain('Nearby combinations that work');
    expect(html).toContain('Spanish instead of Art');
  });

  it('shows the blocks of a fitting combination', () => {
    const html = renderToStaticMarkup(<StudentPage offer={offer()} initialChoices={['HIS', 'FRE', 'GEO', 'CHD']} />);
    expect(html).toContain('These courses fit together in the blocks.');
    expect(html).toContain('block D+E');
    expect(html).toContain('sp-mine-group');
  });

  it('asks about attributes that eligibility rules use', () => {
    const html = renderToStaticMarkup(<StudentPage offer={offer()} />);
    expect(html).toContain('About you');
    expect(html).toContain('<option value="high">high</option>');
  });

  it('says plainly when the offer itself is broken', () => {
    const bad = offer();
    bad.groups[0].course = 'NOPE';
    const html = renderToStaticMarkup(<StudentPage offer={bad} />);
    expect(html).toContain('This offer cannot be used');
    expect(html).toContain('NOPE');
  });
});

describe('StudentPageLoader', () => {
  it('asks for an offer file when there is no ?offer= link', () => {
    const html = renderToStaticMarkup(<StudentPageLoader search="" />);
    expect(html).toMatch(/<input type="file" accept=".json,application\/json"/);
  });

  it('reads offer text and explains what is wrong with other files', () => {
    const good = readOfferText(JSON.stringify(offer()), 'The file offer.json');
    expect('offer' in good).toBe(true);
    const { scenario } = smallSchool();
    const wrong = readOfferText(JSON.stringify(scenario), 'The file scenario.json');
    // A student given the planner's own file is told so in a student's words (the command line keeps the planner's hint).
    expect('error' in wrong && wrong.error).toBe("This is the planner's file, not the options for students. Ask your school for the student link.");
    const notJson = readOfferText('{ nope', 'The file x.json');
    expect('error' in notJson && notJson.error).toContain('The file x.json is not valid JSON');
  });
});

describe('StudentPage: details a student relies on', () => {
  it('shows a group of a partner course whose quota is used up as full, whatever seats it has', () => {
    const o = offer();
    const enr = o.groups.find((g) => g.course === 'ENR')!;
    expect(enr.free).toBeGreaterThan(0);
    expect(o.courses.find((c) => c.id === 'ENR')!.placesLeft).toBe(0);
    const html = renderToStaticMarkup(<StudentPage offer={o} />);
    const cell = new RegExp(`<span class="sp-code">ENR</span>.*?<span class="sp-free">([^<]*)</span>`).exec(html);
    expect(cell?.[1]).toBe('full');
  });

  it('names the course in each choose and reserve button, and keeps the verdict bar with the count', () => {
    const html = renderToStaticMarkup(<StudentPage offer={offer()} initialChoices={['HIS', 'FRE', 'GEO', 'MUS']} />);
    expect(html).toContain('Choose<span class="sp-sr"> Child Development</span>');
    expect(html).toContain('As reserve<span class="sp-sr"> Child Development</span>');
    expect(html).toContain(`sp-sticky-good">4 chosen: they fit</button>`);
  });

  it('shows five alternatives at first and offers the rest', () => {
    const html = renderToStaticMarkup(<StudentPage offer={offer()} initialChoices={['HIS', 'FRE', 'ART', 'BTS']} />);
    const uses = html.match(/>Use this</g) ?? [];
    expect(uses.length).toBeGreaterThan(0);
    expect(uses.length).toBeLessThanOrEqual(5);
  });
});
