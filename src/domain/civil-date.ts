import { DomainRuleError } from './errors';

/** A calendar date without a time zone, written 'YYYY-MM-DD' (ISO 8601). Plain JSON in workflow state. */
export type CivilDate = string;

/** 0 = Sunday … 6 = Saturday (same numbering as Date#getUTCDay). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface CivilDateParts {
  year: number;
  month: number;
  day: number;
}

// Narrow enough to catch typos like 0202 or 20277, wide enough for old certification dates.
export const FIRST_SUPPORTED_YEAR = 1900;
export const LAST_SUPPORTED_YEAR = 2299;

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function monthName(month: number): string {
  return MONTH_NAMES[month - 1] ?? `month ${month}`;
}

function check(year: number, month: number, day: number, shown: string): void {
  if (year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new DomainRuleError(
      'date-out-of-range',
      `"${shown}" is outside the supported years ${FIRST_SUPPORTED_YEAR}–${LAST_SUPPORTED_YEAR}`,
    );
  }
  if (month < 1 || month > 12) {
    throw new DomainRuleError('invalid-date', `"${shown}" is not a calendar date: the month must be 01–12`);
  }
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) {
    throw new DomainRuleError(
      'invalid-date',
      `"${shown}" is not a calendar date: ${monthName(month)} ${year} has ${last} days`,
    );
  }
}

/** Splits and validates a 'YYYY-MM-DD' date; throws DomainRuleError('invalid-date') saying what is wrong. */
export function civilDateParts(text: CivilDate): CivilDateParts {
  const match = typeof text === 'string' ? PATTERN.exec(text) : null;
  if (!match) {
    throw new DomainRuleError(
      'invalid-date',
      `"${String(text)}" is not a date: write it as YYYY-MM-DD, for example 2027-03-01`,
    );
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  check(year, month, day, text);
  return { year, month, day };
}

/** Validates a 'YYYY-MM-DD' date and returns it unchanged. */
export function parseCivilDate(text: string): CivilDate {
  civilDateParts(text);
  return text;
}

export function isCivilDate(text: unknown): text is CivilDate {
  try {
    civilDateParts(text as string);
    return true;
  } catch {
    return false;
  }
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Builds a date from its parts, validating them. */
export function civilDate(year: number, month: number, day: number): CivilDate {
  const shown = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (![year, month, day].every(Number.isInteger)) {
    throw new DomainRuleError('invalid-date', `"${shown}" is not a calendar date: parts must be whole numbers`);
  }
  check(year, month, day, shown);
  return shown;
}

/** Days since 1970-01-01 (negative before). Proleptic Gregorian, after H. Hinnant's days_from_civil. */
export function toEpochDay(date: CivilDate): number {
  const { year, month, day } = civilDateParts(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Inverse of toEpochDay. */
export function fromEpochDay(epochDay: number): CivilDate {
  if (!Number.isInteger(epochDay)) {
    throw new DomainRuleError('invalid-number', `epoch day must be a whole number, got ${epochDay}`);
  }
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return civilDate(year, month, day);
}

export function addDays(date: CivilDate, days: number): CivilDate {
  if (!Number.isInteger(days)) {
    throw new DomainRuleError('invalid-number', `a number of days must be a whole number, got ${days}`);
  }
  return fromEpochDay(toEpochDay(date) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CivilDate, to: CivilDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function weekdayOf(date: CivilDate): Weekday {
  // 1970-01-01 was a Thursday (4).
  return ((((toEpochDay(date) + 4) % 7) + 7) % 7) as Weekday;
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** '2027-05-28' → 'Friday, May 28, 2027': how a date is spelled out to a person (pages, emails, refusals). */
export function longDate(date: CivilDate): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${WEEKDAY_NAMES[weekdayOf(date)]}, ${MONTH_NAMES[month - 1]} ${day}, ${year}`;
}

export function isWeekend(date: CivilDate): boolean {
  const weekday = weekdayOf(date);
  return weekday === 0 || weekday === 6;
}

/** -1, 0 or 1; validated dates compare correctly as strings (4-digit years). */
export function compareCivilDates(a: CivilDate, b: CivilDate): -1 | 0 | 1 {
  civilDateParts(a);
  civilDateParts(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isBefore(a: CivilDate, b: CivilDate): boolean {
  return compareCivilDates(a, b) < 0;
}

export function isOnOrBefore(a: CivilDate, b: CivilDate): boolean {
  return compareCivilDates(a, b) <= 0;
}

export function isBetweenInclusive(date: CivilDate, first: CivilDate, last: CivilDate): boolean {
  return compareCivilDates(first, date) <= 0 && compareCivilDates(date, last) <= 0;
}

/** Same day of month `months` later, clamped to the month's last day (Aug 31 + 6 months = Feb 28/29). */
export function addMonths(date: CivilDate, months: number): CivilDate {
  if (!Number.isInteger(months)) {
    throw new DomainRuleError('invalid-number', `a number of months must be a whole number, got ${months}`);
  }
  const { year, month, day } = civilDateParts(date);
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = index - newYear * 12 + 1;
  return civilDate(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)));
}

/** The n-th (1-based) given weekday of a month, e.g. the 3rd Monday of January. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: Weekday, n: number): CivilDate {
  if (!Number.isInteger(n) || n < 1 || n > 5) {
    throw new DomainRuleError('invalid-number', `the occurrence of a weekday in a month must be 1–5, got ${n}`);
  }
  const first = civilDate(year, month, 1);
  const offset = (weekday - weekdayOf(first) + 7) % 7;
  const day = 1 + offset + (n - 1) * 7;
  if (day > daysInMonth(year, month)) {
    throw new DomainRuleError(
      'invalid-date',
      `${monthName(month)} ${year} has no occurrence ${n} of weekday ${weekday}`,
    );
  }
  return civilDate(year, month, day);
}

export function lastWeekdayOfMonth(year: number, month: number, weekday: Weekday): CivilDate {
  const last = civilDate(year, month, daysInMonth(year, month));
  return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
}

// Holidays and New York time are computed by rule; the rules are known for these years.
export const CALENDAR_FIRST_YEAR = 2000;
export const CALENDAR_LAST_YEAR = 2199;

/** Throws DomainRuleError('date-out-of-range') for years the business calendar does not cover. */
export function assertCalendarYear(year: number, shown: string): void {
  if (year < CALENDAR_FIRST_YEAR || year > CALENDAR_LAST_YEAR) {
    throw new DomainRuleError(
      'date-out-of-range',
      `${shown} is outside the business calendar (years ${CALENDAR_FIRST_YEAR}–${CALENDAR_LAST_YEAR})`,
    );
  }
}
