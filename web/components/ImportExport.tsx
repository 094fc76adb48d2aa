/**
 * Import of any file a school has, and export of docs/format.md documents (scenario or result JSON).
 * Importing a JSON document hands its text to the store, which refuses a bad file with its issues and
 * changes nothing; a spreadsheet or CSV is recognised by its header row and opened in the right import
 * (ImportRouter.tsx).
 */
import { useRef } from 'react';
import { exportDocument, say } from '../state/actions';
import { routeFile } from './ImportRouter';
import { usePlanner } from '../state/store';
import { browserDownload, MIME } from '../io/download';


export function ImportExport() {
  const input = useRef<HTMLInputElement>(null);
  const hasResult = usePlanner((s) => (s.currentId ? s.records[s.currentId]?.result != null : false));
  const hasScenario = usePlanner((s) => s.currentId !== null);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      await routeFile(file);
    } catch (e) {
      say('error', `${file.name} could not be read: ${e instanceof Error ? e.message : String(e)}. Nothing was changed.`);
    } finally {
      if (input.current) input.current.value = '';
    }
  };
  const save = (kind: 'scenario' | 'result') => {
    const doc = exportDocument(kind);
    if (doc) browserDownload(doc.text, doc.fileName, MIME.json);
  };

  return (
    <div className="io" role="group" aria-label="Import and export">
      <label className="button-like" title="A scenario or result (JSON), or a students' choices, course, staff or room list (CSV or .xlsx): the kind is recognised from its header row">
        Import…
        <input
          ref={input}
          type="file"
          accept=".json,application/json,.csv,.tsv,.txt,.xlsx"
          className="visually-hidden"
          aria-label="Import a file: a scenario or result (JSON), or a course, staff, room or students' choices list (CSV or .xlsx)"
          data-testid="import-file"
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
      </label>
      <button type="button" onClick={() => save('scenario')} disabled={!hasScenario}>
        Export scenario
      </button>
      <button type="button" onClick={() => save('result')} disabled={!hasResult}>
        Export result
      </button>
    </div>
  );
}
