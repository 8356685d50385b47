import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applicationTiming,
  compareWindowIds,
  daysBetween,
  DomainRuleError,
  formAssemblyYearOf,
  isTestDateInWindow,
  mayRetakeIn,
  nextWindowId,
  parseWindowId,
  policyWith,
  previousWindowId,
  SEASONS,
  scoreReleaseRange,
  weekdayOf,
  windowCalendar,
  windowCloseDate,
  windowIdFor,
  windowLabel,
  windowOnTestDate,
  windowsServedByAprilAssembly,
  windowStart,
} from '../../src/domain/index';

describe('testing windows: Spring, Summer, Fall', () => {
  it('Fall 2027 under the default calendar: every milestone', () => {
    expect(windowCalendar('2027-fall')).toEqual({
      windowId: '2027-fall',
      label: 'Fall 2027',
      season: 'fall',
      year: 2027,
      formsAssembledInAprilOf: 2027,
      applicationsOpen: '2027-05-17',
      applicationDeadline: '2027-08-02',
      lateApplicationDeadline: '2027-08-23',
      accommodationCutoff: '2027-08-09',
      noticeToSchedule: '2027-09-06',
      start: '2027-10-04',
      end: '2027-10-23',
      close: '2027-10-23',
      scoreRelease: { earliest: '2027-12-04', latest: '2027-12-18' },
    });
  });

  it('windows start on the first Monday of March, June and October and last about three weeks', () => {
    expect(windowStart('2027-spring')).toBe('2027-03-01');
    expect(windowStart('2027-summer')).toBe('2027-06-07');
    expect(windowStart('2027-fall')).toBe('2027-10-04');
  });

  it('for every year and season, the milestones come in order and keep the FAQ distances', () => {
    for (let year = 2000; year <= 2199; year++) {
      for (const season of SEASONS) {
        const w = windowCalendar(windowIdFor(season, year));
        expect(weekdayOf(w.start)).toBe(1);
        expect(w.applicationsOpen < w.applicationDeadline).toBe(true);
        expect(w.applicationDeadline <= w.lateApplicationDeadline).toBe(true);
        expect(w.lateApplicationDeadline < w.noticeToSchedule).toBe(true);
        expect(w.noticeToSchedule < w.start && w.start < w.end).toBe(true);
        expect(daysBetween(w.end, w.start)).toBe(-19);
        // FAQ: accommodation requests at least eight weeks before the start.
        expect(daysBetween(w.accommodationCutoff, w.start)).toBe(56);
        // FAQ: the close "may be up to three weeks after an individual's testing date": it is the last test day,
        // at most 21 days after the first; results "six to eight weeks from the close".
        expect(w.close).toBe(w.end);
        expect(daysBetween(w.start, w.close)).toBeLessThanOrEqual(21);
        expect(daysBetween(w.close, w.scoreRelease.earliest)).toBe(42);
        expect(daysBetween(w.close, w.scoreRelease.latest)).toBe(56);
        // A Fall window's results come out in the year it tested, so the certification year is that year.
        if (season === 'fall') expect(w.scoreRelease.latest.slice(0, 4)).toBe(String(year));
      }
      const [spring, summer, fall] = SEASONS.map((s) => windowCalendar(windowIdFor(s, year)));
      expect(spring!.end < summer!.start && summer!.end < fall!.start).toBe(true);
    }
  });

  it('score release is six to eight weeks after the actual close', () => {
    expect(scoreReleaseRange('2027-10-30')).toEqual({ earliest: '2027-12-11', latest: '2027-12-25' });
  });

  it('boundary: the window closes on its last test day, not the day after and not three weeks later', () => {
    const w = windowCalendar('2027-spring');
    expect(w.end).toBe('2027-03-20');
    expect(w.close).toBe('2027-03-20');
    expect(windowCloseDate('2027-spring')).toBe('2027-03-20');
    // Runs recorded before the patch keep their old close, 21 days after the last test day.
    expect(windowCloseDate('2027-spring', true)).toBe('2027-04-10');
  });

  it('a test date lies in the window on its first and last day, not the day before or after', () => {
    expect(isTestDateInWindow('2027-fall', '2027-10-04')).toBe(true);
    expect(isTestDateInWindow('2027-fall', '2027-10-23')).toBe(true);
    expect(isTestDateInWindow('2027-fall', '2027-10-03')).toBe(false);
    expect(isTestDateInWindow('2027-fall', '2027-10-24')).toBe(false);
    expect(windowOnTestDate('2027-06-07')).toBe('2027-summer');
    expect(windowOnTestDate('2027-07-01')).toBeUndefined();
  });

  it('the calendar is configuration: a policy can move a window', () => {
    const policy = policyWith({ windowCalendar: { starts: { fall: { month: 9, occurrence: 2 } } } });
    expect(windowStart('2027-fall', policy)).toBe('2027-09-13');
    expect(windowStart('2027-spring', policy)).toBe('2027-03-01');
  });
});

describe('window ids and the next window (for transfers)', () => {
  it('ids read and write as YEAR-SEASON with the label "Fall 2027"', () => {
    expect(parseWindowId('2027-fall')).toEqual({ id: '2027-fall', season: 'fall', year: 2027, label: 'Fall 2027' });
    expect(parseWindowId('2027-Fall').id).toBe('2027-fall');
    expect(windowLabel('2028-spring')).toBe('Spring 2028');
    expect(windowIdFor('summer', 2027)).toBe('2027-summer');
    expect(() => parseWindowId('Fall 2027')).toThrow('write YEAR-SEASON, for example 2027-fall');
    expect(() => parseWindowId('2027-winter')).toThrow(DomainRuleError);
  });

  it("the next window of Spring is Summer, of Summer is Fall, of Fall is next year's Spring", () => {
    expect(nextWindowId('2027-spring')).toBe('2027-summer');
    expect(nextWindowId('2027-summer')).toBe('2027-fall');
    expect(nextWindowId('2027-fall')).toBe('2028-spring');
    expect(previousWindowId('2028-spring')).toBe('2027-fall');
  });

  it('property: previous(next(w)) = w and next is always later', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEASONS), fc.integer({ min: 2001, max: 2198 }), (season, year) => {
        const id = windowIdFor(season, year);
        expect(previousWindowId(nextWindowId(id))).toBe(id);
        expect(compareWindowIds(nextWindowId(id), id)).toBeGreaterThan(0);
        expect(windowCalendar(nextWindowId(id)).start > windowCalendar(id).end).toBe(true);
      }),
    );
  });

  it('after a fail a candidate may apply to a later window, never the same one', () => {
    expect(mayRetakeIn('2027-spring', '2027-spring')).toBe(false);
    expect(mayRetakeIn('2027-spring', '2027-summer')).toBe(true);
    expect(mayRetakeIn('2027-spring', '2026-fall')).toBe(false);
  });

  it('forms assembled in April 2022 serve Fall 2022, Spring 2023 and Summer 2023 (the FAQ example)', () => {
    expect(windowsServedByAprilAssembly(2022)).toEqual(['2022-fall', '2023-spring', '2023-summer']);
    expect(formAssemblyYearOf('2022-fall')).toBe(2022);
    expect(formAssemblyYearOf('2023-spring')).toBe(2022);
    expect(formAssemblyYearOf('2023-summer')).toBe(2022);
    expect(formAssemblyYearOf('2023-fall')).toBe(2023);
  });
});

describe('application deadlines (New York date of submission, deadlines inclusive)', () => {
  // Fall 2027: open 2027-05-17, deadline 2027-08-02, late deadline 2027-08-23.
  const at = (date: string, time = '12:00:00') => `${date}T${time}-04:00`;

  it('on time through the deadline day, late (late fee) from the next day', () => {
    expect(applicationTiming('2027-fall', at('2027-08-02', '23:59:59'))).toMatchObject({
      timing: 'on-time',
      lateFeeApplies: false,
    });
    expect(applicationTiming('2027-fall', at('2027-08-03', '00:00:00'))).toMatchObject({
      timing: 'late',
      lateFeeApplies: true,
    });
  });

  it('late through the late deadline day, closed from the next day', () => {
    expect(applicationTiming('2027-fall', at('2027-08-23', '23:59:59')).timing).toBe('late');
    expect(applicationTiming('2027-fall', at('2027-08-24', '00:00:00'))).toMatchObject({
      timing: 'closed',
      lateFeeApplies: false,
    });
  });

  it('not open the day before applications open, open on the day', () => {
    expect(applicationTiming('2027-fall', at('2027-05-16', '23:59:59')).timing).toBe('not-open');
    expect(applicationTiming('2027-fall', at('2027-05-17', '00:00:00')).timing).toBe('on-time');
  });
});
