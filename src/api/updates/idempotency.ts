import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { HttpError } from '../errors';

/** JSON callers send the key as this header; page forms carry it in a hidden field rendered fresh with each page. */
export const idempotencyHeader = 'Idempotency-Key';
export const idempotencyField = '_idempotency_key';

const wellFormed = /^[\x21-\x7e]{1,255}$/;

/** A fresh key for one rendered form: submitting that form twice sends the same key twice. */
export function newFormKey(): string {
  return randomBytes(18).toString('base64url');
}

/** The caller's key, if any: the header, else the form field. A malformed key is refused, never silently ignored. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const given = req.get(idempotencyHeader) ?? (body && !Buffer.isBuffer(body) ? body[idempotencyField] : undefined);
  if (given === undefined || given === '') return undefined;
  if (typeof given !== 'string' || !wellFormed.test(given)) {
    throw new HttpError(422, `${idempotencyHeader} must be 1 to 255 visible ASCII characters, for example a UUID.`, {
      code: 'invalid-idempotency-key',
    });
  }
  return given;
}

const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);

/**
 * The Update id for a key: the same key on the same route, Update and workflow (and `part`, when one request runs
 * several Updates) is the same Update, which Temporal answers with its first outcome; anywhere else it never
 * collides. Without a key the id is fresh: nothing is de-duplicated.
 */
export function updateIdOf(
  key: string | undefined,
  scope: { route: string; updateName: string; workflowId: string; part?: string },
): string {
  if (!key) return `${scope.updateName}-${randomUUID()}`;
  return `${scope.updateName}-${digest(key, scope.route, scope.updateName, scope.workflowId, scope.part ?? '')}`;
}

/** The Update id of this request (its route is its method and path, ids included, without the query string). */
export function updateIdFor(req: Request, updateName: string, workflowId: string, part?: string): string {
  return updateIdOf(idempotencyKeyOf(req), {
    route: `${req.method} ${req.baseUrl}${req.path}`,
    updateName,
    workflowId,
    part,
  });
}

/** The id of a file stored for an Update: the same request again stores (and points at) the same row. */
export function documentIdFor(updateId: string): string {
  return `doc-${digest('document', updateId)}`;
}
