import { createQueueWorkers } from '../../src/temporal/queue-workers';
import { describe, expect, it } from 'vitest';
import type { ApplicationRecordInput } from '../../src/activities/applications';
import type { SendCandidateEmailInput } from '../../src/activities/email';
import type { createActivities } from '../../src/activities/index';
import type { FeeEntry } from '../../src/domain/index';
import { workflowsPath } from '../../src/temporal/worker';
import {
  examApplicationWorkflowId,
  statusQuery,
  type ExamApplicationInput,
} from '../../src/workflows/exam-application/contract';
import { stageKey, testingWindowKey } from '../../src/workflows/search-attributes';
import { timeSkippingSuite, testEncryption } from '../helpers/temporal';

type Activities = ReturnType<typeof createActivities>;

const suite = timeSkippingSuite();

function inputFor(candidateId: string): ExamApplicationInput {
  const keys = { candidateId, program: 'CPCS' as const, windowId: '2027-fall' };
  return {
    ...keys,
    applicationId: examApplicationWorkflowId(keys),
    candidate: { firstName: 'Ada', lastName: 'Lovelace', membership: 'member' },
    submittedAt: '2027-06-01T14:00:00.000Z',
  };
}

describe('exam application workflow: the first path', () => {
  it('records the application, acknowledges it by email once, and waits in eligibility review', async () => {
    const recorded: ApplicationRecordInput[] = [];
    const emails: SendCandidateEmailInput[] = [];
    const fees: FeeEntry[] = [];
    const activities: Pick<Activities, 'recordApplication' | 'sendCandidateEmail' | 'recordFee'> = {
      recordApplication: async (r) => void recorded.push(r),
      sendCandidateEmail: async (e) => (emails.push(e), { sent: true }),
      recordFee: async (f) => void fees.push(f),
    };
    const worker = await createQueueWorkers({
      connection: suite.env.nativeConnection,
      dataConverter: testEncryption.dataConverter,
      taskQueue: 'first-path',
      workflowsPath,
      activities,
    });
    const input = inputFor('c1');
    await worker.runUntil(async () => {
      const handle = await suite.env.client.workflow.start('examApplicationWorkflow', {
        workflowId: input.applicationId,
        taskQueue: 'first-path',
        args: [input],
      });
      // Polling the query until the workflow has reached review; the time-skipping server moves time only while we wait.
      let status = await handle.query(statusQuery);
      for (let i = 0; i < 50 && status.stage !== 'eligibility-review'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = await handle.query(statusQuery);
      }
      expect(status.stage).toBe('eligibility-review');
      expect(status.history.map((h) => h.stage)).toEqual(['submitted', 'eligibility-review']);
      const description = await handle.describe();
      expect(description.typedSearchAttributes.get(stageKey)).toBe('eligibility-review');
      expect(description.typedSearchAttributes.get(testingWindowKey)).toBe('2027-fall');
      expect(description.memo?.candidateName).toBe('Ada Lovelace');
      await handle.terminate('test over');
    });
    expect(recorded.map((r) => r.stage)).toEqual(['submitted', 'eligibility-review']);
    expect(emails).toHaveLength(1);
    // The exam fee by membership, charged at submission (compiled values: the input carries no policy snapshot).
    expect(fees).toEqual([
      {
        candidateId: 'c1',
        caseId: input.applicationId,
        entryKey: 'exam-fee',
        kind: 'exam-fee',
        amountUsd: 450,
        description: 'CPCS exam fee, Fall 2027 window, member rate',
      },
    ]);
    expect(emails[0]).toMatchObject({
      candidateId: 'c1',
      applicationId: input.applicationId,
      message: { kind: 'application-received', program: 'CPCS', windowId: '2027-fall' },
    });
  });
});
