import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * Offline use: after the build is written, list every file of dist/ in precache.json, which the service
 * worker (web/public/sw.js) fetches into its cache on install. Listing the written files, rather than the
 * bundle, also catches what the solver's worker build emits (its chunk and the HiGHS wasm).
 */
function precacheList(): Plugin {
  let outDir = '';
  return {
    name: 'ks4-precache-list',
    apply: 'build',
    configResolved(c) {
      outDir = resolve(c.root, c.build.outDir);
    },
    writeBundle() {
      const files: string[] = [];
      const walk = (dir: string) => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          const p = join(dir, e.name);
          if (e.isDirectory()) walk(p);
          else if (!['sw.js', 'precache.json'].includes(e.name)) files.push(`./${relative(outDir, p).split('\\').join('/')}`);
        }
      };
      walk(outDir);
      writeFileSync(join(outDir, 'precache.json'), `${JSON.stringify(files.sort(), null, 1)}\n`);
    },
  };
}

export default defineConfig({
  root: 'web',
  base: './',
  plugins: [react(), precacheList()],
  worker: { format: 'es' },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    // The entry chunk is React DOM and the zod schemas (validation as you type on every screen), about
    // 120 kB gzipped; everything else (results, scenarios, student page, imports, exports, solver) is split.
    chunkSizeWarningLimit: 450,
    rolldownOptions: {
      // The solver's modules do nothing when loaded (pure TypeScript; only solver/worker.ts, the worker's
      // entry, acts). Saying so lets the bundler drop what a page does not use from the barrel web/ imports
      // (solver/index.ts): without it the student page loaded a 62 kB chunk with the planner's analysis
      // code instead of the 10 kB of choice rules it uses (measured with vite build).
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]solver[\\/](?!worker\.ts$)/.test(id) || /node_modules/.test(id) },
    },
  },
  // Open a browser tab only where there is a screen to show it on: on a machine without a display,
  // trying to would print an error after "npm start".
  server: { open: process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) },
  test: {
    root: '.',
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
