/** Bad input from the command line: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Flags = Record<string, string | true>;

/** Parses `--name value` and bare `--switch` flags; positional words come back separately. */
export function parseArgs(argv: readonly string[]): { words: string[]; flags: Flags } {
  const words: string[] = [];
  const flags: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      flags[arg.slice(2, eq)] = arg.slice(eq + 1);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      flags[arg.slice(2)] = next;
      i++;
    } else {
      flags[arg.slice(2)] = true;
    }
  }
  return { words, flags };
}

export function requireFlag(flags: Flags, name: string, hint: string): string {
  const value = flags[name];
  if (value === undefined || value === true || value === '') {
    throw new UsageError(`missing --${name} ${hint}`);
  }
  return value;
}

export function optionalFlag(flags: Flags, name: string, hint: string): string | undefined {
  const value = flags[name];
  if (value === true || value === '') throw new UsageError(`--${name} needs a value: ${hint}`);
  return value;
}
