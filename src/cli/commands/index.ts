import type { Flags } from '../args';
import { equateCommand } from './equate';
import { formsCommand } from './forms';
import { resultsCommand } from './results';
import { rulesCommand } from './rules';
import { windowsCommand } from './windows';

/** A CLI command: positional words after its name, and the flags; returns what is printed as JSON. */
export type Command = (words: string[], flags: Flags) => Promise<unknown> | unknown;

// Each command lives in its own file and registers here.
export const commands: Record<string, Command> = {};
commands.rules = rulesCommand;
commands.equate = equateCommand;
commands.windows = windowsCommand;
commands.results = resultsCommand;
commands.forms = formsCommand;
