import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { recordAudit } from '../../db/tables/audit-log';
import { findDocument } from '../../db/tables/documents';
import { ledgerOfCase } from '../../db/tables/fee-ledger';
import { cyclesAwaitingDetermination, latestGoodStandingReport } from '../../db/tables/recertification';
import {
  completeDeterminationUpdate,
  determineEntryUpdate,
  goodStandingReportWorkflowName,
  recertificationWorkflowId,
} from '../../workflows/recertification/contract';
import { csrfToken } from '../auth/csrf';
import { currentStaff } from '../auth/staff';
import { requireRole } from '../auth/roles';
import { signingKeysOf, type ApiDeps } from '../deps';
import { HttpError, notFound } from '../errors';
import { auditedUpdate } from '../updates/audited';
import { updateIdFor } from '../updates/idempotency';
import { fieldErrors, parseOr422 } from '../validation';
import { attentionBody, decideAttention } from './attention-staff';
import { reviewListPage, reviewPage } from '../views/recertification-staff';
import { liveStatus, runCycleUpdate } from './recertification-shared';
import { ceEntryBefore, cycleBefore, goodStandingBefore } from './staff-console-audit';

export const determinationSchema = z.object({
  decision: z.enum(['accept', 'reject'], { error: 'Choose accept or reject.' }),
  reason: z
    .string({ error: 'Give the reason for the decision.' })
    .trim()
    .min(3, 'Give the reason for the decision.')
    .max(2000),
});

/** Staff: CE determination at submission (never before), the Good Standing Report on demand. */
export function recertificationStaffRoutes(deps: ApiDeps): Router {
  const router = Router();
  const secure = deps.publicBaseUrl.startsWith('https:');
  const workflowUrl = (id: string) =>
    `${deps.temporal.uiUrl}/namespaces/${encodeURIComponent(deps.temporal.namespace)}/workflows/${encodeURIComponent(recertificationWorkflowId(id))}`;

  router.get('/api/staff/recertification/:id', ...requireRole('read'), async (req, res) => {
    res.set('cache-control', 'no-store').json(await liveStatus(deps.temporal.client, String(req.params.id)));
  });

  // JSON callers see the outcome at the cycle's endpoint, the console's forms on the review page.
  const outcomeAt = (req: Request, id: string) => ({
    statusUrl: `${req.path.startsWith('/api/') ? '/api' : ''}/staff/recertification/${encodeURIComponent(id)}`,
  });
  const determine = async (req: Request, res: Response) => {
    const staff = currentStaff(res)!;
    const id = String(req.params.id);
    const entryId = String(req.params.entryId);
    const d = parseOr422(determinationSchema, req.body);
    const before = await ceEntryBefore(deps.db, id, entryId);
    const updateId = updateIdFor(req, determineEntryUpdate.name, recertificationWorkflowId(id));
    const audit = {
      actor: staff.email,
      action: 'recertification.entry.determine',
      subject: `certificant:${id}`,
      before,
      requestId: String(req.id),
      input: { entryId, ...d },
      after: () => ({ entryId, ...d }),
    };
    return auditedUpdate(deps.db, updateId, audit, () =>
      runCycleUpdate(deps, req, id, determineEntryUpdate, [{ entryId, ...d, by: staff.email }], {
        ...outcomeAt(req, id),
        updateId,
      }),
    );
  };
  const complete = async (req: Request, res: Response) => {
    const staff = currentStaff(res)!;
    const id = String(req.params.id);
    const before = await cycleBefore(deps.db, id);
    const updateId = updateIdFor(req, completeDeterminationUpdate.name, recertificationWorkflowId(id));
    const audit = {
      actor: staff.email,
      action: 'recertification.determination.complete',
      subject: `certificant:${id}`,
      before,
      requestId: String(req.id),
      input: {},
    };
    return auditedUpdate(deps.db, updateId, audit, () =>
      runCycleUpdate(deps, req, id, completeDeterminationUpdate, [{ by: staff.email }], {
        ...outcomeAt(req, id),
        updateId,
      }),
    );
  };

  router.post(
    '/api/staff/recertification/:id/entries/:entryId/determination',
    ...requireRole('cases'),
    async (req, res) => {
      res.json(await determine(req, res));
    },
  );
  router.post('/api/staff/recertification/:id/determination/complete', ...requireRole('cases'), async (req, res) => {
    res.json(await complete(req, res));
  });

  // The staff console's CE review pages: the same actions as forms; a refusal re-renders with its message.
  const reviewPageFor = async (req: Request, res: Response, id: string, error?: string, status = 200) => {
    const staff = currentStaff(res)!;
    res
      .status(status)
      .set('cache-control', 'no-store')
      .type('html')
      .send(
        reviewPage({
          staffName: staff.displayName,
          csrf: csrfToken(req, res, signingKeysOf(deps), secure),
          status: await liveStatus(deps.temporal.client, id),
          workflowUrl: workflowUrl(id),
          error,
          ledger: await ledgerOfCase(deps.db, recertificationWorkflowId(id)),
        }),
      );
  };
  const asForm = (run: (req: Request, res: Response) => Promise<unknown>) => async (req: Request, res: Response) => {
    const id = String(req.params.id);
    try {
      await run(req, res);
    } catch (err) {
      if (err instanceof HttpError && err.status >= 409 && err.status < 500)
        return reviewPageFor(req, res, id, err.message, err.status);
      throw err;
    }
    res.redirect(303, `/staff/recertification/${encodeURIComponent(id)}`);
  };
  router.get('/staff/recertification', ...requireRole('read'), async (req, res) => {
    const staff = currentStaff(res)!;
    res.type('html').send(
      reviewListPage({
        staffName: staff.displayName,
        csrf: csrfToken(req, res, signingKeysOf(deps), secure),
        items: await cyclesAwaitingDetermination(deps.db),
      }),
    );
  });
  router.get('/staff/recertification/:id', ...requireRole('read'), async (req, res) =>
    reviewPageFor(req, res, String(req.params.id)),
  );
  // The uploaded certificate, for staff only; served as an attachment with the type sniffed at upload.
  router.get('/staff/recertification/:id/documents/:documentId', ...requireRole('read'), async (req, res) => {
    const doc = await findDocument(deps.db, String(req.params.documentId));
    if (!doc || doc.owner_kind !== 'ce-entry' || doc.owner_id !== String(req.params.id))
      throw notFound('No such certificate.');
    res
      .set('cache-control', 'private, no-store')
      .type(doc.content_type)
      .attachment(doc.filename)
      .send(Buffer.from(doc.bytes));
  });
  router.post('/staff/recertification/:id/entries/:entryId/determination', ...requireRole('cases'), asForm(determine));
  router.post('/staff/recertification/:id/determination/complete', ...requireRole('cases'), asForm(complete));
  router.post(
    '/staff/recertification/:id/attention',
    ...requireRole('cases'),
    asForm(async (req, res) => {
      const parsed = attentionBody.safeParse(req.body ?? {});
      if (!parsed.success)
        throw new HttpError(422, Object.values(fieldErrors(parsed.error)).join(' '), { code: 'validation' });
      return decideAttention(deps, req, 'recertification', String(req.params.id), currentStaff(res)!, parsed.data);
    }),
  );

  /** Issue 6: regenerated nightly by the Schedule "and on demand by staff": the same workflow, started now. */
  router.post('/api/staff/good-standing/regenerate', ...requireRole('cases'), async (req, res) => {
    const staff = currentStaff(res)!;
    const before = await goodStandingBefore(deps.db);
    const result = await deps.temporal.client.workflow.execute(goodStandingReportWorkflowName, {
      workflowId: `good-standing-report-manual-${randomUUID()}`,
      taskQueue: deps.temporal.taskQueue,
      args: [{ trigger: `staff:${staff.email}` }],
    });
    await recordAudit(deps.db, {
      actor: staff.email,
      action: 'good-standing.regenerate',
      subject: 'good-standing-report',
      before,
      after: result,
      requestId: String(req.id),
    });
    res.json(result);
  });

  // The Good Standing Report lists only certificants in good standing, the way NAMSS publishes it.
  router.get('/good-standing', async (_req, res) => {
    const report = await latestGoodStandingReport(deps.db);
    if (!report) throw notFound('The Good Standing Report has not been generated yet.');
    res.set('cache-control', 'no-cache').type('html').send(report.html);
  });
  router.get('/good-standing.csv', async (_req, res) => {
    const report = await latestGoodStandingReport(deps.db);
    if (!report) throw notFound('The Good Standing Report has not been generated yet.');
    res.set('cache-control', 'no-cache').type('text/csv').attachment('good-standing-report.csv').send(report.csv);
  });

  return router;
}
