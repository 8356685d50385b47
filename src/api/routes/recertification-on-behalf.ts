import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { UpdateDefinition } from '@temporalio/common';
import {
  reinstateUpdate,
  recertificationWorkflowId,
  requestExtensionUpdate,
  submitRecertificationUpdate,
} from '../../workflows/recertification/contract';
import { currentStaff } from '../auth/staff';
import { requireRole } from '../auth/roles';
import type { ApiDeps } from '../deps';
import { auditedUpdate } from '../updates/audited';
import { updateIdFor } from '../updates/idempotency';
import { parseOr422 } from '../validation';
import { runCycleUpdate } from './recertification-shared';
import { extensionSchema, submissionSchema } from './recertification';
import { cycleBefore } from './staff-console-audit';

// Why staff act instead of the certificant (a phoned-in request, a written one by post): kept in the audit log.
const staffReason = z
  .string({ error: 'Say why you act for the certificant (it is kept in the audit log).' })
  .trim()
  .min(3, 'Say why you act for the certificant (it is kept in the audit log).')
  .max(2000);
export const onBehalfSubmissionSchema = submissionSchema.extend({ staffReason });
export const onBehalfExtensionSchema = extensionSchema.extend({ staffReason });

/** The staff routes that act for a certificant, the only way staff change a cycle the certificant owns. */
export const onBehalfPaths = {
  submit: '/api/staff/recertification/:id/submit',
  reinstate: '/api/staff/recertification/:id/reinstate',
  extension: '/api/staff/recertification/:id/extension',
} as const;

/** Staff act for a certificant: each action needs the `cases` role and a reason, and is audited "for certificant X". */
export function recertificationOnBehalfRoutes(deps: ApiDeps): Router {
  const router = Router();

  const onBehalf = async <Ret, Arg>(
    req: Request,
    res: Response,
    action: string,
    update: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    staffReasonGiven: string,
  ) => {
    const staff = currentStaff(res)!;
    const id = String(req.params.id);
    const before = await cycleBefore(deps.db, id);
    const updateId = updateIdFor(req, update.name, recertificationWorkflowId(id));
    const audit = {
      actor: `${staff.email} for certificant ${id}`,
      action,
      subject: `certificant:${id}`,
      before,
      requestId: String(req.id),
      input: { ...arg, staffReason: staffReasonGiven } as Record<string, unknown>,
      after: (result: Ret) => ({ staffReason: staffReasonGiven, result }),
    };
    return auditedUpdate(deps.db, updateId, audit, () =>
      runCycleUpdate(deps, req, id, update, [arg], {
        updateId,
        statusUrl: `/api/staff/recertification/${encodeURIComponent(id)}`,
      }),
    );
  };

  router.post(onBehalfPaths.submit, ...requireRole('cases'), async (req, res) => {
    const { staffReason: why, membership } = parseOr422(onBehalfSubmissionSchema, req.body);
    res.json(
      await onBehalf(
        req,
        res,
        'recertification.submit.for-certificant',
        submitRecertificationUpdate,
        { attest: true, membership },
        why,
      ),
    );
  });
  router.post(onBehalfPaths.reinstate, ...requireRole('cases'), async (req, res) => {
    const { staffReason: why, membership } = parseOr422(onBehalfSubmissionSchema, req.body);
    res.json(
      await onBehalf(
        req,
        res,
        'recertification.reinstate.for-certificant',
        reinstateUpdate,
        { attest: true, membership },
        why,
      ),
    );
  });
  router.post(onBehalfPaths.extension, ...requireRole('cases'), async (req, res) => {
    const { staffReason: why, request, months } = parseOr422(onBehalfExtensionSchema, req.body);
    res.json(
      await onBehalf(
        req,
        res,
        'recertification.extension.for-certificant',
        requestExtensionUpdate,
        { request, months },
        why,
      ),
    );
  });
  return router;
}
