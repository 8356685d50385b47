import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Request, Response } from 'express';
import {
  recertificationWorkflowId,
  statusQuery,
  type RecertificationStatus,
} from '../../workflows/recertification/contract';
import { presentedCandidateToken } from '../auth/candidate';
import { currentStaff } from '../auth/staff';
import { signingKeysOf, type ApiDeps } from '../deps';
import { forbidden, HttpError, notFound } from '../errors';
import { missingLink, verifyLink } from '../auth/link-grants';
import { updateIdFor } from '../updates/idempotency';
import { refusalAsHttp } from '../updates/refusal';
import { runUpdate } from '../updates/run-update';

// Refusals that mean "not now" rather than "fix your input".
/**
 * A certificant's own routes: only through the link from their email (404 for another's). Staff act for a certificant
 * through the staff routes only, which need a reason and are audited (a staff session without the link gets 403).
 */
export async function authorizeCertificant(
  req: Request,
  res: Response,
  deps: Pick<ApiDeps, 'db' | 'secret' | 'keys'>,
  certificantId: string,
  now: Date,
): Promise<void> {
  const token = presentedCandidateToken(req);
  if (!token && currentStaff(res)) throw staffUseStaffRoutes(certificantId);
  if (!token) throw missingLink();
  const grant = await verifyLink({ db: deps.db, keys: signingKeysOf(deps) }, 'certificant-link', token, now);
  if (grant.subjectId !== certificantId) throw notFound('No such recertification.');
}

function staffUseStaffRoutes(certificantId: string): HttpError {
  const at = `/api/staff/recertification/${encodeURIComponent(certificantId)}`;
  return forbidden(
    `This route is the certificant's own. Staff read the cycle at GET ${at} (or the page /staff/recertification/${encodeURIComponent(certificantId)}) and act for the certificant, with a reason, through POST ${at}/submit, ${at}/extension or ${at}/reinstate.`,
  );
}

export function cycleHandle(client: Client, certificantId: string) {
  return client.workflow.getHandle(recertificationWorkflowId(certificantId));
}

/** Runs a workflow call; a refused Update becomes 409/422 with the workflow's own message, a missing cycle 404. */
export async function refusalsAsHttp<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw notFound('No such recertification.');
    if (err instanceof WorkflowUpdateFailedError) throw refusalAsHttp(err, 'The recertification refused this change.');
    throw err;
  }
}

/**
 * Runs an Update on the certificant's cycle within the Update deadline, de-duplicated by the request's idempotency
 * key; refusals become 4xx. `statusUrl` is where the outcome shows (the JSON status unless a page is given).
 */
export function runCycleUpdate<Ret, Args extends unknown[]>(
  deps: ApiDeps,
  req: Request,
  certificantId: string,
  update: UpdateDefinition<Ret, Args>,
  args: Args,
  options: { statusUrl?: string; updateId?: string } = {},
): Promise<Ret> {
  const handle = cycleHandle(deps.temporal.client, certificantId);
  return refusalsAsHttp(() =>
    runUpdate(deps, {
      handle,
      update,
      args,
      updateId: options.updateId ?? updateIdFor(req, update.name, handle.workflowId),
      statusUrl: options.statusUrl ?? `/api/recertification/${encodeURIComponent(certificantId)}`,
    }),
  );
}

export function liveStatus(client: Client, certificantId: string): Promise<RecertificationStatus> {
  return refusalsAsHttp(() => cycleHandle(client, certificantId).query(statusQuery));
}
