/**
 * Importing a cohort from a spreadsheet or CSV with the issue-6 wizard (web/io), loaded only when asked
 * for: its spreadsheet readers are the heaviest code in the app. The students it returns replace the
 * cohort or update it (mergeStudents), as one undoable edit.
 */
import { useState } from 'react';
import { mergeStudents } from '../../data/io/students';
import type { SavedImportSettings } from '../../data/io';
import type { Scenario } from '../../solver/types';
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

export default function StudentImport({ scenario, onClose }: { scenario: Scenario; onClose: () => void }) {
  const [mode, setMode] = useState<'replace' | 'update'>('update');
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
      <ImportWizard
        courses={scenario.courses}
        pathways={scenario.pathways}
        saved={loadSettings()}
        onSaveSettings={(s) => {
          try {
            localStorage.setItem(SETTINGS_KEY, JSON.stringify(s));
          } catch {
            // Private windows may refuse storage; the wizard still works, it just will not remember.
          }
        }}
        onComplete={(students, summary) => {
          const merged = mergeStudents(scenario.students, students, mode);
          editScenario(`import students from ${summary.fileName}`, (s) => ({ ...s, students: merged.students }));
          say(
            'success',
            `Imported ${summary.students} students from ${summary.fileName}: ${merged.added.length} added, ${merged.updated.length} updated` +
              (merged.removed.length ? `, ${merged.removed.length} removed` : '') +
              (summary.skippedRows.length ? `; ${summary.skippedRows.length} rows skipped` : '') +
              '. Undo takes it back.',
          );
          onClose();
        }}
        onCancel={onClose}
      />
    </section>
  );
}
