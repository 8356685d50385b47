import { expect } from 'vitest';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import { signCandidateToken } from '../../src/lib/candidate-link';
import {
  examApplicationWorkflowId,
  statusQuery,
  type ExamApplicationInput,
} from '../../src/workflows/exam-application/contract';
import { eventually } from './eventually';
import { testSecret, type System } from './system';

/** A CPCS application for Spring 2027 in eligibility review, with the candidate's emailed link token. */
export async function seedApplication(
  sys: System,
  candidateId: string,
  at: Date,
): Promise<{ applicationId: string; token: string }> {
  await findOrCreateCandidate(sys.db, {
    newId: candidateId,
    email: `${candidateId}@example.org`,
    firstName: 'Ada',
    lastName: 'Lovelace',
    membership: 'member',
  });
  const keys = { candidateId, program: 'CPCS' as const, windowId: '2027-spring' };
  const applicationId = examApplicationWorkflowId(keys);
  const input: ExamApplicationInput = {
    ...keys,
    applicationId,
    candidate: { firstName: 'Ada', lastName: 'Lovelace', membership: 'member' },
    submittedAt: at.toISOString(),
  };
  await sys.env.client.workflow.start('examApplicationWorkflow', {
    workflowId: applicationId,
    taskQueue: sys.taskQueue,
    args: [input],
  });
  await eventually(async () =>
    expect((await sys.env.client.workflow.getHandle(applicationId).query(statusQuery)).stage).toBe(
      'eligibility-review',
    ),
  );
  return { applicationId, token: signCandidateToken(testSecret, { applicationId, candidateId }, at, 30) };
}
