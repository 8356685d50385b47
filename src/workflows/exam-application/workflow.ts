import { condition, proxyActivities, setHandler, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../../activities/index';
import { candidateIdKey, programKey, stageKey, testingWindowKey } from '../search-attributes';
import { statusQuery, type ApplicationStage, type ApplicationStatus, type ExamApplicationInput } from './contract';

const { recordApplication, sendCandidateEmail } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

/** One candidate × program × testing window, from submission to its end (DESIGN.md, Workflows). */
export async function examApplicationWorkflow(input: ExamApplicationInput): Promise<void> {
  const status: ApplicationStatus = {
    applicationId: input.applicationId,
    program: input.program,
    windowId: input.windowId,
    stage: 'submitted',
    submittedAt: input.submittedAt,
    history: [],
  };
  setHandler(statusQuery, () => status);
  upsertMemo({ candidateName: `${input.candidate.firstName} ${input.candidate.lastName}` });

  const moveTo = async (stage: ApplicationStage): Promise<void> => {
    status.stage = stage;
    status.history.push({ stage, at: new Date().toISOString() });
    upsertSearchAttributes([
      { key: candidateIdKey, value: input.candidateId },
      { key: programKey, value: input.program },
      { key: testingWindowKey, value: input.windowId },
      { key: stageKey, value: stage },
    ]);
    await recordApplication({ ...recordOf(input), stage });
  };

  await moveTo('submitted');
  await sendCandidateEmail({
    workflowId: workflowInfo().workflowId,
    candidateId: input.candidateId,
    applicationId: input.applicationId,
    message: { kind: 'application-received', program: input.program, windowId: input.windowId },
  });
  await moveTo('eligibility-review');
  // Staff decide eligibility (nothing is pre-approved); the decision handlers arrive with the lifecycle work.
  await condition(() => false);
}

function recordOf(input: ExamApplicationInput) {
  return {
    id: input.applicationId,
    candidateId: input.candidateId,
    program: input.program,
    windowId: input.windowId,
    firstName: input.candidate.firstName,
    lastName: input.candidate.lastName,
    membership: input.candidate.membership,
    submittedAt: input.submittedAt,
  };
}
