import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ActivitiesOf } from '../activity-ports';
import type { AccessLinksInput } from './contract';

const acts = proxyActivities<ActivitiesOf<'sendAccessLinks'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 20 },
});

/** Sends a candidate fresh links to every application (and the CE grid once certified); the email log sends it once. */
export async function accessLinksWorkflow(input: AccessLinksInput): Promise<{ sent: boolean }> {
  return acts.sendAccessLinks({ workflowId: workflowInfo().workflowId, candidateId: input.candidateId });
}
