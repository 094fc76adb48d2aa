/**
 * `ks4 generate --students 240 --seed 1 [--blocks 5] [--choices 4] [--out FILE]
 *  [--accelerated] [--partner] [--double] [--name TEXT]`
 *
 * Prints a generated scenario as JSON, or writes it to FILE. Exit codes: 0 done, 1 bad flags (the
 * message names the flag and gives a hint), 2 the file could not be written.
 */
import { generateScenario, type GenerateOptions } from '../data/generate';
import { WRITE_FAILED, writeOutput } from './write-out';

export const USAGE =
  'Usage: ks4 generate --students N --seed N [--blocks 4|5] [--choices N] [--out FILE] [--accelerated] [--partner] [--double] [--name TEXT]';

export class FlagError extends Error {}

const NUMBER_FLAGS = { '--students': 'students', '--seed': 'seed', '--blocks': 'blocks', '--choices': 'choices' } as const;
const BOOLEAN_FLAGS = { '--accelerated': 'accelerated', '--partner': 'partner', '--double': 'doubleOption' } as const;

/** Reads the command line into generator options and an output path; throws FlagError on misuse. */
export function parseGenerateArgs(argv: readonly string[]): { options: GenerateOptions; out?: string } {
  const opts: Partial<Record<string, unknown>> = {};
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const eq = raw.indexOf('=');
    const flag = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw;
    const inline = raw.startsWith('--') && eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new FlagError(`${flag} needs a value. Maybe "${flag} 240"?`);
      i++;
      return v;
    };
    if (flag in NUMBER_FLAGS) {
      const key = NUMBER_FLAGS[flag as keyof typeof NUMBER_FLAGS];
      const text = value();
      const n = Number(text);
      if (text.trim() === '' || !Number.isInteger(n)) throw new FlagError(`${flag} is "${text}", not a whole number. Maybe "${flag} ${key === 'blocks' ? 5 : key === 'choices' ? 4 : key === 'seed' ? 1 : 240}"?`);
      opts[key] = n;
    } else if (flag in BOOLEAN_FLAGS) {
      if (inline !== undefined) throw new FlagError(`${flag} takes no value (got "${inline}"). Just write ${flag}.`);
      opts[BOOLEAN_FLAGS[flag as keyof typeof BOOLEAN_FLAGS]] = true;
    } else if (flag === '--out') {
      out = value();
    } else if (flag === '--name') {
      opts.name = value();
    } else if (flag === '--help' || flag === '-h') {
      throw new FlagError(USAGE);
    } else {
      const known = [...Object.keys(NUMBER_FLAGS), ...Object.keys(BOOLEAN_FLAGS), '--out', '--name'];
      const near = known.find((k) => k.replace(/^--/, '').startsWith(flag.replace(/^-+/, '').slice(0, 3)));
      throw new FlagError(`Unknown flag "${raw}".${near ? ` Maybe ${near}?` : ''}\n${USAGE}`);
    }
  }
  if (opts.students === undefined) throw new FlagError(`--students is missing. Maybe "--students 240"?\n${USAGE}`);
  if (opts.seed === undefined) throw new FlagError(`--seed is missing. Maybe "--seed 1"?\n${USAGE}`);
  return { options: opts as unknown as GenerateOptions, out };
}

export function main(argv: readonly string[]): number {
  let parsed: ReturnType<typeof parseGenerateArgs>;
  let json: string;
  try {
    parsed = parseGenerateArgs(argv);
    json = JSON.stringify(generateScenario(parsed.options), null, 2) + '\n';
  } catch (e) {
    // Both flag errors and the generator's option checks name the value and give a hint.
    process.stderr.write(`${(e as Error).message.replace(/\(options\.(\w+)\)/g, (_, k: string) => `(--${k === 'doubleOption' ? 'double' : k})`)}\n`);
    return 1;
  }
  if (parsed.out === undefined) {
    process.stdout.write(json);
    return 0;
  }
  const failed = writeOutput(parsed.out, json, 'the scenario');
  if (failed) {
    process.stderr.write(`${failed}\n`);
    return WRITE_FAILED;
  }
  process.stderr.write(`Wrote ${parsed.out}\n`);
  return 0;
}
