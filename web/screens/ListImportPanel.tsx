/**
 * Importing the course list, the staff list or the room list from a spreadsheet or CSV on the Offer screen
 * (or from the header's Import…, which passes the file it recognised as `initialFile`), with the
 * issue-6 ListImport (web/io), loaded only when asked for like the students wizard (StudentImport.tsx):
 * its spreadsheet code is the heaviest in the app. The imported list replaces the scenario's list or
 * updates it by id (importList in web/state/actions.ts), as one undoable edit.
 */
import { useId, useState } from 'react';
import type { Scenario } from '../../solver';
import { ListImport } from '../io/ListImport';
import { importList, say } from '../state/actions';
import { matchReferencesToCourses } from '../state/school';
import { get } from '../state/store';

export default function ListImportPanel({ kind, scenario, onClose, initialFile }: { kind: 'courses' | 'staff' | 'rooms'; scenario: Scenario; onClose: () => void; initialFile?: File }) {
  const [mode, setMode] = useState<'replace' | 'update'>('update');
  const name = useId();
  const noun = kind === 'courses' ? 'courses' : kind === 'rooms' ? 'rooms' : 'teachers';
  const here = kind === 'courses' ? scenario.courses.length : kind === 'rooms' ? (scenario.rooms?.length ?? 0) : (scenario.staff?.length ?? 0);
  const done = (items: Parameters<typeof importList>[1], fileName: string, fields: string[]) => {
    importList(kind, items, mode, fileName, fields);
    if (kind === 'courses') {
      // Choices and subjects brought in before the course list hold course names: point them at the ids.
      const n = matchReferencesToCourses();
      if (n > 0) say('success', `${get().message?.text ?? ''} ${n} students' choices and teachers' subjects written as course names or codes now point to their courses.`);
    }
    onClose();
  };
  // Nothing here yet (a new school): there is nothing to update or replace, so no choice to make.
  const options = here === 0 ? undefined : (
    <fieldset className="inline">
      <legend>The imported {noun}</legend>
      <label>
        <input type="radio" name={name} checked={mode === 'update'} onChange={() => setMode('update')} /> update by id and add to the {here} here
      </label>
      <label>
        <input type="radio" name={name} checked={mode === 'replace'} onChange={() => setMode('replace')} /> replace the whole list
      </label>
    </fieldset>
  );
  return (
    <section className="import-panel" aria-label={`Import ${noun} from a spreadsheet or CSV`}>
      {kind === 'courses' ? (
        <ListImport kind="courses" options={options} onComplete={done} onCancel={onClose} initialFile={initialFile} />
      ) : kind === 'rooms' ? (
        <ListImport kind="rooms" options={options} blocks={scenario.blocks} onComplete={done} onCancel={onClose} initialFile={initialFile} />
      ) : (
        <ListImport kind="staff" options={options} courses={scenario.courses} blocks={scenario.blocks} onComplete={done} onCancel={onClose} initialFile={initialFile} />
      )}
    </section>
  );
}
