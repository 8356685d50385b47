import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { WorkflowIdReusePolicy, type UpdateDefinition } from '@temporalio/common';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { recordAudit } from '../../db/tables/audit-log';
import { findTestingWindow, listTestingWindows } from '../../db/tables/testing-windows';
import { parseWindowId, PROGRAMS } from '../../domain/index';
import { ensureFormForWindow, FormNotLoadedError } from '../../forms/ensure';
import { NEAT_METHODS } from '../../domain/equating/index';
import { programKey, stageKey, testingWindowKey } from '../../workflows/search-attributes';
import {
  approveEquatingUpdate,
  calendarQuery,
  statusQuery,
  testingWindowWorkflowId,
  testingWindowWorkflowName,
  validateKeyUpdate,
  type TestingWindowInput,
} from '../../workflows/testing-window/contract';
import { csrfToken } from '../auth/csrf';
import { currentStaff } from '../auth/staff';
import { requireRole } from '../auth/roles';
import { signingKeysOf, type ApiDeps } from '../deps';
import { HttpError, notFound } from '../errors';
import { updateIdFor } from '../updates/idempotency';
import { refusalAsHttp } from '../updates/refusal';
import { auditedUpdate } from '../updates/audited';
import { runUpdate } from '../updates/run-update';
import { parseOr422 } from '../validation';
import { nothingBefore, windowBefore } from './staff-console-audit';
import { importUploadPage } from '../views/results-import';
import { windowReportPage, windowsListPage } from '../views/windows';

const program = z.enum(PROGRAMS as ['CPCS', 'CPMSM'], { error: 'Choose the exam: CPCS or CPMSM.' });
const windowId = z
  .string()
  .refine(
    (w) => {
      try {
        parseWindowId(w);
        return true;
      } catch {
        return false;
      }
    },
    { error: 'Write the window as YEAR-SEASON, e.g. 2027-fall.' },
  )
  .transform((w) => parseWindowId(w).id);
export const createSchema = z.object({ program, windowId, method: z.enum(NEAT_METHODS as ['tucker']).optional() });
const decisionSchema = z.object({
  itemId: z.string().min(1).max(100),
  action: z.enum(['accept', 'rekey', 'drop']),
  key: z.enum(['A', 'B', 'C']).optional(),
});
export const decisionsSchema = z.object({ decisions: z.array(decisionSchema).min(1).max(500) });
export const approvalSchema = z.object({ releaseAt: z.iso.datetime({ offset: true }).optional() });

/** A refusal from the window workflow (wrong stage, > 8 weeks…) becomes a 409/422 with its message. */
function mapTemporalError(err: unknown): never {
  if (err instanceof WorkflowNotFoundError)
    throw notFound('No testing window with this program and id has been created.');
  if (err instanceof WorkflowUpdateFailedError) throw refusalAsHttp(err, 'The window refused this change.');
  throw err;
}

export function windowRoutes(deps: ApiDeps): Router {
  const router = Router();
  const secure = deps.publicBaseUrl.startsWith('https:');
  const handleOf = (req: Request) => {
    const p = parseOr422(z.object({ program, windowId }), req.params);
    return { ...p, handle: deps.temporal.client.workflow.getHandle(testingWindowWorkflowId(p.program, p.windowId)) };
  };
  const audit = (req: Request, res: Response, action: string, subject: string, after: unknown, before: unknown) =>
    recordAudit(deps.db, {
      actor: currentStaff(res)!.email,
      action,
      subject,
      before,
      after,
      requestId: String(req.id),
    });

  async function create(req: Request, res: Response): Promise<{ workflowId: string; created: boolean }> {
    const input = parseOr422(createSchema, req.body) as TestingWindowInput;
    const workflowId = testingWindowWorkflowId(input.program, input.windowId);
    // The form exists from creation on, so the vendor's results can be imported before the window closes.
    await ensureFormForWindow(deps.db, input.program, input.windowId, {
      simulated: deps.formsSimulated ?? false,
    }).catch((err: unknown) => {
      if (err instanceof FormNotLoadedError) throw new HttpError(409, err.message, { code: 'form-not-loaded' });
      throw err;
    });
    try {
      await deps.temporal.client.workflow.start(testingWindowWorkflowName, {
        workflowId,
        taskQueue: deps.temporal.taskQueue,
        // The window's policy snapshot (calendar, scale): changing the file later never changes this window.
        args: [{ ...input, ...(deps.policy ? { policy: deps.policy } : {}) }],
        // A window runs once: a finished window is not started again under the same id.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: programKey, value: input.program },
          { key: testingWindowKey, value: input.windowId },
          { key: stageKey, value: 'scheduled' },
        ],
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, created: false };
      throw err;
    }
    await audit(req, res, 'window.create', `window:${workflowId}`, input, nothingBefore);
    return { workflowId, created: true };
  }

  /** A window Update within the deadline, de-duplicated by the request's key (`part` tells apart one request's several), audited once. */
  function auditedWindowUpdate<Ret, Args extends unknown[]>(
    req: Request,
    res: Response,
    update: UpdateDefinition<Ret, Args>,
    args: Args,
    audited: {
      action: string;
      before: unknown;
      input: Record<string, unknown>;
      after?: (r: Ret) => unknown;
      part?: string;
    },
  ): Promise<Ret> {
    const { handle, program: p, windowId: w } = handleOf(req);
    const statusUrl = req.path.startsWith('/api/') ? `/api/staff/windows/${p}/${w}` : `/staff/windows/${p}/${w}/report`;
    const updateId = updateIdFor(req, update.name, handle.workflowId, audited.part);
    const { part: _part, ...entry } = audited;
    return auditedUpdate(
      deps.db,
      updateId,
      { ...entry, actor: currentStaff(res)!.email, subject: `window:${handle.workflowId}`, requestId: String(req.id) },
      () => runUpdate(deps, { handle, update, args, updateId, statusUrl }).catch(mapTemporalError),
    );
  }

  async function decide(req: Request, res: Response, decisions: z.infer<typeof decisionSchema>[]) {
    const { program: p, windowId: w } = handleOf(req);
    let last;
    for (const [i, d] of decisions.entries()) {
      const before = await windowBefore(deps.db, p, w);
      last = await auditedWindowUpdate(req, res, validateKeyUpdate, [{ ...d, decidedBy: currentStaff(res)!.email }], {
        action: 'window.key-decision',
        before,
        input: d,
        after: () => d,
        part: `${i}:${d.itemId}`,
      });
    }
    return last!;
  }

  async function approve(req: Request, res: Response, releaseAt: string | undefined) {
    const { program: p, windowId: w } = handleOf(req);
    const before = await windowBefore(deps.db, p, w);
    const input = { approvedBy: currentStaff(res)!.email, ...(releaseAt ? { releaseAt } : {}) };
    return auditedWindowUpdate(req, res, approveEquatingUpdate, [input], {
      action: 'window.approve-equating',
      before,
      input,
    });
  }

  router.post('/api/staff/windows', ...requireRole('cases'), async (req, res) => {
    const out = await create(req, res);
    res.status(out.created ? 201 : 200).json(out);
  });
  router.get('/api/staff/windows/:program/:windowId', ...requireRole('read'), async (req, res) => {
    const { handle } = handleOf(req);
    const [status, calendar] = await Promise.all([handle.query(statusQuery), handle.query(calendarQuery)]).catch(
      mapTemporalError,
    );
    res.json({ workflowId: handle.workflowId, status, calendar });
  });
  router.get('/api/staff/windows/:program/:windowId/report', ...requireRole('read'), async (req, res) => {
    const p = parseOr422(z.object({ program, windowId }), req.params);
    const row = await findTestingWindow(deps.db, p.program, p.windowId);
    if (!row) throw notFound('No testing window with this program and id has been created.');
    res.json(row);
  });
  router.post(
    '/api/staff/windows/:program/:windowId/key-decisions',
    ...requireRole('psychometrics'),
    async (req, res) => {
      res.json(await decide(req, res, parseOr422(decisionsSchema, req.body).decisions));
    },
  );
  router.post('/api/staff/windows/:program/:windowId/approval', ...requireRole('psychometrics'), async (req, res) => {
    res.json(await approve(req, res, parseOr422(approvalSchema, req.body ?? {}).releaseAt));
  });

  // The staff pages: list, create, report with the decision and approval forms, results upload.
  const pageOpts = (req: Request, res: Response) => ({
    staffName: currentStaff(res)!.displayName,
    csrf: csrfToken(req, res, signingKeysOf(deps), secure),
  });
  router.get('/staff/windows', ...requireRole('read'), async (req, res) => {
    res.type('html').send(windowsListPage({ ...pageOpts(req, res), windows: await listTestingWindows(deps.db) }));
  });
  router.post('/staff/windows', ...requireRole('cases'), async (req, res) => {
    const out = await create(req, res);
    const p = createSchema.parse(req.body);
    res.redirect(303, out.created ? '/staff/windows' : `/staff/windows/${p.program}/${p.windowId}/report`);
  });
  router.get('/staff/windows/:program/:windowId/report', ...requireRole('read'), async (req, res) => {
    const p = parseOr422(z.object({ program, windowId }), req.params);
    const row = await findTestingWindow(deps.db, p.program, p.windowId);
    if (!row) throw notFound('No testing window with this program and id has been created.');
    res.type('html').send(windowReportPage({ ...pageOpts(req, res), window: row }));
  });
  router.post('/staff/windows/:program/:windowId/key-decisions', ...requireRole('psychometrics'), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, string>;
    await decide(req, res, [
      parseOr422(decisionSchema, { itemId: body.itemId, action: body.action, ...(body.key ? { key: body.key } : {}) }),
    ]);
    res.redirect(303, `/staff/windows/${req.params.program}/${req.params.windowId}/report`);
  });
  router.post('/staff/windows/:program/:windowId/approval', ...requireRole('psychometrics'), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, string>;
    await approve(req, res, parseOr422(approvalSchema, body.releaseAt ? { releaseAt: body.releaseAt } : {}).releaseAt);
    res.redirect(303, `/staff/windows/${req.params.program}/${req.params.windowId}/report`);
  });
  router.get('/staff/results-imports', ...requireRole('read'), (req, res) => {
    res.type('html').send(importUploadPage(pageOpts(req, res)));
  });
  return router;
}
