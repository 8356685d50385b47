import { parseArgs, UsageError } from './args';
import { isDomainRuleError } from '../domain/errors';
import { commands } from './commands/index';

/** Staff command line: JSON on stdout; bad input → one line on stderr and exit code 2. */
async function main(argv: string[]): Promise<number> {
  const { words, flags } = parseArgs(argv);
  const [name, ...rest] = words;
  const command = name ? commands[name] : undefined;
  if (!command) {
    const known = Object.keys(commands).sort().join(', ');
    throw new UsageError(name ? `unknown command "${name}"; known commands: ${known}` : `usage: cli <command> …; commands: ${known}`);
  }
  const result = await command(rest, flags);
  if (result !== undefined) process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // A rule refusing the input (a bad date, an unknown program) is bad input too, not a crash.
    if (err instanceof UsageError || isDomainRuleError(err)) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
