import { describe, expect, it } from 'vitest';
import {
  credentialHeldOn,
  cycleAfterJoining,
  placeSecondCertification,
  recertificationCycle,
  reinstatementAfterLapse,
} from '../../src/domain/index';

// First certification 2027-05-25: cycle 1 due 2030-12-01, reinstatement 2031-01-01 … 2031-06-01.
const cycle = recertificationCycle('2027-05-25');

describe('a second certification (FAQ: dual certificants recertify "three (3) years from obtaining your first certification")', () => {
  it('earned the day before the due date: shares this cycle, dual, same due date', () => {
    const place = placeSecondCertification(cycle, '2030-11-30');
    expect(place).toMatchObject({
      joins: 'this-cycle',
      cycle: {
        certifications: 'dual',
        dueDate: '2030-12-01',
        cycleNumber: 1,
        requirement: { totalHours: 45, namssApprovedHours: 25 },
      },
    });
  });

  it('earned on the due date, or while extended or lapsed: joins the next cycle of the same anchor', () => {
    for (const on of ['2030-12-01', '2031-02-15', '2031-06-01'])
      expect(placeSecondCertification(cycle, on)).toEqual({ joins: 'next-cycle', dueDate: '2033-12-01' });
  });

  it('the cycle after one a credential joined is dual, three years on; without one it stays single', () => {
    expect(cycleAfterJoining(cycle, '2031-02-15')).toMatchObject({
      certifications: 'dual',
      cycleNumber: 2,
      dueDate: '2033-12-01',
      firstCertifiedOn: '2027-05-25',
      secondCertifiedOn: '2031-02-15',
    });
    expect(cycleAfterJoining(cycle, undefined)).toMatchObject({
      certifications: 'single',
      cycleNumber: 2,
      dueDate: '2033-12-01',
    });
  });
});

describe('what a lapse still allows', () => {
  it('a lapse before Jan 1: reinstatement from Jan 1 to Jun 1', () => {
    expect(reinstatementAfterLapse(cycle, '2030-12-02')).toEqual({
      opens: '2031-01-01',
      closes: '2031-06-01',
      openNow: false,
    });
  });

  it('after an extension into the reinstatement period: open from the lapse; on Jun 2 nothing is left', () => {
    expect(reinstatementAfterLapse(cycle, '2031-03-02')).toEqual({
      opens: '2031-03-02',
      closes: '2031-06-01',
      openNow: true,
    });
    expect(reinstatementAfterLapse(cycle, '2031-06-01')).toEqual({
      opens: '2031-06-01',
      closes: '2031-06-01',
      openNow: true,
    });
    expect(reinstatementAfterLapse(cycle, '2031-06-02')).toBeUndefined();
  });

  it('a lapsed credential is held until the last day of reinstatement; expired the day after', () => {
    expect(credentialHeldOn({ status: 'lapsed', expiresOn: '2030-12-01' }, '2031-06-01')).toBe(true);
    expect(credentialHeldOn({ status: 'lapsed', expiresOn: '2030-12-01' }, '2031-06-02')).toBe(false);
    expect(credentialHeldOn({ status: 'active', expiresOn: '2030-12-01' }, '2031-06-02')).toBe(true);
    expect(credentialHeldOn({ status: 'revoked', expiresOn: '2030-12-01' }, '2030-01-01')).toBe(false);
  });
});
