import { fromEpochDay, LAST_SUPPORTED_YEAR, nthWeekdayOfMonth, lastWeekdayOfMonth, type CivilDate } from './civil-date';
import { DomainRuleError } from './errors';
import { epochMsToInstant, instantToEpochMs, MS_PER_DAY, wallClockAsUtcMs, type Instant } from './instant';

// docs/architecture.md: business days and deadlines are "in the America/New_York time zone".
export const NEW_YORK_TIME_ZONE = 'America/New_York';

const FIRST_RULE_YEAR = 1987;
const EST_MINUTES = -300;
const EDT_MINUTES = -240;

export interface DaylightSavingPeriod {
  /** First instant of EDT: 02:00 EST → 03:00 EDT, i.e. 07:00Z. */
  starts: Instant;
  /** First instant of EST again: 02:00 EDT → 01:00 EST, i.e. 06:00Z. */
  ends: Instant;
}

function periodMs(year: number): { starts: number; ends: number } {
  // The rules below are the law since 1987; the upper bound is the supported civil-date range.
  if (year < FIRST_RULE_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new DomainRuleError(
      'date-out-of-range',
      `New York time is computed for ${FIRST_RULE_YEAR}–${LAST_SUPPORTED_YEAR}, not ${year}`,
    );
  }
  // Energy Policy Act of 2005, from 2007: second Sunday of March to first Sunday of November;
  // 1987–2006: first Sunday of April to last Sunday of October. Both switch at 02:00 local.
  const startDay = year >= 2007 ? nthWeekdayOfMonth(year, 3, 0, 2) : nthWeekdayOfMonth(year, 4, 0, 1);
  const endDay = year >= 2007 ? nthWeekdayOfMonth(year, 11, 0, 1) : lastWeekdayOfMonth(year, 10, 0);
  return {
    starts: wallClockAsUtcMs(startDay, 2) - EST_MINUTES * 60_000,
    ends: wallClockAsUtcMs(endDay, 2) - EDT_MINUTES * 60_000,
  };
}

/** When New York is on daylight saving time in a year (computed by rule, not from a tz database). */
export function newYorkDaylightSavingPeriod(year: number): DaylightSavingPeriod {
  const { starts, ends } = periodMs(year);
  return { starts: epochMsToInstant(starts), ends: epochMsToInstant(ends) };
}

function offsetAtMs(epochMs: number): number {
  const year = Number(fromEpochDay(Math.floor(epochMs / MS_PER_DAY)).slice(0, 4));
  const { starts, ends } = periodMs(year);
  return epochMs >= starts && epochMs < ends ? EDT_MINUTES : EST_MINUTES;
}

/** New York's offset from UTC at an instant, in minutes: -240 (EDT) or -300 (EST). */
export function newYorkOffsetMinutes(instant: Instant): -240 | -300 {
  return offsetAtMs(instantToEpochMs(instant)) as -240 | -300;
}

export interface NewYorkWallClock {
  date: CivilDate;
  /** 'HH:MM:SS.sss' */
  time: string;
  offsetMinutes: -240 | -300;
}

/** The New York date and wall-clock time of an instant. */
export function newYorkWallClockOf(instant: Instant): NewYorkWallClock {
  const utcMs = instantToEpochMs(instant);
  const offsetMinutes = offsetAtMs(utcMs) as -240 | -300;
  const local = epochMsToInstant(utcMs + offsetMinutes * 60_000);
  return { date: local.slice(0, 10), time: local.slice(11, 23), offsetMinutes };
}

/** The calendar date in New York at an instant (what "received on" means for a deadline day). */
export function newYorkDateOf(instant: Instant): CivilDate {
  return newYorkWallClockOf(instant).date;
}

/**
 * The instant of a New York wall-clock time. A time that happens twice (fall back) is the earlier one;
 * a time that does not exist (spring forward) moves forward by the gap — like Temporal's 'compatible'.
 */
export function newYorkWallClockToInstant(date: CivilDate, hour = 0, minute = 0, second = 0, ms = 0): Instant {
  const local = wallClockAsUtcMs(date, hour, minute, second, ms);
  const asEdt = local - EDT_MINUTES * 60_000;
  const asEst = local - EST_MINUTES * 60_000;
  if (offsetAtMs(asEdt) === EDT_MINUTES) return epochMsToInstant(asEdt);
  if (offsetAtMs(asEst) === EST_MINUTES) return epochMsToInstant(asEst);
  return epochMsToInstant(asEst); // in the spring gap: 02:30 becomes 03:30 EDT
}

/** The first instant of a New York calendar day. */
export function startOfNewYorkDay(date: CivilDate): Instant {
  return newYorkWallClockToInstant(date, 0, 0, 0, 0);
}

/** The last millisecond of a New York calendar day: 23:59:59.999 local, as UTC. */
export function endOfNewYorkDay(date: CivilDate): Instant {
  return newYorkWallClockToInstant(date, 23, 59, 59, 999);
}
