import { describe, expect, it } from 'vitest';
import {
  DomainRuleError,
  extendedDueDate,
  extensionEligibility,
  isReinstatement,
  nextRecertificationCycle,
  recertificationCycle,
  recertificationPhase,
  withSecondCertification,
  type CeEntry,
} from '../../src/domain/index';

describe('recertification due date: certification year + 3, reported Aug 1 – Dec 1, due Dec 1', () => {
  it('a single certificant certified in May 2024 is due Dec 1, 2027, reporting from Aug 1, 30 h (15 NAMSS-approved)', () => {
    expect(recertificationCycle('2024-05-01')).toEqual({
      firstCertifiedOn: '2024-05-01',
      certifications: 'single',
      cycleNumber: 1,
      dueYear: 2027,
      reportingOpens: '2027-08-01',
      dueDate: '2027-12-01',
      requirement: { totalHours: 30, namssApprovedHours: 15 },
      latestExtendedDueDate: '2028-06-01',
      reinstatement: { opens: '2028-01-01', closes: '2028-06-01' },
    });
  });

  it('the due year depends only on the certification year: Jan 1 and Dec 31 of 2024 are both due Dec 1, 2027', () => {
    expect(recertificationCycle('2024-01-01').dueDate).toBe('2027-12-01');
    expect(recertificationCycle('2024-12-31').dueDate).toBe('2027-12-01');
    expect(recertificationCycle('2025-01-01').dueDate).toBe('2028-12-01');
  });

  it('a dual certificant stays anchored on the first certification, with 45 h (25 NAMSS-approved)', () => {
    const cycle = recertificationCycle('2024-05-01', '2026-02-01');
    expect(cycle).toMatchObject({
      certifications: 'dual',
      dueDate: '2027-12-01',
      reportingOpens: '2027-08-01',
      requirement: { totalHours: 45, namssApprovedHours: 25 },
    });
  });

  it('a second certification the day before a due date makes that cycle dual; on the due date, the next one', () => {
    expect(recertificationCycle('2024-05-01', '2027-11-30')).toMatchObject({
      dueDate: '2027-12-01',
      certifications: 'dual',
    });
    expect(recertificationCycle('2024-05-01', '2027-12-01')).toMatchObject({
      dueDate: '2030-12-01',
      certifications: 'dual',
      cycleNumber: 2,
    });
  });

  it('a second certification after the first cycle keeps the three-year rhythm of the first', () => {
    expect(recertificationCycle('2020-03-01', '2024-06-01')).toMatchObject({
      cycleNumber: 2,
      dueDate: '2026-12-01',
      certifications: 'dual',
    });
  });

  it('a second certification dated before the first is refused with what to fix', () => {
    expect(() => recertificationCycle('2025-01-01', '2024-01-01')).toThrow(
      'give the earlier date as the first certification',
    );
    try {
      recertificationCycle('2025-01-01', '2024-01-01');
    } catch (err) {
      expect((err as DomainRuleError).code).toBe('second-certification-before-first');
    }
  });

  it('the next cycle is three years later and stays dual', () => {
    const next = nextRecertificationCycle(recertificationCycle('2024-05-01', '2026-02-01'));
    expect(next).toMatchObject({
      cycleNumber: 2,
      dueDate: '2030-12-01',
      reportingOpens: '2030-08-01',
      certifications: 'dual',
    });
    expect(nextRecertificationCycle(recertificationCycle('2024-05-01')).certifications).toBe('single');
  });

  it('learning of a second certification mid-cycle keeps the due date and raises the requirement', () => {
    const single = recertificationCycle('2024-05-01');
    const dual = withSecondCertification(single, '2025-10-01');
    expect(dual.dueDate).toBe(single.dueDate);
    expect(dual.requirement).toEqual({ totalHours: 45, namssApprovedHours: 25 });
  });
});

describe('extension: up to 6 months, written request, at least half the credits', () => {
  const cycle = recertificationCycle('2024-05-01');
  const hours = (namss: number, other = 0): CeEntry[] => [
    { kind: 'namss-approved', hours: namss },
    ...(other > 0 ? [{ kind: 'other' as const, hours: other }] : []),
  ];
  const onTime = '2027-11-15T12:00:00-05:00';

  it('eligible with exactly half the credits (15 of 30), refused with a quarter hour less', () => {
    expect(extensionEligibility({ cycle, entries: hours(10, 5), requestedAt: onTime, inWriting: true })).toEqual({
      eligible: true,
      minimumHours: 15,
      countedHours: 15,
      latestExtendedDueDate: '2028-06-01',
      refusals: [],
    });
    expect(
      extensionEligibility({ cycle, entries: hours(10, 4.75), requestedAt: onTime, inWriting: true }),
    ).toMatchObject({
      eligible: false,
      refusals: ['not-enough-credits'],
    });
  });

  it('refused without a written request', () => {
    expect(extensionEligibility({ cycle, entries: hours(20), requestedAt: onTime, inWriting: false }).refusals).toEqual(
      ['not-in-writing'],
    );
  });

  it('requested by the due date (New York time) is considered; the day after the due date is refused', () => {
    expect(
      extensionEligibility({ cycle, entries: hours(20), requestedAt: '2027-12-01T23:59:59-05:00', inWriting: true })
        .eligible,
    ).toBe(true);
    expect(
      extensionEligibility({ cycle, entries: hours(20), requestedAt: '2027-12-02T00:00:00-05:00', inWriting: true })
        .refusals,
    ).toEqual(['after-due-date']);
  });

  it('the extended due date is 1 to 6 months after the due date', () => {
    expect(extendedDueDate('2027-12-01', 6)).toBe('2028-06-01');
    expect(extendedDueDate('2027-12-01', 1)).toBe('2028-01-01');
    expect(() => extendedDueDate('2027-12-01', 7)).toThrow('1 to 6 whole months');
    expect(() => extendedDueDate('2027-12-01', 0)).toThrow(DomainRuleError);
  });
});

describe('lapse and reinstatement (Jan 1 – Jun 1 after the due year)', () => {
  const cycle = recertificationCycle('2024-05-01');

  it('in cycle until Jul 31 of the due year; reporting from Aug 1 through the due date Dec 1', () => {
    expect(recertificationPhase(cycle, '2027-07-31')).toBe('in-cycle');
    expect(recertificationPhase(cycle, '2027-08-01')).toBe('reporting');
    expect(recertificationPhase(cycle, '2027-12-01')).toBe('reporting');
  });

  it('lapsed from Dec 2; reinstatement from Jan 1 through Jun 1; expired from Jun 2', () => {
    expect(recertificationPhase(cycle, '2027-12-02')).toBe('lapsed');
    expect(recertificationPhase(cycle, '2027-12-31')).toBe('lapsed');
    expect(recertificationPhase(cycle, '2028-01-01')).toBe('reinstatement');
    expect(recertificationPhase(cycle, '2028-06-01')).toBe('reinstatement');
    expect(recertificationPhase(cycle, '2028-06-02')).toBe('expired');
    expect(isReinstatement(cycle, '2028-01-01')).toBe(true);
    expect(isReinstatement(cycle, '2027-12-31')).toBe(false);
  });

  it('an extension holds off the lapse through its last day', () => {
    expect(recertificationPhase(cycle, '2027-12-02', '2028-06-01')).toBe('extended');
    expect(recertificationPhase(cycle, '2028-06-01', '2028-06-01')).toBe('extended');
    expect(recertificationPhase(cycle, '2028-06-02', '2028-06-01')).toBe('expired');
    expect(recertificationPhase(cycle, '2028-03-02', '2028-03-01')).toBe('reinstatement');
  });
});
