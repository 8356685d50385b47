import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';

/** Starts the workflow unless one with that id runs or ran: a repeated request in its slot starts nothing new. */
export async function startOnce(
  client: Client,
  workflowType: string,
  options: { workflowId: string; taskQueue: string; args: unknown[] },
): Promise<void> {
  try {
    await client.workflow.start(workflowType, {
      ...options,
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
