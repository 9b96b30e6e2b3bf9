/**
 * The common start of a sub-command: parse its arguments, print the usage on a parse error (exit code 2) or on
 * `--help` (exit code 0). Returns the parsed arguments, or the exit code to return at once.
 *
 * @example
 * ```ts
 * const parsed = parseCommand('eval', USAGE, parse, args);
 * if (typeof parsed === 'number') return parsed;
 * ```
 */
export function parseCommand<T extends { values: { help?: boolean } }>(name: string, usage: string, parse: (args: string[]) => T, args: string[]): T | number {
  let parsed: T;
  try {
    parsed = parse(args);
  } catch (e) {
    process.stderr.write(`provefy ${name}: ${(e as Error).message}\n\n${usage}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(usage);
    return 0;
  }
  return parsed;
}
