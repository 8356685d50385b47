import { describe, expect, it } from 'vitest';
import { defaultPolicy, DomainRuleError, policyProblems, policyWith } from '../../src/domain/index';

describe('policy: configuration with documented defaults', () => {
  it('defaults follow the Policy values (docs/architecture.md) table', () => {
    expect(defaultPolicy.refund).toEqual({ noticeDays: 14, processingFeeUsd: 100 });
    expect(defaultPolicy.recertification).toMatchObject({
      reportingOpens: { month: 8, day: 1 },
      due: { month: 12, day: 1 },
      ceRequirement: {
        single: { totalHours: 30, namssApprovedHours: 15 },
        dual: { totalHours: 45, namssApprovedHours: 25 },
      },
      extensionMaxMonths: 6,
      extensionMinimumShareOfHours: 0.5,
      reinstatementOpens: { month: 1, day: 1 },
      reinstatementCloses: { month: 6, day: 1 },
    });
    expect(defaultPolicy.windowCalendar.testingDays).toBe(20);
    expect(defaultPolicy.windowCalendar).not.toHaveProperty('closeDaysAfterLastTestDay');
    expect(policyProblems(defaultPolicy)).toEqual([]);
  });

  it('the default policy cannot be changed by accident', () => {
    expect(Object.isFrozen(defaultPolicy)).toBe(true);
    expect(Object.isFrozen(defaultPolicy.windowCalendar.starts.fall)).toBe(true);
  });

  it('overrides merge deeply and leave the rest at the defaults', () => {
    const policy = policyWith({ examFeeUsd: { member: 425 }, scaledScoreRange: { CPMSM: { max: 700 } } });
    expect(policy.examFeeUsd).toEqual({ member: 425, 'non-member': 600 });
    expect(policy.scaledScoreRange.CPMSM).toEqual({ min: 200, max: 700 });
    expect(policy.scaledScoreRange.CPCS).toEqual({ min: 200, max: 600 });
    expect(defaultPolicy.examFeeUsd.member).toBe(450);
  });

  it('refuses a policy that breaks a FAQ rule or is inconsistent, listing each problem', () => {
    // FAQ: the close is "up to three weeks after an individual's testing date": 22 test days at most.
    expect(policyWith({ windowCalendar: { testingDays: 22 } }).windowCalendar.testingDays).toBe(22);
    expect(() => policyWith({ windowCalendar: { testingDays: 23 } })).toThrow('up to three weeks');
    expect(() => policyWith({ scaledScoreRange: { CPMSM: { max: 450 } } })).toThrow(
      'min < 450 (the passing score) < max',
    );
    expect(() => policyWith({ lateFeeUsd: -5 })).toThrow('lateFeeUsd must be a non-negative amount');
    expect(() => policyWith({ windowCalendar: { noticeToScheduleDaysBeforeStart: 60 } })).toThrow(DomainRuleError);
    expect(() => policyWith({ recertification: { ceRequirement: { single: { namssApprovedHours: 31 } } } })).toThrow(
      'namssApprovedHours ≤ totalHours',
    );
  });

  it('the FAQ figures are policy values too: the passing scores and the recertification fee matrix', () => {
    expect(defaultPolicy.passingScaledScore).toEqual({ CPCS: 400, CPMSM: 450 });
    expect(defaultPolicy.recertificationFeeUsd).toEqual({
      single: { member: 175, 'non-member': 325 },
      dual: { member: 200, 'non-member': 350 },
    });
    expect(() => policyWith({ recertificationFeeUsd: { dual: { member: -1 } } })).toThrow(
      'recertificationFeeUsd.dual.member must be a non-negative amount',
    );
  });

  it('the reminder schedules compiled into the workflows are the defaults, and are checked', () => {
    expect(defaultPolicy.reminders).toEqual({
      hourNewYork: 9,
      eligibilityOverdueEveryDays: 5,
      eligibilityOverdueMax: 6,
      appointmentDaysBefore: [7, 1],
      transferDeadlineDaysBefore: 3,
      noShowGraceDays: 3,
      recertificationDueDaysBefore: [90, 30, 7],
    });
    expect(policyWith({ reminders: { appointmentDaysBefore: [3] } }).reminders.appointmentDaysBefore).toEqual([3]);
    expect(() => policyWith({ reminders: { hourNewYork: 24 } })).toThrow('reminders.hourNewYork must be an hour 0–23');
    expect(() => policyWith({ reminders: { appointmentDaysBefore: [7, 7] } })).toThrow(
      'reminders.appointmentDaysBefore must be a list of distinct whole days',
    );
  });
});
