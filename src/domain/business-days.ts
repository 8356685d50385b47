import {
  addDays,
  assertCalendarYear,
  civilDateParts,
  compareCivilDates,
  daysBetween,
  isWeekend,
  weekdayOf,
  type CivilDate,
} from './civil-date';
import { DomainRuleError } from './errors';
import { federalHolidayOn, federalHolidaysBetween, type FederalHoliday } from './federal-holidays';

function assertInCalendar(date: CivilDate): void {
  assertCalendarYear(civilDateParts(date).year, date);
}

// docs/architecture.md: "Business days: Monday to Friday, less US federal holidays as observed".
export function isBusinessDay(date: CivilDate): boolean {
  assertInCalendar(date);
  return !isWeekend(date) && federalHolidayOn(date) === undefined;
}

/**
 * The n-th business day after `date` (n > 0) or before it (n < 0), not counting `date` itself;
 * n = 0 returns `date` unchanged. Works from weekends and holidays too.
 */
export function addBusinessDays(date: CivilDate, n: number): CivilDate {
  if (!Number.isInteger(n)) {
    throw new DomainRuleError('invalid-number', `a number of business days must be a whole number, got ${n}`);
  }
  assertInCalendar(date);
  const step = n < 0 ? -1 : 1;
  let current = date;
  for (let remaining = Math.abs(n); remaining > 0;) {
    current = addDays(current, step);
    if (isBusinessDay(current)) remaining--;
  }
  return current;
}

export function subtractBusinessDays(date: CivilDate, n: number): CivilDate {
  return addBusinessDays(date, -n);
}

function assertOrdered(from: CivilDate, to: CivilDate): void {
  if (compareCivilDates(from, to) > 0) {
    throw new DomainRuleError('invalid-range', `the range starts on ${from}, after it ends on ${to}: swap the dates`);
  }
  assertInCalendar(from);
  assertInCalendar(to);
}

function weekdaysBetween(from: CivilDate, to: CivilDate): number {
  const total = daysBetween(from, to) + 1;
  const fullWeeks = Math.floor(total / 7);
  let count = fullWeeks * 5;
  const firstWeekday = weekdayOf(from);
  for (let i = 0; i < total - fullWeeks * 7; i++) {
    const weekday = (firstWeekday + i) % 7;
    if (weekday !== 0 && weekday !== 6) count++;
  }
  return count;
}

export interface BusinessDayCount {
  businessDays: number;
  /** Observed federal holidays in the range (all fall on weekdays, so each removed one business day). */
  holidays: FederalHoliday[];
}

/** Business days from `from` to `to`, both ends included, and the holidays that were skipped. */
export function businessDaysBetween(from: CivilDate, to: CivilDate): BusinessDayCount {
  assertOrdered(from, to);
  const holidays = federalHolidaysBetween(from, to);
  return { businessDays: weekdaysBetween(from, to) - holidays.length, holidays };
}

/** Number of business days from `from` to `to`, both ends included. */
export function countBusinessDays(from: CivilDate, to: CivilDate): number {
  return businessDaysBetween(from, to).businessDays;
}

export function nextBusinessDayOnOrAfter(date: CivilDate): CivilDate {
  return isBusinessDay(date) ? date : addBusinessDays(date, 1);
}

export function previousBusinessDayOnOrBefore(date: CivilDate): CivilDate {
  return isBusinessDay(date) ? date : addBusinessDays(date, -1);
}
