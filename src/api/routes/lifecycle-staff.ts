import { Router, type Request } from 'express';
import { z } from 'zod';
import {
  accommodationDecisionUpdate,
  eligibilityDecisionUpdate,
  staffView,
  type ApplicationStatus,
} from '../../workflows/exam-application/contract';
import { currentStaff } from '../auth/staff';
import { requireRole } from '../auth/roles';
import type { ApiDeps } from '../deps';
import { parseOr422, reasonAsTheCaseRequires } from '../validation';
import { auditedUpdate } from '../updates/audited';
import { updateIdFor } from '../updates/idempotency';
import { runLifecycleUpdate } from './lifecycle-update';
import { accommodationBefore, applicationBefore } from './staff-console-audit';

const reason = z
  .string()
  .trim()
  .min(1, 'Give the reason: it is sent to the candidate.')
  .max(2000, 'The reason must be at most 2000 characters.');

export const eligibilityBody = z
  .object({
    decision: z.enum(['approve', 'reject'], { error: 'decision must be "approve" or "reject".' }),
    reason: reason.optional(),
  })
  .superRefine(reasonAsTheCaseRequires);

export const accommodationBody = z
  .object({
    requestId: z.string().trim().min(1, 'Give the accommodation request id (from the application status).').max(100),
    decision: z.enum(['approve', 'deny'], { error: 'decision must be "approve" or "deny".' }),
    reason: reason.optional(),
  })
  .superRefine(reasonAsTheCaseRequires);

type EligibilityDecision = { decision: 'approve' | 'reject'; reason?: string };
type AccommodationDecision = { requestId: string; decision: 'approve' | 'deny'; reason?: string };

/** A staff eligibility decision through the workflow's Update, audited once (the JSON endpoint and the console's form). */
export async function decideEligibility(
  deps: ApiDeps,
  req: Request,
  staffEmail: string,
  id: string,
  body: EligibilityDecision,
  statusUrl?: string,
) {
  const before = await applicationBefore(deps.db, id);
  const updateId = updateIdFor(req, eligibilityDecisionUpdate.name, id);
  const audit = {
    actor: staffEmail,
    action: `application.eligibility.${body.decision}`,
    subject: `application:${id}`,
    before,
    requestId: String(req.id),
    input: body,
  };
  return auditedUpdate(
    deps.db,
    updateId,
    { ...audit, after: (s: ApplicationStatus) => ({ stage: s.stage, ...body }) },
    () =>
      runLifecycleUpdate(deps, req, id, eligibilityDecisionUpdate, [{ ...body, decidedBy: staffEmail }], {
        updateId,
        statusUrl,
      }),
  );
}

/** A staff decision on an accommodation request, audited once (the JSON endpoint and the console's form). */
export async function decideAccommodation(
  deps: ApiDeps,
  req: Request,
  staffEmail: string,
  id: string,
  body: AccommodationDecision,
  statusUrl?: string,
) {
  const before = await accommodationBefore(deps.db, id, body.requestId);
  const updateId = updateIdFor(req, accommodationDecisionUpdate.name, id);
  const audit = {
    actor: staffEmail,
    action: `application.accommodation.${body.decision}`,
    subject: `application:${id}`,
    before,
    requestId: String(req.id),
    input: body,
  };
  return auditedUpdate(deps.db, updateId, audit, () =>
    runLifecycleUpdate(deps, req, id, accommodationDecisionUpdate, [{ ...body, decidedBy: staffEmail }], {
      updateId,
      statusUrl,
    }),
  );
}

/** Staff decisions on one application, through the workflow's Updates; every decision is audited. */
export function lifecycleStaffRoutes(deps: ApiDeps): Router {
  const router = Router();

  router.post('/api/staff/applications/:id/eligibility', ...requireRole('cases'), async (req, res) => {
    const body = parseOr422(eligibilityBody, req.body);
    res.json(staffView(await decideEligibility(deps, req, currentStaff(res)!.email, String(req.params.id), body)));
  });

  router.post('/api/staff/applications/:id/accommodation-decision', ...requireRole('cases'), async (req, res) => {
    const body = parseOr422(accommodationBody, req.body);
    res.json(await decideAccommodation(deps, req, currentStaff(res)!.email, String(req.params.id), body));
  });

  return router;
}
