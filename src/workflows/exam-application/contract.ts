import { defineQuery } from '@temporalio/workflow';

export type Program = 'CPCS' | 'CPMSM';
export type Membership = 'member' | 'non-member';

/** Where an application stands; also the `Stage` search attribute. */
export type ApplicationStage = 'submitted' | 'eligibility-review';

export interface ExamApplicationInput {
  /** Equals the workflow id. */
  applicationId: string;
  candidateId: string;
  program: Program;
  windowId: string;
  candidate: { firstName: string; lastName: string; membership: Membership };
  submittedAt: string;
}

export interface StageChange {
  stage: ApplicationStage;
  at: string;
}

export interface ApplicationStatus {
  applicationId: string;
  program: Program;
  windowId: string;
  stage: ApplicationStage;
  submittedAt: string;
  history: StageChange[];
}

export const examApplicationWorkflowName = 'examApplicationWorkflow';

/** One workflow per candidate × program × window: a double submission finds the same one. */
export function examApplicationWorkflowId(keys: { candidateId: string; program: Program; windowId: string }): string {
  return `exam-application-${keys.candidateId}-${keys.program}-${keys.windowId}`;
}

export const statusQuery = defineQuery<ApplicationStatus>('statusQuery');
