import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  civilDate,
  daysBetween,
  DomainRuleError,
  fromEpochDay,
  isCivilDate,
  lastWeekdayOfMonth,
  nthWeekdayOfMonth,
  parseCivilDate,
  toEpochDay,
  weekdayOf,
} from '../../src/domain/index';

const anyDate = fc
  .integer({ min: toEpochDay('1900-01-01'), max: toEpochDay('2299-12-31') })
  .map((day) => fromEpochDay(day));

describe('civil dates (YYYY-MM-DD, no time zone)', () => {
  it('accepts real calendar dates, including Feb 29 of leap years', () => {
    expect(parseCivilDate('2027-03-01')).toBe('2027-03-01');
    expect(parseCivilDate('2028-02-29')).toBe('2028-02-29');
    expect(parseCivilDate('2000-02-29')).toBe('2000-02-29');
  });

  it('refuses impossible dates with a message that says what is wrong', () => {
    expect(() => parseCivilDate('2027-02-30')).toThrow('February 2027 has 28 days');
    expect(() => parseCivilDate('2100-02-29')).toThrow('February 2100 has 28 days');
    expect(() => parseCivilDate('2027-13-01')).toThrow('the month must be 01–12');
    expect(() => parseCivilDate('tomorrow')).toThrow('write it as YYYY-MM-DD');
    expect(() => parseCivilDate('2027-3-1')).toThrow('write it as YYYY-MM-DD');
    expect(() => parseCivilDate('0202-03-01')).toThrow('outside the supported years');
    try {
      parseCivilDate('2027-02-30');
    } catch (err) {
      expect(err).toBeInstanceOf(DomainRuleError);
      expect((err as DomainRuleError).code).toBe('invalid-date');
    }
    expect(isCivilDate('2027-02-28')).toBe(true);
    expect(isCivilDate('2027-02-29')).toBe(false);
    expect(isCivilDate(20270228)).toBe(false);
  });

  it('counts days from 1970-01-01 and knows the weekday', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(toEpochDay('2000-03-01')).toBe(11017);
    expect(weekdayOf('1970-01-01')).toBe(4);
    expect(weekdayOf('2027-06-01')).toBe(2);
    expect(weekdayOf('2024-02-29')).toBe(4);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(daysBetween('2027-01-01', '2028-01-01')).toBe(365);
  });

  it('adds months keeping the day, clamped to the end of shorter months', () => {
    expect(addMonths('2027-12-01', 6)).toBe('2028-06-01');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2027-01-31', -2)).toBe('2026-11-30');
  });

  it('finds the n-th and the last weekday of a month', () => {
    expect(nthWeekdayOfMonth(2027, 1, 1, 3)).toBe('2027-01-18');
    expect(nthWeekdayOfMonth(2027, 3, 0, 2)).toBe('2027-03-14');
    expect(lastWeekdayOfMonth(2027, 5, 1)).toBe('2027-05-31');
    expect(() => nthWeekdayOfMonth(2027, 2, 1, 5)).toThrow(DomainRuleError);
  });

  it('matches the JavaScript Date calendar on every day (property)', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        const ms = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
        expect(toEpochDay(date)).toBe(ms / 86_400_000);
        expect(weekdayOf(date)).toBe(new Date(ms).getUTCDay());
        expect(civilDate(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)))).toBe(date);
      }),
    );
  });

  it('adding then subtracting days returns the same date (property)', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -3000, max: 3000 }), (date, n) => {
        fc.pre(
          isCivilDate(date) &&
            toEpochDay(date) + n >= toEpochDay('1900-01-01') &&
            toEpochDay(date) + n <= toEpochDay('2299-12-31'),
        );
        expect(addDays(addDays(date, n), -n)).toBe(date);
        expect(daysBetween(date, addDays(date, n))).toBe(n);
      }),
    );
  });
});
