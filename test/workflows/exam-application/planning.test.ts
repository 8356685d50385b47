import { describe, expect, it } from 'vitest';
import { checkAccommodationRequestNow } from '../../../src/workflows/exam-application/accommodation';
import { checkAppointment, checkRescheduleRequest } from '../../../src/workflows/exam-application/appointment';
import { checkEligibilityDecision } from '../../../src/workflows/exam-application/eligibility';
import { checkTransfer } from '../../../src/workflows/exam-application/transfer';
import { checkWithdrawal } from '../../../src/workflows/exam-application/withdrawal';
import { initialState, type LifecycleState } from '../../../src/workflows/exam-application/state';
import { nextStep } from '../../../src/workflows/exam-application/timeline';
import { inputFor } from './harness';

// Spring 2027: notice to schedule Feb 1, test days Mar 1–20, accommodation cutoff Jan 4 (New York dates).
const started = '2026-11-30T15:00:00.000Z';

function caseAt(stage: LifecycleState['stage'], change: Partial<LifecycleState> = {}): LifecycleState {
  return { ...initialState(inputFor('planning', '2027-spring'), started), stage, noShowAtClose: true, ...change };
}

const scheduled = (examDate: string, reportedAt = '2027-02-02T15:00:00.000Z') =>
  caseAt('scheduled', { appointment: { seq: 1, examDate, site: 'Chicago', source: 'candidate', reportedAt } });

/** The refusal a check throws: its type and message, as the caller sees them. */
function refusal(check: () => unknown): { type?: string; message: string } | undefined {
  try {
    check();
    return undefined;
  } catch (err) {
    return { type: (err as { type?: string }).type, message: (err as Error).message };
  }
}

describe('nextStep: the next thing the clock does to a case', () => {
  it('reminds staff of an undecided eligibility every 5 days, 6 times, then stops', () => {
    const s = caseAt('eligibility-review');
    expect(nextStep(s, started)).toMatchObject({ kind: 'eligibility-overdue', n: 1, at: '2026-12-05T15:00:00.000Z' });
    s.done.push('eligibility-overdue:1');
    expect(nextStep(s, started)).toMatchObject({ n: 2, at: '2026-12-10T15:00:00.000Z' });
    s.done.push(...[2, 3, 4, 5, 6].map((n) => `eligibility-overdue:${n}`));
    expect(nextStep(s, started)).toBeUndefined();
  });

  it('sends the notice to schedule at 9:00 New York on the window notice day, or at once when approved later', () => {
    expect(nextStep(caseAt('awaiting-notice'), started)).toMatchObject({
      kind: 'notice',
      at: '2027-02-01T14:00:00.000Z',
    });
  });

  it('a scheduled exam: the 7-day reminder first, then the transfer-deadline reminder, the 1-day reminder, and the no-show when the window closes', () => {
    const s = scheduled('2027-03-10');
    const order: string[] = [];
    for (let step = nextStep(s, started); step; step = nextStep(s, started)) {
      order.push(`${step.kind}@${step.at}`);
      s.done.push(step.key);
    }
    expect(order).toEqual([
      'transfer-reminder@2027-02-28T14:00:00.000Z',
      'reminder@2027-03-03T14:00:00.000Z',
      'reminder@2027-03-09T14:00:00.000Z',
      'no-show@2027-03-21T03:59:59.999Z',
    ]);
  });

  it('skips a reminder whose moment had passed when the appointment was reported, rather than send it late', () => {
    const s = scheduled('2027-03-10', '2027-03-05T15:00:00.000Z');
    expect(nextStep(s, started)).toMatchObject({ kind: 'reminder', daysBefore: 1 });
  });

  it('a result moves a scheduled case on at once', () => {
    const s = {
      ...scheduled('2027-03-10'),
      result: { receivedAt: '2027-03-10T20:00:00.000Z' } as LifecycleState['result'],
    };
    expect(nextStep(s, '2027-03-10T20:00:01.000Z')).toMatchObject({ kind: 'tested', at: '2027-03-10T20:00:01.000Z' });
  });

  it('waits without a timer for the window to close and for equating', () => {
    expect(nextStep(caseAt('awaiting-close'), started)).toBeUndefined();
    expect(nextStep(caseAt('awaiting-equating'), started)).toBeUndefined();
  });

  it('releases the score at the release time even when the release signal came early, and at once when it came late', () => {
    const equating = { releaseAt: '2027-05-03T13:00:00.000Z' } as LifecycleState['equating'];
    const s = caseAt('awaiting-release', { equating, released: {} as LifecycleState['released'] });
    expect(nextStep(s, '2027-05-01T00:00:00.000Z')).toMatchObject({ kind: 'release', at: '2027-05-03T13:00:00.000Z' });
    expect(nextStep(s, '2027-05-04T00:00:00.000Z')).toMatchObject({ kind: 'release', at: '2027-05-04T00:00:00.000Z' });
  });
});

describe('the checks: what a person may ask of a case, and the answer when they may not', () => {
  it('a rejection needs a reason; a decision is taken once', () => {
    const s = caseAt('eligibility-review');
    expect(refusal(() => checkEligibilityDecision(s, { decision: 'reject', decidedBy: 'staff' }))).toMatchObject({
      type: 'InvalidRequest',
      message: expect.stringContaining('needs a reason'),
    });
    expect(refusal(() => checkEligibilityDecision(s, { decision: 'approve', decidedBy: 'staff' }))).toBeUndefined();
    const decided = {
      ...s,
      eligibility: { decision: 'approve' as const, decidedBy: 'staff', decidedAt: '2026-12-01T15:00:00.000Z' },
    };
    expect(refusal(() => checkEligibilityDecision(decided, { decision: 'approve', decidedBy: 'staff' }))).toMatchObject(
      { type: 'ActionNotAvailable', message: 'Eligibility was already decided (approve) on 2026-12-01.' },
    );
  });

  it('an accommodation request is accepted until the end of the cutoff day in New York, refused after it with the dates spelled out', () => {
    const s = caseAt('eligibility-review');
    const request = { needs: 'Extra time', documentIds: ['doc1'] };
    expect(refusal(() => checkAccommodationRequestNow(s, request, '2027-01-05T04:30:00.000Z'))).toBeUndefined();
    expect(refusal(() => checkAccommodationRequestNow(s, request, '2027-01-05T05:30:00.000Z'))).toEqual({
      type: 'AccommodationRefused',
      message:
        'Accommodation requests for the Spring 2027 window had to be received by Monday, January 4, 2027, eight weeks before the window starts on Monday, March 1, 2027. You may request accommodations for a later window.',
    });
    expect(
      refusal(() =>
        checkAccommodationRequestNow(s, { needs: 'Extra time', documentIds: [] }, '2027-01-01T15:00:00.000Z'),
      )?.message,
    ).toContain('written documentation');
  });

  it('an appointment must lie inside the window and not in the past', () => {
    const s = caseAt('scheduling');
    const report = (examDate: string) => ({ examDate, site: 'Chicago', source: 'candidate' as const });
    expect(refusal(() => checkAppointment(s, report('2027-03-10'), '2027-02-02T15:00:00.000Z'))).toBeUndefined();
    expect(refusal(() => checkAppointment(s, report('2027-03-22'), '2027-02-02T15:00:00.000Z'))?.message).toBe(
      'Monday, March 22, 2027 is outside the Spring 2027 window (Monday, March 1, 2027 to Saturday, March 20, 2027).',
    );
    expect(refusal(() => checkAppointment(s, report('2027-03-02'), '2027-03-05T15:00:00.000Z'))?.message).toBe(
      'Tuesday, March 2, 2027 has already passed.',
    );
    expect(refusal(() => checkAppointment(s, report('10/03/2027'), '2027-02-02T15:00:00.000Z'))?.type).toBe(
      'InvalidRequest',
    );
  });

  it('a transfer is accepted up to 5 business days before the exam, refused the day after with the last day named', () => {
    const s = scheduled('2027-03-10');
    expect(checkTransfer(s, '2027-03-04T04:59:00.000Z')).toMatchObject({ accepted: true, toWindowId: '2027-summer' });
    expect(refusal(() => checkTransfer(s, '2027-03-04T05:01:00.000Z'))).toEqual({
      type: 'TransferRefused',
      message:
        'The last day to request a transfer was Wednesday, March 3, 2027; you can still reschedule inside the Spring 2027 window.',
    });
    expect(refusal(() => checkTransfer(caseAt('eligibility-review'), started))?.message).toBe(
      'A transfer is possible once your eligibility is approved.',
    );
  });

  it('a reschedule to the same appointment, or outside the window, is refused', () => {
    const s = scheduled('2027-03-10');
    expect(
      refusal(() => checkRescheduleRequest(s, { examDate: '2027-03-10', site: 'Chicago' }, '2027-03-01T15:00:00.000Z'))
        ?.type,
    ).toBe('RescheduleRefused');
    expect(
      refusal(() => checkRescheduleRequest(s, { examDate: '2027-04-02', site: 'Chicago' }, '2027-03-01T15:00:00.000Z'))
        ?.message,
    ).toContain('request a transfer');
    expect(
      refusal(() => checkRescheduleRequest(s, { examDate: '2027-03-12', site: 'Chicago' }, '2027-03-01T15:00:00.000Z')),
    ).toBeUndefined();
  });

  it('a withdrawal must be in writing, and only before the test', () => {
    expect(refusal(() => checkWithdrawal(caseAt('scheduling'), { inWriting: false } as never))?.type).toBe(
      'WithdrawalRefused',
    );
    expect(refusal(() => checkWithdrawal(caseAt('scheduling'), { inWriting: true }))).toBeUndefined();
    expect(refusal(() => checkWithdrawal(caseAt('awaiting-close'), { inWriting: true }))?.message).toBe(
      'Your application is tested, waiting for the window to close: a withdrawal is not possible now.',
    );
  });
});
