import { describe, expect, it } from 'vitest';
import { applicationChargesUsd, lastDayToRequestRefund, policyWith, refundQuote } from '../../src/domain/index';

describe('refunds: written request at least two weeks before the window starts, less the processing fee', () => {
  const windowStart = '2027-10-04';

  it('the last day to ask is the window start minus 14 days', () => {
    expect(lastDayToRequestRefund(windowStart)).toBe('2027-09-20');
  });

  it('refund granted on the last day (New York time), refused the day after', () => {
    const onTime = refundQuote({
      windowStart,
      requestedAt: '2027-09-20T23:59:59-04:00',
      inWriting: true,
      amountPaidUsd: 450,
    });
    expect(onTime).toEqual({
      refundable: true,
      lastDayToRequest: '2027-09-20',
      amountPaidUsd: 450,
      processingFeeUsd: 100,
      refundUsd: 350,
      refusals: [],
    });
    const late = refundQuote({
      windowStart,
      requestedAt: '2027-09-21T00:00:00-04:00',
      inWriting: true,
      amountPaidUsd: 450,
    });
    expect(late).toMatchObject({ refundable: false, refundUsd: 0, refusals: ['too-late'] });
  });

  it('a request that is not in writing is refused', () => {
    const quote = refundQuote({
      windowStart,
      requestedAt: '2027-08-01T12:00:00Z',
      inWriting: false,
      amountPaidUsd: 450,
    });
    expect(quote).toMatchObject({ refundable: false, refusals: ['not-in-writing'] });
  });

  it('the refund never goes below zero and keeps cents exact', () => {
    const requestedAt = '2027-08-01T12:00:00Z';
    expect(refundQuote({ windowStart, requestedAt, inWriting: true, amountPaidUsd: 80 }).refundUsd).toBe(0);
    expect(refundQuote({ windowStart, requestedAt, inWriting: true, amountPaidUsd: 450.1 }).refundUsd).toBe(350.1);
    expect(() => refundQuote({ windowStart, requestedAt, inWriting: true, amountPaidUsd: -1 })).toThrow('non-negative');
  });

  it('the processing fee and notice come from the policy', () => {
    const policy = policyWith({ refund: { processingFeeUsd: 75, noticeDays: 21 } });
    expect(lastDayToRequestRefund(windowStart, policy)).toBe('2027-09-13');
    expect(
      refundQuote(
        { windowStart, requestedAt: '2027-09-13T12:00:00-04:00', inWriting: true, amountPaidUsd: 450 },
        policy,
      ).refundUsd,
    ).toBe(375);
  });

  it('the amount paid comes from the ledger: exam fee and late fee, never the transfer fee; none recorded → undefined', () => {
    expect(
      applicationChargesUsd([
        { kind: 'exam-fee', amountUsd: 450 },
        { kind: 'late-fee', amountUsd: 100 },
        { kind: 'transfer-fee', amountUsd: 100 },
      ]),
    ).toBe(550);
    expect(applicationChargesUsd([{ kind: 'transfer-fee', amountUsd: 100 }])).toBeUndefined();
    expect(applicationChargesUsd([])).toBeUndefined();
  });
});
