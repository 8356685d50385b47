import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { policyProblems, policyWith, type Policy } from '../domain/index';
import { projectRoot } from '../lib/project-root';
import { ConfigError } from './env';

const amount = 'must be an amount in dollars, a number ≥ 0';
const money = z.number({ error: amount }).min(0, amount).refine(Number.isFinite, amount);
const whole = (min: number, max: number) => {
  const what = `must be a whole number ${min}–${max}`;
  return z.number({ error: what }).int(what).min(min, what).max(max, what);
};
const dayList = z.array(whole(1, 365), { error: 'must be a list of whole days, e.g. [7, 1]' });
const byMembership = z.strictObject({ member: money, 'non-member': money });
const monthDay = z.strictObject({ month: whole(1, 12), day: whole(1, 31) });
const start = z.strictObject({ month: whole(1, 12), weekday: whole(0, 6), occurrence: whole(1, 4) });
const scale = z.strictObject({ min: whole(0, 10_000), max: whole(0, 10_000) });
const ce = z.strictObject({
  totalHours: z.number({ error: 'must be a number of hours' }),
  namssApprovedHours: z.number({ error: 'must be a number of hours' }),
});

/** Every key the file must have; an unknown key is refused too, so a typo never falls back to a compiled value. */
const policySchema = z.strictObject({
  examFeeUsd: byMembership,
  recertificationFeeUsd: z.strictObject({ single: byMembership, dual: byMembership }),
  lateFeeUsd: money,
  transferFeeUsd: money,
  reinstatementFeeUsd: money,
  refund: z.strictObject({ noticeDays: whole(0, 365), processingFeeUsd: money }),
  scaledScoreRange: z.strictObject({ CPCS: scale, CPMSM: scale }),
  passingScaledScore: z.strictObject({ CPCS: whole(0, 10_000), CPMSM: whole(0, 10_000) }),
  windowCalendar: z.strictObject({
    starts: z.strictObject({ spring: start, summer: start, fall: start }),
    testingDays: whole(1, 22),
    applicationsOpenDaysBeforeStart: whole(0, 366),
    applicationDeadlineDaysBeforeStart: whole(0, 366),
    lateApplicationDeadlineDaysBeforeStart: whole(0, 366),
    noticeToScheduleDaysBeforeStart: whole(0, 366),
  }),
  recertification: z.strictObject({
    reportingOpens: monthDay,
    due: monthDay,
    ceRequirement: z.strictObject({ single: ce, dual: ce }),
    extensionMaxMonths: whole(0, 12),
    extensionMinimumShareOfHours: z.number({ error: 'must be a share between 0 and 1, e.g. 0.5' }),
    reinstatementOpens: monthDay,
    reinstatementCloses: monthDay,
  }),
  reminders: z.strictObject({
    hourNewYork: whole(0, 23),
    eligibilityOverdueEveryDays: whole(1, 90),
    eligibilityOverdueMax: whole(0, 20),
    appointmentDaysBefore: dayList,
    transferDeadlineDaysBefore: whole(0, 60),
    noShowGraceDays: whole(0, 60),
    recertificationDueDaysBefore: dayList,
  }),
});

/** POLICY_FILE, or config/policy.yaml of this checkout (or image). */
export function policyFilePath(given: string | undefined, cwd = process.cwd()): string {
  if (given) return isAbsolute(given) ? given : resolve(cwd, given);
  return join(projectRoot(import.meta.dirname), 'config', 'policy.yaml');
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
    root,
  );
}

function describeIssue(raw: unknown, issue: z.core.$ZodIssue): string {
  const key = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys')
    return `${[key, issue.keys[0]].filter(Boolean).join('.')}: unknown key (a typo?); remove it or fix its name`;
  const got = valueAt(raw, issue.path);
  return `${key}: ${issue.message} (got ${got === undefined ? 'nothing: the key is missing' : JSON.stringify(got)})`;
}

/** The policy a YAML text describes; throws ConfigError naming every bad key and what is expected. */
export function parsePolicyYaml(text: string, where: string): Policy {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new ConfigError(`POLICY_FILE ${where}: not valid YAML: ${(err as Error).message}`);
  }
  const result = policySchema.safeParse(raw ?? {});
  if (!result.success)
    throw new ConfigError(
      `Invalid policy in POLICY_FILE ${where}:\n  ${result.error.issues.map((i) => describeIssue(raw, i)).join('\n  ')}`,
    );
  const parsed = result.data as Policy;
  const problems = policyProblems(parsed);
  if (problems.length > 0) throw new ConfigError(`Invalid policy in POLICY_FILE ${where}:\n  ${problems.join('\n  ')}`);
  return policyWith({}, parsed);
}

export function loadPolicyFile(path: string): Policy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `POLICY_FILE ${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); point POLICY_FILE at the policy file`,
    );
  }
  return parsePolicyYaml(text, path);
}

/** Loads the policy file or stops the process with exit code 2 and a message naming the key. */
export function loadPolicyOrExit(env: { POLICY_FILE?: string | undefined }): Policy {
  try {
    return loadPolicyFile(policyFilePath(env.POLICY_FILE));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}
