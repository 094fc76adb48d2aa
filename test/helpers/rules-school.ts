/**
 * A small school for the choice-rule tests (unit and browser): 60 students, 10 courses, 4 blocks, names
 * with accents ("Zoë Brontë"), a notTogether rule on PE and BTEC Sport that five students break (two rank
 * BTEC Sport first), and Triple Science open only to "prior in high" while the MIS writes "High": three
 * students with prior "Low" chose it. Seeded, so every run builds the same document.
 */

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- a raw scenario document on purpose

export const NOT_TOGETHER_BREAKERS = ['S001', 'S002', 'S003', 'S004', 'S005'];
export const INELIGIBLE = ['S006', 'S007', 'S008'];

const FIRST = ['Chloé', 'José', 'Siobhán', 'Amelia', 'Oliver', 'Isla', 'Noah', 'Ava', 'Leo', 'Mia', 'Arjun', 'Freya', 'Kai', 'Ruby'];
const LAST = ['Dupré', 'Núñez', 'Ó Briain', 'Smith', 'Khan', 'Jones', 'Patel', 'Taylor', 'Brown', 'Wilson', 'Evans'];

export function rulesSchool(options: { enforce?: boolean } = {}): Json {
  let seed = 20261205;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pool = ['HIS', 'GEO', 'FRE', 'SPA', 'ART', 'CSC', 'BUS', 'DRA'];
  const pick = (n: number, not: string[]): string[] => {
    const out: string[] = [];
    while (out.length < n) {
      const c = pool[Math.floor(rand() * pool.length)];
      if (!out.includes(c) && !not.includes(c)) out.push(c);
    }
    return out;
  };
  const priors = ['High', 'Middle', 'Low'];
  const students: Json[] = [];
  for (let i = 1; i <= 60; i++) {
    const id = `S${String(i).padStart(3, '0')}`;
    const name = i === 1 ? 'Zoë Brontë' : `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`;
    let prior = priors[i % 3];
    let choices: string[];
    if (NOT_TOGETHER_BREAKERS.includes(id)) {
      // Three rank PE above BTEC Sport, two the other way round.
      const pair = i <= 3 ? ['PE', 'BTS'] : ['BTS', 'PE'];
      choices = [pair[0], ...pick(1, []), pair[1], ...pick(1, [])];
      choices = [...new Set(choices)];
      while (choices.length < 4) choices.push(...pick(1, choices));
    } else if (INELIGIBLE.includes(id)) {
      prior = 'Low';
      choices = ['TSC', ...pick(3, [])];
    } else if (i % 5 === 0) {
      prior = 'High';
      choices = ['TSC', ...pick(3, [])];
    } else if (i % 7 === 0) {
      choices = [...pick(3, []), 'PE'];
    } else if (i % 11 === 0) {
      choices = ['BTS', ...pick(3, [])];
    } else {
      choices = pick(4, []);
    }
    const reserves = pick(2, choices);
    students.push({ id, name, choices, reserves, attributes: { prior, gender: i % 2 ? 'F' : 'M' } });
  }
  const course = (id: string, name: string, extra: Json = {}) => ({ id, name, maxGroupSize: 30, minGroupSize: 4, ...extra });
  return {
    format: 'ks4-scenario/1',
    name: 'Brontë School, rules check',
    blocks: ['A', 'B', 'C', 'D'],
    courses: [
      course('HIS', 'History', { tags: ['humanity'] }),
      course('GEO', 'Geography', { tags: ['humanity'] }),
      course('FRE', 'French', { tags: ['language'] }),
      course('SPA', 'Spanish', { tags: ['language'] }),
      course('ART', 'Art', { tags: ['creative'] }),
      course('CSC', 'Computer Science'),
      course('BUS', 'Business'),
      course('DRA', 'Drama', { tags: ['creative'] }),
      course('TSC', 'Triple Science', { tags: ['science'] }),
      course('PE', 'PE'),
      course('BTS', 'BTEC Sport', { kind: 'BTEC' }),
    ].slice(0, 11),
    rules: [
      { notTogether: ['BTS', 'PE'], ...(options.enforce === false ? { enforce: false } : {}) },
      { eligible: { attribute: 'prior', in: ['high'] }, courses: ['TSC'] },
    ],
    students,
  };
}
