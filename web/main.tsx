/** Entry point: starts the planner (worker solver, IndexedDB, embedded sample) and renders it. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initPlanner } from './state/actions';
import { idbPersistence } from './state/persist';
import { workerSolver } from './state/solver-client';
import './styles.css';

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

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Offline use: the service worker keeps a copy of the built site. Only in a build served over http(s):
// the dev server changes files all the time.
if (import.meta.env.PROD && 'serviceWorker' in navigator && location.protocol.startsWith('http')) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch(() => undefined);
  });
}
