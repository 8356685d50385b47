import { isCivilDate, longDate as longCivilDate } from '../../../domain/index';

/** '2027-07-02' → 'Friday, July 2, 2027', from the calendar date itself (no Date object, so no timezone drift). */
export function longDate(date: string): string {
  const day = date.slice(0, 10);
  return isCivilDate(day) ? longCivilDate(day) : date;
}

/** The New York calendar date of an instant, in words (what day it was for the certification office). */
export function longDateOf(instant: string): string {
  const when = new Date(instant);
  if (Number.isNaN(when.getTime())) return longDate(instant);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/New_York',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(when);
  return longDate(parts);
}

/** An instant for people: its New York calendar date in words and the time there. */
export function longInstant(instant: string): string {
  const when = new Date(instant);
  if (Number.isNaN(when.getTime())) return instant;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: 'numeric',
    minute: '2-digit',
  }).formatToParts(when);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${longDate(`${part('year')}-${part('month')}-${part('day')}`)}, ${part('hour')}:${part('minute')} ${part('dayPeriod')} New York time`;
}

export const usd = (n: number): string => `$${n.toFixed(2)}`;
