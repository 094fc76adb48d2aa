/**
 * Import and export of FORMAT.md documents (scenario or result JSON). Importing reads the file in the
 * page and hands the text to the store, which refuses a bad file with its issues and changes nothing.
 */
import { useRef } from 'react';
import { exportDocument, importText, say } from '../state/actions';
import { usePlanner } from '../state/store';

export function download(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ImportExport() {
  const input = useRef<HTMLInputElement>(null);
  const hasResult = usePlanner((s) => (s.currentId ? s.records[s.currentId]?.result != null : false));
  const hasScenario = usePlanner((s) => s.currentId !== null);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      importText(await file.text(), file.name);
    } catch (e) {
      say('error', `${file.name} could not be read: ${e instanceof Error ? e.message : String(e)}. Nothing was changed.`);
    } finally {
      if (input.current) input.current.value = '';
    }
  };
  const save = (kind: 'scenario' | 'result') => {
    const doc = exportDocument(kind);
    if (doc) download(doc.fileName, doc.text);
  };

  return (
    <div className="io" role="group" aria-label="Import and export">
      <label className="button-like">
        Import…
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          aria-label="Import a scenario or result file (JSON)"
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
