#!/usr/bin/env node
// The `ks4` bin, and what the npm scripts (`npm run --silent solve -- ...` and the like) run.
//
// It runs the compiled command line, dist-cli/ks4.mjs, which `npm install` / `npm ci` build (package.json
// `prepare`, scripts/build-cli.mjs): plain JavaScript, so a command starts without compiling TypeScript.
// When that build is missing, or a source file compiled into it has changed since (cli/compiled-cli.mjs), it runs
// the TypeScript sources through tsx's loader in this same process instead, so someone editing cli/, solver/ or
// data/ always runs the code as it is now. It says so in one line on stderr when stderr is a terminal: a person
// should know why the command is slower, while scripts and tests that read stderr get only the command's words.
import { compiledEntry, projectRoot, whyNotCompiled } from './compiled-cli.mjs';

const why = whyNotCompiled();
if (why === undefined) {
  // An internal failure's stack then names the TypeScript sources (solver/model.ts:143), through the source maps
  // the build writes beside each file; it costs no measurable start-up (check on sample-120: 0.10 s of CPU either way).
  process.setSourceMapsEnabled(true);
  await import(compiledEntry.href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write(`ks4 runs on the project's own dependencies (tsx among them), which are not installed. Run npm install in ${projectRoot.pathname} first.\n`);
    process.exit(2);
  }
  if (process.stderr.isTTY) process.stderr.write(`ks4: running the TypeScript sources through tsx (${why}; npm run build:cli compiles them).\n`);
  register();
  await import('./ks4.ts');
}
