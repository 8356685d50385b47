import { describe, expect, it } from 'vitest';
import { federalHolidayOn, federalHolidaysBetween, federalHolidaysObservedIn, weekdayOf } from '../../src/domain/index';

const dates = (year: number) => federalHolidaysObservedIn(year).map((h) => h.date);

describe('US federal holidays as observed (OPM calendars)', () => {
  it('2023: Sunday New Year observed Monday Jan 2, Saturday Veterans Day observed Friday Nov 10', () => {
    expect(dates(2023)).toEqual([
      '2023-01-02',
      '2023-01-16',
      '2023-02-20',
      '2023-05-29',
      '2023-06-19',
      '2023-07-04',
      '2023-09-04',
      '2023-10-09',
      '2023-11-10',
      '2023-11-23',
      '2023-12-25',
    ]);
  });

  it('2024 and 2026 match the OPM lists (Saturday July 4, 2026 observed Friday July 3)', () => {
    expect(dates(2024)).toEqual([
      '2024-01-01',
      '2024-01-15',
      '2024-02-19',
      '2024-05-27',
      '2024-06-19',
      '2024-07-04',
      '2024-09-02',
      '2024-10-14',
      '2024-11-11',
      '2024-11-28',
      '2024-12-25',
    ]);
    expect(dates(2026)).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ]);
  });

  it('a Saturday New Year is observed on Friday Dec 31 of the year before, and not again in its own year', () => {
    // Jan 1, 2022 and Jan 1, 2028 are Saturdays.
    expect(federalHolidayOn('2021-12-31')).toMatchObject({
      name: "New Year's Day",
      actualDate: '2022-01-01',
      observed: true,
    });
    expect(dates(2022)).not.toContain('2022-01-01');
    expect(dates(2022)[0]).toBe('2022-01-17');
    expect(dates(2027)).toContain('2027-12-31');
    expect(dates(2028)).not.toContain('2027-12-31');
    expect(federalHolidayOn('2028-01-03')).toBeUndefined();
  });

  it('Sunday holidays are observed on Monday: Juneteenth 2022 → June 20, Christmas 2022 → Dec 26', () => {
    expect(federalHolidayOn('2022-06-20')).toMatchObject({
      name: 'Juneteenth National Independence Day',
      observed: true,
    });
    expect(federalHolidayOn('2022-12-26')).toMatchObject({ name: 'Christmas Day', actualDate: '2022-12-25' });
    expect(federalHolidayOn('2022-12-25')).toBeUndefined();
  });

  it('Saturday holidays are observed on Friday: Juneteenth, July 4 and Christmas 2027', () => {
    expect(federalHolidayOn('2027-06-18')?.name).toBe('Juneteenth National Independence Day');
    expect(federalHolidayOn('2027-07-05')?.name).toBe('Independence Day'); // Sunday → Monday
    expect(federalHolidayOn('2027-12-24')?.name).toBe('Christmas Day');
  });

  it('Juneteenth is a holiday from 2021 on, not before', () => {
    expect(federalHolidayOn('2020-06-19')).toBeUndefined();
    expect(federalHolidayOn('2021-06-18')?.name).toBe('Juneteenth National Independence Day');
  });

  it('every observed holiday falls on a weekday, 10 or 11 or 12 a year', () => {
    for (let year = 2000; year <= 2199; year++) {
      const list = federalHolidaysObservedIn(year);
      for (const h of list) expect([1, 2, 3, 4, 5]).toContain(weekdayOf(h.date));
      expect(new Set(list.map((h) => h.date)).size).toBe(list.length);
      expect(list.length).toBeGreaterThanOrEqual(year >= 2021 ? 10 : 9);
      expect(list.length).toBeLessThanOrEqual(12);
    }
  });

  it('lists the holidays of a range, both ends included, across a year boundary', () => {
    expect(federalHolidaysBetween('2027-12-24', '2028-01-17').map((h) => h.date)).toEqual([
      '2027-12-24',
      '2027-12-31',
      '2028-01-17',
    ]);
  });

  it('refuses years outside the business calendar', () => {
    expect(() => federalHolidaysObservedIn(1999)).toThrow('outside the business calendar');
  });
});
