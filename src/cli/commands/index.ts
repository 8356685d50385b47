import type { Command } from '../command';
import { equateCommand } from './equate';
import { formsCommand } from './forms';
import { resultsCommand } from './results';
import { rulesCommand } from './rules';
import { windowsCommand } from './windows';

// Each command lives in its own file and registers here.
export const commands: Record<string, Command> = {};
commands.rules = rulesCommand;
commands.equate = equateCommand;
commands.windows = windowsCommand;
commands.results = resultsCommand;
commands.forms = formsCommand;
