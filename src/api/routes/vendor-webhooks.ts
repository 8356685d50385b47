import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import express, { Router } from 'express';
import { z } from 'zod';
import { findApplication } from '../../db/tables/applications';
import { claimWebhookReceipt, forgetWebhookReceipt } from '../../db/tables/vendor';
import { isCivilDate } from '../../domain/index';
import { verifyVendorSignature } from '../../integrations/vendor/signature';
import { reportAppointmentUpdate, type AppointmentReport } from '../../workflows/exam-application/contract';
import type { ApiDeps } from '../deps';
import { HttpError, notFound, unauthorized } from '../errors';
import { idempotencyKeyOf, updateIdOf } from '../updates/idempotency';
import { runUpdate, UpdateInProgress } from '../updates/run-update';

/** What the test vendor posts when a candidate books or moves an appointment (our application id is its registration id). */
export const vendorAppointmentSchema = z.object({
  applicationId: z.string().min(1).max(200),
  examDate: z.string().refine(isCivilDate, 'must be a date YYYY-MM-DD'),
  site: z.string().regex(/^[A-Z0-9-]{2,20}$/, 'must be a vendor site code such as CHI-01'),
  startsAt: z.iso.datetime({ offset: true }).optional(),
});
export type VendorAppointment = z.infer<typeof vendorAppointmentSchema>;

/**
 * POST /webhooks/vendor/appointments — signed by the vendor (X-Vendor-Signature, HMAC over the raw body), so this
 * router is mounted before the JSON parser. A missing, forged, stale or replayed signature gets 401 and changes nothing.
 */
export function vendorWebhookRoutes(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());

  router.post('/webhooks/vendor/appointments', express.raw({ type: () => true, limit: '64kb' }), async (req, res) => {
    const secret = deps.vendorWebhookSecret;
    if (!secret)
      throw new HttpError(503, 'Vendor webhooks are not configured on this server (VENDOR_WEBHOOK_SECRET).', {
        code: 'webhooks-disabled',
      });
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const header = req.get('x-vendor-signature');
    const check = verifyVendorSignature(secret, body, header, now());
    if (!check.ok) throw unauthorized(`Vendor signature rejected: ${check.reason}.`);

    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpError(400, 'The request body is not valid JSON.', { code: 'bad-json' });
    }
    const parsed = vendorAppointmentSchema.safeParse(json);
    if (!parsed.success) {
      const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || 'body', i.message]));
      throw new HttpError(422, 'The appointment is incomplete or malformed.', { code: 'invalid', fields });
    }
    const appointment = parsed.data;
    if (!(await findApplication(deps.db, appointment.applicationId))) throw notFound('No such application.');

    // The verified signature (unique per timestamp and body) is claimed once: the same delivery sent again is a replay.
    const signature = check.signature;
    if (!(await claimWebhookReceipt(deps.db, signature, appointment.applicationId)))
      throw unauthorized('Vendor signature rejected: this delivery was already received (replay).');

    const report: AppointmentReport = {
      examDate: appointment.examDate,
      site: appointment.site,
      source: 'vendor',
      ...(appointment.startsAt ? { startsAt: appointment.startsAt } : {}),
    };
    // The vendor's key, else the signature of this delivery: a retry of it after a 503 is the same Update, done once.
    const updateId = updateIdOf(idempotencyKeyOf(req) ?? signature, {
      route: 'vendor-appointment',
      updateName: reportAppointmentUpdate.name,
      workflowId: appointment.applicationId,
    });
    try {
      await runUpdate(deps, {
        handle: deps.temporal.client.workflow.getHandle(appointment.applicationId),
        update: reportAppointmentUpdate,
        args: [report],
        updateId,
      });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        const cause = err.cause as { message?: string; type?: string } | undefined;
        throw new HttpError(422, cause?.message ?? 'The application refused this appointment.', {
          code: cause?.type ?? 'refused',
        });
      }
      // Accepted and being processed (202): the delivery is received. Otherwise let the vendor's retry of it through.
      if (!(err instanceof UpdateInProgress)) await forgetWebhookReceipt(deps.db, signature);
      if (err instanceof WorkflowNotFoundError) throw notFound('No such application.');
      throw err;
    }
    req.log?.info(
      { applicationId: appointment.applicationId, site: appointment.site, examDate: appointment.examDate },
      'vendor appointment accepted',
    );
    res.json({ ok: true });
  });

  return router;
}
