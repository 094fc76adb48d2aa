/**
 * Import and export of the files schools have and need: the public surface of data/io.
 * Browser-safe (no Node APIs); see README.md beside this file for the flow and the library choices.
 */
export { decodeText, encodeUtf8WithBom, type DecodedText, type TextEncodingName } from './decode';
export { neutralise, restore, looksLikeFormula } from './neutralise';
export { readTable, readCsvText, readXlsxBytes, cellText, columnLetter, uniqueHeaders, detectDelimiter, FileReadError, type Table, type ReadTableOptions } from './table';
export { normaliseCourseText, suggestCourses, editDistance, isPlaceholder, CourseMatcher, type CourseMatch, type CourseSuggestion, type MatchHow } from './match';
export {
  guessStudentMapping,
  adaptMapping,
  checkStudentMapping,
  mappedColumns,
  emptyStudentMapping,
  type StudentMapping,
  type AttributeColumn,
  type AttributeType,
  type SavedImportSettings,
} from './mapping';
export {
  importStudents,
  importStudentsFile,
  mergeStudents,
  type MergeOutcome,
  inferAttributeType,
  splitChoiceList,
  type RowDecision,
  type ImportDecisions,
  type ImportIssue,
  type IssueCode,
  type StudentImportResult,
  type StudentImportContext,
  type CourseTextSummary,
} from './students';
export { importCourses, importStaff, coursesTable, staffTable, splitList, type ListImportResult } from './lists';
export { toCsv, toCsvBytes, toXlsx, sheetName, type OutCell, type SheetRows, type NamedSheet } from './write';
export {
  scenarioJson,
  resultJson,
  studentsTable,
  classListsTable,
  classListTable,
  classListSheets,
  blockingGridTable,
  placementsTable,
  letterData,
  type LetterData,
  type LetterLine,
} from './export';
