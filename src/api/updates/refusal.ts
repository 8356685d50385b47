import type { WorkflowUpdateFailedError } from '@temporalio/client';
import { httpStatusOfRefusal } from '../../workflows/refusals';
import { HttpError } from '../errors';

/** A workflow's refusal as the API's answer: the status its type has (src/workflows/refusals.ts), the workflow's own message. */
export function refusalAsHttp(err: WorkflowUpdateFailedError, otherwise: string): HttpError {
  const cause = err.cause as { message?: string; type?: string } | undefined;
  const type = cause?.type ?? 'refused';
  return new HttpError(httpStatusOfRefusal(type), cause?.message ?? otherwise, { code: type });
}
