import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { findApplication } from '../../db/tables/applications';
import { receivedUpload, receiveUpload } from '../../uploads/receive-upload';
import {
  reportAppointmentUpdate,
  requestTransferUpdate,
  rescheduleUpdate,
  staffView,
  withdrawUpdate,
} from '../../workflows/exam-application/contract';
import { requireCandidateGrant } from '../auth/candidate';
import { currentStaff } from '../auth/staff';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { parseOr422 } from '../validation';
import { liveApplicationStatus, requestAccommodation, runLifecycleUpdate } from './lifecycle-update';

const examDate = z
  .string({ error: 'Give the exam date as YYYY-MM-DD.' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the exam date as YYYY-MM-DD.');
const site = z.string({ error: 'Give the test site.' }).trim().min(1, 'Give the test site.').max(200);
export const appointmentBody = z.object({
  examDate,
  site,
  startsAt: z.iso.datetime({ error: 'startsAt must be an ISO date-time.' }).optional(),
});
export const rescheduleBody = z.object({ examDate, site });
export const withdrawBody = z.object({
  inWriting: z.literal(true, { error: 'Confirm that this is your written request to withdraw (inWriting: true).' }),
  reason: z.string().trim().max(2000).optional(),
});
export const needsBody = z.object({
  needs: z
    .string({ error: 'Describe the accommodation you need.' })
    .trim()
    .min(1, 'Describe the accommodation you need.')
    .max(2000),
});

/** FAQ: documentation "from the candidate's doctor or other qualified professional on official letterhead": a PDF or a scan. */
const DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;

/**
 * The candidate's own actions on their application, authorized by the signed link of their emails (the
 * `token` query parameter or an X-Candidate-Token header). No cookie is involved, so no CSRF token either.
 */
export function lifecycleCandidateRoutes(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const candidateOnly = async (req: Request<{ id: string }>, _res: Response, next: () => void) => {
    await requireCandidateGrant(req, deps, req.params.id, now());
    next();
  };

  /** Staff see the case without the score (FAQ: results go to the candidate only); the candidate sees it all. */
  router.get('/api/applications/:id/status', async (req, res) => {
    const staff = currentStaff(res);
    if (!staff) await requireCandidateGrant(req, deps, req.params.id, now());
    const status = await liveApplicationStatus(deps, req.params.id);
    res.set('cache-control', 'no-store').json(staff ? staffView(status) : status);
  });

  router.post('/api/applications/:id/appointment', candidateOnly, async (req, res) => {
    const body = parseOr422(appointmentBody, req.body);
    res.json(
      await runLifecycleUpdate(deps, req, req.params.id, reportAppointmentUpdate, [{ ...body, source: 'candidate' }]),
    );
  });

  router.post('/api/applications/:id/reschedule', candidateOnly, async (req, res) => {
    res.json(
      await runLifecycleUpdate(deps, req, req.params.id, rescheduleUpdate, [parseOr422(rescheduleBody, req.body)]),
    );
  });

  router.post('/api/applications/:id/transfer', candidateOnly, async (req, res) => {
    res.json(await runLifecycleUpdate(deps, req, req.params.id, requestTransferUpdate, []));
  });

  router.post('/api/applications/:id/withdraw', candidateOnly, async (req, res) => {
    res.json(await runLifecycleUpdate(deps, req, req.params.id, withdrawUpdate, [parseOr422(withdrawBody, req.body)]));
  });

  // The link is checked before the upload is read: a stranger's file is never parsed.
  router.post(
    '/api/applications/:id/accommodations',
    candidateOnly,
    ...receiveUpload({ field: 'documentation', allowed: ['pdf', 'png', 'jpeg'], maxBytes: DOCUMENT_MAX_BYTES }),
    async (req: Request<{ id: string }>, res: Response) => {
      const { needs } = parseOr422(needsBody, req.body);
      if (!(await findApplication(deps.db, req.params.id))) throw notFound('No such application.');
      res.json(await requestAccommodation(deps, req, req.params.id, needs, receivedUpload(res)));
    },
  );

  return router;
}
