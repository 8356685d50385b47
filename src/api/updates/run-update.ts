import {
  isGrpcServiceError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  WorkflowUpdateStage,
  type WorkflowHandle,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { ApiDeps } from '../deps';
import { HttpError } from '../errors';

/** UPDATE_TIMEOUT_MS when a caller wires none. */
export const defaultUpdateTimeoutMs = 5_000;

// Every TypeScript workflow answers this built-in Query: an answer proves a worker is there to take an Update.
const workerProbe = '__temporal_workflow_metadata';
// gRPC DEADLINE_EXCEEDED, UNAVAILABLE, CANCELLED: the server or a worker did not answer in time.
const unanswered = new Set([4, 14, 1]);

/** The deadline passed (or the server is unreachable) before anything answered. */
function timedOut(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    if (isGrpcServiceError(e) && unanswered.has(e.code)) return true;
  }
  return false;
}

// Messages name the page without its query string: a candidate's access token stays out of the text.
const pathOf = (url: string) => url.split('?')[0]!;

/** 503: the workflow did not take the request in time. */
export class UpdateNotTaken extends HttpError {
  constructor(message: string) {
    super(503, message, { code: 'try-again' });
  }
}

/** 202: the workflow accepted the request; its handler is still working (it waits for the case's lock). */
export class UpdateInProgress extends HttpError {
  constructor(
    readonly updateId: string,
    readonly statusUrl: string | undefined,
  ) {
    super(
      202,
      `Your request was accepted and is being processed.${statusUrl ? ` See the outcome at ${pathOf(statusUrl)} in a moment.` : ''}`,
      { code: 'processing' },
    );
  }
}

export interface UpdateCall<Ret, Args extends unknown[]> {
  handle: WorkflowHandle;
  update: UpdateDefinition<Ret, Args>;
  args: Args;
  /** From updateIdFor: the same request again is the same Update. */
  updateId: string;
  /** The page or endpoint showing the case, for a request still being processed at the deadline. */
  statusUrl?: string;
}

/**
 * Runs one Update within UPDATE_TIMEOUT_MS and never longer: no worker → 503 before anything is sent (nothing
 * changed); sent but not accepted in time → 503 (it may still be taken: look before trying again); accepted but not
 * finished → 202 (the work continues). A refusal (WorkflowUpdateFailedError) or a missing workflow is rethrown as is
 * for the route to map.
 */
export async function runUpdate<Ret, Args extends unknown[]>(
  deps: Pick<ApiDeps, 'temporal' | 'updateTimeoutMs'>,
  call: UpdateCall<Ret, Args>,
): Promise<Ret> {
  const client = deps.temporal.client;
  const deadline = Date.now() + (deps.updateTimeoutMs ?? defaultUpdateTimeoutMs);
  const within = <T>(fn: () => Promise<T>, onTimeout: () => HttpError) =>
    client.withDeadline(deadline, fn).catch((err: unknown) => {
      throw timedOut(err) ? onTimeout() : err;
    });

  await within(
    () => call.handle.query(workerProbe),
    () => new UpdateNotTaken('Nothing was changed: the service cannot take requests right now. Try again in a moment.'),
  );
  // The SDK's overloads split on arity; one generic path serves every Update.
  const update = call.update as unknown as UpdateDefinition<Ret, [unknown]>;
  const accepted = await within(
    () =>
      call.handle.startUpdate(update, {
        args: call.args as unknown as [unknown],
        updateId: call.updateId,
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      }),
    () =>
      new UpdateNotTaken(
        `Not done yet: the service did not take your request in time, though it may still go through shortly.${call.statusUrl ? ` Check ${pathOf(call.statusUrl)} before you try again.` : ' Wait a moment before you try again.'}`,
      ),
  );
  return within(
    () => accepted.result(),
    () => new UpdateInProgress(call.updateId, call.statusUrl),
  );
}
