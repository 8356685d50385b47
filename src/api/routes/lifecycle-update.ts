import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { Request } from 'express';
import { discardDocument } from '../../db/tables/application-accommodations';
import { findApplication } from '../../db/tables/applications';
import type { ReceivedUpload } from '../../uploads/receive-upload';
import {
  accommodationRequestUpdate,
  statusQuery,
  type AccommodationView,
  type ApplicationStatus,
} from '../../workflows/exam-application/contract';
import { saveAccommodationDocument } from '../accommodation-document';
import type { ApiDeps } from '../deps';
import { HttpError, isClientError, notFound } from '../errors';
import { documentIdFor, updateIdFor } from '../updates/idempotency';
import { refusalAsHttp } from '../updates/refusal';
import { runUpdate } from '../updates/run-update';

/** Where a lifecycle Update's outcome shows (a page, or by default the JSON status), and its id when fixed earlier. */
export interface LifecycleUpdateOptions {
  statusUrl?: string;
  updateId?: string;
}

/**
 * Runs a lifecycle Update on the application's workflow within the Update deadline, de-duplicated by the request's
 * idempotency key, and turns a typed refusal into a 4xx carrying the workflow's own message. The row must exist
 * first: unknown ids never reach Temporal.
 */
export async function runLifecycleUpdate<Ret, Args extends unknown[]>(
  deps: ApiDeps,
  req: Request,
  applicationId: string,
  update: UpdateDefinition<Ret, Args>,
  args: Args,
  options: LifecycleUpdateOptions = {},
): Promise<Ret> {
  if (!(await findApplication(deps.db, applicationId))) throw notFound('No such application.');
  try {
    return await runUpdate(deps, {
      handle: deps.temporal.client.workflow.getHandle(applicationId),
      update,
      args,
      updateId: options.updateId ?? updateIdFor(req, update.name, applicationId),
      statusUrl: options.statusUrl ?? `/api/applications/${encodeURIComponent(applicationId)}/status`,
    });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure)
      throw refusalAsHttp(err, err.cause.message);
    if (
      err instanceof WorkflowNotFoundError ||
      (!(err instanceof HttpError) && /completed|not found/i.test(String((err as Error)?.message)))
    ) {
      throw new HttpError(
        409,
        'This application is closed: nothing more can change on it. You may apply for a later window.',
        { code: 'application-closed' },
      );
    }
    throw err;
  }
}

/** The live status of one application from its workflow; the row must exist (unknown ids never reach Temporal). */
export async function liveApplicationStatus(deps: ApiDeps, applicationId: string): Promise<ApplicationStatus> {
  if (!(await findApplication(deps.db, applicationId))) throw notFound('No such application.');
  try {
    return await deps.temporal.client.workflow.getHandle(applicationId).query(statusQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw notFound('No such application.');
    throw err;
  }
}

/**
 * Stores checked accommodation documentation and asks the workflow to review it; a refused request keeps no
 * medical documents behind, and the same request again stores the same document once. Shared by the JSON
 * endpoint and the candidate's page form.
 */
export async function requestAccommodation(
  deps: ApiDeps,
  req: Request,
  applicationId: string,
  needs: string,
  upload: ReceivedUpload,
  statusUrl?: string,
): Promise<AccommodationView> {
  const updateId = updateIdFor(req, accommodationRequestUpdate.name, applicationId);
  const documentId = documentIdFor(updateId);
  const stored = await saveAccommodationDocument(deps.db, documentId, applicationId, upload);
  try {
    return await runLifecycleUpdate(
      deps,
      req,
      applicationId,
      accommodationRequestUpdate,
      [{ needs, documentIds: [documentId] }],
      { updateId, statusUrl },
    );
  } catch (err) {
    // Only a refusal is final (a request not taken in time may yet use the file), and only this request's own file goes.
    if (stored && isClientError(err)) await discardDocument(deps.db, documentId);
    throw err;
  }
}
