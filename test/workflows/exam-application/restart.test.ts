import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../../src/activities/index';
import { findApplicationDetails } from '../../../src/db/tables/application-details';
import { findScore } from '../../../src/db/tables/application-scores';
import { findOrCreateCandidate } from '../../../src/db/tables/candidates';
import { certificationsOf } from '../../../src/db/tables/certifications';
import { emailsFor } from '../../../src/db/tables/email-log';
import type { Mailer } from '../../../src/email/transport';
import type { OutgoingEmail } from '../../../src/email/message';
import {
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
import { openTestDatabase } from '../../helpers/database';
import { createTimeSkippingEnv } from '../../helpers/temporal';
import { finished, inputFor, jumpTo, Recorder, stageIs, startApplication, startWorker } from './harness';

const taskQueue = 'lifecycle-restart';
let env: TestWorkflowEnvironment;
let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  [env, database] = await Promise.all([createTimeSkippingEnv(), openTestDatabase()]);
});
afterAll(async () => {
  await env?.teardown();
  await database?.close();
});

describe('workers stopped and replaced mid-flow', () => {
  it('finishes the case on a new worker with every record written and nothing emailed twice', async () => {
    const sent: OutgoingEmail[] = [];
    const mailer: Mailer = {
      messageIdFor: (slot) => `<${slot}@test>`,
      send: async (m) => (sent.push(m), { messageId: m.messageId }),
      close: () => undefined,
    };
    const candidate = await findOrCreateCandidate(database.db, {
      newId: 'restart1',
      email: 'ada@example.org',
      firstName: 'Ada',
      lastName: 'Lovelace',
      membership: 'member',
    });
    // Real records and email log; the outside parties (vendor, Credly, PDF, recertification start) are doubles.
    const doubles = new Recorder().activities();
    const activities = () => ({
      ...createActivities({
        db: database.db,
        mailer,
        links: { secret: 'restart-test-secret-restart-test-secret', baseUrl: 'http://localhost', ttlDays: 30 },
        staffAlertsEmail: 'staff@test.local',
      }),
      reserveSeat: doubles.reserveSeat!,
      releaseSeat: doubles.releaseSeat!,
      issueBadge: doubles.issueBadge!,
      createCertificatePdf: doubles.createCertificatePdf!,
      startOrSignalRecertification: doubles.startOrSignalRecertification!,
    });

    // No workflow cache: every task replays the whole history, and no sticky queue points at a stopped worker
    // (the time-skipping server holds its clock while a task waits on a dead worker's sticky queue).
    const start = () => startWorker(env, taskQueue, activities(), { maxCachedWorkflows: 0 });
    const input = inputFor(candidate.id, '2027-spring');
    const id = input.applicationId;
    const first = await start();
    const handle = await startApplication(env, taskQueue, input);
    await handle.executeUpdate(eligibilityDecisionUpdate, {
      args: [{ decision: 'approve', decidedBy: 'staff@test.local' }],
    });
    await jumpTo(env, '2027-02-01T14:01:00.000Z');
    await stageIs(handle, 'scheduling');
    await handle.executeUpdate(reportAppointmentUpdate, {
      args: [{ examDate: '2027-03-10', site: 'Chicago-01', source: 'candidate' }],
    });
    await first.stop();

    // A fresh worker replays the history (updates and all) and carries on: the reminders go out once.
    const second = await start();
    await jumpTo(env, '2027-03-10T20:00:00.000Z');
    await handle.signal(vendorResultSignal, {
      formId: 'CPCS-2027S-A',
      responses: 'ABC',
      testedOn: '2027-03-10',
      importId: 'import-r',
    });
    await stageIs(handle, 'awaiting-close');
    await second.stop();

    // With no worker at all, the window's signals wait in history; a third worker picks them up.
    await handle.signal(windowClosedSignal, {
      windowId: '2027-spring',
      closedOn: '2027-03-20',
      resultsExpected: { earliest: '2027-05-01', latest: '2027-05-15' },
    });
    await handle.signal(equatingApprovedSignal, { windowId: '2027-spring', releaseAt: '2027-05-25T13:00:00.000Z' });
    const third = await start();
    try {
      await stageIs(handle, 'awaiting-release');
      await jumpTo(env, '2027-05-25T13:00:00.000Z');
      await handle.signal(scoreReleasedSignal, {
        windowId: '2027-spring',
        formId: 'CPCS-2027S-A',
        raw: 112,
        scaled: 431,
        passed: true,
        releasedAt: '2027-05-25T13:00:00.000Z',
      });
      await finished(handle);
      expect((await handle.query(statusQuery)).stage).toBe('passed');
    } finally {
      await third.stop();
    }

    const kinds = [
      'application-received',
      'eligibility-approved',
      'notice-to-schedule:2027-spring',
      'appointment-confirmed:1',
      'transfer-deadline-reminder:1',
      'appointment-reminder-7d:1',
      'appointment-reminder-1d:1',
      'score-released',
      'certificate-ready',
    ];
    expect(sent.map((m) => m.headers?.['X-Certflow-Kind'])).toEqual(kinds);
    expect(sent.every((m) => m.to === 'ada@example.org' && m.html.includes('<html') && m.text.length > 0)).toBe(true);
    const log = await emailsFor(database.db, id);
    expect(log.map((e) => [e.kind, e.status]).sort()).toEqual(kinds.map((k) => [k, 'sent']).sort());

    const row = await database.db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ stage: 'passed', window_id: '2027-spring' });
    expect(await findApplicationDetails(database.db, id)).toMatchObject({
      eligibility_decision: 'approve',
      exam_date: '2027-03-10',
      exam_site: 'Chicago-01',
      tested_on: '2027-03-10',
      result_form_id: 'CPCS-2027S-A',
    });
    expect(await findScore(database.db, id)).toMatchObject({ raw: 112, scaled: 431, passed: true });
    const certifications = await certificationsOf(database.db, candidate.id);
    expect(certifications).toHaveLength(1);
    expect(certifications[0]).toMatchObject({
      program: 'CPCS',
      application_id: id,
      certified_on: '2027-05-25',
      expires_on: '2030-12-01',
      badge_id: `badge-${certifications[0]!.credential_id}`,
    });
    expect(certifications[0]!.credential_id).toMatch(/^CPCS-[A-Z0-9]{12}$/);
  });
});
