import { UsageError } from './args';
import { runCommand } from './command';
import { isDomainRuleError } from '../domain/errors';
import { commands } from './commands/index';

const known = () => Object.keys(commands).sort().join(', ');

function help(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length)) + 2;
  return [
    'usage: cli <command> [<subcommand>] [--flag value …]      (npm run -s cli -- …)',
    '',
    'The staff command line: JSON on stdout; bad input prints one line on stderr and exits with code 2.',
    '',
    'commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    '',
    'cli <command> --help shows the usage of a command, cli <command> <subcommand> --help its flags.',
  ].join('\n');
}

/** Staff command line: JSON on stdout; bad input → one line on stderr and exit code 2; --help → usage on stdout. */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h') {
    process.stdout.write(`${help()}\n`);
    return 0;
  }
  if (name?.startsWith('-'))
    throw new UsageError(
      `flag ${name} before a command: write cli <command> [<subcommand>] --flags…; commands: ${known()}`,
    );
  const command = name ? commands[name] : undefined;
  if (!command) {
    throw new UsageError(
      name
        ? `unknown command "${name}"; known commands: ${known()}`
        : `usage: cli <command> …; commands: ${known()} (cli --help for more)`,
    );
  }
  const outcome = await runCommand(name!, command, rest);
  if ('help' in outcome) process.stdout.write(`${outcome.help}\n`);
  else if (outcome.result !== undefined) process.stdout.write(`${JSON.stringify(outcome.result)}\n`);
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
