import { firstWord, parseStrict, UsageError, type FlagHints, type Flags } from './args';

/** One thing the CLI does: its flags (with what each value is), its usage line and what it returns as JSON. */
export interface Action {
  /** After `cli `, e.g. `rules transfer-deadline --exam-date YYYY-MM-DD`. */
  usage: string;
  flags: FlagHints;
  run(flags: Flags): Promise<unknown> | unknown;
}

/** A command: one action (key `''`) or subcommands by name. */
export interface Command {
  summary: string;
  actions: Record<string, Action>;
}

/** What a command answers: JSON to print, or its usage for `--help`. */
export type Outcome = { help: string } | { result: unknown };

function actionHelp(action: Action): string {
  const width = Math.max(0, ...Object.keys(action.flags).map((f) => f.length)) + 4;
  const flags = Object.entries(action.flags).map(([name, hint]) => `  --${name.padEnd(width - 2)}${hint}`);
  return [`usage: cli ${action.usage}`, ...(flags.length ? ['', ...flags] : [])].join('\n');
}

function commandHelp(name: string, command: Command): string {
  const usages = Object.values(command.actions).map((a) => `  cli ${a.usage}`);
  return [
    `cli ${name}: ${command.summary}`,
    '',
    'usage:',
    ...usages,
    '',
    `cli ${name} <subcommand> --help shows the flags of one subcommand.`,
  ].join('\n');
}

const usages = (command: Command) =>
  Object.values(command.actions)
    .map((a) => a.usage)
    .join(' | ');

async function runAction(name: string, action: Action, argv: readonly string[]): Promise<Outcome> {
  // --help wins over a bad flag beside it: the usage is what the person needs then.
  if (firstWord(argv, action.flags).help) return { help: actionHelp(action) };
  const { words, flags } = parseStrict(argv, action.flags, { usage: action.usage, where: ` for ${name}` });
  if (words.length > 0) throw new UsageError(`unexpected "${words.join(' ')}"; usage: ${action.usage}`);
  return { result: await action.run(flags) };
}

/** Finds the subcommand (wherever it stands among the flags), then parses strictly with that subcommand's flags. */
export async function runCommand(name: string, command: Command, argv: readonly string[]): Promise<Outcome> {
  const single = command.actions[''];
  if (single) return runAction(name, single, argv);
  const everyFlag: FlagHints = Object.assign({}, ...Object.values(command.actions).map((a) => a.flags));
  const { word, index, help } = firstWord(argv, everyFlag);
  const action = word === undefined ? undefined : command.actions[word];
  if (!action) {
    if (help) return { help: commandHelp(name, command) };
    // A bad flag is named before a word that may only be its value.
    parseStrict(argv, everyFlag, { usage: usages(command), where: ` for ${name}` });
    if (word === undefined) throw new UsageError(`${name} needs a subcommand; usage: ${usages(command)}`);
    throw new UsageError(`unknown ${name} subcommand "${word}"; known: ${Object.keys(command.actions).join(', ')}`);
  }
  return runAction(
    `${name} ${word}`,
    action,
    argv.filter((_, i) => i !== index),
  );
}
