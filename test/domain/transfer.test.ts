import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  checkReschedule,
  countBusinessDays,
  decideTransfer,
  epochMsToInstant,
  fromEpochDay,
  instantToEpochMs,
  isBusinessDay,
  isTransferRequestOnTime,
  lastDayToRequestTransfer,
  newYorkDateOf,
  startOfNewYorkDay,
  toEpochDay,
  transferRequestDeadlineInstant,
} from '../../src/domain/index';

const justAfter = (instant: string) => epochMsToInstant(instantToEpochMs(instant) + 1);

describe('transfer to the next window: requested at least 5 business days before the scheduled exam', () => {
  it('transfer accepted on the 5th business day before the exam, refused the day after', () => {
    // Exam Tuesday 2027-06-08: Mon 7, Fri 4, Thu 3, Wed 2, Tue 1 June.
    expect(lastDayToRequestTransfer('2027-06-08')).toBe('2027-06-01');
    expect(isTransferRequestOnTime('2027-06-08', '2027-06-01T09:00:00-04:00')).toBe(true);
    expect(isTransferRequestOnTime('2027-06-08', '2027-06-01T23:59:59-04:00')).toBe(true);
    expect(isTransferRequestOnTime('2027-06-08', '2027-06-02T00:00:00-04:00')).toBe(false);
    expect(isTransferRequestOnTime('2027-06-08', '2027-06-02T12:00:00-04:00')).toBe(false);
  });

  it('requests are accepted until 23:59:59.999 New York time on the last day, not a millisecond later', () => {
    const deadline = transferRequestDeadlineInstant('2027-06-08');
    expect(deadline).toBe('2027-06-02T03:59:59.999Z');
    expect(isTransferRequestOnTime('2027-06-08', deadline)).toBe(true);
    expect(isTransferRequestOnTime('2027-06-08', justAfter(deadline))).toBe(false);
  });

  it('a federal holiday does not count: exam on the Tuesday after Memorial Day → last day is the Monday a week before', () => {
    // Memorial Day 2027-05-31: Fri 28, Thu 27, Wed 26, Tue 25, Mon 24.
    expect(lastDayToRequestTransfer('2027-06-01')).toBe('2027-05-24');
    expect(isTransferRequestOnTime('2027-06-01', '2027-05-24T23:59:59.999-04:00')).toBe(true);
    expect(isTransferRequestOnTime('2027-06-01', '2027-05-25T00:00:00.000-04:00')).toBe(false);
  });

  it('a Sunday holiday observed on Monday (July 5, 2027) is skipped', () => {
    expect(lastDayToRequestTransfer('2027-07-12')).toBe('2027-07-02');
  });

  it('a Saturday New Year observed on Friday Dec 31 is skipped, across the year boundary', () => {
    expect(lastDayToRequestTransfer('2028-01-07')).toBe('2027-12-30');
  });

  it('a Saturday exam counts back from the Friday before it', () => {
    expect(lastDayToRequestTransfer('2027-10-09')).toBe('2027-10-04');
  });

  it('the deadline follows New York time across the March DST switch (EST before, EDT after)', () => {
    expect(lastDayToRequestTransfer('2027-03-19')).toBe('2027-03-12');
    expect(transferRequestDeadlineInstant('2027-03-19')).toBe('2027-03-13T04:59:59.999Z');
    expect(isTransferRequestOnTime('2027-03-19', '2027-03-13T04:59:59.999Z')).toBe(true);
    expect(isTransferRequestOnTime('2027-03-19', '2027-03-13T05:00:00.000Z')).toBe(false);
    expect(lastDayToRequestTransfer('2027-03-22')).toBe('2027-03-15');
    expect(transferRequestDeadlineInstant('2027-03-22')).toBe('2027-03-16T03:59:59.999Z');
    expect(isTransferRequestOnTime('2027-03-22', '2027-03-16T04:00:00.000Z')).toBe(false);
  });

  it('the deadline follows New York time across the November DST switch, and skips Veterans Day', () => {
    expect(lastDayToRequestTransfer('2027-11-15')).toBe('2027-11-05');
    expect(transferRequestDeadlineInstant('2027-11-15')).toBe('2027-11-06T03:59:59.999Z');
    expect(lastDayToRequestTransfer('2027-11-16')).toBe('2027-11-08');
    expect(transferRequestDeadlineInstant('2027-11-16')).toBe('2027-11-09T04:59:59.999Z');
    expect(isTransferRequestOnTime('2027-11-16', '2027-11-09T04:59:59.999Z')).toBe(true);
    expect(isTransferRequestOnTime('2027-11-16', '2027-11-09T05:00:00.000Z')).toBe(false);
  });

  it('property: the last day is a business day strictly before the exam with exactly 4 business days between', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toEpochDay('2001-01-01'), max: toEpochDay('2198-12-31') }).map(fromEpochDay),
        (exam) => {
          const last = lastDayToRequestTransfer(exam);
          expect(isBusinessDay(last)).toBe(true);
          expect(last < exam).toBe(true);
          expect(countBusinessDays(addDays(last, 1), addDays(exam, -1))).toBe(4);
          const deadline = transferRequestDeadlineInstant(exam);
          expect(newYorkDateOf(deadline)).toBe(last);
          expect(newYorkDateOf(justAfter(deadline))).toBe(addDays(last, 1));
          expect(instantToEpochMs(deadline)).toBeLessThan(instantToEpochMs(startOfNewYorkDay(exam)));
          expect(isTransferRequestOnTime(exam, deadline)).toBe(true);
          expect(isTransferRequestOnTime(exam, justAfter(deadline))).toBe(false);
        },
      ),
    );
  });

  it('an accepted transfer goes to the next window and carries the transfer fee', () => {
    const decision = decideTransfer({
      windowId: '2027-fall',
      examDate: '2027-10-12',
      requestedAt: '2027-10-01T10:00:00-04:00',
    });
    expect(decision).toMatchObject({
      accepted: true,
      fromWindowId: '2027-fall',
      toWindowId: '2028-spring',
      lastDayToRequestTransfer: '2027-10-04',
      deadline: '2027-10-05T03:59:59.999Z',
      timeZone: 'America/New_York',
      feeUsd: 100,
    });
    expect(decision.refusal).toBeUndefined();
  });

  it('a late transfer is refused with a reason that points to rescheduling inside the window', () => {
    const decision = decideTransfer({
      windowId: '2027-fall',
      examDate: '2027-10-12',
      requestedAt: '2027-10-05T00:00:00-04:00',
    });
    expect(decision.accepted).toBe(false);
    expect(decision.refusal).toContain('2027-10-04 23:59:59 New York time');
    expect(decision.refusal).toContain('reschedule');
  });
});

describe('rescheduling stays inside the current window', () => {
  // Fall 2027 under the default policy: 2027-10-04 … 2027-10-23.
  const requestedAt = '2027-09-01T12:00:00-04:00';

  it('allowed on the first and last test day of the window, refused the day before and the day after', () => {
    expect(checkReschedule({ windowId: '2027-fall', newExamDate: '2027-10-04', requestedAt }).allowed).toBe(true);
    expect(checkReschedule({ windowId: '2027-fall', newExamDate: '2027-10-23', requestedAt }).allowed).toBe(true);
    const before = checkReschedule({ windowId: '2027-fall', newExamDate: '2027-10-03', requestedAt });
    expect(before).toMatchObject({ allowed: false, windowStart: '2027-10-04', windowEnd: '2027-10-23' });
    expect(before.refusal).toContain('request a transfer');
    expect(checkReschedule({ windowId: '2027-fall', newExamDate: '2027-10-24', requestedAt }).allowed).toBe(false);
  });

  it('refused for a day that has already passed in New York', () => {
    const late = '2027-10-10T12:00:00-04:00';
    expect(checkReschedule({ windowId: '2027-fall', newExamDate: '2027-10-09', requestedAt: late }).allowed).toBe(
      false,
    );
    expect(checkReschedule({ windowId: '2027-fall', newExamDate: '2027-10-10', requestedAt: late }).allowed).toBe(true);
  });
});
