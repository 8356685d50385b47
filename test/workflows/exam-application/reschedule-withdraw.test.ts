import { describe, expect, it } from 'vitest';
import {
  eligibilityDecisionUpdate,
  reportAppointmentUpdate,
  rescheduleUpdate,
  statusQuery,
  withdrawUpdate,
} from '../../../src/workflows/exam-application/contract';
import { finished, inputFor, jumpTo, refusalOf, settled, stageIs, startApplication, lifecycleSuite } from './harness';

const suite = lifecycleSuite('lifecycle-reschedule');
const { rec, taskQueue } = suite;

describe('withdrawal and reschedule (Spring 2027)', () => {
  it('a written withdrawal before the refund deadline refunds the fee less $100, emails once and ends the case', async () => {
    const input = inputFor('wd1', '2027-spring');
    const id = input.applicationId;
    const handle = await startApplication(suite.env, taskQueue, input);
    await handle.executeUpdate(eligibilityDecisionUpdate, {
      args: [{ decision: 'approve', decidedBy: 'staff@test.local' }],
    });
    expect(
      await refusalOf(handle.executeUpdate(withdrawUpdate, { args: [{ inWriting: false as unknown as true }] })),
    ).toEqual({
      type: 'WithdrawalRefused',
      message: 'A withdrawal must be requested in writing: send the withdrawal form.',
    });
    // Member fee $450 (policy placeholder), on time (refunds until Monday, February 15, 2027): $350 back.
    const outcome = await handle.executeUpdate(withdrawUpdate, {
      args: [{ inWriting: true, reason: 'A family matter.' }],
    });
    expect(outcome).toEqual({
      refundable: true,
      refundUsd: 350,
      processingFeeUsd: 100,
      lastDayToRequestRefund: '2027-02-15',
    });
    await finished(handle);
    expect((await handle.query(statusQuery)).stage).toBe('withdrawn');
    expect(rec.emailKeys(id)).toEqual(['application-received', 'eligibility-approved', 'withdrawal-confirmed']);
    expect(rec.callsOf('recordWithdrawal', id)).toMatchObject([
      { refundUsd: 350, processingFeeUsd: 100, refundable: true, reason: 'A family matter.' },
    ]);
  });

  it('a reschedule inside the window needs a free seat: refused without one, accepted with one, reminders follow the new date', async () => {
    const input = inputFor('rs1', '2027-spring');
    const id = input.applicationId;
    const handle = await startApplication(suite.env, taskQueue, input);
    await handle.executeUpdate(eligibilityDecisionUpdate, {
      args: [{ decision: 'approve', decidedBy: 'staff@test.local' }],
    });
    await jumpTo(suite.env, '2027-02-01T14:01:00.000Z');
    await stageIs(handle, 'scheduling');
    await handle.executeUpdate(reportAppointmentUpdate, {
      args: [{ examDate: '2027-03-10', site: 'Denver-01', source: 'candidate' }],
    });

    rec.full.add('Denver-02|2027-03-12');
    expect(
      await refusalOf(
        handle.executeUpdate(rescheduleUpdate, { args: [{ examDate: '2027-03-12', site: 'Denver-02' }] }),
      ),
    ).toEqual({
      type: 'SeatUnavailable',
      message:
        'No seat is available at Denver-02 on Friday, March 12, 2027. Choose another day or site inside the window; your appointment on Wednesday, March 10, 2027 stands.',
    });
    expect((await handle.query(statusQuery)).appointment?.examDate).toBe('2027-03-10');
    expect(
      await refusalOf(
        handle.executeUpdate(rescheduleUpdate, { args: [{ examDate: '2027-03-22', site: 'Denver-01' }] }),
      ),
    ).toMatchObject({
      type: 'RescheduleRefused',
      message:
        'Monday, March 22, 2027 is outside the Spring 2027 window (Monday, March 1, 2027 to Saturday, March 20, 2027); to test in a later window, request a transfer.',
    });

    const moved = await handle.executeUpdate(rescheduleUpdate, {
      args: [{ examDate: '2027-03-15', site: 'Denver-01' }],
    });
    expect(moved.appointment).toEqual({
      examDate: '2027-03-15',
      site: 'Denver-01',
      lastDayToRequestTransfer: '2027-03-08',
    });
    expect(rec.callsOf('reserveSeat', id).map((r) => `${r.site}|${r.examDate}`)).toEqual([
      'Denver-01|2027-03-10',
      'Denver-02|2027-03-12',
      'Denver-01|2027-03-15',
    ]);
    expect(rec.callsOf('releaseSeat', id)).toEqual([{ applicationId: id, site: 'Denver-01', examDate: '2027-03-10' }]);
    expect(rec.callsOf('recordAppointment', id).at(-1)).toEqual({
      applicationId: id,
      examDate: '2027-03-15',
      site: 'Denver-01',
      startsAt: null,
    });

    await jumpTo(suite.env, '2027-03-14T15:00:00.000Z');
    await settled(handle, () => expect(rec.emailKeys(id)).toContain('appointment-reminder-1d:2'));
    expect(rec.emailKeys(id)).toEqual([
      'application-received',
      'eligibility-approved',
      'notice-to-schedule:2027-spring',
      'appointment-confirmed:1',
      'appointment-rescheduled:2',
      'transfer-deadline-reminder:2',
      'appointment-reminder-7d:2',
      'appointment-reminder-1d:2',
    ]);
    expect(rec.emailOf(id, 'appointment-rescheduled:2')).toEqual({
      kind: 'appointment-rescheduled',
      examDate: '2027-03-15',
      site: 'Denver-01',
      previousExamDate: '2027-03-10',
      windowId: '2027-spring',
    });
    await handle.terminate('test over');
  });
});
