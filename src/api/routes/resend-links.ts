import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { findCandidateByEmail } from '../../db/tables/candidates';
import {
  accessLinksWorkflowId,
  accessLinksWorkflowName,
  type AccessLinksInput,
} from '../../workflows/access-links/contract';
import { csrfToken } from '../auth/csrf';
import { startOnce } from '../start-once';
import { signingKeysOf, type ApiDeps } from '../deps';
import { HttpError } from '../errors';
import { fieldErrors } from '../validation';
import { resendLinksPage } from '../views/candidate/resend-page';

const emailError = 'Enter an email address like name@example.org.';
const resendForm = z.object({
  email: z
    .string({ error: emailError })
    .trim()
    .max(254, emailError)
    .pipe(z.email({ error: emailError })),
});

/**
 * "Lost your link?": fresh links go to the email on file. The answer is the same whether or not the address is
 * known, and it is sent before the look-up, so neither its words nor its timing tell (no enumeration).
 */
export function resendLinkRoutes(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const secure = deps.publicBaseUrl.startsWith('https:');
  const limit = rateLimit({
    windowMs: 60_000,
    limit: deps.rateLimitPerMinute ?? 20,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(
        new HttpError(429, 'Too many attempts from your address. Wait a minute and try again.', {
          code: 'rate-limited',
        }),
      ),
  });

  const show = (
    req: Request,
    res: Response,
    status: number,
    form: { values: Record<string, string>; errors: Record<string, string> },
    sent: boolean,
  ) =>
    res
      .status(status)
      .set('cache-control', 'no-store')
      .type('html')
      .send(resendLinksPage({ csrf: csrfToken(req, res, signingKeysOf(deps), secure), form, sent }));

  router.get('/links/resend', (req, res) => show(req, res, 200, { values: {}, errors: {} }, false));

  router.post('/links/resend', limit, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = resendForm.safeParse(body);
    if (!parsed.success)
      return show(
        req,
        res,
        422,
        { values: typeof body.email === 'string' ? { email: body.email } : {}, errors: fieldErrors(parsed.error) },
        false,
      );
    show(req, res, 200, { values: {}, errors: {} }, true);
    const at = now();
    void sendLinks(deps, parsed.data.email, at).catch((err: unknown) =>
      (req.log ?? deps.logger).error({ err }, 'access links request failed'),
    );
  });

  return router;
}

async function sendLinks(deps: ApiDeps, email: string, at: Date): Promise<void> {
  const candidate = await findCandidateByEmail(deps.db, email);
  if (!candidate) return;
  const input: AccessLinksInput = { candidateId: candidate.id };
  // The workflow id carries a ten-minute slot: repeated requests in the slot start nothing new.
  await startOnce(deps.temporal.client, accessLinksWorkflowName, {
    workflowId: accessLinksWorkflowId(candidate.id, at),
    taskQueue: deps.temporal.taskQueue,
    args: [input],
  });
}
