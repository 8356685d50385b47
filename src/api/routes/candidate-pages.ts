import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { listVendorSites } from '../../db/tables/vendor';
import { decideTransfer, isCivilDate, nextWindowId, windowLabel } from '../../domain/index';
import { seatAvailability } from '../../integrations/vendor/seats';
import { mintLink } from '../../lib/mint-link';
import { receivedUpload, receiveUpload } from '../../uploads/receive-upload';
import {
  reportAppointmentUpdate,
  requestTransferUpdate,
  rescheduleUpdate,
  staffView,
  withdrawUpdate,
  type ApplicationStatus,
} from '../../workflows/exam-application/contract';
import { presentedCandidateToken, requireCandidateGrant } from '../auth/candidate';
import { csrfToken } from '../auth/csrf';
import { setLinkCookie } from '../auth/link-cookie';
import { currentStaff } from '../auth/staff';
import { signingKeysOf, type ApiDeps } from '../deps';
import { HttpError } from '../errors';
import { fieldErrors } from '../validation';
import { applicationPage } from '../views/candidate/application-page';
import type { FormState } from '../views/candidate/fields';
import type { CandidateFormName, SiteOption } from '../views/candidate/forms';
import { transferConfirmPage } from '../views/candidate/transfer-page';
import { liveApplicationStatus, requestAccommodation, runLifecycleUpdate } from './lifecycle-update';

const DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;

const examDate = z
  .string({ error: 'Enter the exam date.' })
  .trim()
  .min(1, 'Enter the exam date.')
  .refine((v) => isCivilDate(v), { error: 'Enter a real date, for example 2027-06-15.' });
const appointmentForm = (siteIds: string[]) =>
  z.object({
    examDate,
    site: z
      .string({ error: 'Choose a test site.' })
      .refine((v) => siteIds.includes(v), { error: 'Choose a test site from the list.' }),
  });
const withdrawForm = z.object({
  reason: z.string().trim().max(2000, 'Keep the reason under 2000 characters.').optional(),
  confirm: z.literal('yes', { error: 'Tick the box to confirm that this is your written request to withdraw.' }),
});
const needsForm = z.object({
  needs: z
    .string({ error: 'Describe the accommodation you need.' })
    .trim()
    .min(1, 'Describe the accommodation you need.')
    .max(2000, 'Keep the description under 2000 characters.'),
});

const notices: Record<CandidateFormName, string> = {
  appointment: 'Your appointment is recorded. A confirmation is on its way to your email.',
  reschedule: 'Your exam is rescheduled. A confirmation is on its way to your email.',
  transfer: 'Your application is transferred to the next window. A confirmation is on its way to your email.',
  withdraw: 'Your application is withdrawn. A confirmation with the refund, if any, is on its way to your email.',
  accommodation: 'Your accommodation request is in. Staff will review it and email you the decision.',
};

const typed = (body: unknown, ...names: string[]): Record<string, string> => {
  const b = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(names.filter((n) => typeof b[n] === 'string').map((n) => [n, b[n] as string]));
};

/** A refusal of the workflow (409/422 with its own message) is shown on the form; anything else is an error page. */
const isRefusal = (err: unknown): err is HttpError =>
  err instanceof HttpError && (err.status === 409 || err.status === 422);

/** The candidate's pages for one application: the status page and one POST route per form (no JavaScript). */
export function candidatePageRoutes(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const secure = deps.publicBaseUrl.startsWith('https:');

  const liveStatus = (applicationId: string): Promise<ApplicationStatus> => liveApplicationStatus(deps, applicationId);

  // The emailed link was exchanged for the cookie on the first GET: no page link or form carries the token.
  const accessOf = (_req: Request): string => '';

  // Seats left are shown for the date the candidate typed: one count per site, only after a failed post.
  const sites = async (date: string | undefined): Promise<SiteOption[]> => {
    const all = await listVendorSites(deps.db);
    if (!date || !isCivilDate(date)) return all.map((s) => ({ siteId: s.siteId, name: s.name }));
    return Promise.all(
      all.map(async (s) => ({
        siteId: s.siteId,
        name: s.name,
        seatsLeft: (await seatAvailability(deps.db, s.siteId, date))?.available,
      })),
    );
  };

  // The grid is opened through our own route, which mints the certificant's link: no token is written in the page.
  const gridUrl = (req: Request<{ id: string }>): string =>
    `/applications/${encodeURIComponent(req.params.id)}/recertification-grid`;

  const render = async (
    req: Request<{ id: string }>,
    res: Response,
    httpStatus: number,
    extra: { failed?: { name: CandidateFormName; state: FormState }; notice?: string } = {},
  ) => {
    const id = req.params.id;
    const status = await liveStatus(id);
    const staff = currentStaff(res) !== undefined && !presentedCandidateToken(req);
    let next: string | undefined;
    try {
      next = nextWindowId(status.windowId);
    } catch {
      next = undefined;
    }
    const html = applicationPage({
      status: staff ? staffView(status) : status,
      ...(staff ? {} : { score: status.score }),
      ...(!staff && status.certification ? { gridUrl: gridUrl(req) } : {}),
      viewer: staff ? 'staff' : 'candidate',
      csrf: csrfToken(req, res, signingKeysOf(deps), secure),
      access: staff ? '' : accessOf(req),
      sites: await sites(extra.failed?.state.values.examDate),
      ...(next ? { nextWindowId: next } : {}),
      ...extra,
    });
    res.status(httpStatus).set('cache-control', 'no-store').type('html').send(html);
  };

  // Where a request still being processed at the deadline shows its outcome: the application page.
  const pageOf = (req: Request<{ id: string }>) => `/applications/${encodeURIComponent(req.params.id)}${accessOf(req)}`;

  /** After a success the page is fetched again (post/redirect/get), with the message named by a fixed key. */
  const done = (req: Request<{ id: string }>, res: Response, name: CandidateFormName) => {
    const access = accessOf(req);
    res.redirect(303, `/applications/${encodeURIComponent(req.params.id)}${access}${access ? '&' : '?'}done=${name}`);
  };

  const candidateOnly = async (req: Request<{ id: string }>, _res: Response, next: NextFunction) => {
    await requireCandidateGrant(req, deps, req.params.id, now());
    next();
  };

  // The certificant is the candidate: their grid link expires with the application link it came from.
  router.get('/applications/:id/recertification-grid', async (req, res) => {
    const grant = await requireCandidateGrant(req, deps, req.params.id, now());
    const origin = `grid-from:${grant.linkId ?? presentedCandidateToken(req)}`;
    const link = await mintLink(
      { db: deps.db, keys: signingKeysOf(deps) },
      {
        purpose: 'certificant-link',
        subjectId: grant.candidateId,
        candidateId: grant.candidateId,
        origin,
        issuedAt: now(),
        expiresAt: grant.expiresAt,
      },
    );
    setLinkCookie(
      res,
      '/recertification/',
      grant.candidateId,
      link.token,
      grant.expiresAt,
      now(),
      secure || req.secure,
    );
    res.set('cache-control', 'no-store').redirect(303, `/recertification/${encodeURIComponent(grant.candidateId)}`);
  });

  router.get('/applications/:id', async (req, res) => {
    // Staff see any case (without the score); a candidate only the one their link was issued for.
    if (!currentStaff(res) || presentedCandidateToken(req))
      await requireCandidateGrant(req, deps, req.params.id, now());
    const key = typeof req.query.done === 'string' ? req.query.done : '';
    await render(req, res, 200, Object.hasOwn(notices, key) ? { notice: notices[key as CandidateFormName] } : {});
  });

  /** Runs one form: field errors in place (422), a refusal beside the form (409), else back to the page. */
  const formRoute =
    <T>(
      name: CandidateFormName,
      parse: (body: unknown) => Promise<z.ZodSafeParseResult<T>> | z.ZodSafeParseResult<T>,
      fields: string[],
      act: (id: string, data: T, req: Request<{ id: string }>, res: Response) => Promise<unknown>,
    ) =>
    async (req: Request<{ id: string }>, res: Response) => {
      const values = typed(req.body, ...fields);
      const parsed = await parse(req.body ?? {});
      if (!parsed.success)
        return render(req, res, 422, { failed: { name, state: { values, errors: fieldErrors(parsed.error) } } });
      try {
        await act(req.params.id, parsed.data, req, res);
      } catch (err) {
        if (isRefusal(err))
          return render(req, res, err.status, {
            failed: { name, state: { values, errors: err.details.fields ?? {}, refusal: err.message } },
          });
        throw err;
      }
      done(req, res, name);
    };

  const siteIds = async () => (await listVendorSites(deps.db)).map((s) => s.siteId);

  router.post(
    '/applications/:id/appointment',
    candidateOnly,
    formRoute(
      'appointment',
      async (b) => appointmentForm(await siteIds()).safeParse(b),
      ['examDate', 'site'],
      (id, data, req) =>
        runLifecycleUpdate(
          deps,
          req,
          id,
          reportAppointmentUpdate,
          [{ examDate: data.examDate, site: data.site, source: 'candidate' }],
          { statusUrl: pageOf(req) },
        ),
    ),
  );

  router.post(
    '/applications/:id/reschedule',
    candidateOnly,
    formRoute(
      'reschedule',
      async (b) => appointmentForm(await siteIds()).safeParse(b),
      ['examDate', 'site'],
      (id, data, req) =>
        runLifecycleUpdate(deps, req, id, rescheduleUpdate, [{ examDate: data.examDate, site: data.site }], {
          statusUrl: pageOf(req),
        }),
    ),
  );

  router.post(
    '/applications/:id/withdraw',
    candidateOnly,
    formRoute(
      'withdraw',
      (b) => withdrawForm.safeParse(b),
      ['reason', 'confirm'],
      (id, data, req) =>
        runLifecycleUpdate(
          deps,
          req,
          id,
          withdrawUpdate,
          [{ inWriting: true, ...(data.reason ? { reason: data.reason } : {}) }],
          { statusUrl: pageOf(req) },
        ),
    ),
  );

  router.post(
    '/applications/:id/transfer',
    candidateOnly,
    formRoute(
      'transfer',
      () => z.object({}).safeParse({}),
      [],
      (id, _data, req) => runLifecycleUpdate(deps, req, id, requestTransferUpdate, [], { statusUrl: pageOf(req) }),
    ),
  );

  router.get('/applications/:id/transfer', candidateOnly, async (req, res) => {
    const status = await liveStatus(req.params.id);
    const back = `/applications/${encodeURIComponent(req.params.id)}${accessOf(req)}`;
    if (!['awaiting-notice', 'scheduling', 'scheduled'].includes(status.stage)) return res.redirect(303, back);
    let decision;
    try {
      decision = decideTransfer({
        windowId: status.windowId,
        examDate: status.appointment?.examDate ?? status.window.end,
        requestedAt: now().toISOString(),
      });
    } catch {
      return res.redirect(303, back);
    }
    res
      .set('cache-control', 'no-store')
      .type('html')
      .send(
        transferConfirmPage({
          applicationId: status.applicationId,
          program: status.program,
          fromLabel: windowLabel(decision.fromWindowId),
          toLabel: windowLabel(decision.toWindowId),
          feeUsd: decision.feeUsd,
          lastDayToRequestTransfer: decision.lastDayToRequestTransfer,
          ...(status.appointment ? { appointment: status.appointment } : {}),
          csrf: csrfToken(req, res, signingKeysOf(deps), secure),
          access: accessOf(req),
        }),
      );
  });

  // The link is checked before the upload is read (a stranger's file is never parsed); CSRF once multer has the fields.
  router.post(
    '/applications/:id/accommodations',
    candidateOnly,
    ...receiveUpload({
      field: 'documentation',
      allowed: ['pdf', 'png', 'jpeg'],
      maxBytes: DOCUMENT_MAX_BYTES,
      csrfKeys: signingKeysOf(deps),
    }),
    formRoute(
      'accommodation',
      (b) => needsForm.safeParse(b),
      ['needs'],
      async (id, data, req, res) => {
        await requestAccommodation(deps, req, id, data.needs, receivedUpload(res), pageOf(req));
      },
    ),
    // A file refused by size or content is shown beside its field, with what was typed kept (the file must be chosen again).
    (err: unknown, req: Request<{ id: string }>, res: Response, next: NextFunction) => {
      if (!(err instanceof HttpError) || !err.details.code?.startsWith('upload-')) return next(err);
      const state: FormState = {
        values: typed(req.body, 'needs'),
        errors: {
          documentation:
            err.details.fields?.documentation &&
            err.details.fields.documentation !== 'too large' &&
            err.details.fields.documentation !== 'required'
              ? err.details.fields.documentation
              : err.message,
        },
      };
      render(req, res, err.status, { failed: { name: 'accommodation', state } }).catch(next);
    },
  );

  return router;
}
