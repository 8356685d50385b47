import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import {
  eligibilityDecisionSignal,
  eligibilityDecisionUpdate,
  reportAppointmentUpdate,
  statusQuery,
} from '../../../src/workflows/exam-application/contract';
import { finished, inputFor, jumpTo, refusalOf, stageIs, startApplication, lifecycleSuite } from './harness';
import { playWindowPart } from '../../helpers/window-part';

const suite = lifecycleSuite('lifecycle-reject-fail');
const { rec, taskQueue } = suite;

// Tests run in order on one server clock that only moves forward: late 2026 first, then Summer 2027.
describe('exam application: rejection and failure', () => {
  it('reminds staff of an overdue decision, and a rejection (signal from Temporal UI) emails the reason and ends the case', async () => {
    const input = inputFor('reject1', '2027-spring', { eligibilityReminderAfterDays: 2 });
    const id = input.applicationId;
    const handle = await startApplication(suite.env, taskQueue, input);
    const started = await suite.env.currentTimeMs();

    // A rejection without a reason is refused: the candidate must learn why.
    const refused = await refusalOf(
      handle.executeUpdate(eligibilityDecisionUpdate, { args: [{ decision: 'reject' }] }),
    );
    expect(refused).toEqual({
      type: 'InvalidRequest',
      message: 'A rejection needs a reason: it is sent to the candidate.',
    });

    await jumpTo(suite.env, new Date(started + 2 * 86_400_000 + 60_000).toISOString());
    await stageIs(handle, 'eligibility-review');
    expect(rec.staffEmails.map((e) => e.dedupeKey)).toEqual(['eligibility-overdue:1']);
    expect(rec.staffEmails[0]!.message).toMatchObject({
      kind: 'eligibility-overdue',
      applicationId: id,
      candidateName: 'Ada Lovelace',
      waitingDays: 2,
    });

    await handle.signal(eligibilityDecisionSignal, {
      decision: 'reject',
      reason: 'Less than two years of experience in medical services.',
    });
    await finished(handle);
    expect((await handle.query(statusQuery)).stage).toBe('rejected');
    expect(rec.emailKeys(id)).toEqual(['application-received', 'eligibility-rejected']);
    expect(rec.emailOf(id, 'eligibility-rejected')).toEqual({
      kind: 'eligibility-rejected',
      program: 'CPCS',
      windowId: '2027-spring',
      reason: 'Less than two years of experience in medical services.',
    });
    expect(rec.callsOf('recordEligibilityDecision', id)).toMatchObject([
      {
        decision: 'reject',
        decidedBy: 'temporal-ui',
        reason: 'Less than two years of experience in medical services.',
      },
    ]);
    expect(rec.staffEmails).toHaveLength(1);
  });

  describe('a fail is recorded confidentially and emailed once; the same window is closed to a new application, a later one is open', () => {
    const input = inputFor('fail1', '2027-summer');
    const id = input.applicationId;
    let handle: Awaited<ReturnType<typeof startApplication>>;

    it('ends the case failed with the released score and no certification', async () => {
      handle = await startApplication(suite.env, taskQueue, input);
      await handle.executeUpdate(eligibilityDecisionUpdate, {
        args: [{ decision: 'approve', decidedBy: 'staff@test.local' }],
      });
      // Summer 2027: notice Monday, May 10, 2027 (9:00 New York = 13:00 UTC, daylight time).
      await jumpTo(suite.env, '2027-05-10T13:01:00.000Z');
      await stageIs(handle, 'scheduling');
      await handle.executeUpdate(reportAppointmentUpdate, {
        args: [{ examDate: '2027-06-15', site: 'Remote', startsAt: '2027-06-15T13:00:00.000Z', source: 'vendor' }],
      });
      const summer = {
        windowId: '2027-summer',
        formId: 'CPCS-2027U-A',
        testedOn: '2027-06-15',
        responses: 'AAAA',
        importId: 'import-2',
        closedOn: '2027-06-26',
        resultsExpected: { earliest: '2027-08-07', latest: '2027-08-21' },
        releaseAt: '2027-09-01T13:00:00.000Z',
        score: { raw: 80, scaled: 371, passed: false },
      };
      await playWindowPart(
        handle,
        summer,
        (instant) => jumpTo(suite.env, instant),
        (stage) => stageIs(handle, stage),
      );
      await finished(handle);

      const final = await handle.query(statusQuery);
      expect(final.stage).toBe('failed');
      expect(final.score).toEqual({ raw: 80, scaled: 371, passed: false, releasedAt: '2027-09-01T13:00:00.000Z' });
      expect(final.certification).toBeUndefined();
    }, 60_000);

    it('emails each step once, ending with the score release', () => {
      expect(rec.emailKeys(id)).toEqual([
        'application-received',
        'eligibility-approved',
        'notice-to-schedule:2027-summer',
        'appointment-confirmed:1',
        'transfer-deadline-reminder:1',
        'appointment-reminder-7d:1',
        'appointment-reminder-1d:1',
        'score-released',
      ]);
    });

    it('emails the scaled score and the fail, never the raw score', () => {
      expect(rec.emailOf(id, 'score-released')).toEqual({
        kind: 'score-released',
        program: 'CPCS',
        windowId: '2027-summer',
        scaled: 371,
        passed: false,
      });
    });

    it('records the score', () => {
      expect(rec.callsOf('recordScore', id)).toMatchObject([{ raw: 80, scaled: 371, passed: false }]);
    });

    it('records no certification and issues no badge', () => {
      expect(rec.callsOf('recordCertification')).toEqual([]);
      expect(rec.callsOf('issueBadge')).toEqual([]);
    });

    it('refuses a new application for the same window', async () => {
      // FAQ: no retest in the same window — the apply route starts with REJECT_DUPLICATE on the same business key.
      const again = suite.env.client.workflow.start('examApplicationWorkflow', {
        workflowId: id,
        taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      await expect(again).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    });

    it('opens a new application for a later window', async () => {
      const later = inputFor('fail1', '2027-fall');
      expect(later.applicationId).not.toBe(id);
      const laterHandle = await startApplication(suite.env, taskQueue, later);
      expect((await laterHandle.query(statusQuery)).windowId).toBe('2027-fall');
      await laterHandle.terminate('test over');
    }, 30_000);
  });
});
