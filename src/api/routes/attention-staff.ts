import { Router, type Request } from 'express';
import { z } from 'zod';
import { isLateResult, settleLateResult } from '../../db/tables/late-results';
import { findOpenAttention, type CaseKind, type NeedsAttentionRow } from '../../db/tables/needs-attention';
import {
  resolveAttentionUpdate,
  type AttentionOutcome,
  type AttentionView,
} from '../../workflows/needs-attention/contract';
import { recertificationWorkflowId } from '../../workflows/recertification/contract';
import { currentStaff, type StaffIdentity } from '../auth/staff';
import { requireRole } from '../auth/roles';
import type { ApiDeps } from '../deps';
import { HttpError } from '../errors';
import { auditedUpdate } from '../updates/audited';
import { updateIdFor } from '../updates/idempotency';
import { parseOr422 } from '../validation';
import { runLifecycleUpdate } from './lifecycle-update';
import { runCycleUpdate } from './recertification-shared';
import { attentionBefore } from './staff-console-audit';

// A browser sends an empty textarea for "no note".
const note = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().trim().max(2000, 'The note must be at most 2000 characters.').optional(),
);

/** `retry` runs the failed step again; `resolved` says staff did it by hand (note required) and the case carries on. */
export const attentionBody = z
  .object({ action: z.enum(['retry', 'resolved'], { error: 'Choose retry or resolved.' }), note })
  .refine((b) => b.action === 'retry' || b.note, {
    error: 'Say what was done by hand: it goes into the case history and the audit log.',
    path: ['note'],
  });
export type AttentionBody = z.infer<typeof attentionBody>;

/**
 * Staff's decision on a case parked in needs-attention, through the workflow's Update, audited with the failed
 * step before and the outcome after. Shared by the JSON endpoints and the console's forms.
 */
export async function decideAttention(
  deps: ApiDeps,
  req: Request,
  kind: CaseKind,
  caseId: string,
  staff: StaffIdentity,
  body: AttentionBody,
): Promise<AttentionOutcome> {
  if (kind === 'application' && isLateResult(await findOpenAttention(deps.db, kind, caseId)))
    return settleLate(deps, req, caseId, staff, body);
  const before = await attentionBefore(deps.db, kind, caseId);
  const decision = { ...body, by: staff.email };
  const workflowId = kind === 'application' ? caseId : recertificationWorkflowId(caseId);
  const updateId = updateIdFor(req, resolveAttentionUpdate.name, workflowId);
  const subject = kind === 'application' ? `application:${caseId}` : `certificant:${caseId}`;
  const audit = {
    actor: staff.email,
    action: `${kind}.attention.${body.action}`,
    subject,
    before,
    requestId: String(req.id),
    input: decision,
    after: (outcome: AttentionOutcome) => ({ ...outcome, note: body.note ?? null }),
  };
  return auditedUpdate(deps.db, updateId, audit, () =>
    kind === 'application'
      ? runLifecycleUpdate(deps, req, caseId, resolveAttentionUpdate, [decision], { updateId })
      : runCycleUpdate(deps, req, caseId, resolveAttentionUpdate, [decision], { updateId }),
  );
}

/** The case page of an ended no-show shows its late result as its needs-attention item, with the resolve form. */
export function withLateResult<S extends { attention?: AttentionView }>(
  status: S,
  open: NeedsAttentionRow | undefined,
): S {
  if (status.attention || !open || !isLateResult(open)) return status;
  return {
    ...status,
    attention: {
      activity: open.activity,
      step: open.step,
      reason: open.reason,
      since: new Date(open.opened_at).toISOString(),
      resolvable: true,
    },
  };
}

/** A late result's case has ended: nothing to retry; staff say what they did and the item closes, audited. */
async function settleLate(
  deps: ApiDeps,
  req: Request,
  caseId: string,
  staff: StaffIdentity,
  body: AttentionBody,
): Promise<AttentionOutcome> {
  const step = 'review a result that arrived after the no-show';
  if (body.action === 'retry')
    throw new HttpError(
      409,
      'This result arrived after the case closed as a no-show: there is no step to retry. Resolve it with a note saying what the candidate was told.',
      { code: 'not-retryable' },
    );
  const settled = await settleLateResult(deps.db, {
    caseId,
    by: staff.email,
    note: body.note,
    at: new Date().toISOString(),
    auditAs: { action: 'application.attention.resolved', subject: `application:${caseId}` },
  });
  if (!settled)
    throw new HttpError(409, 'This case does not need attention now: the late result was already reviewed.', {
      code: 'not-now',
    });
  req.log?.info({ caseId, by: staff.email }, 'late result reviewed');
  return { action: 'resolved', step, stage: 'no-show' };
}

/** The JSON endpoints (staff token or session): `{ "action": "retry" | "resolved", "note": "…" }`. */
export function attentionStaffRoutes(deps: ApiDeps): Router {
  const router = Router();
  for (const [kind, path] of [
    ['application', '/api/staff/applications/:id/attention'],
    ['recertification', '/api/staff/recertification/:id/attention'],
  ] as const) {
    router.post(path, ...requireRole('cases'), async (req, res) => {
      const body = parseOr422(attentionBody, req.body);
      res.json(await decideAttention(deps, req, kind, String(req.params.id), currentStaff(res)!, body));
    });
  }
  return router;
}
