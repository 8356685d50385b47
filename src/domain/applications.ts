import { compareCivilDates, type CivilDate } from './civil-date';
import type { Instant } from './instant';
import { newYorkDateOf } from './new-york-time';
import { defaultPolicy, type Policy } from './policy';
import { windowCalendar } from './windows';

export type ApplicationTiming = 'not-open' | 'on-time' | 'late' | 'closed';

export interface ApplicationTimingCheck {
  timing: ApplicationTiming;
  /** Late applications (after the deadline, by the late deadline) pay the late fee. */
  lateFeeApplies: boolean;
  applicationsOpen: CivilDate;
  applicationDeadline: CivilDate;
  lateApplicationDeadline: CivilDate;
}

/**
 * Where a submission falls against a window's application dates (New York date of submission, deadlines
 * inclusive). FAQ: after "the testing window deadline (and late deadline)" a candidate cannot test in that window.
 */
export function applicationTiming(
  windowId: string,
  submittedAt: Instant,
  policy: Policy = defaultPolicy,
): ApplicationTimingCheck {
  const calendar = windowCalendar(windowId, policy);
  const day = newYorkDateOf(submittedAt);
  const timing: ApplicationTiming =
    compareCivilDates(day, calendar.applicationsOpen) < 0
      ? 'not-open'
      : compareCivilDates(day, calendar.applicationDeadline) <= 0
        ? 'on-time'
        : compareCivilDates(day, calendar.lateApplicationDeadline) <= 0
          ? 'late'
          : 'closed';
  return {
    timing,
    lateFeeApplies: timing === 'late',
    applicationsOpen: calendar.applicationsOpen,
    applicationDeadline: calendar.applicationDeadline,
    lateApplicationDeadline: calendar.lateApplicationDeadline,
  };
}
