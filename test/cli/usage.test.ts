import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './run-cli';

function refusedWithOneLine(run: CliRun): string {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  return run.stderr;
}

function helpOnStdout(run: CliRun): string {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

describe.concurrent('cli: strict flags', () => {
  it('an unknown flag exits 2 with one line naming it, for every kind of command', async () => {
    expect(
      refusedWithOneLine(
        await runCli('rules', 'recert-fee', '--membership', 'member', '--certifications', 'dual', '--discount', '10'),
      ),
    ).toMatch(/^unknown flag --discount for rules recert-fee; usage: rules recert-fee --membership/);
    expect(refusedWithOneLine(await runCli('equate', '--input', 'x.json', '--verbose'))).toMatch(
      /^unknown flag --verbose for equate; usage: equate --input FILE/,
    );
    // Refused before any call to the API (none is reachable here).
    expect(
      refusedWithOneLine(
        await runCli(
          'windows',
          'status',
          '--program',
          'CPCS',
          '--window',
          '2027-fall',
          '--release-at',
          '2027-12-20T14:00:00Z',
          '--token',
          't',
        ),
      ),
    ).toMatch(/^unknown flag --release-at for windows status; usage: windows status --program P --window W/);
    expect(refusedWithOneLine(await runCli('rules', 'transfer-deadline', '-x'))).toMatch(
      /^unknown flag -x for rules transfer-deadline/,
    );
    expect(refusedWithOneLine(await runCli('--verbose', 'rules'))).toMatch(/^flag --verbose before a command/);
  });

  it('a flag without its value is named with the form of the value', async () => {
    expect(refusedWithOneLine(await runCli('equate', '--input'))).toMatch(/^--input needs a value: FILE: JSON/);
    expect(
      refusedWithOneLine(
        await runCli(
          'rules',
          'scaled-score',
          '--program',
          'CPCS',
          '--raw',
          '-5',
          '--raw-cut',
          '97',
          '--max-raw',
          '140',
        ),
      ),
    ).toMatch(/^--raw needs a value: N \(a whole number\); a value starting with "-" is written --raw=VALUE/);
  });

  it('a subcommand may stand after its flags', async () => {
    const run = await runCli('rules', '--exam-date', '2027-06-01', 'transfer-deadline');
    expect(JSON.parse(helpOnStdout(run))).toMatchObject({ lastDayToRequestTransfer: '2027-05-24' });
  });
});

describe.concurrent('cli --help: usage on stdout, exit 0', () => {
  it('cli --help lists every command with what it does', async () => {
    const out = helpOnStdout(await runCli('--help'));
    expect(out).toMatch(/^usage: cli <command>/);
    for (const command of ['rules', 'equate', 'windows', 'results', 'forms'])
      expect(out).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    expect(helpOnStdout(await runCli('-h'))).toBe(out);
  });

  it('a command --help lists its subcommands; a subcommand --help its flags, with no API token needed', async () => {
    const rules = helpOnStdout(await runCli('rules', '--help'));
    expect(rules).toContain('cli rules transfer-deadline --exam-date YYYY-MM-DD');
    expect(rules).toContain('cli rules scaled-score --program CPCS|CPMSM --raw N --raw-cut N --max-raw N');
    expect(rules).toContain('cli rules window --window YEAR-SEASON');
    expect(helpOnStdout(await runCli('rules', 'window', '--help'))).toMatch(
      /^usage: cli rules window --window YEAR-SEASON\n\n {2}--window +YEAR-SEASON, e\.g\. 2027-spring/,
    );
    const decide = helpOnStdout(await runCli('windows', 'decide', '--help'));
    expect(decide).toMatch(/^usage: cli windows decide --program P --window W --item ID --action accept\|rekey\|drop/);
    expect(decide).toMatch(/^ {2}--action +accept, rekey or drop$/m);
    expect(decide).toMatch(/^ {2}--token +T \(a staff API token/m);
    expect(helpOnStdout(await runCli('equate', '--help'))).toMatch(
      /^usage: cli equate --input FILE\n\n {2}--input +FILE: JSON with design, method, x and y\n$/,
    );
  });

  it('--help wins over other flags, even a bad one', async () => {
    expect(helpOnStdout(await runCli('rules', 'transfer-deadline', '--exam-dat', 'x', '--help'))).toMatch(
      /^usage: cli rules transfer-deadline/,
    );
  });
});
