/**
 * The planner's frame: a header with the scenario picker, the five screens as tabs (hash routes, so a
 * reload stays on the same screen), undo and redo, import and export, and one message area that screen
 * readers hear.
 */
import { lazy, Suspense, useEffect, useRef, useSyncExternalStore } from 'react';
import { redo, selectScenario, undo } from './state/actions';
import { usePlanner } from './state/store';
import { ImportExport } from './components/ImportExport';
import { MessageBar } from './components/MessageBar';
import { BlockingBanners } from './components/BlockingBanners';
import { GettingStarted, NewSchoolHeaderButton } from './components/NewSchool';
import { PendingImportPanel } from './components/ImportRouter';
import { needsBasics } from './state/school';
import { OfferScreen } from './screens/OfferScreen';
import { StudentsScreen } from './screens/StudentsScreen';
import { BlocksScreen } from './screens/BlocksScreen';

// Results and Scenarios carry the offer analysis and the explanations; the planner opens on Blocks, so
// they load when first visited (the build makes each its own chunk).
const ResultsScreen = lazy(() => import('./screens/ResultsScreen').then((m) => ({ default: m.ResultsScreen })));
const ScenariosScreen = lazy(() => import('./screens/ScenariosScreen').then((m) => ({ default: m.ScenariosScreen })));

// The student page is its own chunk: the planner's screens do not need it.
const StudentPreview = lazy(() => import('./screens/StudentPreview'));

// The consortium workspace (issue 15) is its own chunk: most schools never open it.
const ConsortiumScreen = lazy(() => import('./consortium/ConsortiumScreen').then((m) => ({ default: m.ConsortiumScreen })));

export const SCREENS = [
  { route: 'offer', label: 'Offer' },
  { route: 'students', label: 'Students' },
  { route: 'blocks', label: 'Blocks' },
  { route: 'results', label: 'Results' },
  { route: 'scenarios', label: 'Scenarios' },
  { route: 'consortium', label: 'Consortium' },
  { route: 'student', label: 'Student preview' },
] as const;
export type Route = (typeof SCREENS)[number]['route'];

function readRoute(): Route {
  const h = typeof location === 'undefined' ? '' : location.hash.replace(/^#\/?/, '');
  return (SCREENS.find((s) => s.route === h)?.route ?? 'blocks') as Route;
}

function useRoute(): Route {
  return useSyncExternalStore(
    (cb) => {
      window.addEventListener('hashchange', cb);
      return () => window.removeEventListener('hashchange', cb);
    },
    readRoute,
    () => 'blocks' as Route,
  );
}

function ScenarioPicker() {
  const order = usePlanner((s) => s.order);
  const records = usePlanner((s) => s.records);
  const currentId = usePlanner((s) => s.currentId);
  if (order.length === 0) return null;
  return (
    <label className="picker">
      <span>Scenario</span>
      <select value={currentId ?? ''} onChange={(e) => selectScenario(e.target.value)}>
        {order.map((id) => (
          <option key={id} value={id}>
            {records[id].scenario.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function UndoRedo() {
  const canUndo = usePlanner((s) => (s.currentId ? (s.history[s.currentId]?.past.length ?? 0) > 0 : false));
  const canRedo = usePlanner((s) => (s.currentId ? (s.history[s.currentId]?.future.length ?? 0) > 0 : false));
  return (
    <div className="undo" role="group" aria-label="Undo and redo">
      <button type="button" onClick={undo} disabled={!canUndo} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button type="button" onClick={redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)">
        Redo
      </button>
    </div>
  );
}

export function App({ route: fixedRoute }: { route?: Route } = {}) {
  const live = useRoute();
  const route = fixedRoute ?? live;
  const ready = usePlanner((s) => s.ready);
  const hasScenario = usePlanner((s) => s.currentId !== null);
  // A new school without courses or students yet: every screen leads to the next step instead.
  const scenario = usePlanner((s) => (s.currentId ? s.records[s.currentId]?.scenario : undefined));
  const starting = scenario !== undefined && needsBasics(scenario) && route !== 'scenarios' && route !== 'student' && route !== 'consortium';
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    // Ctrl+Z in a text field is the field's own undo; elsewhere it is the planner's.
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
      if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z' && e.key.toLowerCase() !== 'y') return;
      e.preventDefault();
      if (e.key.toLowerCase() === 'y' || e.shiftKey) redo();
      else undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const title = SCREENS.find((s) => s.route === route)!.label;
  useEffect(() => {
    document.title = `${title} · KS4 option-block planner`;
  }, [title]);

  return (
    <>
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); mainRef.current?.focus(); }}>
        Skip to content
      </a>
      <header className="top">
        <div className="brand">
          <strong>KS4 option blocks</strong>
          <ScenarioPicker />
        </div>
        <nav aria-label="Screens">
          <ul>
            {SCREENS.map((s) => (
              <li key={s.route}>
                <a href={`#/${s.route}`} aria-current={s.route === route ? 'page' : undefined}>
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="tools">
          {/* The consortium workspace has its own undo of consortium edits; the scenario's would sit beside it. */}
          {route !== 'consortium' && <UndoRedo />}
          <NewSchoolHeaderButton />
          <ImportExport />
        </div>
      </header>
      <MessageBar />
      {ready && <BlockingBanners />}
      <main id="main" ref={mainRef} tabIndex={-1} aria-labelledby="screen-title">
        <h1 id="screen-title" className="visually-hidden">{title}</h1>
        {ready && <PendingImportPanel />}
        {ready && starting && <GettingStarted scenario={scenario} />}
        {!ready ? (
          <p>Loading your saved work…</p>
        ) : route === 'student' ? (
          <Suspense fallback={<p>Loading the student page…</p>}>
            <StudentPreview />
          </Suspense>
        ) : route === 'consortium' ? (
          <Suspense fallback={<p>Loading the consortium workspace…</p>}>
            <ConsortiumScreen />
          </Suspense>
        ) : !hasScenario && route !== 'scenarios' ? (
          <p>
            There is no scenario open. Start your own with New school…, go to <a href="#/scenarios">Scenarios</a> to start from the
            sample school, or import a scenario file.
          </p>
        ) : route === 'offer' ? (
          <OfferScreen />
        ) : route === 'students' ? (
          <StudentsScreen />
        ) : starting && (route === 'blocks' || route === 'results') ? null : route === 'blocks' ? (
          <BlocksScreen />
        ) : (
          <Suspense fallback={<p>Loading…</p>}>{route === 'results' ? <ResultsScreen /> : <ScenariosScreen />}</Suspense>
        )}
      </main>
    </>
  );
}
