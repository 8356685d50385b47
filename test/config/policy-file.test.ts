import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile, parsePolicyYaml, policyFilePath } from '../../src/config/policy-file';
import { defaultPolicy } from '../../src/domain/index';
import { policyYamlWith as yamlWith, repoPolicyText as text } from '../helpers/policy';

const repoFile = 'config/policy.yaml';
const dir = mkdtempSync(join(tmpdir(), 'certflow-policy-'));
const policyYamlWith = (path: (string | number)[], value: unknown) => yamlWith([path, value]);

const refusal = (yaml: string): string => {
  try {
    parsePolicyYaml(yaml, 'test.yaml');
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the policy was accepted; a refusal was expected');
};

describe('the policy file', () => {
  it('the repository file holds exactly the values that were compiled in, so old histories and new cases agree', () => {
    expect(loadPolicyFile(repoFile)).toEqual(defaultPolicy);
    expect(policyFilePath(undefined)).toBe(join(process.cwd(), repoFile));
    expect(policyFilePath('elsewhere/policy.yaml', '/srv/certflow')).toBe('/srv/certflow/elsewhere/policy.yaml');
  });

  it('cites the FAQ beside the values it gives and marks every other value as the certification body’s to set', () => {
    expect(text).toContain('NAMSS Members: $175 Non-Members: $325');
    expect(text).toContain('NAMSS Members: $200 Non-Members: $350');
    expect(text).toContain('The passing scaled score will be 400 for the CPCS® exam and 450 for the CPMSM® exam.');
    const policy = loadPolicyFile(repoFile);
    expect(policy.recertificationFeeUsd).toEqual({
      single: { member: 175, 'non-member': 325 },
      dual: { member: 200, 'non-member': 350 },
    });
    expect(policy.passingScaledScore).toEqual({ CPCS: 400, CPMSM: 450 });
    // Each top-level key is preceded by its source: an FAQ sentence or the certification body.
    const topKeys = text
      .split('\n')
      .filter((l) => /^[a-zA-Z]+:/.test(l))
      .map((l) => l.split(':')[0]!);
    expect(topKeys).toHaveLength(Object.keys(defaultPolicy).length);
    for (const key of topKeys) {
      const before = text
        .slice(0, text.indexOf(`\n${key}:`))
        .split('\n')
        .reverse();
      const comments = before.slice(
        0,
        before.findIndex((l) => !l.startsWith('#')),
      );
      expect(comments.join(' '), key).toMatch(/FAQ:|Certification body to set/);
    }
  });

  it('a bad value is refused naming the key, what is expected and what was found', () => {
    expect(refusal(policyYamlWith(['examFeeUsd', 'member'], -5))).toMatch(
      /examFeeUsd\.member: must be an amount in dollars, a number ≥ 0 \(got -5\)/,
    );
    expect(refusal(policyYamlWith(['recertificationFeeUsd', 'dual', 'non-member'], 'lots'))).toMatch(
      /recertificationFeeUsd\.dual\.non-member: must be an amount in dollars.*\(got "lots"\)/,
    );
    expect(refusal(policyYamlWith(['reminders', 'hourNewYork'], 24))).toMatch(
      /reminders\.hourNewYork: must be a whole number 0–23 \(got 24\)/,
    );
    expect(refusal(policyYamlWith(['reminders', 'appointmentDaysBefore'], [7, 0]))).toMatch(
      /reminders\.appointmentDaysBefore\.1: must be a whole number 1–365 \(got 0\)/,
    );
    expect(refusal(policyYamlWith(['windowCalendar', 'testingDays'], 23))).toMatch(
      /windowCalendar\.testingDays: must be a whole number 1–22 \(got 23\)/,
    );
    expect(refusal(policyYamlWith(['lateFeeUsd'], undefined))).toMatch(
      /lateFeeUsd: must be an amount in dollars.*\(got nothing: the key is missing\)/,
    );
    expect(refusal(policyYamlWith(['refund', 'procesingFeeUsd'], 100))).toMatch(/refund\.procesingFeeUsd: unknown key/);
  });

  it('values that contradict each other or a FAQ rule are refused naming their keys', () => {
    expect(refusal(policyYamlWith(['passingScaledScore', 'CPMSM'], 650))).toMatch(
      /scaledScoreRange\.CPMSM must be whole numbers with min < 650 \(the passing score\) < max/,
    );
    expect(refusal(policyYamlWith(['recertification', 'ceRequirement', 'single', 'namssApprovedHours'], 31))).toMatch(
      /recertification\.ceRequirement\.single needs/,
    );
    expect(refusal(policyYamlWith(['reminders', 'recertificationDueDaysBefore'], [30, 30]))).toMatch(
      /reminders\.recertificationDueDaysBefore must be a list of distinct whole days/,
    );
    expect(refusal('examFeeUsd: [1, 2')).toMatch(/not valid YAML/);
  });

  it('a file that cannot be read names POLICY_FILE', () => {
    expect(() => loadPolicyFile(join(dir, 'missing.yaml'))).toThrow(
      /POLICY_FILE .*missing\.yaml: cannot be read \(ENOENT\)/,
    );
  });

  it.each([
    ['npm start', 'src/main-start.ts'],
    ['npm run worker', 'src/main-worker.ts'],
    ['npm run api', 'src/main-api.ts'],
  ])('%s with a bad policy stops with exit code 2 and names the key', (_name, entry) => {
    const file = join(dir, `bad-${entry.replace(/\W/g, '-')}.yaml`);
    writeFileSync(file, policyYamlWith(['transferFeeUsd'], -1));
    const result = spawnSync('npx', ['tsx', entry], {
      env: {
        ...process.env,
        POLICY_FILE: file,
        DATA_DIR: mkdtempSync(join(dir, 'data-')),
        DATABASE_URL: '',
        TEMPORAL_ADDRESS: '',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).toContain(`Invalid policy in POLICY_FILE ${file}`);
    expect(result.stderr).toMatch(/transferFeeUsd: must be an amount in dollars, a number ≥ 0 \(got -1\)/);
    expect(result.status).toBe(2);
  });
});
