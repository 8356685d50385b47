import { civilDate, civilDateParts, compareCivilDates, type CivilDate } from './civil-date';
import { defaultPolicy, type Policy } from './policy';
import {
  nextRecertificationCycle,
  recertificationCycle,
  withSecondCertification,
  type RecertificationCycle,
} from './recertification';

/**
 * Where a second certification earned on `certifiedOn` belongs, given the cycle the first is in.
 * FAQ: "If you are dually certified, then recertification needs to occur three (3) years from obtaining your first
 * certification." Earned before the cycle's due date, it shares that cycle (dual requirement and fee, same due date).
 * Earned on or after it (the first is extended or lapsed), this cycle's CE period is over: the first is renewed,
 * lapsed or reinstated alone, and the second joins the next cycle of the same anchor, three years on.
 */
export type SecondCertificationPlace =
  { joins: 'this-cycle'; cycle: RecertificationCycle } | { joins: 'next-cycle'; dueDate: CivilDate };

export function placeSecondCertification(
  cycle: RecertificationCycle,
  certifiedOn: CivilDate,
  policy: Policy = defaultPolicy,
): SecondCertificationPlace {
  if (compareCivilDates(certifiedOn, cycle.dueDate) < 0)
    return { joins: 'this-cycle', cycle: withSecondCertification(cycle, certifiedOn, policy) };
  return { joins: 'next-cycle', dueDate: nextRecertificationCycle(cycle, policy).dueDate };
}

/** The cycle after this one, once the credentials that joined it are counted: dual when one joined. */
export function cycleAfterJoining(
  cycle: RecertificationCycle,
  joinedOn: CivilDate | undefined,
  policy: Policy = defaultPolicy,
): RecertificationCycle {
  return joinedOn === undefined
    ? nextRecertificationCycle(cycle, policy)
    : recertificationCycle(cycle.firstCertifiedOn, joinedOn, policy);
}

/** What a lapse on `lapsedOn` still allows: reinstatement while its period has not closed (never a second extension). */
export function reinstatementAfterLapse(
  cycle: RecertificationCycle,
  lapsedOn: CivilDate,
): { opens: CivilDate; closes: CivilDate; openNow: boolean } | undefined {
  const { opens, closes } = cycle.reinstatement;
  if (compareCivilDates(lapsedOn, closes) > 0) return undefined;
  const openNow = compareCivilDates(lapsedOn, opens) >= 0;
  return { opens: openNow ? lapsedOn : opens, closes, openNow };
}

/** The last day a credential lapsed at the due date `dueDate` can be reinstated (the year after the due year). */
export function reinstatementClosesAfter(dueDate: CivilDate, policy: Policy = defaultPolicy): CivilDate {
  const { month, day } = policy.recertification.reinstatementCloses;
  return civilDate(civilDateParts(dueDate).year + 1, month, day);
}

/**
 * Whether a credential still counts as held on `on`: active (extended included), or lapsed with reinstatement still
 * possible. An expired one is history: certifying again in its program is a new credential with a new cycle.
 */
export function credentialHeldOn(
  c: { status: string; expiresOn: CivilDate },
  on: CivilDate,
  policy: Policy = defaultPolicy,
): boolean {
  if (c.status === 'active') return true;
  return c.status === 'lapsed' && compareCivilDates(on, reinstatementClosesAfter(c.expiresOn, policy)) <= 0;
}
