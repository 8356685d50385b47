import { defineSignal } from '@temporalio/workflow';

export const recertificationWorkflowName = 'recertificationWorkflow';

/** One cycle workflow per certificant; the id comes from the certificant (the candidate) id. */
export function recertificationWorkflowId(certificantId: string): string {
  return `recertification-${certificantId}`;
}

/** A passed exam: starts the cycle (signal-with-start) or, for a second credential, makes the certificant dual. */
export interface CertificationEarned {
  certificantId: string;
  program: 'CPCS' | 'CPMSM';
  credentialId: string;
  certifiedOn: string;
  firstName: string;
  lastName: string;
  membership: 'member' | 'non-member';
  badgeId?: string;
}

export const certificationEarnedSignal = defineSignal<[CertificationEarned]>('certificationEarnedSignal');
