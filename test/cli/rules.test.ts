import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { policyFileOfTest, policyYamlWith } from '../helpers/policy';

const root = join(__dirname, '../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the staff CLI as staff would (`npm run -s cli -- rules …` is `tsx src/cli/main.ts rules …`). */
function cli(...args: string[]): Promise<Run> {
  return cliWith({}, ...args);
}

function cliWith(env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'rules', ...args],
      { cwd: root, timeout: 30_000, env: { ...process.env, ...env } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function json(...args: string[]): Promise<unknown> {
  const run = await cli(...args);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout.endsWith('\n')).toBe(true);
  return JSON.parse(run.stdout);
}

async function refused(args: string[], message: string | RegExp): Promise<void> {
  const run = await cli(...args);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(message);
}

describe.concurrent('cli rules: JSON answers', () => {
  it('transfer-deadline: exam on the Tuesday after Memorial Day → the Monday a week before, New York time', async () => {
    expect(await json('transfer-deadline', '--exam-date', '2027-06-01')).toEqual({
      examDate: '2027-06-01',
      lastDayToRequestTransfer: '2027-05-24',
      timeZone: 'America/New_York',
    });
  });

  it('accommodation-deadline: window start minus 56 days', async () => {
    expect(await json('accommodation-deadline', '--window-start', '2027-10-04')).toEqual({
      windowStart: '2027-10-04',
      lastDayToRequestAccommodation: '2027-08-09',
    });
  });

  it('window: the whole calendar of Spring 2027, closing with its last test day and releasing 6–8 weeks after', async () => {
    const out = await json('window', '--window', '2027-spring');
    expect(out).toEqual({
      windowId: '2027-spring',
      applicationDeadline: '2026-12-28',
      lateDeadline: '2027-01-18',
      accommodationDeadline: '2027-01-04',
      noticeToSchedule: '2027-02-01',
      firstTestDay: '2027-03-01',
      lastTestDay: '2027-03-20',
      // FAQ: the close "may be up to three weeks after an individual's testing date": the last test day, not 21 days later.
      close: '2027-03-20',
      // FAQ: results "approximately six to eight weeks from the close of the testing period/window".
      earliestRelease: '2027-05-01',
      latestRelease: '2027-05-15',
    });
    for (const value of Object.values(out as Record<string, string>).slice(1))
      expect(value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('window: a Fall window releases in its own year (Fall 2027 by 2027-12-18)', async () => {
    expect(await json('window', '--window', '2027-Fall')).toMatchObject({
      windowId: '2027-fall',
      lastTestDay: '2027-10-23',
      close: '2027-10-23',
      earliestRelease: '2027-12-04',
      latestRelease: '2027-12-18',
    });
  });

  it('business-days: both ends included, with the observed holidays in the range', async () => {
    expect(await json('business-days', '--from', '2021-12-20', '--to', '2022-01-07')).toEqual({
      businessDays: 13,
      holidays: [
        { date: '2021-12-24', name: 'Christmas Day (observed)' },
        { date: '2021-12-31', name: "New Year's Day (observed)" },
      ],
    });
    expect(await json('business-days', '--from=2027-06-01', '--to=2027-06-01')).toEqual({
      businessDays: 1,
      holidays: [],
    });
  });

  it('recert-fee: the FAQ matrix', async () => {
    expect(await json('recert-fee', '--membership', 'member', '--certifications', 'single')).toEqual({ feeUsd: 175 });
    expect(await json('recert-fee', '--membership', 'non-member', '--certifications', 'dual')).toEqual({ feeUsd: 350 });
  });

  it('the answers follow the policy file the server runs on (POLICY_FILE), and a bad one exits 2 naming the key', async () => {
    const file = policyFileOfTest();
    file.write(
      policyYamlWith([['recertificationFeeUsd', 'single', 'member'], 190], [['windowCalendar', 'testingDays'], 13]),
    );
    const fee = await cliWith(
      { POLICY_FILE: file.path },
      'recert-fee',
      '--membership',
      'member',
      '--certifications',
      'single',
    );
    expect(JSON.parse(fee.stdout)).toEqual({ feeUsd: 190 });
    const window = await cliWith({ POLICY_FILE: file.path }, 'window', '--window', '2027-spring');
    expect(JSON.parse(window.stdout)).toMatchObject({
      firstTestDay: '2027-03-01',
      lastTestDay: '2027-03-13',
      close: '2027-03-13',
    });
    file.write(policyYamlWith([['transferFeeUsd'], -1]));
    const bad = await cliWith(
      { POLICY_FILE: file.path },
      'recert-fee',
      '--membership',
      'member',
      '--certifications',
      'single',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/transferFeeUsd: must be an amount in dollars/);
  });

  it('recert-due: single and dual (anchored on the first certification)', async () => {
    expect(await json('recert-due', '--certified-on', '2024-05-01')).toEqual({
      dueDate: '2027-12-01',
      reportingOpens: '2027-08-01',
      requirement: { totalHours: 30, namssApprovedHours: 15 },
    });
    expect(await json('recert-due', '--certified-on', '2024-05-01', '--second-certified-on', '2025-10-01')).toEqual({
      dueDate: '2027-12-01',
      reportingOpens: '2027-08-01',
      requirement: { totalHours: 45, namssApprovedHours: 25 },
    });
  });

  it('scaled-score: the raw cut passes at exactly the passing score, one below fails', async () => {
    expect(
      await json('scaled-score', '--program', 'CPCS', '--raw', '97', '--raw-cut', '97', '--max-raw', '140'),
    ).toEqual({ scaled: 400, passed: true });
    expect(
      await json('scaled-score', '--program', 'CPMSM', '--raw', '112', '--raw-cut', '113', '--max-raw', '160'),
    ).toMatchObject({ passed: false });
  });
});

describe.concurrent('cli rules: bad input → one line on stderr, exit code 2', () => {
  it('an impossible date says why', async () => {
    await refused(
      ['transfer-deadline', '--exam-date', '2027-02-30'],
      /--exam-date: "2027-02-30" is not a calendar date: February 2027 has 28 days/,
    );
  });

  it('a word instead of a date shows the form', async () => {
    await refused(
      ['transfer-deadline', '--exam-date', 'tomorrow'],
      /--exam-date: "tomorrow" is not a date: write it as YYYY-MM-DD/,
    );
  });

  it('a missing flag is named with its form', async () => {
    await refused(['accommodation-deadline'], /missing --window-start YYYY-MM-DD/);
    await refused(['scaled-score', '--program', 'CPCS', '--raw', '1', '--raw-cut', '1'], /missing --max-raw/);
    await refused(
      ['recert-due', '--certified-on', '2024-05-01', '--second-certified-on'],
      /--second-certified-on needs a value/,
    );
  });

  it('an unknown program names the choices', async () => {
    await refused(
      ['scaled-score', '--program', 'CPX', '--raw', '1', '--raw-cut', '1', '--max-raw', '2'],
      /unknown program "CPX": expected CPCS or CPMSM/,
    );
  });

  it('scores out of range name the flag and the allowed range', async () => {
    await refused(
      ['scaled-score', '--program', 'CPCS', '--raw', '141', '--raw-cut', '97', '--max-raw', '140'],
      /--raw: .* from 0 to 140/,
    );
    await refused(
      ['scaled-score', '--program', 'CPCS', '--raw', '1', '--raw-cut', '97', '--max-raw', '151'],
      /--max-raw: .*150 items/,
    );
    await refused(
      ['scaled-score', '--program', 'CPCS', '--raw', 'ten', '--raw-cut', '97', '--max-raw', '140'],
      /--raw must be a whole number/,
    );
  });

  it('unknown membership, reversed range, unknown subcommand and misspelled flag', async () => {
    await refused(
      ['recert-fee', '--membership', 'gold', '--certifications', 'single'],
      /--membership: .*expected member or non-member/,
    );
    await refused(
      ['business-days', '--from', '2027-06-02', '--to', '2027-06-01'],
      /--from \(2027-06-02\) is after --to/,
    );
    await refused(
      ['transfer-date', '--exam-date', '2027-06-01'],
      /unknown rules subcommand "transfer-date"; known: transfer-deadline/,
    );
    await refused(
      ['transfer-deadline', '--exam-dat', '2027-06-01'],
      /unknown flag --exam-dat .*usage: rules transfer-deadline --exam-date YYYY-MM-DD/,
    );
    await refused([], /rules needs a subcommand/);
  });

  it('a malformed or missing window id exits 2 and shows the form', async () => {
    await refused(['window', '--window', 'Spring 2027'], /--window: .*write YEAR-SEASON, for example 2027-fall/);
    await refused(['window', '--window', '2027-winter'], /--window: /);
    await refused(['window'], /missing --window YEAR-SEASON/);
  });

  it('a date outside the business calendar says which years work', async () => {
    await refused(
      ['transfer-deadline', '--exam-date', '1999-06-01'],
      /outside the business calendar \(years 2000–2199\)/,
    );
  });
});
