import { createHash } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { discardDocument } from '../../db/tables/application-accommodations';
import { findApplication } from '../../db/tables/applications';
import { saveDocument } from '../../db/tables/documents';
import type { ReceivedUpload } from '../../uploads/receive-upload';
import {
  accommodationRequestUpdate,
  refusalTypes,
  statusQuery,
  type AccommodationView,
  type ApplicationStatus,
} from '../../workflows/exam-application/contract';
import { newId } from '../auth/secrets';
import type { ApiDeps } from '../deps';
import { HttpError, notFound } from '../errors';

// A malformed request is the caller's to fix (422); every other refusal conflicts with where the case stands (409).
const statusOfRefusal = (type: string | undefined): number => (type === refusalTypes.invalid ? 422 : 409);

/**
 * Runs a lifecycle Update on the application's workflow and turns a typed refusal into a 4xx carrying the
 * workflow's own message (DESIGN.md convention 5). The row must exist first: unknown ids never reach Temporal.
 */
export async function runLifecycleUpdate<Ret, Args extends unknown[]>(
  deps: ApiDeps,
  applicationId: string,
  update: UpdateDefinition<Ret, Args>,
  args: Args,
): Promise<Ret> {
  if (!(await findApplication(deps.db, applicationId))) throw notFound('No such application.');
  try {
    // The SDK's overloads split on arity; one generic path serves every lifecycle Update.
    return await deps.temporal.client.workflow.getHandle(applicationId).executeUpdate(update as unknown as UpdateDefinition<Ret, [unknown]>, { args: args as unknown as [unknown] });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      throw new HttpError(statusOfRefusal(err.cause.type ?? undefined), err.cause.message, { code: err.cause.type ?? 'refused' });
    }
    if (err instanceof WorkflowNotFoundError || /completed|not found/i.test(String((err as Error)?.message))) {
      throw new HttpError(409, 'This application is closed: nothing more can change on it. You may apply for a later window.', { code: 'application-closed' });
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
 * medical documents behind. Shared by the JSON endpoint and the candidate's page form.
 */
export async function requestAccommodation(deps: ApiDeps, applicationId: string, needs: string, upload: ReceivedUpload): Promise<AccommodationView> {
  const documentId = newId('doc');
  await saveDocument(deps.db, {
    id: documentId,
    owner_kind: 'application',
    owner_id: applicationId,
    purpose: 'accommodation-documentation',
    filename: `accommodation-documentation.${upload.kind === 'jpeg' ? 'jpg' : upload.kind}`,
    content_type: upload.contentType,
    size_bytes: upload.sizeBytes,
    sha256: createHash('sha256').update(upload.bytes).digest('hex'),
    bytes: upload.bytes,
  });
  try {
    return await runLifecycleUpdate(deps, applicationId, accommodationRequestUpdate, [{ needs, documentIds: [documentId] }]);
  } catch (err) {
    await discardDocument(deps.db, documentId);
    throw err;
  }
}
