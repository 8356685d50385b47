import { parseArgs } from 'node:util';

/** Bad input from the command line: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The flags given, by name (every flag takes a value). */
export type Flags = Record<string, string | undefined>;

/** The flags a command accepts: name → what its value is, e.g. `'exam-date': 'YYYY-MM-DD (the scheduled exam date)'`. */
export type FlagHints = Record<string, string>;

export interface ParsedArgs {
  words: string[];
  flags: Flags;
  help: boolean;
}

const helpOption = { help: { type: 'boolean', short: 'h' } } as const;

function options(hints: FlagHints) {
  return {
    ...Object.fromEntries(Object.keys(hints).map((name) => [name, { type: 'string' as const }])),
    ...helpOption,
  };
}

/**
 * Strict parse with `node:util` parseArgs: `--name value` or `--name=value` for each flag in `hints`, `--help`/`-h`,
 * positional words anywhere. An unknown flag or a flag without its value is a UsageError naming it.
 */
export function parseStrict(
  argv: readonly string[],
  hints: FlagHints,
  context: { usage: string; where: string },
): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: options(hints),
      strict: true,
      allowPositionals: true,
    });
    const { help, ...flags } = values;
    return { words: positionals, flags: flags as Flags, help: help === true };
  } catch (err) {
    throw new UsageError(parseFailure(err, hints, context));
  }
}

/** Where the first positional word stands, read leniently (so a bad flag elsewhere does not hide the subcommand). */
export function firstWord(argv: readonly string[], hints: FlagHints): { word?: string; index: number; help: boolean } {
  const { tokens, values } = parseArgs({
    args: [...argv],
    options: options(hints),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const word = tokens.find((t) => t.kind === 'positional');
  return { word: word?.value, index: word?.index ?? -1, help: values.help === true };
}

function parseFailure(err: unknown, hints: FlagHints, { usage, where }: { usage: string; where: string }): string {
  const code = (err as NodeJS.ErrnoException).code;
  const message = err instanceof Error ? err.message : String(err);
  // parseArgs quotes the flag: "Unknown option '--exam-dat'", "Option '--raw <value>' argument missing", "Option '-h, --help' …".
  const flag = (/'(-{1,2}[^'\s<=,]+)/.exec(message)?.[1] ?? '').replace(/^-h$/, '--help');
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown flag ${flag}${where}; usage: ${usage}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = flag.replace(/^-+/, '');
    if (name === 'help') return `--help takes no value; usage: ${usage}`;
    const dash = /ambiguous/.test(message) ? `; a value starting with "-" is written ${flag}=VALUE` : '';
    return `${flag} needs a value: ${hints[name] ?? 'a value'}${dash}`;
  }
  throw err;
}

export function requireFlag(flags: Flags, name: string, hint: string): string {
  const value = flags[name];
  if (value === undefined || value === '') {
    throw new UsageError(`missing --${name} ${hint}`);
  }
  return value;
}

export function optionalFlag(flags: Flags, name: string, hint: string): string | undefined {
  const value = flags[name];
  if (value === '') throw new UsageError(`--${name} needs a value: ${hint}`);
  return value;
}
