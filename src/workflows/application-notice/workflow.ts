import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ActivitiesOf } from '../activity-ports';
import type { ApplicationNoticeInput } from './contract';

const acts = proxyActivities<ActivitiesOf<'sendApplicationNotice'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 20 },
});

/** Tells the address on file why /apply started nothing: an open application (with a fresh link) or a closed one. */
export async function applicationNoticeWorkflow(input: ApplicationNoticeInput): Promise<{ sent: boolean }> {
  return acts.sendApplicationNotice({ workflowId: workflowInfo().workflowId, ...input });
}
