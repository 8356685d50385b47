import { createHash } from 'node:crypto';
import type { UpdateDefinition } from '@temporalio/common';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { saveDocument } from '../../db/tables/documents';
import { receiveUpload, receivedUpload } from '../../uploads/receive-upload';
import {
  addCeEntryUpdate,
  ceDocumentMaxBytes,
  editCeEntryUpdate,
  reinstateUpdate,
  removeCeEntryUpdate,
  requestExtensionUpdate,
  recertificationWorkflowId,
  submitRecertificationUpdate,
  type CeDocument,
} from '../../workflows/recertification/contract';
import { csrfToken } from '../auth/csrf';
import { signingKeysOf, type ApiDeps } from '../deps';
import { HttpError, isClientError } from '../errors';
import { documentIdFor, updateIdFor } from '../updates/idempotency';
import { parseOr422 } from '../validation';
import { gridPage } from '../views/recertification';
import { authorizeCertificant, liveStatus, runCycleUpdate } from './recertification-shared';

export const entrySchema = z.object({
  title: z
    .string({ error: 'Give the title of the activity.' })
    .trim()
    .min(1, 'Give the title of the activity.')
    .max(200),
  provider: z.string({ error: 'Give the provider.' }).trim().min(1, 'Give the provider.').max(200),
  completedOn: z
    .string({ error: 'Give the completion date.' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the completion date as YYYY-MM-DD.'),
  hours: z.coerce.number({ error: 'Give the hours as a number.' }),
  kind: z.enum(['namss-approved', 'other'], { error: 'Choose NAMSS-approved or other.' }),
});
export const attestSchema = z.object({
  attest: z.union([z.literal(true), z.literal('yes'), z.literal('on')], {
    error: 'Confirm that the CE you report is complete and true.',
  }),
});
// FAQ: the recertification fee is by membership ("NAMSS Members: $175 / Non-Members: $325"): the certificant states it.
export const submissionSchema = attestSchema.extend({
  membership: z.enum(['member', 'non-member'], {
    error: 'State your NAMSS membership: member or non-member (the fee follows it).',
  }),
});
export const extensionSchema = z.object({
  request: z.string({ error: 'Write your request.' }).trim().min(1, 'Write your request.').max(5000),
  months: z.coerce
    .number({ error: 'Choose 1 to 6 months.' })
    .int()
    .min(1, 'Choose 1 to 6 months.')
    .max(6, 'Choose 1 to 6 months.'),
});

export function recertificationRoutes(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const secure = deps.publicBaseUrl.startsWith('https:');
  const upload = receiveUpload({
    field: 'certificate',
    allowed: ['pdf', 'png', 'jpeg'],
    maxBytes: ceDocumentMaxBytes,
    csrfKeys: signingKeysOf(deps),
  });
  // The emailed link was exchanged for the cookie on the first GET: no page link carries the token.
  const access = (_req: Request) => '';
  const allow = async (req: Request, res: Response) => {
    await authorizeCertificant(req, res, deps, String(req.params.id), now());
    return String(req.params.id);
  };
  const allowThen = async (req: Request, res: Response, next: NextFunction) => {
    await allow(req, res);
    next();
  };

  /**
   * Stores the checked upload under an id derived from the Update's (the same request again stores it once) and runs
   * the Update with it; the workflow checks its type and size again. A refused Update keeps no file it stored.
   */
  const withCertificate = async <T>(
    req: Request,
    res: Response,
    certificantId: string,
    updateName: string,
    run: (document: CeDocument, updateId: string) => Promise<T>,
  ): Promise<T> => {
    const file = receivedUpload(res);
    const updateId = updateIdFor(req, updateName, recertificationWorkflowId(certificantId));
    const doc: CeDocument = {
      id: documentIdFor(updateId),
      filename: file.originalName || `certificate.${file.kind}`,
      contentType: file.contentType,
      sizeBytes: file.sizeBytes,
    };
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const stored = await saveDocument(deps.db, {
      id: doc.id,
      owner_kind: 'ce-entry',
      owner_id: certificantId,
      purpose: 'ce-certificate',
      filename: doc.filename,
      content_type: doc.contentType,
      size_bytes: doc.sizeBytes,
      sha256,
      bytes: file.bytes,
    });
    try {
      return await run(doc, updateId);
    } catch (err) {
      if (stored && isClientError(err)) await deps.db.deleteFrom('documents').where('id', '=', doc.id).execute();
      throw err;
    }
  };
  const update = <Ret, Args extends unknown[]>(
    req: Request,
    id: string,
    def: UpdateDefinition<Ret, Args>,
    args: Args,
    options?: { statusUrl?: string; updateId?: string },
  ) => runCycleUpdate(deps, req, id, def, args, options);

  // JSON API for the certificant (or staff): the grid, its changes, submission, extension, reinstatement.
  router.get('/api/recertification/:id', async (req, res) => {
    res.set('cache-control', 'no-store').json(await liveStatus(deps.temporal.client, await allow(req, res)));
  });
  router.post('/api/recertification/:id/entries', async (req, res) => {
    const id = await allow(req, res);
    const entry = parseOr422(entrySchema, req.body);
    res.status(201).json(await update(req, id, addCeEntryUpdate, [entry]));
  });
  router.patch('/api/recertification/:id/entries/:entryId', async (req, res) => {
    const id = await allow(req, res);
    const change = parseOr422(entrySchema.partial(), req.body);
    res.json(await update(req, id, editCeEntryUpdate, [{ entryId: String(req.params.entryId), ...change }]));
  });
  // POST, not DELETE: a body-less DELETE would meet the form CSRF check; a JSON body is exempt from it.
  router.post('/api/recertification/:id/entries/:entryId/remove', async (req, res) => {
    const id = await allow(req, res);
    res.json(await update(req, id, removeCeEntryUpdate, [{ entryId: String(req.params.entryId) }]));
  });
  router.post('/api/recertification/:id/entries/:entryId/certificate', allowThen, ...upload, async (req, res) => {
    const id = String(req.params.id);
    const entryId = String(req.params.entryId);
    res.json(
      await withCertificate(req, res, id, editCeEntryUpdate.name, (document, updateId) =>
        update(req, id, editCeEntryUpdate, [{ entryId, document }], { updateId }),
      ),
    );
  });
  router.post('/api/recertification/:id/submit', async (req, res) => {
    const id = await allow(req, res);
    const { membership } = parseOr422(submissionSchema, req.body);
    res.json(await update(req, id, submitRecertificationUpdate, [{ attest: true, membership }]));
  });
  router.post('/api/recertification/:id/reinstate', async (req, res) => {
    const id = await allow(req, res);
    const { membership } = parseOr422(submissionSchema, req.body);
    res.json(await update(req, id, reinstateUpdate, [{ attest: true, membership }]));
  });
  router.post('/api/recertification/:id/extension', async (req, res) => {
    const id = await allow(req, res);
    const ask = parseOr422(extensionSchema, req.body);
    res.json(await update(req, id, requestExtensionUpdate, [ask]));
  });

  // Pages: server-rendered, no script; a refusal re-renders the grid with the workflow's message.
  const render = async (
    req: Request,
    res: Response,
    id: string,
    extra: { error?: string; notice?: string; status?: number } = {},
  ) => {
    const status = await liveStatus(deps.temporal.client, id);
    res
      .status(extra.status ?? 200)
      .set('cache-control', 'no-store')
      .type('html')
      .send(
        gridPage({
          status,
          csrf: csrfToken(req, res, signingKeysOf(deps), secure),
          access: access(req),
          error: extra.error,
          notice: extra.notice,
        }),
      );
  };
  const formAction =
    (run: (id: string, req: Request, res: Response) => Promise<unknown>, notice: string) =>
    async (req: Request, res: Response) => {
      const id = String(req.params.id);
      try {
        await run(id, req, res);
      } catch (err) {
        if (err instanceof HttpError && err.status >= 409 && err.status < 500) {
          const fields = err.details.fields ? ` ${Object.values(err.details.fields).join(' ')}` : '';
          return render(req, res, id, {
            error: `${err.message}${err.status === 422 && fields ? fields : ''}`,
            status: err.status,
          });
        }
        throw err;
      }
      res.redirect(
        303,
        `/recertification/${encodeURIComponent(id)}${access(req)}${access(req) ? '&' : '?'}done=${encodeURIComponent(notice)}`,
      );
    };

  router.get('/recertification/:id', async (req, res) => {
    const id = await allow(req, res);
    await render(req, res, id, {
      notice: typeof req.query.done === 'string' ? req.query.done.slice(0, 100) : undefined,
    });
  });
  // A request still being processed at the deadline points back at the grid.
  const grid = (req: Request, id: string) => ({
    statusUrl: `/recertification/${encodeURIComponent(id)}${access(req)}`,
  });
  router.post(
    '/recertification/:id/entries',
    allowThen,
    ...upload,
    formAction(async (id, req, res) => {
      const entry = parseOr422(entrySchema, req.body);
      await withCertificate(req, res, id, addCeEntryUpdate.name, (document, updateId) =>
        update(req, id, addCeEntryUpdate, [{ ...entry, document }], { ...grid(req, id), updateId }),
      );
    }, 'Entry added'),
    (err: unknown, req: Request, res: Response, next: NextFunction) => {
      // A certificate refused by size or content is told on the grid, beside the form; it is never stored.
      if (!(err instanceof HttpError) || !err.details.code?.startsWith('upload-')) return next(err);
      render(req, res, String(req.params.id), { error: err.message, status: err.status }).catch(next);
    },
  );
  router.post(
    '/recertification/:id/entries/:entryId/remove',
    allowThen,
    formAction(async (id, req) => {
      await update(req, id, removeCeEntryUpdate, [{ entryId: String(req.params.entryId) }], grid(req, id));
    }, 'Entry removed'),
  );
  router.post(
    '/recertification/:id/submit',
    allowThen,
    formAction(async (id, req) => {
      const { membership } = parseOr422(submissionSchema, req.body);
      await update(req, id, submitRecertificationUpdate, [{ attest: true, membership }], grid(req, id));
    }, 'Submitted for determination'),
  );
  router.post(
    '/recertification/:id/reinstate',
    allowThen,
    formAction(async (id, req) => {
      const { membership } = parseOr422(submissionSchema, req.body);
      await update(req, id, reinstateUpdate, [{ attest: true, membership }], grid(req, id));
    }, 'Reinstatement submitted'),
  );
  router.post(
    '/recertification/:id/extension',
    allowThen,
    formAction(async (id, req) => {
      const ask = parseOr422(extensionSchema, req.body);
      await update(req, id, requestExtensionUpdate, [ask], grid(req, id));
    }, 'Extension granted'),
  );

  return router;
}
