import { describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import { lastDayToRequestTransfer } from '../../../src/domain/index';
import {
  type ApplicationStatus,
  eligibilityDecisionUpdate,
  reportAppointmentUpdate,
  statusQuery,
} from '../../../src/workflows/exam-application/contract';
import { vendorResultSignal } from '../../../src/workflows/exam-application/vendor-signals';
import {
  equatingApprovedSignal,
  scoreReleasedSignal,
  windowClosedSignal,
} from '../../../src/workflows/exam-application/window-signals';
import { examDateKey, stageKey, testingWindowKey } from '../../../src/workflows/search-attributes';
import { finished, inputFor, jumpTo, settled, stageIs, startApplication, lifecycleSuite } from './harness';

const suite = lifecycleSuite('lifecycle-pass');
const { rec, taskQueue } = suite;

describe('exam application: the passing path (Spring 2027)', () => {
  describe('goes from eligibility to notice, appointment, reminders, result, equating and a released pass with badge and certificate', () => {
    let id: string;
    let handle: WorkflowHandle;
    let final: ApplicationStatus;

    it('records the approved eligibility decision and waits for the notice to schedule', async () => {
      const input = inputFor('pass1', '2027-spring');
      id = input.applicationId;
      handle = await startApplication(suite.env, taskQueue, input);

      const approved = await handle.executeUpdate(eligibilityDecisionUpdate, {
        args: [{ decision: 'approve', decidedBy: 'staff@test.local' }],
      });
      expect(approved.stage).toBe('awaiting-notice');
      expect(rec.callsOf('recordEligibilityDecision', id)).toMatchObject([
        { decision: 'approve', decidedBy: 'staff@test.local' },
      ]);
    }, 30_000);

    it('emails the notice to schedule on the notice date, not a minute before', async () => {
      // Notice to schedule: Monday, February 1, 2027 at 9:00 New York (14:00 UTC, standard time).
      await jumpTo(suite.env, '2027-02-01T13:59:00.000Z');
      expect((await handle.query(statusQuery)).stage).toBe('awaiting-notice');
      await jumpTo(suite.env, '2027-02-01T14:01:00.000Z');
      await stageIs(handle, 'scheduling');
      expect(rec.emailOf(id, 'notice-to-schedule:2027-spring')).toMatchObject({
        windowStart: '2027-03-01',
        windowEnd: '2027-03-20',
        closesOn: '2027-03-20',
        resultsExpected: { earliest: '2027-05-01', latest: '2027-05-15' },
      });
    }, 30_000);

    it('books the appointment with its last day to request a transfer, reserves the seat and shows the exam date', async () => {
      const scheduled = await handle.executeUpdate(reportAppointmentUpdate, {
        args: [{ examDate: '2027-03-10', site: 'Chicago-01', source: 'candidate' }],
      });
      expect(scheduled.stage).toBe('scheduled');
      expect(scheduled.appointment).toEqual({
        examDate: '2027-03-10',
        site: 'Chicago-01',
        lastDayToRequestTransfer: '2027-03-03',
      });
      expect(lastDayToRequestTransfer('2027-03-10')).toBe('2027-03-03');
      expect(rec.callsOf('reserveSeat', id)).toEqual([
        { applicationId: id, site: 'Chicago-01', examDate: '2027-03-10' },
      ]);
      const described = await handle.describe();
      expect(described.typedSearchAttributes.get(examDateKey)?.toISOString().slice(0, 10)).toBe('2027-03-10');
    }, 30_000);

    it('emails the transfer-deadline reminder and the reminders 7 days and 1 day before the exam', async () => {
      // Reminders: transfer deadline (3 days before Mar 3), 7 days and 1 day before the exam.
      await jumpTo(suite.env, '2027-03-10T12:00:00.000Z');
      await settled(handle, () => expect(rec.emailKeys(id)).toContain('appointment-reminder-1d:1'));
      expect(rec.emailOf(id, 'transfer-deadline-reminder:1')).toMatchObject({
        lastDayToRequestTransfer: '2027-03-03',
        examDate: '2027-03-10',
      });
    }, 30_000);

    it('records the vendor result and waits for the close with the results expected six to eight weeks after it', async () => {
      await handle.signal(vendorResultSignal, {
        formId: 'CPCS-2027S-A',
        responses: 'ABCABC',
        testedOn: '2027-03-10',
        importId: 'import-1',
      });
      const waiting = await stageIs(handle, 'awaiting-close');
      expect(waiting.testedOn).toBe('2027-03-10');
      // FAQ: results "six to eight weeks from the close"; the window closes with its last test day, March 20.
      expect(waiting.resultsExpected).toEqual({ earliest: '2027-05-01', latest: '2027-05-15' });
      expect(rec.callsOf('recordTestResult', id)).toEqual([
        { applicationId: id, formId: 'CPCS-2027S-A', testedOn: '2027-03-10', importId: 'import-1' },
      ]);
    }, 30_000);

    it('holds a score released early until the approved release time, without telling the candidate', async () => {
      await jumpTo(suite.env, '2027-03-21T16:00:00.000Z');
      await handle.signal(windowClosedSignal, {
        windowId: '2027-spring',
        closedOn: '2027-03-20',
        resultsExpected: { earliest: '2027-05-01', latest: '2027-05-15' },
      });
      await stageIs(handle, 'awaiting-equating');
      await handle.signal(equatingApprovedSignal, { windowId: '2027-spring', releaseAt: '2027-05-25T13:00:00.000Z' });
      // The window's release signal arrives early: the score still waits for the release time.
      await handle.signal(scoreReleasedSignal, {
        windowId: '2027-spring',
        formId: 'CPCS-2027S-A',
        raw: 112,
        scaled: 431,
        passed: true,
        releasedAt: '2027-05-25T13:00:00.000Z',
      });
      const held = await stageIs(handle, 'awaiting-release');
      expect(held.releaseAt).toBe('2027-05-25T13:00:00.000Z');
      expect(held.score).toBeUndefined();
      expect(rec.emailKeys(id)).not.toContain('score-released');
    }, 30_000);

    it('passes the candidate at the release time with the score and a certification until December 2030', async () => {
      await jumpTo(suite.env, '2027-05-25T13:01:00.000Z');
      await finished(handle);
      final = await handle.query(statusQuery);
      expect(final.stage).toBe('passed');
      expect(final.score).toEqual({ raw: 112, scaled: 431, passed: true, releasedAt: '2027-05-25T13:00:00.000Z' });
      expect(final.certification).toEqual({
        credentialId: 'CPCS-TEST-pass1',
        certifiedOn: '2027-05-25',
        expiresOn: '2030-12-01',
        badgeId: 'badge-CPCS-TEST-pass1',
        certificateReady: true,
      });
    }, 30_000);

    it('emails each step once, in order, ending with the score and the certificate', () => {
      expect(rec.emailKeys(id)).toEqual([
        'application-received',
        'eligibility-approved',
        'notice-to-schedule:2027-spring',
        'appointment-confirmed:1',
        'transfer-deadline-reminder:1',
        'appointment-reminder-7d:1',
        'appointment-reminder-1d:1',
        'score-released',
        'certificate-ready',
      ]);
      expect(rec.emailOf(id, 'score-released')).toEqual({
        kind: 'score-released',
        program: 'CPCS',
        windowId: '2027-spring',
        scaled: 431,
        passed: true,
      });
    });

    it('records the score once, issues one badge and one certificate PDF and starts the recertification cycle', () => {
      expect(rec.callsOf('recordScore', id)).toEqual([
        {
          applicationId: id,
          formId: 'CPCS-2027S-A',
          raw: 112,
          scaled: 431,
          passed: true,
          releasedAt: '2027-05-25T13:00:00.000Z',
        },
      ]);
      expect(rec.callsOf('issueBadge')).toEqual([
        {
          credentialId: 'CPCS-TEST-pass1',
          candidateId: 'pass1',
          program: 'CPCS',
          issuedAt: '2027-05-25',
          expiresAt: '2030-12-01',
        },
      ]);
      expect(rec.callsOf('attachBadge')).toEqual([
        { credentialId: 'CPCS-TEST-pass1', badgeId: 'badge-CPCS-TEST-pass1' },
      ]);
      expect(rec.callsOf('createCertificatePdf')).toEqual([{ credentialId: 'CPCS-TEST-pass1' }]);
      expect(rec.recertifications).toEqual([
        {
          certificantId: 'pass1',
          program: 'CPCS',
          credentialId: 'CPCS-TEST-pass1',
          certifiedOn: '2027-05-25',
          firstName: 'Ada',
          lastName: 'Lovelace',
          membership: 'member',
          badgeId: 'badge-CPCS-TEST-pass1',
        },
      ]);
    });

    it('records every stage it went through and shows the passed stage and its window to searches', async () => {
      expect(final.history.map((h) => h.stage)).toEqual([
        'submitted',
        'eligibility-review',
        'awaiting-notice',
        'scheduling',
        'scheduled',
        'tested',
        'awaiting-close',
        'awaiting-equating',
        'awaiting-release',
        'passed',
      ]);
      expect(rec.callsOf('recordApplication', id).map((r) => r.stage)).toEqual(final.history.map((h) => h.stage));
      const attributes = (await handle.describe()).typedSearchAttributes;
      expect(attributes.get(stageKey)).toBe('passed');
      expect(attributes.get(testingWindowKey)).toBe('2027-spring');
    }, 15_000);
  });
});
