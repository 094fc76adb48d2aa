/**
 * `ks4`: the project's one command line (the `bin` of package.json, run as `npx ks4 COMMAND ...`; the
 * npm scripts `npm run --silent solve -- ...` and the like run the same commands). Each command lives in
 * its own module of this folder, exports `main(argv)` returning the exit code, and is loaded only when
 * asked for, so `ks4 check` never loads the search or HiGHS.
 *
 * This folder is the edge of the layers (docs: README "How it is built"): it may use data/ and the
 * solver's public surface (solver/index.ts); solver/ and data/ never import from here.
 */
import { clipMessage } from '../data/document-text';

type Main = (argv: string[]) => number | Promise<number>;

interface Command {
  what: string;
  load: () => Promise<Main>;
  /** What an uncaught failure is called (exit 2). */
  crash?: string;
  /** Exit as soon as the command returns: the solve may leave HiGHS's timers behind. */
  exitAtOnce?: boolean;
}

const COMMANDS: Record<string, Command> = {
  solve: { what: 'build (or fit) the blocking: SCENARIO.json --out RESULT.json [--time S] [--seed N] [--from PREVIOUS.json]', load: async () => (await import('./solve')).main, crash: 'Internal failure', exitAtOnce: true },
  check: { what: 'the independent checker: SCENARIO.json RESULT.json [--reference PUBLISHED.json [--reference-scenario FILE]]', load: async () => (await import('./check')).main },
  analyse: { what: 'accountability, equity and cost: SCENARIO.json RESULT.json', load: async () => (await import('./analyse')).main },
  publish: { what: 'the offer students preview: SCENARIO.json RESULT.json --out OFFER.json', load: async () => (await import('./publish')).main },
  preview: { what: 'does a combination fit: OFFER.json --choices HIS,FRE,ART,SPA [--reserves GEO]', load: async () => (await import('./preview')).main, crash: 'Internal error in the preview' },
  generate: { what: 'a seeded cohort: --students 240 --seed 1 [--out FILE]', load: async () => (await import('./generate')).main },
  import: { what: 'a choices, course or staff file (CSV or .xlsx) into a scenario: FILE --out SCENARIO.json', load: async () => (await import('./import')).main },
  consortium: { what: 'schools planning together (docs/consortium.md): solve CONSORTIUM.json --out DIR | check CONSORTIUM.json PART... | demand | merge', load: async () => (await import('./consortium')).main, crash: 'Internal failure in the consortium command', exitAtOnce: true },
  export: { what: 'class lists, the blocking grid or placements (CSV or .xlsx): SCENARIO.json RESULT.json --out FILE', load: async () => (await import('./export')).main },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'Usage: ks4 COMMAND [ARGUMENTS]   (or npm run --silent COMMAND -- ARGUMENTS)',
    '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.what}`),
    '',
    'ks4 COMMAND --help says more. The documents are described in docs/format.md.',
  ].join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? process.stderr : process.stdout).write(usage() + '\n');
    return name === undefined ? 1 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const near = Object.keys(COMMANDS).find((c) => c.startsWith(name.slice(0, 2)));
    process.stderr.write(`Unknown command ${name}.${near ? ` Maybe ks4 ${near}?` : ''}\n${usage()}\n`);
    return 1;
  }
  const main = await command.load();
  let code: number;
  try {
    code = await main(rest);
  } catch (e) {
    // A real bug: the stack helps whoever fixes it, but a document string in the message must not flood.
    process.stderr.write(`${clipMessage(`${command.crash ?? `Internal failure in ks4 ${name}`}: ${(e as Error).stack ?? String(e)}`)}\n`);
    code = 2;
  }
  if (command.exitAtOnce) process.exit(code);
  return code;
}

// Piped into `head`: a closed pipe is the reader's choice, not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  else throw e;
});

// `npm run COMMAND` starts in the package's folder whatever folder it was typed in; file names on the command line
// mean the folder the user typed them in, which npm keeps in INIT_CWD. Only for the npm script of this very
// command: a ks4 started by some other script (npm test's own children inherit its npm_* variables) keeps its folder.
const npmScript = process.env.npm_lifecycle_event;
if (npmScript && npmScript === process.argv[2] && process.env.INIT_CWD && process.env.INIT_CWD !== process.cwd()) process.chdir(process.env.INIT_CWD);

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`Internal failure: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 2;
  },
);
