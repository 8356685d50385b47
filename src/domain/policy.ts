import { examCatalog, type Program } from './catalog';
import { daysInMonth, type Weekday } from './civil-date';
import { DomainRuleError } from './errors';
import type { Season } from './window-id';

export type Membership = 'member' | 'non-member';
export type Certifications = 'single' | 'dual';

export interface MonthDay {
  month: number;
  day: number;
}

/** A window starts on the `occurrence`-th `weekday` of `month`, e.g. the first Monday of March. */
export interface WindowStartRule {
  month: number;
  weekday: Weekday;
  occurrence: number;
}

export interface WindowCalendarPolicy {
  starts: Record<Season, WindowStartRule>;
  /** Calendar days on which candidates may test, from the start day: start … start + testingDays − 1. */
  testingDays: number;
  applicationsOpenDaysBeforeStart: number;
  applicationDeadlineDaysBeforeStart: number;
  lateApplicationDeadlineDaysBeforeStart: number;
  noticeToScheduleDaysBeforeStart: number;
  // No close offset: the FAQ fixes the close at the end of the last test day (see windowCalendar).
}

export interface CeRequirement {
  totalHours: number;
  namssApprovedHours: number;
}

export interface RecertificationPolicy {
  reportingOpens: MonthDay;
  due: MonthDay;
  ceRequirement: Record<Certifications, CeRequirement>;
  extensionMaxMonths: number;
  /** Share of the required total hours a certificant must already have to get an extension. */
  extensionMinimumShareOfHours: number;
  /** In the year after the due year. */
  reinstatementOpens: MonthDay;
  reinstatementCloses: MonthDay;
}

export interface ScaleRange {
  min: number;
  max: number;
}

/** When candidates, certificants and staff are reminded; every field is the certification body's to set. */
export interface ReminderPolicy {
  /** Hour of the day, New York time, at which notices and reminders go out. */
  hourNewYork: number;
  /** Staff are reminded of an eligibility decision after this many days, and again every as many days. */
  eligibilityOverdueEveryDays: number;
  /** At most this many eligibility reminders per application. */
  eligibilityOverdueMax: number;
  /** Appointment reminders: this many days before the exam, one email each. */
  appointmentDaysBefore: number[];
  /** The transfer-deadline reminder goes out this many days before the last day to request a transfer. */
  transferDeadlineDaysBefore: number;
  /** Days after the exam date without a result before the candidate is a no-show. */
  noShowGraceDays: number;
  /** Recertification reminders this many days before the due date in force (besides reporting-open and due-today). */
  recertificationDueDaysBefore: number[];
}

/**
 * Values that are not in the FAQ: configuration. docs/architecture.md: "Exam fees, the late fee, the transfer fee and
 * the scaled-score range are not public: configuration, never hard-coded"; the rest are public NAMSS
 * defaults that stay configurable. Every rule that uses one takes the policy as a parameter.
 */
export interface Policy {
  examFeeUsd: Record<Membership, number>;
  /** FAQ matrix: membership × single/dual. */
  recertificationFeeUsd: Record<Certifications, Record<Membership, number>>;
  lateFeeUsd: number;
  transferFeeUsd: number;
  reinstatementFeeUsd: number;
  refund: { noticeDays: number; processingFeeUsd: number };
  scaledScoreRange: Record<Program, ScaleRange>;
  passingScaledScore: Record<Program, number>;
  windowCalendar: WindowCalendarPolicy;
  recertification: RecertificationPolicy;
  reminders: ReminderPolicy;
}

const MONDAY: Weekday = 1;

/**
 * The values compiled in before config/policy.yaml existed. A workflow whose input carries no policy snapshot (every
 * history recorded before the snapshot) runs on these, so its replay is unchanged: never edit them.
 */
export const defaultPolicy: Readonly<Policy> = deepFreeze({
  // PLACEHOLDERS, not NAMSS figures: the real exam, late, transfer and reinstatement fees come from config.
  examFeeUsd: { member: 450, 'non-member': 600 },
  // FAQ "What are the fees for recertification?": Single — Members $175, Non-Members $325; Dual — $200, $350.
  recertificationFeeUsd: { single: { member: 175, 'non-member': 325 }, dual: { member: 200, 'non-member': 350 } },
  lateFeeUsd: 100,
  transferFeeUsd: 100,
  reinstatementFeeUsd: 100,
  // Policy values (docs/architecture.md): "refunds by written request at least two weeks before the testing period, less a $100 processing fee".
  refund: { noticeDays: 14, processingFeeUsd: 100 },
  // PLACEHOLDER reporting scale; it must contain the FAQ passing scores (400, 450).
  scaledScoreRange: { CPCS: { min: 200, max: 600 }, CPMSM: { min: 200, max: 600 } },
  // FAQ: "The passing scaled score will be 400 for the CPCS® exam and 450 for the CPMSM® exam."
  passingScaledScore: { CPCS: examCatalog.CPCS.passingScaledScore, CPMSM: examCatalog.CPMSM.passingScaledScore },
  // Policy values (docs/architecture.md): "three windows a year (Spring, Summer, Fall), about three weeks each; notice to schedule
  // about one month before a window". Starts: first Monday of March, June and October (October avoids Labor
  // Day); Monday start + 20 days = the Saturday of the third week.
  windowCalendar: {
    starts: {
      spring: { month: 3, weekday: MONDAY, occurrence: 1 },
      summer: { month: 6, weekday: MONDAY, occurrence: 1 },
      fall: { month: 10, weekday: MONDAY, occurrence: 1 },
    },
    testingDays: 20,
    applicationsOpenDaysBeforeStart: 140,
    applicationDeadlineDaysBeforeStart: 63,
    lateApplicationDeadlineDaysBeforeStart: 42,
    noticeToScheduleDaysBeforeStart: 28,
  },
  // Policy values (docs/architecture.md): CE "single 30 hours of which at least 15 NAMSS-approved, dual 45 of which at least 25";
  // "reported between Aug 1 and Dec 1 of the due year, renewal is due Dec 1"; "extension of up to 6 months
  // … at least half the credits"; "reinstatement from Jan 1 to Jun 1 with an extra fee".
  recertification: {
    reportingOpens: { month: 8, day: 1 },
    due: { month: 12, day: 1 },
    ceRequirement: {
      single: { totalHours: 30, namssApprovedHours: 15 },
      dual: { totalHours: 45, namssApprovedHours: 25 },
    },
    extensionMaxMonths: 6,
    extensionMinimumShareOfHours: 0.5,
    reinstatementOpens: { month: 1, day: 1 },
    reinstatementCloses: { month: 6, day: 1 },
  },
  // The schedules that were compiled into the workflows: 09:00 New York; staff every 5 days (6 at most); appointment
  // 7 days and 1 day before; transfer deadline 3 days before; no-show 3 days after; recertification 90, 30, 7 days.
  reminders: {
    hourNewYork: 9,
    eligibilityOverdueEveryDays: 5,
    eligibilityOverdueMax: 6,
    appointmentDaysBefore: [7, 1],
    transferDeadlineDaysBefore: 3,
    noShowGraceDays: 3,
    recertificationDueDaysBefore: [90, 30, 7],
  },
} satisfies Policy);

/** The policy a workflow runs on: its snapshot, or the compiled values for a history from before snapshots. */
export function policyOrCompiled(snapshot: Policy | undefined): Policy {
  return snapshot ?? defaultPolicy;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export type PolicyOverrides = { [K in keyof Policy]?: DeepPartial<Policy[K]> };
type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

function merge(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  // A list (a reminder schedule) is replaced whole, never merged index by index.
  if (Array.isArray(override)) return [...override];
  if (base && typeof base === 'object' && override && typeof override === 'object') {
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [key, value] of Object.entries(override)) out[key] = merge(out[key], value);
    return out;
  }
  return override;
}

/** The default policy with configured values laid over it; throws DomainRuleError('invalid-policy') listing problems. */
export function policyWith(overrides: PolicyOverrides, base: Policy = defaultPolicy): Policy {
  const policy = deepFreeze(merge(base, overrides) as Policy);
  const problems = policyProblems(policy);
  if (problems.length > 0) throw new DomainRuleError('invalid-policy', `invalid policy: ${problems.join('; ')}`);
  return policy;
}

const isMoney = (n: unknown): boolean => typeof n === 'number' && Number.isFinite(n) && n >= 0;
const isWhole = (n: unknown, min: number, max: number): boolean =>
  typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
const isMonthDay = (md: MonthDay): boolean =>
  isWhole(md.month, 1, 12) && isWhole(md.day, 1, daysInMonth(2001, md.month));
const monthDayBefore = (a: MonthDay, b: MonthDay): boolean => a.month * 100 + a.day < b.month * 100 + b.day;

/** Everything wrong with a policy, one message per problem (empty when valid). */
export function policyProblems(policy: Policy): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  for (const m of ['member', 'non-member'] as const)
    need(isMoney(policy.examFeeUsd[m]), `examFeeUsd.${m} must be a non-negative amount`);
  for (const c of ['single', 'dual'] as const) {
    for (const m of ['member', 'non-member'] as const)
      need(
        isMoney(policy.recertificationFeeUsd[c][m]),
        `recertificationFeeUsd.${c}.${m} must be a non-negative amount`,
      );
  }
  need(isMoney(policy.lateFeeUsd), 'lateFeeUsd must be a non-negative amount');
  need(isMoney(policy.transferFeeUsd), 'transferFeeUsd must be a non-negative amount');
  need(isMoney(policy.reinstatementFeeUsd), 'reinstatementFeeUsd must be a non-negative amount');
  need(isMoney(policy.refund.processingFeeUsd), 'refund.processingFeeUsd must be a non-negative amount');
  need(isWhole(policy.refund.noticeDays, 0, 365), 'refund.noticeDays must be a whole number of days 0–365');
  for (const program of ['CPCS', 'CPMSM'] as const) {
    const range = policy.scaledScoreRange[program];
    const passing = policy.passingScaledScore[program];
    need(Number.isInteger(passing), `passingScaledScore.${program} must be a whole number`);
    need(
      Number.isInteger(range.min) && Number.isInteger(range.max) && range.min < passing && passing < range.max,
      `scaledScoreRange.${program} must be whole numbers with min < ${passing} (the passing score) < max`,
    );
  }
  const w = policy.windowCalendar;
  for (const season of ['spring', 'summer', 'fall'] as const) {
    const rule = w.starts[season];
    need(
      isWhole(rule.month, 1, 12) && isWhole(rule.weekday, 0, 6) && isWhole(rule.occurrence, 1, 4),
      `windowCalendar.starts.${season} needs month 1–12, weekday 0–6 (0 = Sunday) and occurrence 1–4`,
    );
  }
  need(
    w.starts.spring.month < w.starts.summer.month && w.starts.summer.month < w.starts.fall.month,
    'windowCalendar.starts must put Spring, Summer and Fall in that order within the year',
  );
  // FAQ: the close "may be up to three weeks after an individual's testing date": day 1 to the last day ≤ 21 days.
  need(
    isWhole(w.testingDays, 1, 22),
    'windowCalendar.testingDays must be 1–22 (FAQ: the close is up to three weeks after a testing date)',
  );
  need(
    isWhole(w.noticeToScheduleDaysBeforeStart, 0, 366) &&
      isWhole(w.lateApplicationDeadlineDaysBeforeStart, 0, 366) &&
      isWhole(w.applicationDeadlineDaysBeforeStart, 0, 366) &&
      isWhole(w.applicationsOpenDaysBeforeStart, 0, 366) &&
      w.applicationsOpenDaysBeforeStart > w.applicationDeadlineDaysBeforeStart &&
      w.applicationDeadlineDaysBeforeStart >= w.lateApplicationDeadlineDaysBeforeStart &&
      w.lateApplicationDeadlineDaysBeforeStart > w.noticeToScheduleDaysBeforeStart,
    'windowCalendar days before start must be whole numbers ordered applications open > deadline ≥ late deadline > notice to schedule',
  );
  const r = policy.recertification;
  need(
    isMonthDay(r.reportingOpens) && isMonthDay(r.due),
    'recertification.reportingOpens and due must be valid month/day pairs',
  );
  need(monthDayBefore(r.reportingOpens, r.due), 'recertification.reportingOpens must come before recertification.due');
  for (const kind of ['single', 'dual'] as const) {
    const ce = r.ceRequirement[kind];
    need(
      ce.totalHours > 0 && ce.namssApprovedHours >= 0 && ce.namssApprovedHours <= ce.totalHours,
      `recertification.ceRequirement.${kind} needs totalHours > 0 and 0 ≤ namssApprovedHours ≤ totalHours`,
    );
  }
  need(isWhole(r.extensionMaxMonths, 0, 12), 'recertification.extensionMaxMonths must be 0–12');
  need(
    r.extensionMinimumShareOfHours > 0 && r.extensionMinimumShareOfHours <= 1,
    'recertification.extensionMinimumShareOfHours must be in (0, 1]',
  );
  need(
    isMonthDay(r.reinstatementOpens) &&
      isMonthDay(r.reinstatementCloses) &&
      monthDayBefore(r.reinstatementOpens, r.reinstatementCloses),
    'recertification.reinstatementOpens must be a valid month/day before reinstatementCloses',
  );
  problems.push(...reminderProblems(policy.reminders));
  return problems;
}

const isDayList = (list: unknown): boolean =>
  Array.isArray(list) &&
  list.length <= 10 &&
  list.every((d) => isWhole(d, 1, 365)) &&
  new Set(list).size === list.length;

function reminderProblems(r: ReminderPolicy): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  need(isWhole(r.hourNewYork, 0, 23), 'reminders.hourNewYork must be an hour 0–23');
  need(isWhole(r.eligibilityOverdueEveryDays, 1, 90), 'reminders.eligibilityOverdueEveryDays must be 1–90');
  need(isWhole(r.eligibilityOverdueMax, 0, 20), 'reminders.eligibilityOverdueMax must be 0–20');
  need(
    isDayList(r.appointmentDaysBefore),
    'reminders.appointmentDaysBefore must be a list of distinct whole days 1–365',
  );
  need(isWhole(r.transferDeadlineDaysBefore, 0, 60), 'reminders.transferDeadlineDaysBefore must be 0–60');
  need(isWhole(r.noShowGraceDays, 0, 60), 'reminders.noShowGraceDays must be 0–60');
  need(
    isDayList(r.recertificationDueDaysBefore),
    'reminders.recertificationDueDaysBefore must be a list of distinct whole days 1–365',
  );
  return problems;
}
