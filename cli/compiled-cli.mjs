// Whether the compiled command line in dist-cli/ (scripts/build-cli.mjs) can run in place of the TypeScript
// sources: used by the launcher cli/ks4.mjs, and by its tests. Plain JavaScript, so the launcher needs no loader.
import { readFileSync, statSync } from 'node:fs';

/** The project folder (this file is in cli/). */
export const projectRoot = new URL('..', import.meta.url);

/** The compiled command line's folder and entry (scripts/build-cli.mjs CLI_OUT_DIR). */
export const compiledDir = new URL('dist-cli/', projectRoot);
export const compiledEntry = new URL('ks4.mjs', compiledDir);

/**
 * Why the compiled command line in `dir` cannot be used, as a short phrase, or undefined when it is current:
 * present, and built after the last change to every source file compiled into it (dist-cli/sources.json lists
 * them, relative to the project). A file edited since the build, or gone, makes it stale. About 80 files: a stat
 * each is well under a millisecond in all.
 */
export function whyNotCompiled(dir = compiledDir, root = projectRoot) {
  let builtMs;
  let sources;
  try {
    builtMs = statSync(new URL('ks4.mjs', dir)).mtimeMs;
    sources = JSON.parse(readFileSync(new URL('sources.json', dir), 'utf8')).inputs;
    if (!Array.isArray(sources) || sources.length === 0) throw new Error('no sources listed');
  } catch {
    return 'dist-cli/ is missing or incomplete';
  }
  for (const source of sources) {
    let changedMs;
    try {
      changedMs = statSync(new URL(source, root)).mtimeMs;
    } catch {
      return `${source} is gone since the build`;
    }
    if (changedMs > builtMs) return `${source} changed since the build`;
  }
  return undefined;
}
