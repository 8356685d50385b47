import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';

/** Sends one signal by name; throws WorkflowNotFoundError when the workflow no longer runs. Injected in tests. */
export type SendSignal = (workflowId: string, signalName: string, payload: unknown) => Promise<void>;

/** Through the worker's own client (it carries the payload codec). */
export const viaWorkerClient: SendSignal = async (workflowId, signalName, payload) => {
  await Context.current().client.workflow.getHandle(workflowId).signal(signalName, payload);
};

export interface BatchOutcome<T> {
  told: T[];
  /** Their workflow no longer runs (withdrawn, finished): nothing to tell, and nothing to retry. */
  gone: T[];
  /** The first other failure; the rest of the batch was not attempted. */
  failure?: unknown;
}

/** Sends a batch `concurrency` at a time and stops at the first failure, saying who was told before it. */
export async function sendBatch<T>(
  items: T[],
  send: (item: T) => Promise<void>,
  concurrency: number,
): Promise<BatchOutcome<T>> {
  const out: BatchOutcome<T> = { told: [], gone: [] };
  for (let i = 0; i < items.length && out.failure === undefined; i += concurrency) {
    const slice = items.slice(i, i + concurrency);
    const results = await Promise.allSettled(slice.map(send));
    results.forEach((res, j) => {
      if (res.status === 'fulfilled') out.told.push(slice[j]!);
      else if (res.reason instanceof WorkflowNotFoundError) out.gone.push(slice[j]!);
      else out.failure ??= res.reason ?? new Error('the signal failed');
    });
  }
  return out;
}
