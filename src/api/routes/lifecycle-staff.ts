import { Router } from 'express';
import { z } from 'zod';
import { recordAudit } from '../../db/tables/audit-log';
import { accommodationDecisionUpdate, eligibilityDecisionUpdate, staffView } from '../../workflows/exam-application/contract';
import { currentStaff, requireStaff } from '../auth/staff';
import type { ApiDeps } from '../deps';
import { parseOr422 } from '../validation';
import { whilePending } from '../updates/run-update';
import { runLifecycleUpdate } from './lifecycle-update';
import { accommodationBefore, applicationBefore } from './staff-console-audit';

const reason = z.string().trim().min(1, 'Give the reason: it is sent to the candidate.').max(2000, 'The reason must be at most 2000 characters.');

export const eligibilityBody = z
  .object({ decision: z.enum(['approve', 'reject'], { error: 'decision must be "approve" or "reject".' }), reason: reason.optional() })
  .refine((b) => b.decision === 'approve' || b.reason, { error: 'A rejection needs a reason: it is sent to the candidate.', path: ['reason'] });

export const accommodationBody = z
  .object({
    requestId: z.string().trim().min(1, 'Give the accommodation request id (from the application status).').max(100),
    decision: z.enum(['approve', 'deny'], { error: 'decision must be "approve" or "deny".' }),
    reason: reason.optional(),
  })
  .refine((b) => b.decision === 'approve' || b.reason, { error: 'A denial needs a reason: it is sent to the candidate.', path: ['reason'] });

/** Staff decisions on one application, through the workflow's Updates; every decision is audited. */
export function lifecycleStaffRoutes(deps: ApiDeps): Router {
  const router = Router();

  router.post('/api/staff/applications/:id/eligibility', requireStaff, async (req, res) => {
    const staff = currentStaff(res)!;
    const id = String(req.params.id);
    const body = parseOr422(eligibilityBody, req.body);
    const before = await applicationBefore(deps.db, id);
    const audit = (after: unknown) => recordAudit(deps.db, { actor: staff.email, action: `application.eligibility.${body.decision}`, subject: `application:${id}`, before, after, requestId: String(req.id) });
    const status = await runLifecycleUpdate(deps, req, id, eligibilityDecisionUpdate, [{ ...body, decidedBy: staff.email }]).catch(whilePending(() => audit({ processing: true, ...body })));
    await audit({ stage: status.stage, ...body });
    res.json(staffView(status));
  });

  router.post('/api/staff/applications/:id/accommodation-decision', requireStaff, async (req, res) => {
    const staff = currentStaff(res)!;
    const id = String(req.params.id);
    const body = parseOr422(accommodationBody, req.body);
    const before = await accommodationBefore(deps.db, id, body.requestId);
    const audit = (after: unknown) => recordAudit(deps.db, { actor: staff.email, action: `application.accommodation.${body.decision}`, subject: `application:${id}`, before, after, requestId: String(req.id) });
    const decided = await runLifecycleUpdate(deps, req, id, accommodationDecisionUpdate, [{ ...body, decidedBy: staff.email }]).catch(whilePending(() => audit({ processing: true, ...body })));
    await audit(decided);
    res.json(decided);
  });

  return router;
}
