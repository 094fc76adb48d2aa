/**
 * Blank templates a school can fill in to start from its own data: choices (students and their choices)
 * and the offer (the course list), as CSV and .xlsx, and the staff and room lists as CSV. The header rows are the importers' own layouts,
 * so a filled-in template imports with no column matching. data/io/write-templates.ts writes them to
 * data/templates/; a test checks the committed files still match.
 */
import { coursesTable, roomsTable, staffTable } from './lists';
import type { NamedSheet, SheetRows } from './write';

export const CHOICES_HEADERS = [
  'Student ID', 'First name', 'Last name', 'Tutor group', 'Pathway',
  'Choice 1', 'Choice 2', 'Choice 3', 'Choice 4', 'Reserve 1', 'Reserve 2',
  'Gender', 'PP', 'SEN', 'Prior attainment',
];

const CHOICES_HELP: SheetRows = [
  ['Column', 'What to put in it'],
  ['Student ID', 'Required. The id your MIS uses (admission number or similar), unique for each student.'],
  ['First name, Last name', 'Optional. Shown on class lists and letters.'],
  ['Tutor group', 'Optional. Shown on class lists and letters.'],
  ['Pathway', "Optional. The id or name of the student's pathway, if the scenario has pathways."],
  ['Choice 1 to Choice 4', 'The courses the student chose, most wanted first: course ids (HIS) or names (History). Add Choice 5 if students choose five.'],
  ['Reserve 1, Reserve 2', 'Optional. Courses to place the student in if a choice cannot be met.'],
  ['Gender, PP, SEN, Prior attainment', 'Optional. Kept as attributes for the equity analysis; delete the columns you do not record. PP: Y or N.'],
  ['', 'Near misses such as "Geog" are shown for you to confirm when you import. Save as CSV UTF-8 or .xlsx.'],
];

const OFFER_HELP: SheetRows = [
  ['Column', 'What to put in it'],
  ['Course ID', 'Required. A short code, unique for each course (HIS, GEO, BTEC-SPORT).'],
  ['Name', 'The name students see (History). Defaults to the id.'],
  ['Kind', 'GCSE, BTEC, CambridgeNational, VCert, TechAward or Other. Default GCSE.'],
  ['Max group size', 'Required. The most students in one group: about 20 for practical subjects, 24 to 28 in labs and art rooms, 30 to 32 elsewhere.'],
  ['Min group size', 'Optional. A group that runs has at least this many students (schools often use 8 to 12).'],
  ['Min groups, Max groups', 'Optional. How many groups of the course may run.'],
  ['Max groups per block', 'Optional. The most parallel groups of the course in one block.'],
  ['Blocks', 'Optional. The blocks its groups may sit in, separated by semicolons (A; B). Default all.'],
  ['Years', 'Optional. 10 for a one-year course in Year 10, 11 for Year 11. Default both.'],
  ['Span', 'Optional. 2 for a double option that fills two blocks. Default 1.'],
  ['Room type, Rooms', 'Optional. The type of room each group needs (lab, art), or the room ids it may use.'],
  ['Site, Places', 'Optional. A partner school or college id, and its quota of places.'],
  ['Department, Tags, Discount code', 'Optional. For pathways and accountability: tags such as language; humanity; science.'],
];

export interface TemplateFile {
  name: string;
  kind: 'csv' | 'xlsx';
  /** For CSV: the rows; for .xlsx: the sheets. */
  rows?: SheetRows;
  sheets?: NamedSheet[];
}

export function templateFiles(): TemplateFile[] {
  const offer = coursesTable([]);
  const staff = staffTable([]);
  const rooms = roomsTable([]);
  return [
    { name: 'choices-template.csv', kind: 'csv', rows: [CHOICES_HEADERS] },
    { name: 'choices-template.xlsx', kind: 'xlsx', sheets: [{ name: 'Choices', rows: [CHOICES_HEADERS] }, { name: 'How to fill in', rows: CHOICES_HELP }] },
    { name: 'offer-template.csv', kind: 'csv', rows: offer },
    { name: 'offer-template.xlsx', kind: 'xlsx', sheets: [{ name: 'Courses', rows: offer }, { name: 'How to fill in', rows: OFFER_HELP }] },
    { name: 'staff-template.csv', kind: 'csv', rows: staff },
    { name: 'rooms-template.csv', kind: 'csv', rows: rooms },
  ];
}
