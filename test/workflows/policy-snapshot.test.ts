import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitApplication } from '../../src/api/routes/apply';
import { loadPolicyFile } from '../../src/config/policy-file';
import type { DatabaseHandle } from '../../src/db/connection';
import { addDays } from '../../src/domain/index';
import {
  eligibilityDecisionUpdate,
  reportAppointmentUpdate,
  requestTransferUpdate,
  withdrawUpdate,
} from '../../src/workflows/exam-application/contract';
import { openTestDatabase } from '../helpers/database';
import { policyFileOfTest, policyYamlWith } from '../helpers/policy';
import { createTimeSkippingEnv } from '../helpers/temporal';
import { jumpTo, Recorder, stageIs, startWorker as startExamWorker } from './exam-application/harness';
import { Certificant, fakeActivities, startWorker as startRecertWorker } from './recertification-harness';

// Applications and cycles start with the policy file as it is; then the file changes and they must not notice.
let env: TestWorkflowEnvironment;
let database: DatabaseHandle;
const exam = new Recorder();
const recert = fakeActivities();
const workers: { stop(): Promise<void> }[] = [];
const file = policyFileOfTest();

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  database = await openTestDatabase();
  workers.push(await startExamWorker(env, 'policy-exam', exam.activities()));
  workers.push(await startRecertWorker(env, 'policy-recert', recert.activities));
});
afterAll(async () => {
  for (const w of workers) await w.stop();
  await database?.close();
  await env?.teardown();
});

const apply = (firstName: string, policy: ReturnType<typeof loadPolicyFile>) =>
  submitApplication(
    { db: database.db, temporal: { client: env.client, taskQueue: 'policy-exam' }, policy },
    {
      firstName,
      lastName: 'Tester',
      email: `${firstName}@example.test`,
      membership: 'member',
      program: 'CPCS',
      windowId: '2027-spring',
    },
    new Date(),
  ).then((r) => env.client.workflow.getHandle(r.applicationId));
const feesOf = (applicationId: string) =>
  exam.fees.filter((f) => f.caseId === applicationId).map((f) => [f.entryKey, f.amountUsd]);
const approve = { decision: 'approve' as const, decidedBy: 'staff@test.local' };

describe('each case keeps the policy it started with', () => {
  it('an application charges, refunds and reminds from its snapshot after the file changed; new cases take the new file', async () => {
    file.write(
      policyYamlWith(
        [['examFeeUsd', 'member'], 480],
        [['refund', 'processingFeeUsd'], 80],
        [['transferFeeUsd'], 120],
        [['reminders', 'appointmentDaysBefore'], [3]],
      ),
    );
    const before = loadPolicyFile(file.path);
    const transferring = await apply('ada', before);
    const reminded = await apply('cyd', before);
    // The certification body edits the file and restarts: only cases started from now on see it.
    file.write(
      policyYamlWith([['examFeeUsd', 'member'], 999], [['refund', 'processingFeeUsd'], 10], [['transferFeeUsd'], 300]),
    );
    const after = loadPolicyFile(file.path);
    const later = await apply('bob', after);
    for (const h of [transferring, reminded, later]) await stageIs(h, 'eligibility-review');

    // FAQ fees at submission: the exam fee by membership, from each case's own snapshot.
    expect(feesOf(transferring.workflowId)).toEqual([['exam-fee', 480]]);
    expect(feesOf(later.workflowId)).toEqual([['exam-fee', 999]]);

    await transferring.executeUpdate(eligibilityDecisionUpdate, { args: [approve] });
    expect(await transferring.executeUpdate(requestTransferUpdate, { args: [] })).toMatchObject({
      toWindowId: '2027-summer',
      feeUsd: 120,
    });
    const refund = await transferring.executeUpdate(withdrawUpdate, { args: [{ inWriting: true }] });
    // Refunds come from what the ledger says was charged (480), less the snapshot's processing fee (80).
    expect(refund).toMatchObject({ refundable: true, refundUsd: 400, processingFeeUsd: 80 });
    expect(feesOf(transferring.workflowId)).toEqual([
      ['exam-fee', 480],
      ['transfer-fee:2027-summer', 120],
      ['refund', -400],
    ]);
    // The same request again is refused and records nothing more.
    await expect(transferring.executeUpdate(withdrawUpdate, { args: [{ inWriting: true }] })).rejects.toThrow();
    expect(feesOf(transferring.workflowId)).toHaveLength(3);

    expect(await later.executeUpdate(withdrawUpdate, { args: [{ inWriting: true }] })).toMatchObject({
      refundUsd: 989,
      processingFeeUsd: 10,
    });
    expect(feesOf(later.workflowId)).toEqual([
      ['exam-fee', 999],
      ['refund', -989],
    ]);

    // The reminder schedule too: 3 days before the exam (the snapshot), not the 7 and 1 of the file now.
    await reminded.executeUpdate(eligibilityDecisionUpdate, { args: [approve] });
    await jumpTo(env, '2027-02-01T14:01:00.000Z');
    await stageIs(reminded, 'scheduling');
    await reminded.executeUpdate(reportAppointmentUpdate, {
      args: [{ examDate: '2027-03-10', site: 'Chicago-01', source: 'candidate' }],
    });
    await jumpTo(env, '2027-03-09T15:00:00.000Z');
    await stageIs(reminded, 'scheduled');
    const reminders = () => exam.emailKeys(reminded.workflowId).filter((k) => k.startsWith('appointment-reminder'));
    await expect.poll(reminders).toEqual(['appointment-reminder-3d:1']);
  });

  it('a recertification chain keeps its fees and reminders across continue-as-new; membership stated at submission sets the fee', async () => {
    file.write(
      policyYamlWith(
        [['recertificationFeeUsd', 'single', 'member'], 190],
        [['recertificationFeeUsd', 'single', 'non-member'], 340],
        [['reminders', 'recertificationDueDaysBefore'], [60]],
      ),
    );
    const started = loadPolicyFile(file.path);
    const c = new Certificant(env, 'policy-recert', 'snap');
    await c.certify('CPCS', await c.today(), started);
    const cycle1 = (await c.until((s) => s.stage === 'in-cycle', 'in-cycle')).cycle!;
    file.write(
      policyYamlWith(
        [['recertificationFeeUsd', 'single', 'member'], 500],
        [['recertificationFeeUsd', 'single', 'non-member'], 600],
      ),
    );
    expect(loadPolicyFile(file.path).recertificationFeeUsd.single.member).toBe(500);

    await c.advanceTo(cycle1.dueDate);
    await c.until((s) => s.stage === 'reporting', 'reporting');
    await c.reportThirtyHours(addDays(cycle1.dueDate, -10));
    expect((await c.submit('member')).fee.recertificationFeeUsd).toBe(190);
    await expect
      .poll(() =>
        recert
          .mine('snap')
          .fees()
          .map((f) => [f.kind, f.amountUsd]),
      )
      .toEqual([['recertification-fee', 190]]);
    // The snapshot's reminder schedule: 60 days before the due date, none of the compiled 90/30/7.
    expect(
      recert
        .mine('snap')
        .kinds()
        .filter((k) => k.startsWith('due-')),
    ).toEqual(['due-60', 'due-today']);

    await c.determineAll();
    const cycle2 = (await c.until((s) => s.cycle?.cycleNumber === 2, 'cycle 2')).cycle!;
    // After continue-as-new the new run still quotes the snapshot, not the file as it is now.
    expect((await c.status()).feeByMembership).toMatchObject({
      member: { recertificationFeeUsd: 190 },
      'non-member': { recertificationFeeUsd: 340 },
    });

    await c.advanceTo(cycle2.dueDate);
    await c.until((s) => s.stage === 'reporting', 'reporting, cycle 2');
    await c.reportThirtyHours(addDays(cycle2.dueDate, -10));
    // FAQ: "Non-Members: $325" compiled in; this chain's snapshot says 340 for a non-member.
    expect((await c.submit('non-member')).fee.recertificationFeeUsd).toBe(340);
    expect((await c.status()).membership).toBe('non-member');
    await expect
      .poll(() =>
        recert
          .mine('snap')
          .fees()
          .map((f) => [f.kind, f.amountUsd]),
      )
      .toEqual([
        ['recertification-fee', 190],
        ['recertification-fee', 340],
      ]);
    expect(
      new Set(
        recert
          .mine('snap')
          .fees()
          .map((f) => f.entryKey),
      ).size,
    ).toBe(2);
  });
});
