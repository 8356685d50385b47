import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { findApplication, listRecentApplications } from '../../db/tables/applications';
import { listAudit } from '../../db/tables/audit-log';
import { ledgerOfCase } from '../../db/tables/fee-ledger';
import { findCandidate } from '../../db/tables/candidates';
import { findAttestation } from '../../db/tables/application-attestations';
import { documentsOf, findDocument } from '../../db/tables/documents';
import { cyclesAwaitingDetermination } from '../../db/tables/recertification';
import { findOpenAttention } from '../../db/tables/needs-attention';
import {
  accommodationQueue,
  attentionQueue,
  eligibilityQueue,
  windowsAwaitingStaff,
} from '../../db/tables/staff-queues';
import { staffView, statusQuery } from '../../workflows/exam-application/contract';
import { recertificationWorkflowId } from '../../workflows/recertification/contract';
import { csrfToken } from '../auth/csrf';
import { currentStaff } from '../auth/staff';
import { requireRole } from '../auth/roles';
import { signingKeysOf, type ApiDeps } from '../deps';
import { HttpError, notFound } from '../errors';
import { fieldErrors, reasonAsTheCaseRequires } from '../validation';
import { auditPage } from '../views/staff/audit';
import { staffCasePage, type CaseView, type FormState } from '../views/staff/case';
import { staffHomePage } from '../views/staff/home';
import { decideAccommodation, decideEligibility } from './lifecycle-staff';
import { attentionBody, decideAttention, withLateResult } from './attention-staff';

// A browser sends an empty field for an unused textarea: that is "no reason", not a reason of length 0.
const optionalReason = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().trim().max(2000, 'The reason must be at most 2000 characters.').optional(),
);
const eligibilityForm = z
  .object({ decision: z.enum(['approve', 'reject'], { error: 'Choose approve or reject.' }), reason: optionalReason })
  .superRefine(reasonAsTheCaseRequires);
const accommodationForm = z
  .object({ decision: z.enum(['approve', 'deny'], { error: 'Choose approve or deny.' }), reason: optionalReason })
  .superRefine(reasonAsTheCaseRequires);

const PAGE_SIZE = 50;
const typed = (body: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries((body ?? {}) as Record<string, unknown>).filter(([k, v]) => k !== '_csrf' && typeof v === 'string'),
  ) as Record<string, string>;

/** The staff console: queues, the case page with its decision forms, staff document downloads and the audit log. */
export function staffConsoleRoutes(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const secure = deps.publicBaseUrl.startsWith('https:');
  const workflowUrl = (id: string) =>
    `${deps.temporal.uiUrl}/namespaces/${encodeURIComponent(deps.temporal.namespace)}/workflows/${encodeURIComponent(id)}`;
  const casePage = (id: string) => `/staff/applications/${encodeURIComponent(id)}`;
  const chrome = (req: Request, res: Response) => ({
    staffName: currentStaff(res)!.displayName,
    csrf: csrfToken(req, res, signingKeysOf(deps), secure),
  });

  router.get('/staff', ...requireRole('read'), async (req, res) => {
    const [attention, eligibility, accommodations, ce, windows, recent] = await Promise.all([
      attentionQueue(deps.db),
      eligibilityQueue(deps.db),
      accommodationQueue(deps.db),
      cyclesAwaitingDetermination(deps.db),
      windowsAwaitingStaff(deps.db),
      listRecentApplications(deps.db, 20),
    ]);
    res
      .set('cache-control', 'no-store')
      .type('html')
      .send(
        staffHomePage({
          ...chrome(req, res),
          now: now(),
          attention,
          eligibility,
          accommodations,
          ce,
          windows,
          recent,
          workflowUrl,
          recertificationWorkflowId,
        }),
      );
  });

  /** Renders the case; the forms' state (errors, typed values) comes back here when a post is refused. */
  const renderCase = async (req: Request, res: Response, extra: Partial<CaseView> = {}, status = 200) => {
    const id = String(req.params.id);
    const row = await findApplication(deps.db, id);
    if (!row) throw notFound('No such application.');
    const [candidate, documents, ledger, attestation] = await Promise.all([
      findCandidate(deps.db, row.candidate_id),
      documentsOf(deps.db, 'application', id),
      ledgerOfCase(deps.db, id),
      findAttestation(deps.db, id),
    ]);
    let live: CaseView['status'];
    let statusError: string | undefined;
    try {
      // FAQ: scores go only to the candidate: staff read the status through staffView, which drops the score.
      live = withLateResult(
        staffView(await deps.temporal.client.workflow.getHandle(id).query(statusQuery)),
        await findOpenAttention(deps.db, 'application', id),
      );
    } catch {
      statusError = `The live status of this case cannot be read from Temporal right now (recorded stage: ${row.stage}). Try again, or open the workflow in Temporal UI.`;
    }
    const notices: Record<string, string> = {
      eligibility: 'The eligibility decision was recorded.',
      accommodation: 'The accommodation decision was recorded.',
      attention: 'The decision on the failed step was recorded; the case carries on (or shows why it stopped again).',
    };
    const notice = notices[String(req.query.done)];
    res
      .status(status)
      .set('cache-control', 'no-store')
      .type('html')
      .send(
        staffCasePage({
          ...chrome(req, res),
          application: {
            id,
            firstName: row.first_name,
            lastName: row.last_name,
            email: candidate?.email,
            program: row.program,
            windowId: row.window_id,
          },
          status: live,
          statusError,
          documents,
          ledger,
          ...(attestation ? { attestation } : {}),
          workflowUrl: workflowUrl(id),
          notice,
          ...extra,
        }),
      );
  };

  /** A refusal (4xx) re-renders the case with the message and what was typed; anything else goes to the error page. */
  const refusedForm = async (
    req: Request,
    res: Response,
    err: unknown,
    place: (state: FormState) => Partial<CaseView>,
  ) => {
    if (!(err instanceof HttpError) || err.status < 400 || err.status >= 500 || err.status === 404) throw err;
    await renderCase(
      req,
      res,
      place({ message: err.message, fields: err.details.fields, values: typed(req.body) }),
      err.status,
    );
  };

  router.get('/staff/applications/:id', ...requireRole('read'), (req, res) => renderCase(req, res));

  router.post('/staff/applications/:id/eligibility', ...requireRole('cases'), async (req, res) => {
    const staff = currentStaff(res)!;
    const id = String(req.params.id);
    const parsed = eligibilityForm.safeParse(req.body ?? {});
    if (!parsed.success) {
      return renderCase(
        req,
        res,
        {
          eligibilityForm: {
            message: 'Some fields need correcting.',
            fields: fieldErrors(parsed.error),
            values: typed(req.body),
          },
        },
        422,
      );
    }
    try {
      await decideEligibility(deps, req, staff.email, id, parsed.data, casePage(id));
    } catch (err) {
      return refusedForm(req, res, err, (eligibilityForm) => ({ eligibilityForm }));
    }
    res.redirect(303, `/staff/applications/${encodeURIComponent(id)}?done=eligibility`);
  });

  router.post(
    '/staff/applications/:id/accommodations/:requestId/decision',
    ...requireRole('cases'),
    async (req, res) => {
      const staff = currentStaff(res)!;
      const id = String(req.params.id);
      const requestId = String(req.params.requestId);
      const parsed = accommodationForm.safeParse(req.body ?? {});
      if (!parsed.success) {
        return renderCase(
          req,
          res,
          {
            accommodationForm: {
              requestId,
              message: 'Some fields need correcting.',
              fields: fieldErrors(parsed.error),
              values: typed(req.body),
            },
          },
          422,
        );
      }
      try {
        await decideAccommodation(deps, req, staff.email, id, { requestId, ...parsed.data }, casePage(id));
      } catch (err) {
        return refusedForm(req, res, err, (state) => ({ accommodationForm: { ...state, requestId } }));
      }
      res.redirect(303, `/staff/applications/${encodeURIComponent(id)}?done=accommodation`);
    },
  );

  router.post('/staff/applications/:id/attention', ...requireRole('cases'), async (req, res) => {
    const id = String(req.params.id);
    const parsed = attentionBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      return renderCase(
        req,
        res,
        {
          attentionForm: {
            message: 'Some fields need correcting.',
            fields: fieldErrors(parsed.error),
            values: typed(req.body),
          },
        },
        422,
      );
    }
    try {
      await decideAttention(deps, req, 'application', id, currentStaff(res)!, parsed.data);
    } catch (err) {
      return refusedForm(req, res, err, (attentionForm) => ({ attentionForm }));
    }
    res.redirect(303, `/staff/applications/${encodeURIComponent(id)}?done=attention`);
  });

  // Accommodation documentation for staff only, as a download: the type is the one sniffed at upload, never rendered inline.
  router.get('/staff/documents/:id', ...requireRole('read'), async (req, res) => {
    const doc = await findDocument(deps.db, String(req.params.id));
    if (!doc || doc.owner_kind !== 'application') throw notFound('No such document.');
    res
      .set({ 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' })
      .type(doc.content_type)
      .attachment(doc.filename)
      .send(Buffer.from(doc.bytes));
  });

  router.get('/staff/audit', ...requireRole('read'), async (req, res) => {
    const subject = typeof req.query.subject === 'string' ? req.query.subject.trim().slice(0, 300) : '';
    const pageNo = Math.max(1, Math.min(10_000, Number.parseInt(String(req.query.page ?? '1'), 10) || 1));
    const rows = await listAudit(deps.db, {
      subject: subject || undefined,
      limit: PAGE_SIZE + 1,
      offset: (pageNo - 1) * PAGE_SIZE,
    });
    res
      .set('cache-control', 'no-store')
      .type('html')
      .send(
        auditPage({
          ...chrome(req, res),
          entries: rows.slice(0, PAGE_SIZE),
          subject,
          page: pageNo,
          hasMore: rows.length > PAGE_SIZE,
        }),
      );
  });

  return router;
}
