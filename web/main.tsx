/**
 * Entry point. A student's link (`#offer=v1....` with the whole offer inside it, `?offer=URL` to a hosted
 * offer file, or `?student` to pick an offer file) opens only the student page: no planner, no stored
 * school data, no solve on the student's phone. Anything else starts the
 * planner (worker solver, IndexedDB, embedded sample) and renders it.
 */
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';

const params = new URLSearchParams(location.search);
// The fragment never reaches a server: the offer inside the link is read by the page alone.
// `?round` is the options server's link for pupils (web/student/ServerRoundPage.tsx).
const studentOnly = params.has('offer') || params.has('student') || params.has('round') || location.hash.startsWith('#offer=');
// `?staff` is the options server's staff page (web/staff/StaffPage.tsx): no planner, no IndexedDB, no offline copy.
const staffOnly = params.has('staff');
const root = createRoot(document.getElementById('root')!);

if (staffOnly) {
  const StaffPage = lazy(() => import('./staff/StaffPage').then((m) => ({ default: m.StaffPage })));
  document.title = 'Options round: staff view';
  root.render(
    <StrictMode>
      <main id="main" className="staff-only">
        <Suspense fallback={<p>Loading…</p>}>
          <StaffPage />
        </Suspense>
      </main>
    </StrictMode>,
  );
} else if (studentOnly) {
  const studentModule = import('./student/StudentPage');
  const StudentPageLoader = lazy(() => studentModule.then((m) => ({ default: m.StudentPageLoader })));
  document.title = 'Choose your options';
  root.render(
    <StrictMode>
      <main id="main" className="student-only">
        <Suspense fallback={<p>Loading…</p>}>
          <StudentPageLoader />
        </Suspense>
      </main>
    </StrictMode>,
  );
} else {
  void startPlanner();
  // A student link opened in the planner's tab changes only the fragment: load it as the student page.
  window.addEventListener('hashchange', () => {
    if (location.hash.startsWith('#offer=')) location.reload();
  });
}

async function startPlanner(): Promise<void> {
  const [{ App }, { initPlanner }, { idbPersistence }, { workerSolver }] = await Promise.all([
    import('./App'),
    import('./state/actions'),
    import('./state/persist'),
    import('./state/solver-client'),
  ]);
  void initPlanner(
    {
      solver: workerSolver(),
      persistence: idbPersistence(),
      // The sample is its own chunk: only a first visit (or "new from sample") needs it.
      sample: () => import('../data/samples/sample-240.json').then((m) => structuredClone(m.default)),
      now: () => Date.now(),
    },
    { autoSolve: true, warm: true },
  );
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// Offline use: the service worker keeps a copy of the built site. Only in a build served over http(s):
// the dev server changes files all the time.
// A student's phone keeps only the student page's own files (sw.js?student), not the planner's 5 MB.
if (import.meta.env.PROD && !staffOnly && 'serviceWorker' in navigator && location.protocol.startsWith('http')) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register(studentOnly ? './sw.js?student' : './sw.js').catch(() => undefined);
    if (studentOnly) void keepStudentPageOffline();
  });
}

/** Tells the service worker which files the student page loaded, so the link opens again with no network. */
async function keepStudentPageOffline(): Promise<void> {
  try {
    await import('./student/StudentPage');
    const reg = await navigator.serviceWorker.ready;
    const urls = [
      `${location.origin}${location.pathname}`,
      ...performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((u) => u.startsWith(location.origin)),
    ];
    reg.active?.postMessage({ type: 'keep', urls });
  } catch {
    // No offline copy: the link still works whenever there is a network.
  }
}
