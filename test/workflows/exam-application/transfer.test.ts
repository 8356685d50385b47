import { describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import { federalHolidayOn, lastDayToRequestTransfer } from '../../../src/domain/index';
import {
  accommodationDecisionUpdate,
  accommodationRequestUpdate,
  eligibilityDecisionUpdate,
  reportAppointmentUpdate,
  requestTransferUpdate,
  statusQuery,
  type ExamApplicationInput,
} from '../../../src/workflows/exam-application/contract';
import { windowClosedSignal } from '../../../src/workflows/exam-application/window-signals';
import { examDateKey, testingWindowKey } from '../../../src/workflows/search-attributes';
import { finished, inputFor, jumpTo, refusalOf, settled, stageIs, startApplication, lifecycleSuite } from './harness';
import { playWindowPart } from '../../helpers/window-part';

const suite = lifecycleSuite('lifecycle-transfer');
const { rec, taskQueue } = suite;

describe('transfer: accepted up to 5 business days before the exam, across Juneteenth (observed Friday, June 18, 2027)', () => {
  describe('accepts on the last day, refuses the day after, the transferred case passes in Fall 2027 and the refused one ends as a no-show', () => {
    const a = inputFor('xfer-a', '2027-summer');
    const b = inputFor('xfer-b', '2027-summer');
    let ha: WorkflowHandle;
    let hb: WorkflowHandle;

    it('counts the observed Juneteenth holiday out of the 5 business days before the exam', () => {
      // Exam Thursday, June 24, 2027: 23, 22, 21, (18 is the observed holiday), 17, 16 → the last day is June 16.
      expect(federalHolidayOn('2027-06-18')?.name).toMatch(/Juneteenth/);
      expect(lastDayToRequestTransfer('2027-06-24')).toBe('2027-06-16');
    });

    it('accepts the transfer to Fall 2027 for $100 on Wednesday, June 16, the last day', async () => {
      ha = await startApplication(suite.env, taskQueue, a);
      hb = await startApplication(suite.env, taskQueue, b);

      await ha.executeUpdate(accommodationRequestUpdate, {
        args: [{ needs: 'Extra time (time and a half)', documentIds: ['doc-a1'] }],
      });
      await ha.executeUpdate(accommodationDecisionUpdate, {
        args: [{ requestId: 'accommodation-1', decision: 'approve', decidedBy: 'staff@test.local' }],
      });
      for (const h of [ha, hb])
        await h.executeUpdate(eligibilityDecisionUpdate, {
          args: [{ decision: 'approve', decidedBy: 'staff@test.local' }],
        });

      await jumpTo(suite.env, '2027-05-10T13:01:00.000Z');
      for (const h of [ha, hb]) {
        await stageIs(h, 'scheduling');
        await h.executeUpdate(reportAppointmentUpdate, {
          args: [{ examDate: '2027-06-24', site: 'Boston-01', source: 'candidate' }],
        });
      }

      await jumpTo(suite.env, '2027-06-16T20:00:00.000Z'); // Wednesday, June 16, 16:00 New York: the last day
      const moved = await ha.executeUpdate(requestTransferUpdate);
      expect(moved).toEqual({ fromWindowId: '2027-summer', toWindowId: '2027-fall', feeUsd: 100 });
      expect(await ha.query(statusQuery)).toMatchObject({ stage: 'awaiting-notice', windowId: '2027-fall' });
    }, 45_000);

    it('keeps the approved accommodation, drops the Summer appointment, frees its seat and records the transfer', async () => {
      const afterMove = await ha.query(statusQuery);
      expect(afterMove.appointment).toBeUndefined();
      expect(afterMove.accommodations).toMatchObject([{ id: 'accommodation-1', status: 'approved' }]);
      expect(afterMove.transfers).toMatchObject([
        { fromWindowId: '2027-summer', toWindowId: '2027-fall', feeUsd: 100 },
      ]);
      expect(rec.callsOf('releaseSeat', a.applicationId)).toEqual([
        { applicationId: a.applicationId, site: 'Boston-01', examDate: '2027-06-24' },
      ]);
      expect(rec.callsOf('recordTransfer', a.applicationId)).toMatchObject([
        { fromWindowId: '2027-summer', toWindowId: '2027-fall', feeUsd: 100 },
      ]);
    }, 15_000);

    it('shows the transferred case on the Fall window with no exam date to searches', async () => {
      const attributes = (await ha.describe()).typedSearchAttributes;
      expect(attributes.get(testingWindowKey)).toBe('2027-fall');
      expect(attributes.get(examDateKey)).toBeUndefined();
    }, 15_000);

    it('refuses the transfer on Thursday, June 17, one day too late, and keeps the case on Summer 2027', async () => {
      await jumpTo(suite.env, '2027-06-17T04:30:00.000Z'); // Thursday, June 17, 00:30 New York: one day too late
      expect(await refusalOf(hb.executeUpdate(requestTransferUpdate))).toEqual({
        type: 'TransferRefused',
        message:
          'The last day to request a transfer was Wednesday, June 16, 2027; you can still reschedule inside the Summer 2027 window.',
      });
      expect((await hb.query(statusQuery)).windowId).toBe('2027-summer');
    }, 30_000);

    it('ends the untested Summer case as a no-show when the window closes, and emails the candidate so', async () => {
      // The old window's signals no longer concern the transferred case.
      await ha.signal(windowClosedSignal, {
        windowId: '2027-summer',
        closedOn: '2027-06-26',
        resultsExpected: { earliest: '2027-08-07', latest: '2027-08-21' },
      });

      // B never tests: the window closes (the last test day, June 26, ends) with no result.
      await jumpTo(suite.env, '2027-06-28T04:30:00.000Z');
      await finished(hb);
      expect((await hb.query(statusQuery)).stage).toBe('no-show');
      expect(rec.emailKeys(b.applicationId)).toEqual([
        'application-received',
        'eligibility-approved',
        'notice-to-schedule:2027-summer',
        'appointment-confirmed:1',
        'transfer-deadline-reminder:1',
        'appointment-reminder-7d:1',
        'appointment-reminder-1d:1',
        'no-show',
      ]);
      expect(rec.emailOf(b.applicationId, 'no-show')).toEqual({
        kind: 'no-show',
        windowId: '2027-summer',
        examDate: '2027-06-24',
      });
    }, 30_000);

    it('leaves the transferred case waiting for the Fall notice when the Summer window closes', async () => {
      expect((await ha.query(statusQuery)).stage).toBe('awaiting-notice');
    }, 15_000);

    it('emails the Fall notice to schedule, with the approved accommodation, on Monday, September 6, 2027', async () => {
      // A in Fall 2027: notice Monday, September 6, 2027; exam Wednesday, October 13 (Columbus Day in between).
      await jumpTo(suite.env, '2027-09-06T13:01:00.000Z');
      await stageIs(ha, 'scheduling');
      expect(rec.emailOf(a.applicationId, 'notice-to-schedule:2027-fall')).toMatchObject({
        approvedAccommodations: ['Extra time (time and a half)'],
      });
    }, 30_000);

    it('books Wednesday, October 13 with the last day to transfer counted past Columbus Day', async () => {
      const scheduled = await ha.executeUpdate(reportAppointmentUpdate, {
        args: [{ examDate: '2027-10-13', site: 'Boston-01', source: 'vendor' }],
      });
      expect(scheduled.appointment).toEqual({
        examDate: '2027-10-13',
        site: 'Boston-01',
        lastDayToRequestTransfer: '2027-10-05',
      });
    }, 30_000);

    it('passes the transferred candidate in Fall 2027, certified until December 2031', async () => {
      const fall = {
        windowId: '2027-fall',
        formId: 'CPCS-2027F-A',
        testedOn: '2027-10-13',
        responses: 'ABC',
        importId: 'import-f',
        closedOn: '2027-10-23',
        resultsExpected: { earliest: '2027-12-04', latest: '2027-12-18' },
        releaseAt: '2028-01-05T14:00:00.000Z',
        score: { raw: 120, scaled: 455, passed: true },
      };
      await playWindowPart(
        ha,
        fall,
        (instant) => jumpTo(suite.env, instant),
        (stage) => stageIs(ha, stage),
      );
      await finished(ha);
      const final = await settled(ha, (s) => expect(s.stage).toBe('passed'));
      expect(final.certification).toMatchObject({
        certifiedOn: '2028-01-05',
        expiresOn: '2031-12-01',
        certificateReady: true,
      });
    }, 45_000);

    it('emails the transferred candidate each step once, with the transfer confirmation, its fee and the Fall notice date', () => {
      expect(rec.emailKeys(a.applicationId)).toEqual([
        'application-received',
        'accommodation-decision:accommodation-1',
        'eligibility-approved',
        'notice-to-schedule:2027-summer',
        'appointment-confirmed:1',
        'transfer-deadline-reminder:1',
        'transfer-confirmed:2027-fall',
        'notice-to-schedule:2027-fall',
        'appointment-confirmed:2',
        'transfer-deadline-reminder:2',
        'appointment-reminder-7d:2',
        'appointment-reminder-1d:2',
        'score-released',
        'certificate-ready',
      ]);
      expect(rec.emailOf(a.applicationId, 'transfer-confirmed:2027-fall')).toEqual({
        kind: 'transfer-confirmed',
        fromWindowId: '2027-summer',
        toWindowId: '2027-fall',
        feeUsd: 100,
        noticeOn: '2027-09-06',
      });
    });
  });
});

describe('transfer: the workflow and the records agree whichever step fails (Spring → Summer 2028, after the case above)', () => {
  const spring = '2028-spring';

  /** Approved, noticed (Monday, February 7, 2028) and booked for Wednesday, March 8, 2028 at Chicago-01. */
  async function bookedInSpring(candidateId: string) {
    const input = inputFor(candidateId, spring);
    const handle = await startApplication(suite.env, taskQueue, input);
    await handle.executeUpdate(eligibilityDecisionUpdate, {
      args: [{ decision: 'approve', decidedBy: 'staff@test.local' }],
    });
    await jumpTo(suite.env, '2028-02-07T14:01:00.000Z');
    await stageIs(handle, 'scheduling');
    await handle.executeUpdate(reportAppointmentUpdate, {
      args: [{ examDate: '2028-03-08', site: 'Chicago-01', source: 'candidate' }],
    });
    return { input, handle };
  }

  describe('the vendor fails to free the old seat: the transfer stands in the workflow and the records, and staff are asked to free the seat', () => {
    let input: ExamApplicationInput;
    let handle: WorkflowHandle;

    it('accepts the transfer to Summer 2028 before the last day', async () => {
      ({ input, handle } = await bookedInSpring('xfer-stuck'));
      rec.seatStuck.add(input.applicationId);
      await jumpTo(suite.env, '2028-02-25T15:00:00.000Z'); // before Wednesday, March 1, the last day to transfer
      expect(await handle.executeUpdate(requestTransferUpdate)).toEqual({
        fromWindowId: spring,
        toWindowId: '2028-summer',
        feeUsd: 100,
      });
    }, 45_000);

    it('moves the case to Summer 2028 in the workflow, the records and searches, without an appointment', async () => {
      const status = await handle.query(statusQuery);
      expect(status).toMatchObject({
        stage: 'awaiting-notice',
        windowId: '2028-summer',
        transfers: [{ fromWindowId: spring, toWindowId: '2028-summer' }],
      });
      expect(status.appointment).toBeUndefined();
      // The records say the same: the transfer is recorded and the application row is on the new window.
      expect(rec.callsOf('recordTransfer', input.applicationId)).toMatchObject([
        { fromWindowId: spring, toWindowId: '2028-summer' },
      ]);
      expect(rec.callsOf('recordApplication', input.applicationId).at(-1)).toMatchObject({
        windowId: '2028-summer',
        stage: 'awaiting-notice',
      });
      expect((await handle.describe()).typedSearchAttributes.get(testingWindowKey)).toBe('2028-summer');
    }, 15_000);

    it("tries once to free the seat, then asks staff once to free it, with the vendor's reason", () => {
      // The release was tried once (non-retryable), then flagged to staff once; the candidate has the confirmation.
      expect(rec.callsOf('releaseSeat', input.applicationId)).toEqual([
        { applicationId: input.applicationId, site: 'Chicago-01', examDate: '2028-03-08' },
      ]);
      const flagged = rec.staffEmails.filter(
        (e) => e.message.kind === 'seat-not-released' && e.message.applicationId === input.applicationId,
      );
      expect(flagged).toMatchObject([
        {
          dedupeKey: 'seat-not-released:1',
          message: {
            site: 'Chicago-01',
            examDate: '2028-03-08',
            fromWindowId: spring,
            toWindowId: '2028-summer',
            reason: 'the vendor API answered 500',
          },
        },
      ]);
    });

    it('emails the candidate the transfer confirmation', () => {
      expect(rec.emailKeys(input.applicationId).at(-1)).toBe('transfer-confirmed:2028-summer');
    });
  });

  it('the records refuse the move: the candidate gets the refusal and keeps the Spring appointment, and no seat is freed', async () => {
    const { input, handle } = await bookedInSpring('xfer-clash');
    rec.transferClash.add(input.applicationId);
    expect(await refusalOf(handle.executeUpdate(requestTransferUpdate))).toEqual({
      type: 'TransferRefused',
      message:
        'You already have an application for the next window, so this one cannot move there; withdraw one of them instead.',
    });
    const status = await handle.query(statusQuery);
    expect(status).toMatchObject({
      stage: 'scheduled',
      windowId: spring,
      transfers: [],
      appointment: { examDate: '2028-03-08', site: 'Chicago-01' },
    });
    expect(rec.callsOf('recordApplication', input.applicationId).at(-1)).toMatchObject({
      windowId: spring,
      stage: 'scheduled',
    });
    expect(rec.callsOf('releaseSeat', input.applicationId)).toEqual([]);
    expect(rec.emailKeys(input.applicationId)).not.toContain('transfer-confirmed:2028-summer');
  });
});
