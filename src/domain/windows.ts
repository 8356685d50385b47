import { accommodationCutoff } from './accommodations';
import { addDays, isBetweenInclusive, nthWeekdayOfMonth, type CivilDate, civilDateParts } from './civil-date';
import { defaultPolicy, type Policy } from './policy';
import { formAssemblyYearOf, parseWindowId, SEASONS, windowIdFor, type Season, type WindowId } from './window-id';

// FAQ: "Official results will be emailed to candidates approximately six to eight weeks from the close".
export const SCORE_RELEASE_WEEKS = { earliest: 6, latest: 8 } as const;

export interface WindowCalendar {
  windowId: WindowId;
  label: string;
  season: Season;
  year: number;
  /** FAQ: forms are "written to the standards in effect at the time the exam is assembled (typically April)". */
  formsAssembledInAprilOf: number;
  applicationsOpen: CivilDate;
  applicationDeadline: CivilDate;
  lateApplicationDeadline: CivilDate;
  accommodationCutoff: CivilDate;
  noticeToSchedule: CivilDate;
  /** First test day. */
  start: CivilDate;
  /** Last test day. */
  end: CivilDate;
  /**
   * FAQ: "the close of the testing window may be up to three weeks after an individual's testing date": a window
   * of about three weeks closes when its last test day ends, so this is the last test day (the close is its end).
   */
  close: CivilDate;
  /** FAQ: results "approximately six to eight weeks from the close of the testing period/window". */
  scoreRelease: { earliest: CivilDate; latest: CivilDate };
}

/**
 * Runs of the testing window and exam application started before the `window-closes-with-last-test-day` patch
 * closed the window 21 days after its last test day; only their replays use this.
 */
export const LEGACY_CLOSE_DAYS_AFTER_LAST_TEST_DAY = 21;

/** First test day of a window under the policy's start rule (e.g. first Monday of October). */
export function windowStart(windowId: string, policy: Policy = defaultPolicy): CivilDate {
  const { season, year } = parseWindowId(windowId);
  const rule = policy.windowCalendar.starts[season];
  return nthWeekdayOfMonth(year, rule.month, rule.weekday, rule.occurrence);
}

/** FAQ: results "approximately six to eight weeks from the close of the testing period/window". */
export function scoreReleaseRange(closedOn: CivilDate): { earliest: CivilDate; latest: CivilDate } {
  return {
    earliest: addDays(closedOn, SCORE_RELEASE_WEEKS.earliest * 7),
    latest: addDays(closedOn, SCORE_RELEASE_WEEKS.latest * 7),
  };
}

/** Every milestone of a testing window, computed from its id and the policy (any year works). */
export function windowCalendar(windowId: string, policy: Policy = defaultPolicy): WindowCalendar {
  const ref = parseWindowId(windowId);
  const w = policy.windowCalendar;
  const start = windowStart(ref.id, policy);
  const end = addDays(start, w.testingDays - 1);
  return {
    windowId: ref.id,
    label: ref.label,
    season: ref.season,
    year: ref.year,
    formsAssembledInAprilOf: formAssemblyYearOf(ref.id),
    applicationsOpen: addDays(start, -w.applicationsOpenDaysBeforeStart),
    applicationDeadline: addDays(start, -w.applicationDeadlineDaysBeforeStart),
    lateApplicationDeadline: addDays(start, -w.lateApplicationDeadlineDaysBeforeStart),
    accommodationCutoff: accommodationCutoff(start),
    noticeToSchedule: addDays(start, -w.noticeToScheduleDaysBeforeStart),
    start,
    end,
    close: end,
    scoreRelease: scoreReleaseRange(end),
  };
}

/** The windows of a calendar year, Spring, Summer, Fall. */
export function windowsOfYear(year: number, policy: Policy = defaultPolicy): WindowCalendar[] {
  return SEASONS.map((season) => windowCalendar(windowIdFor(season, year), policy));
}

/** docs/architecture.md: an appointment "must lie inside the window" — between its first and last test day. */
export function isTestDateInWindow(windowId: string, date: CivilDate, policy: Policy = defaultPolicy): boolean {
  const { start, end } = windowCalendar(windowId, policy);
  return isBetweenInclusive(date, start, end);
}

/** The window whose test days include `date`, if any. */
export function windowOnTestDate(date: CivilDate, policy: Policy = defaultPolicy): WindowId | undefined {
  const { year } = civilDateParts(date);
  return windowsOfYear(year, policy).find((w) => isBetweenInclusive(date, w.start, w.end))?.windowId;
}

/** The day a window closes (at its end): its last test day, or 21 days later for runs from before the patch. */
export function windowCloseDate(windowId: string, legacy = false, policy: Policy = defaultPolicy): CivilDate {
  const { close } = windowCalendar(windowId, policy);
  return legacy ? addDays(close, LEGACY_CLOSE_DAYS_AFTER_LAST_TEST_DAY) : close;
}
