/**
 * Import in one place: the header's Import… takes any file a school has. A scenario or result document
 * (JSON) goes to the store as before; a spreadsheet or CSV is read, told apart by its header row
 * (data/io/classify.ts) and opened in the right import (course, staff or room list on the Offer screen,
 * students' choices on the Students screen) with the file already loaded. A sheet that is not
 * recognised says what kinds are accepted and lets the user say which it is.
 */
import { lazy, Suspense } from 'react';
import { kindPhrase, SHEET_KIND_TEXT, SHEET_KINDS, type SheetKind } from '../../data/io/classify';
import { currentRecord, importText, say } from '../state/actions';
import { provisionalCourses, setPendingImport, usePendingImport, type PendingImport } from '../state/school';
import type { Course } from '../../solver';
import { usePlanner } from '../state/store';

const ListImportPanel = lazy(() => import('../screens/ListImportPanel'));
const StudentImport = lazy(() => import('../screens/StudentImport'));

const SCREEN: Record<SheetKind, string> = { choices: 'students', courses: 'offer', staff: 'offer', rooms: 'offer' };

function goTo(route: string): void {
  if (typeof location !== 'undefined' && location.hash !== `#/${route}`) location.hash = `#/${route}`;
}

/** Opens the import of `kind` with `file` loaded, on the screen that shows what it imports. */
export function openImport(kind: SheetKind, file: File, message = ''): void {
  const rec = currentRecord();
  if (!rec) {
    say('error', `There is no scenario open to import ${file.name} into. Make a New school (or open a scenario) first.`);
    return;
  }
  if (kind === 'choices' && rec.scenario.courses.length === 0) {
    void withProvisionalCourses(file, message);
    return;
  }
  setPendingImport({ file, kind, message, candidates: [kind] });
  goTo(SCREEN[kind]);
}

/**
 * Choices before the course list: the wizard matches choices to courses, and there are none yet, so it
 * is given the file's own choice texts as courses; the students keep their choices as written, and the
 * course list, when it comes, matches them to its ids (matchReferencesToCourses).
 */
async function withProvisionalCourses(file: File, message: string): Promise<void> {
  const [{ readTable, cellText }, { guessStudentMapping, splitChoiceList }] = await Promise.all([import('../../data/io/table'), import('../../data/io')]);
  let courses: Course[] = [];
  try {
    const table = await readTable(new Uint8Array(await file.arrayBuffer()), file.name);
    const m = guessStudentMapping(table.headers);
    const cols = [...m.choices, ...m.reserves].map((h) => table.headers.indexOf(h)).filter((i) => i >= 0);
    const lists = [m.choicesList, m.reservesList].filter((h): h is string => h !== undefined).map((h) => table.headers.indexOf(h));
    const texts: string[] = [];
    for (const row of table.rows) {
      for (const i of cols) texts.push(cellText(row[i]));
      for (const i of lists) texts.push(...splitChoiceList(cellText(row[i])));
    }
    courses = provisionalCourses(texts);
  } catch {
    // The wizard reads the file again and says what is wrong with it.
  }
  // A student list with no choices yet (before the options round) has nothing to keep as written.
  const note = courses.length > 0 ? "There is no course list yet, so each choice is kept as written and matched to your course ids when you import the course list." : '';
  setPendingImport({ file, kind: 'choices', message: [message, note].filter(Boolean).join(' '), candidates: ['choices'], courses });
  goTo(SCREEN.choices);
}

/** What the header's Import… does with a file. */
export async function routeFile(file: File): Promise<void> {
  const head = new Uint8Array(await file.slice(0, 64).arrayBuffer());
  const { looksLikeJson, classifyHeaders } = await import('../../data/io/classify');
  if (looksLikeJson(file.name, head)) {
    // As the command line reads documents (data/load.ts): too large is refused unread, and bytes that are
    // not UTF-8 are refused with their offset rather than silently replaced (file.text() would).
    const { decodeDocument, sizeIssue } = await import('../../data/document-text');
    const tooBig = sizeIssue(file.size);
    const text = tooBig ? undefined : decodeDocument(new Uint8Array(await file.arrayBuffer()));
    if (tooBig || !text?.ok) {
      say('error', `${file.name} was not imported; nothing was changed.`, tooBig ? [tooBig.message] : text && !text.ok ? text.errors.map((e) => e.message) : []);
      return;
    }
    importText(text.value, file.name);
    return;
  }
  if (!currentRecord()) {
    say('error', `${file.name} is a spreadsheet or CSV; there is no scenario open to import it into. Make a New school (or open a scenario) first.`);
    return;
  }
  const { readTable } = await import('../../data/io/table');
  let headers: string[];
  try {
    headers = (await readTable(new Uint8Array(await file.arrayBuffer()), file.name)).headers;
  } catch (e) {
    say('error', `${file.name} could not be read: ${(e as Error).message} Nothing was changed.`);
    return;
  }
  const c = classifyHeaders(headers);
  if (c.kind) {
    openImport(c.kind, file, `${file.name}: ${c.message}`);
    return;
  }
  setPendingImport({ file, kind: null, message: `${file.name}: ${c.headline}`, candidates: c.candidates });
}

/**
 * The import waiting for a file the header recognised, above the screen it belongs to. Closing it (or
 * finishing the import) clears it.
 */
export function PendingImportPanel() {
  const p = usePendingImport();
  const scenario = usePlanner((s) => (s.currentId ? s.records[s.currentId]?.scenario : undefined));
  if (!p || !scenario) return null;
  const close = () => setPendingImport(null);
  return (
    <section className="pending-import note" aria-label={`Import ${p.file.name}`} data-testid="pending-import" style={{ marginBottom: '1rem' }}>
      {p.message && <p data-testid="pending-import-message">{p.message}</p>}
      {p.kind === null ? (
        <Choose p={p} />
      ) : (
        <Suspense fallback={<p>Loading the import…</p>}>
          {p.kind === 'choices' ? (
            <StudentImport key={p.token} scenario={scenario} onClose={close} file={p.file} courses={p.courses && scenario.courses.length === 0 ? p.courses : undefined} />
          ) : (
            <ListImportPanel key={p.token} kind={p.kind} scenario={scenario} onClose={close} initialFile={p.file} />
          )}
        </Suspense>
      )}
      {p.kind === null && (
        <p>
          <button type="button" onClick={close}>
            Cancel
          </button>
        </p>
      )}
    </section>
  );
}

/** What Import… accepts, and a button for each kind so the user can say what the file is. */
function Choose({ p }: { p: PendingImport }) {
  const kinds: SheetKind[] = p.candidates.length > 0 ? p.candidates : [...SHEET_KINDS];
  return (
    <>
      {p.candidates.length === 0 && (
        <>
          <p>Import… takes a scenario or result document (JSON), or a spreadsheet or CSV (.csv, .xlsx) with a header row of one of these kinds:</p>
          <ul>
            {SHEET_KINDS.map((k) => (
              <li key={k}>
                <strong>{SHEET_KIND_TEXT[k].name[0].toUpperCase() + SHEET_KIND_TEXT[k].name.slice(1)}</strong>: {SHEET_KIND_TEXT[k].needs}.
              </li>
            ))}
          </ul>
          <p>Rename the headings and import it again, or say what it is:</p>
        </>
      )}
      <p role="group" aria-label="What is this file?">
        {kinds.map((k) => (
          <button key={k} type="button" onClick={() => openImport(k, p.file, `${p.file.name}: imported as ${kindPhrase(k)}, as you chose.`)}>
            Import as {kindPhrase(k)}
          </button>
        ))}
      </p>
    </>
  );
}
