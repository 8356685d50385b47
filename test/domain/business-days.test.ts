import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addDays,
  businessDaysBetween,
  countBusinessDays,
  fromEpochDay,
  isBusinessDay,
  nextBusinessDayOnOrAfter,
  previousBusinessDayOnOrBefore,
  subtractBusinessDays,
  toEpochDay,
} from '../../src/domain/index';

const anyDate = fc.integer({ min: toEpochDay('2002-01-01'), max: toEpochDay('2196-12-31') }).map(fromEpochDay);
const anyBusinessDay = anyDate.map(nextBusinessDayOnOrAfter);

/** Reference count: one day at a time. */
function slowCount(from: string, to: string): number {
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) if (isBusinessDay(d)) n++;
  return n;
}

describe('business days: Monday–Friday less observed federal holidays', () => {
  it('weekends and observed holidays are not business days; the day after a holiday is', () => {
    expect(isBusinessDay('2027-05-28')).toBe(true); // Friday
    expect(isBusinessDay('2027-05-29')).toBe(false); // Saturday
    expect(isBusinessDay('2027-05-30')).toBe(false); // Sunday
    expect(isBusinessDay('2027-05-31')).toBe(false); // Memorial Day
    expect(isBusinessDay('2027-06-01')).toBe(true);
    expect(isBusinessDay('2026-07-03')).toBe(false); // Saturday July 4 observed Friday
    expect(isBusinessDay('2021-12-31')).toBe(false); // Saturday New Year 2022 observed the Friday before
    expect(isBusinessDay('2022-01-03')).toBe(true);
  });

  it('counts both ends and lists the holidays skipped, across a late-December New Year observed on Dec 31', () => {
    expect(businessDaysBetween('2021-12-20', '2022-01-07')).toMatchObject({
      businessDays: 13,
      holidays: [
        { date: '2021-12-24', name: 'Christmas Day' },
        { date: '2021-12-31', name: "New Year's Day" },
      ],
    });
    expect(countBusinessDays('2027-06-01', '2027-06-01')).toBe(1);
    expect(countBusinessDays('2027-05-29', '2027-05-31')).toBe(0);
    expect(() => businessDaysBetween('2027-06-02', '2027-06-01')).toThrow('swap the dates');
  });

  it('adds business days over weekends and holidays, both directions', () => {
    expect(addBusinessDays('2027-05-28', 1)).toBe('2027-06-01'); // over the weekend and Memorial Day
    expect(addBusinessDays('2027-06-01', -1)).toBe('2027-05-28');
    expect(subtractBusinessDays('2022-01-03', 1)).toBe('2021-12-30'); // over Dec 31 observed New Year
    expect(addBusinessDays('2027-05-29', 0)).toBe('2027-05-29');
    expect(addBusinessDays('2027-05-29', 1)).toBe('2027-06-01');
    expect(previousBusinessDayOnOrBefore('2027-05-31')).toBe('2027-05-28');
    expect(() => addBusinessDays('2027-05-28', 1.5)).toThrow('whole number');
  });

  it('property: adding then subtracting n business days from a business day returns it', () => {
    fc.assert(
      fc.property(anyBusinessDay, fc.integer({ min: -300, max: 300 }), (day, n) => {
        expect(subtractBusinessDays(addBusinessDays(day, n), n)).toBe(day);
      }),
    );
  });

  it('property: n business days later is a business day with exactly n business days after the start', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 300 }), (day, n) => {
        const later = addBusinessDays(day, n);
        expect(isBusinessDay(later)).toBe(true);
        expect(countBusinessDays(addDays(day, 1), later)).toBe(n);
        const earlier = subtractBusinessDays(day, n);
        expect(isBusinessDay(earlier)).toBe(true);
        expect(countBusinessDays(earlier, addDays(day, -1))).toBe(n);
      }),
    );
  });

  it('property: the fast count equals counting day by day', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 800 }), (from, length) => {
        const to = addDays(from, length);
        expect(countBusinessDays(from, to)).toBe(slowCount(from, to));
      }),
      { numRuns: 200 },
    );
  });
});
