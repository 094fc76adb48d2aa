#!/usr/bin/env node
// The `ks4` bin (package.json). The commands are TypeScript (cli/ks4.ts); there is no build step for
// them, so this launcher registers tsx's loader in this same process (no child process, no shell) and
// runs them. tsx keeps what it compiled in its cache; a command starts in about 0.2 s either way.
let register;
try {
  ({ register } = await import('tsx/esm/api'));
} catch {
  const here = new URL('..', import.meta.url).pathname;
  process.stderr.write(`ks4 runs on the project's own dependencies (tsx among them), which are not installed. Run npm install in ${here} first.\n`);
  process.exit(2);
}
register();
await import('./ks4.ts');
