import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import {
  checkAccommodationRequest,
  eligibilityReviewFacts,
  examCatalog,
  isProgram,
  newYorkDateOf,
  PROGRAMS,
  windowCalendar,
  windowLabel,
  type EligibilityAttestation,
  type Policy,
} from '../../domain/index';
import { discardDocument } from '../../db/tables/application-accommodations';
import { findApplication } from '../../db/tables/applications';
import { findOrCreateCandidate } from '../../db/tables/candidates';
import { receiveUpload, type ReceivedUpload } from '../../uploads/receive-upload';
import {
  examApplicationWorkflowId,
  examApplicationWorkflowName,
  type ExamApplicationInput,
  type LifecycleOptions,
} from '../../workflows/exam-application/contract';
import {
  applicationNoticeWorkflowId,
  applicationNoticeWorkflowName,
  type ApplicationNoticeInput,
  type ApplicationNoticeKind,
} from '../../workflows/application-notice/contract';
import { candidateIdKey, programKey, stageKey, testingWindowKey } from '../../workflows/search-attributes';
import { csrfToken } from '../auth/csrf';
import { startOnce } from '../start-once';
import { newId } from '../auth/secrets';
import { saveAccommodationDocument, sha256Of } from '../accommodation-document';
import { attestationFromForm, checkedAttestation, formFieldOf, type AttestationInput } from '../attestation-input';
import { signingKeysOf, type ApiDeps } from '../deps';
import { HttpError } from '../errors';
import { commonErrors, describeRoute } from '../openapi';
import { openWindows } from '../open-windows';
import { fieldErrors, ValidationError } from '../validation';
import { applicationReceivedPage, applyPage } from '../views/apply';
import { longDate } from '../views/candidate/format';

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
    windowId: z.string({ error: 'Choose a testing window.' }).refine((id) => openWindowIds.includes(id), {
      error: 'Choose one of the testing windows open for applications.',
    }),
  });
}

/** The eligibility attestation in the JSON body (documentation only: the domain's rules check it, field by field). */
const attestationJson = z.object({
  currentlyEmployed: z.boolean().meta({ description: 'Works in the medical services field now' }),
  employment: z
    .array(
      z.object({
        employer: z.string(),
        title: z.string(),
        from: z.string().meta({ example: '2022-03-01' }),
        to: z.string().optional().meta({ description: 'Absent for a current job' }),
        duties: z.array(z.string()),
      }),
    )
    .min(1)
    .max(10),
  affirmed: z.literal(true).meta({ description: 'The candidate affirms that the statements are true' }),
  signature: z.string().meta({ description: 'The candidate’s full name, typed as a signature' }),
});

export type ApplicationForm = z.infer<ReturnType<typeof applicationSchema>>;

describeRoute({
  method: 'post',
  path: '/apply',
  summary: 'Apply for an exam in an open testing window (idempotent per candidate email × program × window)',
  request: {
    body: {
      content: {
        'application/json': {
          schema: applicationSchema([]).extend({
            windowId: z.string().meta({ example: '2027-spring' }),
            ...attestationJson.shape,
          }),
        },
      },
    },
  },
  responses: {
    200: {
      description:
        'The same answer for a new, a repeated and a closed application (the id comes from the business keys): what happened goes by email to the address on file — the confirmation with a link, a fresh link to the open application, or why a closed one cannot be reopened',
      content: {
        'application/json': {
          schema: z.object({
            applicationId: z.string(),
            program: z.enum(PROGRAMS as ['CPCS', 'CPMSM']),
            windowId: z.string(),
            accommodation: z.boolean(),
          }),
        },
      },
    },
    422: commonErrors[422],
  },
});

function programOptions() {
  return PROGRAMS.map((p) => ({ id: p, label: `${p} — ${examCatalog[p].title}` }));
}

const DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A form may carry its accommodation documentation (multipart); JSON and plain forms pass straight through. */
function multipartOnly(handlers: RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) return next();
    const run = (i: number, err?: unknown): void => {
      if (err || i === handlers.length) return next(err);
      handlers[i]!(req, res, (e?: unknown) => run(i + 1, e));
    };
    run(0);
  };
}

/**
 * FAQ: the written documentation "must accompany the CPCS®/CPMSM® application", and "requests for accommodations
 * must be received at least eight (8) weeks prior to the start of a testing period".
 */
function accommodationErrors(
  needs: string,
  upload: ReceivedUpload | undefined,
  windowId: string | undefined,
  now: Date,
  policy?: Policy,
): Record<string, string> {
  if (!needs && !upload) return {};
  const errors: Record<string, string> = {};
  if (!needs) errors.accommodationNeeds = 'Describe the accommodation you need, or leave the documentation empty.';
  else if (needs.length > 2000) errors.accommodationNeeds = 'Keep the description under 2000 characters.';
  if (!upload)
    errors.documentation =
      'Attach the written documentation from your doctor or another qualified professional, on official letterhead (PDF, PNG or JPEG).';
  if (windowId) {
    const cal = windowCalendar(windowId, policy);
    const check = checkAccommodationRequest({
      windowStart: cal.start,
      receivedAt: now.toISOString(),
      hasWrittenDocumentation: true,
    });
    if (check.problems.includes('received-after-cutoff')) {
      errors.accommodationNeeds = `Accommodation requests for the ${cal.label} window had to be received by ${longDate(check.cutoff)}, eight weeks before it starts. Leave this empty to apply without one, or apply for a later window.`;
    }
  }
  return errors;
}

export function applyRoutes(deps: ApiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const secure = deps.publicBaseUrl.startsWith('https:');

  const renderForm = (
    req: Request,
    res: Response,
    status: number,
    values: Record<string, string>,
    errors: Record<string, string>,
  ) => {
    res
      .status(status)
      .type('html')
      .send(
        applyPage({
          csrf: csrfToken(req, res, signingKeysOf(deps), secure),
          values,
          errors,
          programs: programOptions(),
          windows: openWindows(now(), deps.policy),
        }),
      );
  };
  const typedValues = (body: unknown): Record<string, string> =>
    Object.fromEntries(
      Object.entries((body ?? {}) as Record<string, unknown>).filter(
        ([k, v]) => k !== '_csrf' && typeof v === 'string',
      ),
    ) as Record<string, string>;

  router.get('/apply', (req, res) => renderForm(req, res, 200, {}, {}));

  router.post(
    '/apply',
    multipartOnly(
      receiveUpload({
        field: 'documentation',
        allowed: ['pdf', 'png', 'jpeg'],
        maxBytes: DOCUMENT_MAX_BYTES,
        csrfKeys: signingKeysOf(deps),
        optional: true,
        maxFields: 60,
      }),
    ),
    async (req: Request, res: Response) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const json = Boolean(req.is('application/json'));
      const at = now();
      const parsed = applicationSchema(openWindows(at, deps.policy).map((w) => w.id)).safeParse(body);
      const errors: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error);
      const program = isProgram(body.program) ? body.program : 'CPCS';
      // The JSON API takes the attestation in its own shape; the page's flat fields become the same shape first.
      const sent = json ? { input: body as AttestationInput, rows: [] } : attestationFromForm(body);
      const checked = checkedAttestation(sent.input, program, at);
      for (const [path, message] of Object.entries(checked.errors))
        errors[json ? path : formFieldOf(path, sent.rows)] ??= message;
      const upload = res.locals.upload as ReceivedUpload | undefined;
      const needs = text(body.accommodationNeeds).trim();
      Object.assign(
        errors,
        accommodationErrors(needs, upload, parsed.success ? parsed.data.windowId : undefined, at, deps.policy),
      );
      if (!parsed.success || Object.keys(errors).length) {
        if (json) throw new ValidationError(errors);
        return renderForm(req, res, 422, typedValues(body), errors);
      }
      const accommodation = upload && needs ? { needs, upload } : undefined;
      const result = await submitApplication(deps, parsed.data, at, undefined, {
        attestation: checked.attestation,
        ...(accommodation ? { accommodation } : {}),
      });
      if (json) return res.status(200).json(result);
      res
        .status(200)
        .type('html')
        .send(
          applicationReceivedPage({
            programLabel: parsed.data.program,
            windowLabel: windowLabel(parsed.data.windowId),
            accommodation: result.accommodation,
          }),
        );
    },
    // A file refused by size or content is shown beside its field, with what was typed kept; it is never stored.
    (err: unknown, req: Request, res: Response, next: NextFunction) => {
      if (!(err instanceof HttpError) || !err.details.code?.startsWith('upload-')) return next(err);
      renderForm(req, res, err.status, typedValues(req.body), { documentation: err.message });
    },
  );

  return router;
}

/**
 * Finds or creates the candidate, then starts the application's workflow. The workflow id comes from
 * business keys, so a double submission lands on the same workflow (and the same answer). The form never
 * passes `options`; a benchmark running a past window does (a longer no-show grace).
 */
export async function submitApplication(
  deps: {
    db: ApiDeps['db'];
    temporal: Pick<ApiDeps['temporal'], 'client' | 'taskQueue'>;
    policy?: ApiDeps['policy'];
    logger?: ApiDeps['logger'];
  },
  form: ApplicationForm,
  now: Date,
  options?: LifecycleOptions,
  sent: { attestation?: EligibilityAttestation; accommodation?: { needs: string; upload: ReceivedUpload } } = {},
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
  const document = sent.accommodation
    ? await storeDocumentation(deps.db, applicationId, sent.accommodation.upload)
    : undefined;
  const input: ExamApplicationInput = {
    ...keys,
    applicationId,
    candidate: { firstName: form.firstName, lastName: form.lastName, membership: form.membership },
    submittedAt: now.toISOString(),
    ...(options ? { options } : {}),
    // The case's policy snapshot: changing the file later never changes this case.
    ...(deps.policy ? { policy: deps.policy } : {}),
    ...(sent.attestation ? { attestation: sent.attestation } : {}),
    ...(sent.accommodation && document
      ? { accommodation: { needs: sent.accommodation.needs, documentIds: [document.id] } }
      : {}),
  };
  // Staff read the facts of the attestation in Temporal UI (the memo is encrypted like every payload).
  const memo = sent.attestation
    ? { eligibility: eligibilityReviewFacts(sent.attestation, newYorkDateOf(input.submittedAt)) }
    : undefined;
  // Temporal is called only after the candidate row is committed (docs/architecture.md, convention 6).
  const existed = (await findApplication(deps.db, applicationId)) !== undefined;
  let notice: ApplicationNoticeKind | undefined = existed ? 'repeated' : undefined;
  try {
    await deps.temporal.client.workflow.start(examApplicationWorkflowName, {
      workflowId: applicationId,
      taskQueue: deps.temporal.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      // A closed application (rejected, failed, withdrawn) is never reopened for the same window.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      ...(memo ? { memo } : {}),
      typedSearchAttributes: [
        { key: candidateIdKey, value: candidate.id },
        { key: programKey, value: form.program },
        { key: testingWindowKey, value: form.windowId },
        { key: stageKey, value: 'submitted' },
      ],
    });
  } catch (err) {
    if (document?.stored) await discardDocument(deps.db, document.id);
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    notice = 'closed';
  }
  // Not awaited: a repeated or closed application answers as fast as a new one; the email tells the difference.
  if (notice)
    void sendNotice(deps, { kind: notice, candidateId: candidate.id, applicationId }, now).catch((err: unknown) =>
      deps.logger?.error({ err }, 'application notice failed'),
    );
  // The same answer whatever happened (issue #12): only the address on file learns whether the case is new, open or closed.
  return {
    applicationId,
    program: form.program,
    windowId: form.windowId,
    accommodation: sent.accommodation !== undefined,
  };
}

/** One notice per application × ten-minute slot: the same form sent twice sends one email. */
async function sendNotice(
  deps: { temporal: Pick<ApiDeps['temporal'], 'client' | 'taskQueue'> },
  input: ApplicationNoticeInput,
  now: Date,
): Promise<void> {
  await startOnce(deps.temporal.client, applicationNoticeWorkflowName, {
    workflowId: applicationNoticeWorkflowId(input.kind, input.applicationId, now),
    taskQueue: deps.temporal.taskQueue,
    args: [input],
  });
}

/**
 * Stores the checked documentation under an id from the application and the file's content, so the same form sent
 * twice stores it once. A case that already exists keeps what it was started with: nothing is stored for it.
 */
async function storeDocumentation(
  db: ApiDeps['db'],
  applicationId: string,
  upload: ReceivedUpload,
): Promise<{ id: string; stored: boolean } | undefined> {
  if (await findApplication(db, applicationId)) return undefined;
  const id = `doc-${sha256Of(new TextEncoder().encode(`application-form|${applicationId}|${sha256Of(upload.bytes)}`)).slice(0, 32)}`;
  const stored = await saveAccommodationDocument(db, id, applicationId, upload);
  return { id, stored };
}
