/**
 * Importing a cohort from a spreadsheet or CSV with the issue-6 wizard (web/io), loaded only when asked
 * for: its spreadsheet readers are the heaviest code in the app. The students it returns are merged into
 * the cohort by id (mergeImport) as one undoable edit; the last step says what adding them would change
 * ("0 added, 0 changed, 210 unchanged"), and an import that changes nothing records no edit at all, so
 * the blocking stays current.
 */
import { useState } from 'react';
import { mergeCounts, mergeImport } from '../../data/io/students';
import type { SavedImportSettings } from '../../data/io';
import type { Scenario, Student } from '../../solver';
import { ImportWizard } from '../io/ImportWizard';
import { editScenario, say } from '../state/actions';

const SETTINGS_KEY = 'ks4-planner.import-settings';

function loadSettings(): SavedImportSettings | undefined {
  try {
    const text = localStorage.getItem(SETTINGS_KEY);
    return text ? (JSON.parse(text) as SavedImportSettings) : undefined;
  } catch {
    return undefined;
  }
}

type Mode = 'replace' | 'update';

const merge = (scenario: Scenario, students: readonly Student[], mode: Mode, removeMissing: boolean, choicesNotRead: boolean) =>
  mergeImport(scenario.students, students, mode === 'replace' ? { fields: 'replace', removeMissing: true, choicesNotRead } : { fields: 'update', removeMissing, choicesNotRead });

export interface StudentImportProps {
  scenario: Scenario;
  onClose: () => void;
  /** A file the header's Import… already recognised as choices: the wizard reads it at once. */
  file?: File;
  /** What was recognised about the file, shown above the wizard. */
  note?: string;
  /** Courses to match the choices against instead of the scenario's (choices imported before the course list). */
  courses?: Scenario['courses'];
}

export default function StudentImport({ scenario, onClose, file, note, courses }: StudentImportProps) {
  const [mode, setMode] = useState<Mode>('update');
  const [removeMissing, setRemoveMissing] = useState(false);
  return (
    <section className="import-panel" aria-labelledby="import-title">
      <h3 id="import-title">Import students from a spreadsheet or CSV</h3>
      <fieldset className="inline">
        <legend>The imported students</legend>
        <label>
          <input type="radio" name="merge" checked={mode === 'update'} onChange={() => setMode('update')} /> update and add to the {scenario.students.length} here
        </label>
        <label>
          <input type="radio" name="merge" checked={mode === 'replace'} onChange={() => setMode('replace')} /> replace the whole cohort
        </label>
      </fieldset>
      {note && <p className="note">{note}</p>}
      <ImportWizard
        initialFile={file}
        courses={courses ?? scenario.courses}
        pathways={scenario.pathways}
        saved={loadSettings()}
        onSaveSettings={(s) => {
          try {
            localStorage.setItem(SETTINGS_KEY, JSON.stringify(s));
          } catch {
            // Private windows may refuse storage; the wizard still works, it just will not remember.
          }
        }}
        renderFinish={(students, withoutChoiceColumns) => {
          const m = merge(scenario, students, mode, removeMissing, withoutChoiceColumns);
          const missing = mode === 'update' ? m.keptMissing.length + m.removed.length : 0;
          return (
            <div data-testid="import-preview">
              <p>Adding them: {mergeCounts(m)}.{m.same ? ' Nothing would change, so the blocking stays current.' : ''}</p>
              {missing > 0 && (
                <fieldset className="inline">
                  <legend>
                    {missing} student{missing === 1 ? '' : 's'} here {missing === 1 ? 'is' : 'are'} not in the file
                  </legend>
                  <label>
                    <input type="radio" name="missing" checked={!removeMissing} onChange={() => setRemoveMissing(false)} /> keep them
                  </label>
                  <label>
                    <input type="radio" name="missing" checked={removeMissing} onChange={() => setRemoveMissing(true)} /> remove them
                  </label>
                </fieldset>
              )}
            </div>
          );
        }}
        onComplete={(students, summary) => {
          const m = merge(scenario, students, mode, removeMissing, summary.withoutChoiceColumns);
          const skipped = summary.skippedRows.length ? `; ${summary.skippedRows.length} row${summary.skippedRows.length === 1 ? '' : 's'} skipped` : '';
          if (m.same) {
            say('success', `Imported ${summary.students} students from ${summary.fileName}: ${mergeCounts(m)}${skipped}. Nothing changed.`);
          } else {
            editScenario(`import students from ${summary.fileName}`, (s) => ({ ...s, students: m.students }));
            say('success', `Imported ${summary.students} students from ${summary.fileName}: ${mergeCounts(m)}${skipped}. Undo takes it back.`);
          }
          onClose();
        }}
        onCancel={onClose}
      />
    </section>
  );
}
