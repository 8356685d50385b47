import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ceMeter, ceRequirementFor, DomainRuleError, type CeEntry } from '../../src/domain/index';

const single = ceRequirementFor('single');
const dual = ceRequirementFor('dual');

describe('CE requirement per cycle', () => {
  it('single: 30 hours of which 15 NAMSS-approved; dual: 45 of which 25', () => {
    expect(single).toEqual({ totalHours: 30, namssApprovedHours: 15 });
    expect(dual).toEqual({ totalHours: 45, namssApprovedHours: 25 });
  });
});

describe('CE meter: fills as entries are added', () => {
  it('empty: nothing counted, everything remaining', () => {
    expect(ceMeter([], single)).toEqual({
      requirement: single,
      hoursByKind: { 'namss-approved': 0, other: 0 },
      reportedHours: 0,
      countedHours: 0,
      remainingHours: 30,
      remainingNamssApprovedHours: 15,
      percentComplete: 0,
      met: false,
    });
  });

  it('met exactly at 15 NAMSS-approved + 15 other hours', () => {
    const meter = ceMeter(
      [
        { kind: 'namss-approved', hours: 15 },
        { kind: 'other', hours: 15 },
      ],
      single,
    );
    expect(meter).toMatchObject({
      countedHours: 30,
      remainingHours: 0,
      remainingNamssApprovedHours: 0,
      percentComplete: 100,
      met: true,
    });
  });

  it('not met a quarter hour short, and the meter shows 99%, not 100%', () => {
    const meter = ceMeter(
      [
        { kind: 'namss-approved', hours: 15 },
        { kind: 'other', hours: 14.75 },
      ],
      single,
    );
    expect(meter).toMatchObject({ countedHours: 29.75, remainingHours: 0.25, percentComplete: 99, met: false });
  });

  it('non-NAMSS hours beyond the non-NAMSS share do not count: 30 other hours fill only half', () => {
    const meter = ceMeter([{ kind: 'other', hours: 30 }], single);
    expect(meter).toMatchObject({
      reportedHours: 30,
      countedHours: 15,
      remainingHours: 15,
      remainingNamssApprovedHours: 15,
      percentComplete: 50,
      met: false,
    });
  });

  it('dual: 25 NAMSS-approved + 20 other is met; 24 + 21 is not', () => {
    expect(
      ceMeter(
        [
          { kind: 'namss-approved', hours: 25 },
          { kind: 'other', hours: 20 },
        ],
        dual,
      ).met,
    ).toBe(true);
    const short = ceMeter(
      [
        { kind: 'namss-approved', hours: 24 },
        { kind: 'other', hours: 21 },
      ],
      dual,
    );
    expect(short).toMatchObject({ met: false, remainingNamssApprovedHours: 1, countedHours: 44 });
  });

  it('fractions add exactly (ten 0.1-hour entries are 1 hour) and rejected entries stop counting', () => {
    const tenths: CeEntry[] = Array.from({ length: 10 }, () => ({ kind: 'namss-approved', hours: 0.1 }));
    expect(ceMeter(tenths, single).hoursByKind['namss-approved']).toBe(1);
    const meter = ceMeter(
      [
        { kind: 'namss-approved', hours: 15, status: 'rejected' },
        { kind: 'other', hours: 3 },
      ],
      single,
    );
    expect(meter.hoursByKind).toEqual({ 'namss-approved': 0, other: 3 });
  });

  it('refuses entries it cannot count, naming the entry', () => {
    expect(() => ceMeter([{ kind: 'other', hours: -1 }], single)).toThrow('CE entry 1');
    expect(() =>
      ceMeter(
        [
          { kind: 'other', hours: 1 },
          { kind: 'other', hours: 0 },
        ],
        single,
      ),
    ).toThrow('CE entry 2: hours must be more than 0');
    expect(() => ceMeter([{ kind: 'other', hours: 1.234 }], single)).toThrow('at most two decimals');
    expect(() => ceMeter([{ kind: 'webinar' as 'other', hours: 1 }], single)).toThrow(DomainRuleError);
  });

  const entries = fc.array(
    fc.record({
      kind: fc.constantFrom('namss-approved' as const, 'other' as const),
      hours: fc.integer({ min: 1, max: 2000 }).map((q) => q / 4),
    }),
    { maxLength: 30 },
  );

  it('property: 100% exactly when met; adding an entry never lowers the meter', () => {
    fc.assert(
      fc.property(entries, entries, fc.constantFrom(single, dual), (a, b, requirement) => {
        const before = ceMeter(a, requirement);
        const after = ceMeter([...a, ...b], requirement);
        expect(before.percentComplete === 100).toBe(before.met);
        expect(before.countedHours).toBeLessThanOrEqual(requirement.totalHours);
        expect(before.countedHours + before.remainingHours).toBe(requirement.totalHours);
        expect(after.percentComplete).toBeGreaterThanOrEqual(before.percentComplete);
        expect(after.countedHours).toBeGreaterThanOrEqual(before.countedHours);
      }),
    );
  });
});
