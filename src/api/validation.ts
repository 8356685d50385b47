import type { z } from 'zod';
import { HttpError } from './errors';
import { reasonProblem } from '../domain/index';

/** Field → first message, in the words shown beside the field on a form. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'form';
    out[key] ??= issue.message;
  }
  return out;
}

export class ValidationError extends HttpError {
  constructor(fields: Record<string, string>) {
    super(422, 'Some fields need correcting.', { code: 'validation', fields });
  }
}

/** Parses with the schema or throws a 422 carrying each field's message. */
export function parseOr422<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(fieldErrors(result.error));
  return result.data;
}

/** The workflow's own rule for a decision's reason, as a schema check: the form and the case refuse alike. */
export function reasonAsTheCaseRequires(decision: { decision: string; reason?: string }, ctx: z.RefinementCtx): void {
  const problem = reasonProblem(decision);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['reason'] });
}
