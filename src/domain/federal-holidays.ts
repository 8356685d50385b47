import {
  addDays,
  assertCalendarYear,
  civilDate,
  civilDateParts,
  compareCivilDates,
  lastWeekdayOfMonth,
  nthWeekdayOfMonth,
  weekdayOf,
  type CivilDate,
} from './civil-date';

/** A US federal holiday on the day it is observed (the day offices close). */
export interface FederalHoliday {
  /** The observed day: always Monday–Friday. */
  date: CivilDate;
  /** Name as in 5 U.S.C. 6103 / OPM. */
  name: string;
  /** The holiday's own date; differs from `date` when it fell on a weekend. */
  actualDate: CivilDate;
  observed: boolean;
}

const MONDAY = 1;
const THURSDAY = 4;

/** The holidays of 5 U.S.C. 6103 on their actual dates in `year` (Juneteenth from 2021). */
function actualHolidays(year: number): { name: string; date: CivilDate }[] {
  const list = [
    { name: "New Year's Day", date: civilDate(year, 1, 1) },
    { name: 'Birthday of Martin Luther King, Jr.', date: nthWeekdayOfMonth(year, 1, MONDAY, 3) },
    { name: "Washington's Birthday", date: nthWeekdayOfMonth(year, 2, MONDAY, 3) },
    { name: 'Memorial Day', date: lastWeekdayOfMonth(year, 5, MONDAY) },
    { name: 'Juneteenth National Independence Day', date: civilDate(year, 6, 19) },
    { name: 'Independence Day', date: civilDate(year, 7, 4) },
    { name: 'Labor Day', date: nthWeekdayOfMonth(year, 9, MONDAY, 1) },
    { name: 'Columbus Day', date: nthWeekdayOfMonth(year, 10, MONDAY, 2) },
    { name: 'Veterans Day', date: civilDate(year, 11, 11) },
    { name: 'Thanksgiving Day', date: nthWeekdayOfMonth(year, 11, THURSDAY, 4) },
    { name: 'Christmas Day', date: civilDate(year, 12, 25) },
  ];
  // Juneteenth became a federal holiday on 2021-06-17 (Pub. L. 117-17).
  return year >= 2021 ? list : list.filter((h) => !h.name.startsWith('Juneteenth'));
}

// docs/architecture.md: "a Saturday holiday is observed on the Friday before, a Sunday one on the Monday after".
function observedDay(date: CivilDate): CivilDate {
  const weekday = weekdayOf(date);
  if (weekday === 6) return addDays(date, -1);
  if (weekday === 0) return addDays(date, 1);
  return date;
}

const cache = new Map<number, readonly FederalHoliday[]>();

/**
 * Federal holidays observed on days of `year`, in date order. Includes Dec 31 when the next New Year's Day
 * is a Saturday, and leaves out a New Year's Day that is a Saturday (observed the year before).
 */
export function federalHolidaysObservedIn(year: number): readonly FederalHoliday[] {
  assertCalendarYear(year, `the year ${year}`);
  const cached = cache.get(year);
  if (cached) return cached;
  const holidays = [...actualHolidays(year), ...actualHolidays(year + 1)]
    .map(({ name, date }) => {
      const observed = observedDay(date);
      return Object.freeze({ date: observed, name, actualDate: date, observed: observed !== date });
    })
    .filter((h) => civilDateParts(h.date).year === year)
    .sort((a, b) => compareCivilDates(a.date, b.date));
  Object.freeze(holidays);
  cache.set(year, holidays);
  return holidays;
}

/** The federal holiday observed on a date, if any. */
export function federalHolidayOn(date: CivilDate): FederalHoliday | undefined {
  const { year } = civilDateParts(date);
  return federalHolidaysObservedIn(year).find((h) => h.date === date);
}

/** Observed federal holidays from `from` to `to`, both included, in date order. */
export function federalHolidaysBetween(from: CivilDate, to: CivilDate): FederalHoliday[] {
  const first = civilDateParts(from).year;
  const last = civilDateParts(to).year;
  const found: FederalHoliday[] = [];
  for (let year = first; year <= last; year++) {
    for (const h of federalHolidaysObservedIn(year)) {
      if (compareCivilDates(from, h.date) <= 0 && compareCivilDates(h.date, to) <= 0) found.push(h);
    }
  }
  return found;
}
