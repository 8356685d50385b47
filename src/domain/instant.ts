import { civilDateParts, fromEpochDay, toEpochDay, type CivilDate } from './civil-date';
import { DomainRuleError } from './errors';

/** A point in time as an ISO 8601 string; produced here always as UTC 'YYYY-MM-DDTHH:MM:SS.sssZ'. */
export type Instant = string;

const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

const PATTERN = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

function invalid(text: unknown, why: string): DomainRuleError {
  return new DomainRuleError('invalid-instant', `"${String(text)}" is not an instant: ${why}`);
}

/** Milliseconds since 1970-01-01T00:00:00Z of a strict ISO 8601 instant (with Z or ±HH:MM). */
export function instantToEpochMs(text: Instant): number {
  const match = typeof text === 'string' ? PATTERN.exec(text) : null;
  if (!match) throw invalid(text, 'write it as ISO 8601 with a zone, for example 2027-03-01T14:30:00Z');
  const [, date, hh, mm, ss, fraction, zone] = match;
  const hour = Number(hh);
  const minute = Number(mm);
  const second = Number(ss ?? '0');
  if (hour > 23 || minute > 59 || second > 59) throw invalid(text, 'hours must be 00–23, minutes and seconds 00–59');
  const ms = Number((fraction ?? '').padEnd(3, '0').slice(0, 3));
  let offsetMinutes = 0;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) throw invalid(text, 'the zone offset must be ±HH:MM');
    offsetMinutes = sign * (oh * 60 + om);
  }
  const days = toEpochDay(date!);
  return days * MS_PER_DAY + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + ms;
}

/** Validates an instant and returns it unchanged. */
export function parseInstant(text: string): Instant {
  instantToEpochMs(text);
  return text;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Formats epoch milliseconds as 'YYYY-MM-DDTHH:MM:SS.sssZ'. */
export function epochMsToInstant(epochMs: number): Instant {
  if (!Number.isInteger(epochMs)) {
    throw new DomainRuleError('invalid-number', `epoch milliseconds must be a whole number, got ${epochMs}`);
  }
  const day = Math.floor(epochMs / MS_PER_DAY);
  let rest = epochMs - day * MS_PER_DAY;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / MS_PER_MINUTE);
  rest -= minute * MS_PER_MINUTE;
  const second = Math.floor(rest / 1000);
  const ms = rest - second * 1000;
  return `${fromEpochDay(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}.${pad(ms, 3)}Z`;
}

/** The UTC calendar date of an instant. */
export function utcDateOf(instant: Instant): CivilDate {
  return fromEpochDay(Math.floor(instantToEpochMs(instant) / MS_PER_DAY));
}

/** Epoch milliseconds of a wall-clock time on a date, read as UTC (used to apply zone offsets). */
export function wallClockAsUtcMs(date: CivilDate, hour = 0, minute = 0, second = 0, ms = 0): number {
  civilDateParts(date);
  return toEpochDay(date) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

export function compareInstants(a: Instant, b: Instant): -1 | 0 | 1 {
  const x = instantToEpochMs(a);
  const y = instantToEpochMs(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
