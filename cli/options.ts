/** Reading a command's options from its arguments, shared by the commands that take `--name VALUE` pairs in any order. */

/** Takes `--name VALUE` (or `--name=VALUE`) out of `args`; undefined when absent, null when the value is missing. */
export function takeOption(args: string[], name: string): string | null | undefined {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const [arg] = args.splice(i, 1);
  if (arg.includes('=')) return arg.slice(name.length + 1) || null;
  const value = args[i];
  if (value === undefined || value.startsWith('--')) return null;
  args.splice(i, 1);
  return value;
}
