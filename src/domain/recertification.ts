import { ceMeter, ceRequirementFor, type CeEntry } from './ce-meter';
import { addMonths, civilDate, civilDateParts, compareCivilDates, type CivilDate } from './civil-date';
import { DomainRuleError } from './errors';
import type { Instant } from './instant';
import { newYorkDateOf } from './new-york-time';
import { defaultPolicy, type CeRequirement, type Certifications, type Policy } from './policy';

// FAQ: "Certificants need to recertify within three years after achieving certification."
export const RECERTIFICATION_CYCLE_YEARS = 3;

export interface RecertificationCycle {
  /** FAQ: dual certificants recertify "three (3) years from obtaining your first certification". */
  firstCertifiedOn: CivilDate;
  secondCertifiedOn?: CivilDate;
  certifications: Certifications;
  /** 1 for the cycle that follows the first certification, then 2, 3, … */
  cycleNumber: number;
  dueYear: number;
  reportingOpens: CivilDate;
  dueDate: CivilDate;
  requirement: CeRequirement;
  /** The due date pushed by the longest extension the policy allows. */
  latestExtendedDueDate: CivilDate;
  /** After a lapse: the reinstatement period in the year after the due year. */
  reinstatement: { opens: CivilDate; closes: CivilDate };
}

function cycleFor(
  firstCertifiedOn: CivilDate,
  secondCertifiedOn: CivilDate | undefined,
  cycleNumber: number,
  policy: Policy,
): RecertificationCycle {
  const r = policy.recertification;
  // Policy values (docs/architecture.md): due year = certification year + 3 (dual: the first certification's year + 3); each later cycle + 3.
  const dueYear = civilDateParts(firstCertifiedOn).year + RECERTIFICATION_CYCLE_YEARS * cycleNumber;
  const dueDate = civilDate(dueYear, r.due.month, r.due.day);
  const dual = secondCertifiedOn !== undefined && compareCivilDates(secondCertifiedOn, dueDate) < 0;
  const certifications: Certifications = dual ? 'dual' : 'single';
  return {
    firstCertifiedOn,
    ...(dual ? { secondCertifiedOn } : {}),
    certifications,
    cycleNumber,
    dueYear,
    // Policy values (docs/architecture.md): "CE is reported between Aug 1 and Dec 1 of the due year, renewal is due Dec 1".
    reportingOpens: civilDate(dueYear, r.reportingOpens.month, r.reportingOpens.day),
    dueDate,
    requirement: ceRequirementFor(certifications, policy),
    latestExtendedDueDate: addMonths(dueDate, r.extensionMaxMonths),
    reinstatement: {
      opens: civilDate(dueYear + 1, r.reinstatementOpens.month, r.reinstatementOpens.day),
      closes: civilDate(dueYear + 1, r.reinstatementCloses.month, r.reinstatementCloses.day),
    },
  };
}

/**
 * The recertification cycle a certificant is in after their (latest) certification. Single: the cycle
 * due three years after the certification year. Dual: anchored on the first certification — the first
 * cycle (every three years from it) whose due date is after the second certification, with the dual requirement.
 */
export function recertificationCycle(
  firstCertifiedOn: CivilDate,
  secondCertifiedOn?: CivilDate,
  policy: Policy = defaultPolicy,
): RecertificationCycle {
  civilDateParts(firstCertifiedOn);
  if (secondCertifiedOn === undefined) return cycleFor(firstCertifiedOn, undefined, 1, policy);
  if (compareCivilDates(secondCertifiedOn, firstCertifiedOn) < 0) {
    throw new DomainRuleError(
      'second-certification-before-first',
      `the second certification (${secondCertifiedOn}) is dated before the first (${firstCertifiedOn}): give the earlier date as the first certification`,
    );
  }
  let cycleNumber = 1;
  while (
    compareCivilDates(cycleFor(firstCertifiedOn, undefined, cycleNumber, policy).dueDate, secondCertifiedOn) <= 0
  ) {
    cycleNumber++;
  }
  return cycleFor(firstCertifiedOn, secondCertifiedOn, cycleNumber, policy);
}

/** The cycle after a renewal (continue-as-new): three years later, same anchor, dual if dual. */
export function nextRecertificationCycle(
  cycle: RecertificationCycle,
  policy: Policy = defaultPolicy,
): RecertificationCycle {
  return cycleFor(cycle.firstCertifiedOn, cycle.secondCertifiedOn, cycle.cycleNumber + 1, policy);
}

/** A certificant who earns a second certification mid-cycle: same due date, dual requirement and fee. */
export function withSecondCertification(
  cycle: RecertificationCycle,
  secondCertifiedOn: CivilDate,
  policy: Policy = defaultPolicy,
): RecertificationCycle {
  return recertificationCycle(cycle.firstCertifiedOn, secondCertifiedOn, policy);
}

export type ExtensionRefusal = 'not-in-writing' | 'not-enough-credits' | 'after-due-date';

export interface ExtensionEligibility {
  eligible: boolean;
  /** Half the required total, by default. */
  minimumHours: number;
  countedHours: number;
  /** The furthest the due date may move: due date + extensionMaxMonths. */
  latestExtendedDueDate: CivilDate;
  refusals: ExtensionRefusal[];
}

/**
 * Policy values (docs/architecture.md): "an extension of up to 6 months needs a written request and at least half the credits".
 * The request must come by the due date: after it the certification has lapsed and reinstatement applies.
 */
export function extensionEligibility(
  input: { cycle: RecertificationCycle; entries: readonly CeEntry[]; requestedAt: Instant; inWriting: boolean },
  policy: Policy = defaultPolicy,
): ExtensionEligibility {
  const { cycle } = input;
  const meter = ceMeter(input.entries, cycle.requirement);
  const minimumHours = cycle.requirement.totalHours * policy.recertification.extensionMinimumShareOfHours;
  const refusals: ExtensionRefusal[] = [];
  if (!input.inWriting) refusals.push('not-in-writing');
  if (meter.countedHours < minimumHours) refusals.push('not-enough-credits');
  if (compareCivilDates(newYorkDateOf(input.requestedAt), cycle.dueDate) > 0) refusals.push('after-due-date');
  return {
    eligible: refusals.length === 0,
    minimumHours,
    countedHours: meter.countedHours,
    latestExtendedDueDate: addMonths(cycle.dueDate, policy.recertification.extensionMaxMonths),
    refusals,
  };
}

/** The due date after an extension of `months` (1 … the policy's maximum, 6 by default). */
export function extendedDueDate(dueDate: CivilDate, months: number, policy: Policy = defaultPolicy): CivilDate {
  const max = policy.recertification.extensionMaxMonths;
  if (!Number.isInteger(months) || months < 1 || months > max) {
    throw new DomainRuleError('invalid-extension', `an extension is 1 to ${max} whole months, got ${months}`);
  }
  return addMonths(dueDate, months);
}

/**
 * Where a certificant stands on a day: in-cycle → reporting (Aug 1–Dec 1) → extended (if granted) →
 * lapsed (until reinstatement opens) → reinstatement (Jan 1–Jun 1, extra fee) → expired.
 */
export type RecertificationPhase = 'in-cycle' | 'reporting' | 'extended' | 'lapsed' | 'reinstatement' | 'expired';

export function recertificationPhase(
  cycle: RecertificationCycle,
  today: CivilDate,
  extendedUntil?: CivilDate,
): RecertificationPhase {
  if (compareCivilDates(today, cycle.reportingOpens) < 0) return 'in-cycle';
  if (compareCivilDates(today, cycle.dueDate) <= 0) return 'reporting';
  if (extendedUntil !== undefined && compareCivilDates(today, extendedUntil) <= 0) return 'extended';
  if (compareCivilDates(today, cycle.reinstatement.opens) < 0) return 'lapsed';
  if (compareCivilDates(today, cycle.reinstatement.closes) <= 0) return 'reinstatement';
  return 'expired';
}

/** Whether a renewal submitted on `today` pays the reinstatement fee on top of the recertification fee. */
export function isReinstatement(cycle: RecertificationCycle, today: CivilDate, extendedUntil?: CivilDate): boolean {
  return recertificationPhase(cycle, today, extendedUntil) === 'reinstatement';
}
