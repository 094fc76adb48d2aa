/**
 * Converts the Kurs42 blocking exports published by the NRW school administration project (SVWS) into
 * scenarios, with their reference blocking (data/benchmarks/svws/README.md). Node only (reads files).
 *
 * Files (';'-separated, double-quoted, UTF-8 with a byte-order mark, one header row):
 *   Kurse.txt        one row a course (Kurs): Fach (subject), Name ("D-LK1"), Kursart (LK, GK, PJK, VTF),
 *                    Schienenzahl (blocks it spans), Gesperrt ("[0,1,2]": 0-based blocks it must not use)
 *   Fachwahlen.txt   one row a choice: Name, Vorname, GebDat (together: the student), Fachkrz (subject),
 *                    Kursart (LK1/LK2 advanced, GKS/GKM basic written/oral, PJK project, VTF support), Kurs
 *                    (the reference course for this choice)
 *   Schueler.txt     one row a student (Geschlecht 3 male, 4 female; Jahrgang EF/Q1/Q2)
 *   Blockplan.txt    Schiene (0-based block); Kursbezeichnung: the reference course-to-block plan
 *   Kursbelegung.txt (optional) Name; Vorname; GebDat; Kursbezeichnung: the reference seating, used
 *                    instead of Fachwahlen' Kurs column when present
 *   Schienen.txt     (optional) one row a block; 001_Informationen.txt (optional) the school's block rules
 *
 * Mapping: a subject with its course type is one course ("D-LK": German, advanced). The choice types
 * map to the course types by their prefix: LK1 and LK2 (first and second advanced subject) are LK, GKS and
 * GKM (basic, written or oral exam) are GK, anything else (PJK, VTF, ZK) is the type of the same name;
 * the converter checks every choice against the type of its reference course and stops if they differ.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join, basename } from 'node:path';
import type { Course, Group, Scenario, Student } from '../solver/types';

export interface SvwsOptions {
  /** Seats added above the reference plan's largest course to give maxGroupSize; default 3. */
  sizeMargin?: number;
}

export interface SvwsConversion {
  scenario: Scenario;
  referenceGroups: Group[];
}

// ---------------------------------------------------------------------------------------------
// The quoted ';' format.

/**
 * Parses one ';'-separated file: fields may be double-quoted, a quote inside a quoted field is doubled
 * (""), quoted fields may hold ';' and line breaks, lines end in LF or CRLF, a leading BOM is dropped.
 * Returns the rows as arrays of strings (quotes removed); an empty last line is ignored.
 */
export function parseDelimited(text: string, file = 'input', sep = ';'): string[][] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let wasQuoted = false; // the current field started with a quote
  let line = 1;
  let i = 0;
  const endField = (): void => {
    row.push(field);
    field = '';
    wasQuoted = false;
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (ch === '\n') line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (field !== '' || wasQuoted) {
        throw new Error(`${file}, line ${line}: a quote in the middle of an unquoted field (${JSON.stringify(field + '"')}). Maybe the field should be quoted as a whole, with inner quotes doubled?`);
      }
      quoted = true;
      wasQuoted = true;
      i++;
      continue;
    }
    if (ch === sep) {
      endField();
      i++;
      continue;
    }
    if (ch === '\r' && text[i + 1] === '\n') {
      i++;
      continue;
    }
    if (ch === '\n') {
      endField();
      rows.push(row);
      row = [];
      line++;
      i++;
      continue;
    }
    if (wasQuoted) {
      throw new Error(`${file}, line ${line}: text ${JSON.stringify(ch)} after a closing quote. Maybe a ';' is missing?`);
    }
    field += ch;
    i++;
  }
  if (quoted) throw new Error(`${file}: a quoted field opened on or before line ${line} is never closed. Maybe a closing '"' is missing?`);
  if (field !== '' || wasQuoted || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

/** Rows of a file with a header row, as records keyed by the header's column names. */
export function readTable(path: string): Record<string, string>[] {
  const file = basename(path);
  const rows = parseDelimited(readFileSync(path, 'utf8'), file);
  if (rows.length === 0) throw new Error(`${file} is empty. Maybe it is not a Kurs42 export?`);
  const header = rows[0];
  return rows.slice(1).map((r, k) => {
    if (r.length !== header.length) {
      throw new Error(`${file}, row ${k + 2}: ${r.length} fields where the header has ${header.length}. Maybe the row is cut short or a ';' sits in an unquoted field?`);
    }
    const rec: Record<string, string> = {};
    header.forEach((h, j) => (rec[h] = r[j]));
    return rec;
  });
}

function column(rec: Record<string, string>, name: string, file: string, row: number): string {
  const v = rec[name];
  if (v === undefined) throw new Error(`${file}, row ${row}: no column "${name}". Maybe this is not a Kurs42 export of the expected version?`);
  return v;
}

function int(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`${what} is ${JSON.stringify(value)}, not a whole number.`);
  return n;
}

/** "[0,1,12]" -> [0, 1, 12]; "[]" -> []. */
function parseIndexList(value: string, what: string): number[] {
  const m = /^\[\s*([\d\s,]*)\]$/.exec(value.trim());
  if (!m) throw new Error(`${what} is ${JSON.stringify(value)}. Maybe it should be a list of block numbers such as "[0,1]"?`);
  return m[1].split(',').map((x) => x.trim()).filter((x) => x !== '').map((x) => int(x, what));
}

/** Course type of a choice: LK1/LK2 -> LK, GKS/GKM -> GK, others unchanged. */
export function courseTypeOfChoice(kursart: string): string {
  if (/^LK\d*$/.test(kursart)) return 'LK';
  if (/^GK[SM]?$/.test(kursart)) return 'GK';
  return kursart;
}

// ---------------------------------------------------------------------------------------------
// The school's block rules ("Schiene 13 nur PXSP-PJK1").

interface BlockRule {
  /** 0-based block. */
  block: number;
  /** Which Kurse may use it. */
  admits: (kurs: KursRow) => boolean;
  text: string;
}

interface KursRow {
  name: string;
  fach: string;
  kursart: string;
  span: number;
  gesperrt: number[];
}

/**
 * Reads the "Schiene N nur ..." lines of 001_Informationen.txt. Understood: "LKs" (advanced courses),
 * "...Sportkurse" (subject SP) and course names such as "I0-GK1". Any other rule stops the conversion
 * with the line, so nothing is silently dropped.
 */
export function parseBlockRules(text: string, kurse: readonly KursRow[], file = '001_Informationen.txt'): BlockRule[] {
  const rules: BlockRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const m = /^Schiene\s+(\d+)\s+nur\s+(.+)$/i.exec(line);
    if (!m) continue;
    const block = int(m[1], `${file}: block in "${line}"`) - 1; // the notes count blocks from 1
    const spec = m[2];
    const names: string[] = spec.match(/[A-Z0-9]+-[A-Z]+\d+/g) ?? [];
    let admits: (k: KursRow) => boolean;
    if (/\bLKs?\b/.test(spec) && names.length === 0) admits = (k) => k.kursart === 'LK';
    else if (/Sportkurse/i.test(spec) && names.length === 0) admits = (k) => k.fach === 'SP';
    else if (names.length > 0) {
      for (const n of names) {
        if (!kurse.some((k) => k.name === n)) throw new Error(`${file}: "${line}" names course ${n}, which Kurse.txt does not have. Maybe a typo?`);
      }
      admits = (k) => names.includes(k.name);
    } else {
      throw new Error(`${file}: cannot read the block rule "${line}". Known forms: "nur LKs", "nur die ... Sportkurse", "nur X-GK1 und Y-GK1".`);
    }
    rules.push({ block, admits, text: line });
  }
  return rules;
}

// ---------------------------------------------------------------------------------------------

const YEAR_OF_JAHRGANG: Readonly<Record<string, number>> = { EF: 10, Q1: 11, Q2: 12 };

/** Converts one Kurs42 export folder into a scenario and its reference blocking. */
export function convertSvws(dir: string, opts: SvwsOptions = {}): SvwsConversion {
  const margin = opts.sizeMargin ?? 3;
  if (!Number.isInteger(margin) || margin < 0) throw new Error(`sizeMargin is ${String(margin)}. Maybe it should be a whole number such as 3?`);
  const need = (f: string): string => {
    const p = join(dir, f);
    if (!existsSync(p)) throw new Error(`${p} is missing. Maybe ${dir} is not a Kurs42 export folder (it needs Kurse.txt, Fachwahlen.txt, Schueler.txt and Blockplan.txt)?`);
    return p;
  };
  const folder = basename(dir);

  // Courses (Kurse) and the subject+type courses they form.
  const kurse: KursRow[] = readTable(need('Kurse.txt')).map((r, k) => {
    const row = k + 2;
    return {
      name: column(r, 'Name', 'Kurse.txt', row),
      fach: column(r, 'Fach', 'Kurse.txt', row),
      kursart: column(r, 'Kursart', 'Kurse.txt', row),
      span: int(column(r, 'Schienenzahl', 'Kurse.txt', row), `Kurse.txt, row ${row}, Schienenzahl`),
      gesperrt: parseIndexList(column(r, 'Gesperrt', 'Kurse.txt', row), `Kurse.txt, row ${row}, Gesperrt`),
    };
  });
  const kursByName = new Map<string, KursRow>();
  for (const k of kurse) {
    if (kursByName.has(k.name)) throw new Error(`Kurse.txt lists course ${k.name} twice. Maybe one row should be renamed?`);
    if (k.span !== 1 && k.span !== 2) throw new Error(`Kurse.txt: course ${k.name} has Schienenzahl ${k.span}. Only 1 or 2 blocks are supported.`);
    kursByName.set(k.name, k);
  }
  const courseIdOf = (k: KursRow): string => `${k.fach}-${k.kursart}`;

  // Reference plan: course -> 0-based blocks.
  const plan = new Map<string, number[]>();
  readTable(need('Blockplan.txt')).forEach((r, k) => {
    const name = column(r, 'Kursbezeichnung', 'Blockplan.txt', k + 2);
    const block = int(column(r, 'Schiene', 'Blockplan.txt', k + 2), `Blockplan.txt, row ${k + 2}, Schiene`);
    if (!kursByName.has(name)) throw new Error(`Blockplan.txt, row ${k + 2}: course ${name} is not in Kurse.txt.`);
    plan.set(name, [...(plan.get(name) ?? []), block]);
  });

  // Number of blocks: Schienen.txt, else the notes ("Schienen = 14"), else the plan.
  let blockCount = 0;
  if (existsSync(join(dir, 'Schienen.txt'))) blockCount = readTable(join(dir, 'Schienen.txt')).length;
  const infoPath = join(dir, '001_Informationen.txt');
  const info = existsSync(infoPath) ? readFileSync(infoPath, 'utf8') : '';
  const declared = /Schienen\s*=\s*(\d+)/.exec(info);
  if (blockCount === 0 && declared) blockCount = Number(declared[1]);
  const planMax = Math.max(...[...plan.values()].flat()) + 1;
  if (blockCount === 0) blockCount = planMax;
  if (planMax > blockCount) throw new Error(`Blockplan.txt uses block ${planMax} but the export has ${blockCount} blocks.`);
  const blocks = Array.from({ length: blockCount }, (_, b) => String(b + 1)); // labels as the notes count: 1..N

  // Allowed blocks. A "nur" rule reserves a block for the courses it admits. A course a rule admits stays
  // in its admitted blocks when they are enough for its span (the school meant those blocks for it: LKs in
  // blocks 1 and 2, sport in 12); otherwise it may also use the unreserved blocks. Gesperrt removes blocks.
  const rules = parseBlockRules(info, kurse);
  const reserved = new Set(rules.map((r) => r.block));
  const allowedFor = (k: KursRow): number[] => {
    const admitted = [...new Set(rules.filter((r) => r.admits(k)).map((r) => r.block))];
    let allowed = admitted.length >= k.span ? admitted : [...admitted, ...blocks.map((_, b) => b).filter((b) => !reserved.has(b))];
    allowed = allowed.filter((b) => !k.gesperrt.includes(b));
    return allowed.sort((a, b) => a - b);
  };

  // Students.
  const schueler = readTable(need('Schueler.txt'));
  const keyOf = (r: Record<string, string>, file: string, row: number): string =>
    `${column(r, 'Name', file, row)}, ${column(r, 'Vorname', file, row)} (${column(r, 'GebDat', file, row)})`;
  const studentInfo = new Map<string, Record<string, string>>();
  schueler.forEach((r, k) => {
    const key = keyOf(r, 'Schueler.txt', k + 2);
    if (studentInfo.has(key)) throw new Error(`Schueler.txt, row ${k + 2}: student ${key} appears twice; name and birth date must identify a student.`);
    studentInfo.set(key, r);
  });

  // Choices and the reference seating from Fachwahlen (and Kursbelegung when present).
  const choices = new Map<string, string[]>();
  const seating = new Map<string, Set<string>>(); // course name (Kurs) -> students
  const order: string[] = [];
  const addSeat = (kursName: string, student: string, where: string): void => {
    if (!kursByName.has(kursName)) throw new Error(`${where}: reference course ${kursName} is not in Kurse.txt.`);
    const set = seating.get(kursName) ?? new Set<string>();
    set.add(student);
    seating.set(kursName, set);
  };
  const belegungPath = join(dir, 'Kursbelegung.txt');
  const hasBelegung = existsSync(belegungPath);
  readTable(need('Fachwahlen.txt')).forEach((r, k) => {
    const where = `Fachwahlen.txt, row ${k + 2}`;
    const student = keyOf(r, 'Fachwahlen.txt', k + 2);
    const fach = column(r, 'Fachkrz', 'Fachwahlen.txt', k + 2);
    const type = courseTypeOfChoice(column(r, 'Kursart', 'Fachwahlen.txt', k + 2));
    const courseId = `${fach}-${type}`;
    if (!kurse.some((x) => courseIdOf(x) === courseId)) {
      throw new Error(`${where}: student ${student} chose ${fach} as ${r.Kursart} (course ${courseId}), but Kurse.txt has no ${type} course of ${fach}.`);
    }
    if (!choices.has(student)) {
      choices.set(student, []);
      order.push(student);
    }
    const list = choices.get(student)!;
    if (list.includes(courseId)) throw new Error(`${where}: student ${student} chose ${courseId} twice.`);
    list.push(courseId);
    const ref = r.Kurs;
    if (!hasBelegung && ref !== undefined && ref !== '') {
      const kurs = kursByName.get(ref);
      if (kurs && courseIdOf(kurs) !== courseId) {
        throw new Error(`${where}: the choice ${fach} ${r.Kursart} maps to ${courseId} but its reference course ${ref} is ${courseIdOf(kurs)}. The Kursart mapping does not fit this export.`);
      }
      addSeat(ref, student, where);
    }
  });
  if (hasBelegung) {
    readTable(belegungPath).forEach((r, k) => {
      const where = `Kursbelegung.txt, row ${k + 2}`;
      const student = keyOf(r, 'Kursbelegung.txt', k + 2);
      const name = column(r, 'Kursbezeichnung', 'Kursbelegung.txt', k + 2);
      const kurs = kursByName.get(name);
      if (kurs && !(choices.get(student) ?? []).includes(courseIdOf(kurs))) {
        throw new Error(`${where}: student ${student} is seated in ${name} (${courseIdOf(kurs)}) without choosing it.`);
      }
      addSeat(name, student, where);
    });
  }
  for (const s of order) {
    if (!studentInfo.has(s)) throw new Error(`Fachwahlen.txt names student ${s}, who is not in Schueler.txt.`);
  }

  // Years: one, from the students' Jahrgang (G8 numbering: EF 10, Q1 11, Q2 12).
  const jahrgaenge = [...new Set(schueler.map((r) => r.Jahrgang))];
  const year = jahrgaenge.length === 1 && YEAR_OF_JAHRGANG[jahrgaenge[0]] !== undefined ? YEAR_OF_JAHRGANG[jahrgaenge[0]] : 11;
  const years = [year];

  const largest = Math.max(...[...seating.values()].map((s) => s.size));
  const maxGroupSize = largest + margin;

  const courses: Course[] = [];
  for (const k of kurse) {
    const id = courseIdOf(k);
    if (courses.some((c) => c.id === id)) continue;
    const members = kurse.filter((x) => courseIdOf(x) === id);
    const spans = new Set(members.map((x) => x.span));
    if (spans.size > 1) throw new Error(`Kurse.txt: the courses of ${id} (${members.map((x) => x.name).join(', ')}) span different numbers of blocks.`);
    // All Kurse of a course should share their rules; if not, only the blocks every one may use.
    const allowedSets = members.map(allowedFor);
    const allowed = allowedSets[0].filter((b) => allowedSets.every((s) => s.includes(b)));
    if (allowed.length < k.span) throw new Error(`Course ${id} may use only blocks ${allowed.map((b) => b + 1).join(', ') || 'none'}, fewer than its ${k.span}. Check the rules in 001_Informationen.txt and Gesperrt.`);
    const course: Course = {
      id,
      name: `${k.fach} ${k.kursart}`,
      kind: 'Other',
      maxGroupSize,
      minGroupSize: 0,
      minGroups: members.length,
      maxGroups: members.length,
      department: k.fach,
      tags: [k.kursart],
    };
    if (k.span === 2) course.span = 2;
    if (allowed.length < blocks.length) course.blocks = allowed.map((b) => blocks[b]);
    courses.push(course);
  }

  const students: Student[] = order.map((key) => {
    const rec = studentInfo.get(key)!;
    const gender = rec.Geschlecht === '3' ? 'M' : rec.Geschlecht === '4' ? 'F' : undefined;
    return {
      id: key,
      choices: choices.get(key)!,
      attributes: { ...(gender ? { gender } : {}), status: Number(rec.Status) },
    };
  });

  const referenceGroups: Group[] = kurse.map((k) => {
    const b = plan.get(k.name);
    if (!b) throw new Error(`Blockplan.txt has no block for course ${k.name}.`);
    return {
      id: k.name,
      course: courseIdOf(k),
      blocks: [...b].sort((x, y) => x - y).map((x) => blocks[x]),
      years,
      students: [...(seating.get(k.name) ?? [])].sort(),
    };
  });

  const scenario: Scenario = {
    format: 'ks4-scenario/1',
    name: `SVWS ${folder} (Kurs42 export)`,
    blocks,
    years,
    mode: 'build',
    courses,
    students,
    // Extra field (rides along): where the data came from and how it was mapped.
    source: {
      folder,
      publisher: 'SVWS-NRW (Schulverwaltung NRW)',
      licence: existsSync(join(dir, 'LICENSE')) ? readFileSync(join(dir, 'LICENSE'), 'utf8').split('\n')[0].trim() : 'see the source repository',
      blockRules: rules.map((r) => r.text),
      maxGroupSize: `largest reference course (${largest}) + ${margin}`,
    },
  };
  return { scenario, referenceGroups };
}
