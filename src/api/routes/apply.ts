import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { examCatalog, PROGRAMS, windowLabel } from '../../domain/index';
import { findOrCreateCandidate } from '../../db/tables/candidates';
import {
  examApplicationWorkflowId,
  examApplicationWorkflowName,
  type ExamApplicationInput,
  type LifecycleOptions,
} from '../../workflows/exam-application/contract';
import { candidateIdKey, programKey, stageKey, testingWindowKey } from '../../workflows/search-attributes';
import { csrfToken } from '../auth/csrf';
import { newId } from '../auth/secrets';
import type { ApiDeps } from '../deps';
import { HttpError } from '../errors';
import { commonErrors, describeRoute } from '../openapi';
import { openWindows } from '../open-windows';
import { fieldErrors, ValidationError } from '../validation';
import { applicationReceivedPage, applyPage } from '../views/apply';

// Names go into the organisation's emails and certificates: no links, no line breaks, no control characters.
const controlCharacter = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const urlLike = /(:\/\/|www\.|\.(com|org|net|io|ru|cn|info|biz|xyz|link|click)\b|[<>@])/i;
const name = (label: string) =>
  z
    .string({ error: `Enter your ${label}.` })
    .trim()
    .min(1, `Enter your ${label}.`)
    .max(100, `Your ${label} must be at most 100 characters.`)
    .refine((v) => !controlCharacter.test(v), `Your ${label} must be on one line, without special characters.`)
    .refine((v) => !urlLike.test(v), `Your ${label} cannot contain a web address or an email address.`);

export function applicationSchema(openWindowIds: string[]) {
  return z.object({
    firstName: name('first name'),
    lastName: name('last name'),
    email: z.email({ error: 'Enter an email address like name@example.org.' }).max(254),
    membership: z.enum(['member', 'non-member'], { error: 'Choose whether you are a NAMSS member.' }),
    program: z.enum(PROGRAMS as ['CPCS', 'CPMSM'], { error: 'Choose the exam: CPCS or CPMSM.' }),
    windowId: z
      .string({ error: 'Choose a testing window.' })
      .refine((id) => openWindowIds.includes(id), { error: 'Choose one of the testing windows open for applications.' }),
  });
}

export type ApplicationForm = z.infer<ReturnType<typeof applicationSchema>>;

describeRoute({
  method: 'post',
  path: '/apply',
  summary: 'Apply for an exam in an open testing window (idempotent per candidate email × program × window)',
  request: { body: { content: { 'application/json': { schema: applicationSchema([]).extend({ windowId: z.string().meta({ example: '2027-spring' }) }) } } } },
  responses: {
    200: {
      description: 'The application (the same one for a repeated submission); a confirmation email goes to the address on file',
      content: { 'application/json': { schema: z.object({ applicationId: z.string(), program: z.enum(PROGRAMS as ['CPCS', 'CPMSM']), windowId: z.string() }) } },
    },
    409: { description: 'That application is closed (for example failed); apply for a later window' },
    422: commonErrors[422],
  },
});

function programOptions() {
  return PROGRAMS.map((p) => ({ id: p, label: `${p} — ${examCatalog[p].title}` }));
}

export function applyRoutes(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const secure = deps.publicBaseUrl.startsWith('https:');

  const renderForm = (req: Request, res: Response, status: number, values: Record<string, string>, errors: Record<string, string>) => {
    res.status(status).type('html').send(
      applyPage({ csrf: csrfToken(req, res, deps.secret, secure), values, errors, programs: programOptions(), windows: openWindows(now(), deps.policy) }),
    );
  };

  router.get('/apply', (req, res) => renderForm(req, res, 200, {}, {}));

  router.post('/apply', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = applicationSchema(openWindows(now(), deps.policy).map((w) => w.id)).safeParse(body);
    if (!parsed.success) {
      if (req.is('application/json')) throw new ValidationError(fieldErrors(parsed.error));
      const values = Object.fromEntries(Object.entries(body).filter(([k, v]) => k !== '_csrf' && typeof v === 'string')) as Record<string, string>;
      return renderForm(req, res, 422, values, fieldErrors(parsed.error));
    }
    const result = await submitApplication(deps, parsed.data, now());
    if (req.is('application/json')) return res.status(200).json(result);
    res.status(200).type('html').send(applicationReceivedPage({ programLabel: parsed.data.program, windowLabel: windowLabel(parsed.data.windowId) }));
  });

  return router;
}

/**
 * Finds or creates the candidate, then starts the application's workflow. The workflow id comes from
 * business keys, so a double submission lands on the same workflow (and the same answer). The form never
 * passes `options`; a benchmark running a past window does (a longer no-show grace).
 */
export async function submitApplication(
  deps: { db: ApiDeps['db']; temporal: Pick<ApiDeps['temporal'], 'client' | 'taskQueue'>; policy?: ApiDeps['policy'] },
  form: ApplicationForm,
  now: Date,
  options?: LifecycleOptions,
) {
  const candidate = await findOrCreateCandidate(deps.db, {
    newId: newId('c'),
    email: form.email,
    firstName: form.firstName,
    lastName: form.lastName,
    membership: form.membership,
  });
  const keys = { candidateId: candidate.id, program: form.program, windowId: form.windowId };
  const applicationId = examApplicationWorkflowId(keys);
  const input: ExamApplicationInput = {
    ...keys,
    applicationId,
    candidate: { firstName: form.firstName, lastName: form.lastName, membership: form.membership },
    submittedAt: now.toISOString(),
    ...(options ? { options } : {}),
    // The case's policy snapshot: changing the file later never changes this case.
    ...(deps.policy ? { policy: deps.policy } : {}),
  };
  // Temporal is called only after the candidate row is committed (DESIGN.md convention 6).
  try {
    await deps.temporal.client.workflow.start(examApplicationWorkflowName, {
      workflowId: applicationId,
      taskQueue: deps.temporal.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      // A closed application (rejected, failed, withdrawn) is never reopened for the same window.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: candidateIdKey, value: candidate.id },
        { key: programKey, value: form.program },
        { key: testingWindowKey, value: form.windowId },
        { key: stageKey, value: 'submitted' },
      ],
    });
    return { applicationId, program: form.program, windowId: form.windowId };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      throw new HttpError(409, `You have already applied for ${form.program} in the ${windowLabel(form.windowId)} window, and that application is closed. You may apply for a later window.`, { code: 'already-applied' });
    }
    throw err;
  }
}
