/**
 * Telling a school's files apart by their header rows (data/io/classify.ts), for the header's Import…,
 * and the room list import (data/io/lists.ts importRooms).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvText, readTable } from '../data/io';
import { classifyHeaders, looksLikeJson } from '../data/io/classify';
import { importCourses } from '../data/io';
import { importRooms as importRoomsDirect, roomsTable } from '../data/io/lists';

const headers = (line: string) => line.split(',');

describe('classifying a file by its header row', () => {
  it('recognises the shapes schools export', () => {
    expect(classifyHeaders(headers('Adno,Legal Surname,Legal Forename,Reg Group,Option 1,Option 2,Option 3,Option 4,Reserve 1')).kind).toBe('choices');
    expect(classifyHeaders(headers('UPN,Forename,Surname,Tutor,Choices')).kind).toBe('choices');
    expect(classifyHeaders(headers('Subject Code,Subject,Max Class Size,Room Type')).kind).toBe('courses');
    expect(classifyHeaders(headers('Staff Code,Name,Subjects')).kind).toBe('staff');
    expect(classifyHeaders(headers('Initials,Teacher,Can teach,Max groups')).kind).toBe('staff');
    expect(classifyHeaders(headers('Room,Type,Capacity')).kind).toBe('rooms');
    expect(classifyHeaders(headers('Room number,Room type,Seats')).kind).toBe('rooms');
  });

  it('recognises every blank template by its own headers', async () => {
    const dir = join(__dirname, '..', 'data', 'templates');
    const expected: Record<string, string> = {
      'choices-template.csv': 'choices',
      'choices-template.xlsx': 'choices',
      'offer-template.csv': 'courses',
      'offer-template.xlsx': 'courses',
      'staff-template.csv': 'staff',
      'rooms-template.csv': 'rooms',
    };
    for (const [name, kind] of Object.entries(expected)) {
      const table = await readTable(new Uint8Array(readFileSync(join(dir, name))), name);
      expect([name, classifyHeaders(table.headers).kind]).toEqual([name, kind]);
    }
  });

  it('says what kinds it accepts when it recognises none', () => {
    const c = classifyHeaders(headers('Date,Amount,Supplier'));
    expect(c.kind).toBeNull();
    expect(c.candidates).toEqual([]);
    expect(c.message).toMatch(/not one the planner recognises/);
    for (const w of ["students' choices", 'course list', 'staff list', 'room list', 'JSON']) expect(c.message).toContain(w);
  });

  it('tells JSON documents from spreadsheets', () => {
    const bytes = (t: string) => new TextEncoder().encode(t);
    expect(looksLikeJson('school.scenario.json', bytes('{'))).toBe(true);
    expect(looksLikeJson('download', bytes('\ufeff  \n{"format"'))).toBe(true);
    expect(looksLikeJson('choices.csv', bytes('{odd,but,csv}'))).toBe(false);
    expect(looksLikeJson('export', bytes('Adno,Surname'))).toBe(false);
  });
});

describe('the room list import', () => {
  it('reads id, name, type, capacity and the blocks a room is not free', () => {
    const t = readCsvText('Room,Name,Type,Capacity,Not free\r\nS12,Science 12,lab,28,A; C Y11\r\nF1,,Food,20,\r\n');
    const r = importRoomsDirect(t, { blocks: ['A', 'B', 'C'] });
    expect(r.issues).toEqual([]);
    expect(r.items).toEqual([
      { id: 'S12', name: 'Science 12', type: 'lab', capacity: 28, unavailable: [{ block: 'A' }, { block: 'C', year: 11 }] },
      { id: 'F1', type: 'Food', capacity: 20 },
    ]);
  });

  it('asks about a row without a type or capacity, a bad block and a repeated id', () => {
    const t = readCsvText('Room,Type,Capacity,Unavailable\r\nR1,,,Z\r\nR2,lab,twenty,\r\nR2,lab,20,\r\n');
    const r = importRoomsDirect(t, { blocks: ['A', 'B'] });
    expect(r.complete).toBe(false);
    expect(r.pending).toEqual([2, 3, 4]);
    expect(r.issues.map((i) => [i.row, i.code])).toEqual([
      [2, 'bad-value'], [2, 'bad-value'], [2, 'bad-value'],
      [3, 'bad-value'], [3, 'duplicate-id'],
      [4, 'duplicate-id'],
    ]);
    const kept = importRoomsDirect(t, { blocks: ['A', 'B'] }, { rows: { 2: { action: 'keep' }, 3: { action: 'skip' } } });
    expect(kept.complete).toBe(true);
    expect(kept.items).toEqual([
      { id: 'R1', type: 'classroom', capacity: 30 },
      { id: 'R2', type: 'lab', capacity: 20 },
    ]);
  });

  it('round-trips through its export layout, and a course list with a room type reads with the new headings', () => {
    const rooms = [{ id: 'L1', name: 'Lab 1', type: 'lab', capacity: 26, unavailable: [{ block: 'B' }] }];
    const csv = roomsTable(rooms).map((r) => r.map((c) => c ?? '').join(',')).join('\r\n');
    expect(importRoomsDirect(readCsvText(csv), { blocks: ['A', 'B'] }).items).toEqual(rooms);
    const courses = importCourses(readCsvText('Subject Code,Subject,Max Class Size,Room Type\r\nFOO,Food Prep & Nutrition,20,Food\r\n'));
    expect(courses.items).toEqual([{ id: 'FOO', name: 'Food Prep & Nutrition', maxGroupSize: 20, roomType: 'Food' }]);
  });
});
