import { z } from 'zod';
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { commonErrors, describeRoute, errorBody } from './openapi';
import { idempotencyHeader } from './updates/idempotency';
import { attentionBody } from './routes/attention-staff';
import { accommodationBody, eligibilityBody } from './routes/lifecycle-staff';
import { appointmentBody, needsBody, rescheduleBody, withdrawBody } from './routes/lifecycle-candidate';
import { entrySchema, extensionSchema, submissionSchema } from './routes/recertification';
import { determinationSchema } from './routes/recertification-staff';
import { onBehalfExtensionSchema, onBehalfSubmissionSchema } from './routes/recertification-on-behalf';
import { vendorAppointmentSchema } from './routes/vendor-webhooks';
import { approvalSchema, createSchema, decisionsSchema } from './routes/windows';
import { formDocumentSchema } from '../forms/import-schema';

// Every JSON endpoint, described with the zod schema its handler validates with (the apply form describes itself).
const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const ok = (description: string) => ({
  200: { description, content: { 'application/json': { schema: z.object({}).loose() } } },
});
const id = z.object({ id: z.string().meta({ description: 'The application id (the workflow id)' }) });
const refused = {
  409: { description: 'Refused now (for example after a deadline): the message says why and what is still possible' },
};
type Security = Record<string, string[]>[];
const candidate: Security = [{ candidateLink: [] }];
const staff: Security = [{ staffBearer: [] }, { staffSession: [] }];

// Every route that runs a workflow Update: de-duplicated by Idempotency-Key, answered within UPDATE_TIMEOUT_MS.
const idempotencyKey = z.object({
  [idempotencyHeader]: z.string().min(1).max(255).optional().meta({
    description:
      'Any unique string per intended change (e.g. a UUID). The same key on the same route and case is the same change: sent twice, it is done once and answered with its first outcome. Without it, every request is a new change.',
  }),
});
const processing = z
  .object({
    status: z.literal('processing'),
    message: z.string(),
    updateId: z.string(),
    statusUrl: z.string().optional(),
  })
  .meta({ id: 'Processing' });
const updateAnswers = {
  202: {
    description:
      'Accepted but not finished within UPDATE_TIMEOUT_MS (the case is busy): it will be done. The outcome shows at statusUrl (also the Location header); the same request with the same Idempotency-Key answers with it once done.',
    content: { 'application/json': { schema: processing } },
  },
  503: {
    description:
      'Not taken within UPDATE_TIMEOUT_MS (no worker, Temporal unreachable). The message says whether nothing was changed or the request may still go through; retry after Retry-After with the same Idempotency-Key so it is never done twice.',
    content: { 'application/json': { schema: errorBody } },
  },
};
const describeUpdate = (route: RouteConfig) =>
  describeRoute({
    ...route,
    request: { ...route.request, headers: idempotencyKey },
    responses: { ...route.responses, ...updateAnswers },
  });

const candidateActions: [string, string, z.ZodType | undefined][] = [
  [
    'appointment',
    'Report the exam appointment (must fall inside the window; a seat is reserved at the vendor)',
    appointmentBody,
  ],
  [
    'reschedule',
    'Move the appointment to another date or site inside the same window, subject to seats',
    rescheduleBody,
  ],
  ['transfer', 'Transfer to the next testing window (up to 5 business days before the exam)', undefined],
  ['withdraw', 'Withdraw by written request; the refund follows the policy', withdrawBody],
];
for (const [action, summary, body] of candidateActions) {
  describeUpdate({
    method: 'post',
    path: `/api/applications/{id}/${action}`,
    summary,
    security: candidate,
    request: { params: id, ...(body ? { body: json(body) } : {}) },
    responses: {
      ...ok('The updated application status'),
      ...refused,
      401: commonErrors[401],
      404: commonErrors[404],
      422: commonErrors[422],
    },
  });
}
describeUpdate({
  method: 'post',
  path: '/api/applications/{id}/accommodations',
  summary:
    'Request testing accommodations with documentation (multipart: needs + documentation, PDF/PNG/JPEG ≤ 5 MB, checked by content)',
  security: candidate,
  request: {
    params: id,
    body: {
      content: {
        'multipart/form-data': { schema: needsBody.extend({ documentation: z.string().meta({ format: 'binary' }) }) },
      },
    },
  },
  responses: {
    ...ok('The accommodation request'),
    ...refused,
    413: { description: 'File too large' },
    415: { description: 'Not a PDF, PNG or JPEG' },
    422: commonErrors[422],
  },
});
describeRoute({
  method: 'get',
  path: '/api/applications/{id}/status',
  summary: "The application's live status (the score only to the candidate, only after release)",
  security: [...candidate, ...staff],
  request: { params: id },
  responses: { ...ok('Application status'), 401: commonErrors[401], 404: commonErrors[404] },
});
describeUpdate({
  method: 'post',
  path: '/api/staff/applications/{id}/eligibility',
  summary: 'Staff eligibility decision (a rejection needs a reason; nothing is pre-approved)',
  security: staff,
  request: { params: id, body: json(eligibilityBody) },
  responses: {
    ...ok('The updated status, without the score'),
    ...refused,
    401: commonErrors[401],
    422: commonErrors[422],
  },
});
describeUpdate({
  method: 'post',
  path: '/api/staff/applications/{id}/accommodation-decision',
  summary: 'Staff decision on an accommodation request',
  security: staff,
  request: { params: id, body: json(accommodationBody) },
  responses: { ...ok('The decided request'), ...refused, 401: commonErrors[401], 422: commonErrors[422] },
});
for (const [path, what] of [
  ['/api/staff/applications/{id}/attention', 'an application'],
  ['/api/staff/recertification/{id}/attention', "a certificant's recertification cycle (id: the certificant id)"],
] as const) {
  describeRoute({
    method: 'post',
    path,
    summary: `Retry the failed step of ${what} in stage needs-attention, or mark it resolved by hand (note required) so the case carries on; audited`,
    security: staff,
    request: { params: id, body: json(attentionBody) },
    responses: {
      ...ok('{ action, step, stage }: the stage right after the decision'),
      409: { description: 'Nothing needs attention on this case, or the step cannot be done by hand' },
      401: commonErrors[401],
      404: commonErrors[404],
      422: commonErrors[422],
    },
  });
}

const window = z.object({ program: z.enum(['CPCS', 'CPMSM']), windowId: z.string().meta({ example: '2027-fall' }) });
describeRoute({
  method: 'post',
  path: '/api/staff/windows',
  summary: 'Create a testing window (its form and its workflow)',
  security: staff,
  request: { body: json(createSchema) },
  responses: { ...ok('The window'), 401: commonErrors[401], 422: commonErrors[422] },
});
describeRoute({
  method: 'get',
  path: '/api/staff/windows/{program}/{windowId}',
  summary: 'Window calendar, counts and stage',
  security: staff,
  request: { params: window },
  responses: { ...ok('Window status'), 401: commonErrors[401], 404: commonErrors[404] },
});
describeRoute({
  method: 'get',
  path: '/api/staff/windows/{program}/{windowId}/report',
  summary: 'Psychometric report: item table, equating, conversion',
  security: staff,
  request: { params: window },
  responses: { ...ok('Report'), 401: commonErrors[401], 404: commonErrors[404] },
});
describeUpdate({
  method: 'post',
  path: '/api/staff/windows/{program}/{windowId}/key-decisions',
  summary: 'Key validation: accept, re-key or drop flagged items',
  security: staff,
  request: { params: window, body: json(decisionsSchema) },
  responses: { ...ok('Window status'), ...refused, 401: commonErrors[401], 422: commonErrors[422] },
});
describeUpdate({
  method: 'post',
  path: '/api/staff/windows/{program}/{windowId}/approval',
  summary: 'Approve the equating; release 6 weeks after close by default, at once when the chosen time has passed',
  security: staff,
  request: { params: window, body: json(approvalSchema) },
  responses: { ...ok('Window status'), ...refused, 401: commonErrors[401], 422: commonErrors[422] },
});
describeRoute({
  method: 'post',
  path: '/api/staff/results-imports',
  summary:
    'Import a vendor results file (CSV: application or candidate id, form id, one response per item); all or nothing',
  security: staff,
  request: { body: { content: { 'text/csv': { schema: z.string() } } } },
  responses: {
    ...ok(
      'Accepted: every row stored; `signalled` and `signalling` say how many applications were told so far (the rest are told in the background). The same file again answers from its first import and finishes any telling left',
    ),
    409: { description: 'This file conflicts with results already stored' },
    422: { description: 'Rejected: a report of every bad row; nothing stored' },
    503: { description: 'Stored, but telling the applications could not start: send the same file again' },
  },
});
describeRoute({
  method: 'get',
  path: '/api/staff/results-imports/{importId}',
  summary:
    'A results import and where telling its applications stands (complete, in-progress, or stalled: send the same file again)',
  security: staff,
  request: { params: z.object({ importId: z.string().meta({ example: 'imp-0f7c…' }) }) },
  responses: {
    ...ok('The import report with `signalled` and `signalling`'),
    401: commonErrors[401],
    404: commonErrors[404],
  },
});
describeRoute({
  method: 'post',
  path: '/api/staff/forms',
  summary:
    'Load a real exam form (reference form with raw cut and reference-group responses, or an April assembly form); all or nothing, immutable once loaded',
  security: staff,
  request: { body: json(formDocumentSchema) },
  responses: {
    201: { description: 'Loaded' },
    200: { description: 'The same document was loaded before; nothing changed' },
    401: commonErrors[401],
    409: {
      description:
        "A different form is already loaded under this formId, as the program's reference form or for this April assembly",
    },
    422: { description: 'Not loaded: every problem by path (error.fields) with what to fix' },
  },
});
describeRoute({
  method: 'get',
  path: '/api/staff/forms',
  summary: 'The loaded exam forms with their item counts',
  security: staff,
  responses: { ...ok('Forms'), 401: commonErrors[401] },
});
describeRoute({
  method: 'get',
  path: '/api/statistics',
  summary: 'Pass rates per program and window (cells under 10 candidates suppressed)',
  responses: ok('Statistics'),
});

const vendorSigned = { description: 'X-Vendor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">' };
describeUpdate({
  method: 'post',
  path: '/webhooks/vendor/appointments',
  summary: `The test vendor reports an appointment. ${vendorSigned.description}`,
  request: { body: json(vendorAppointmentSchema) },
  responses: {
    ...ok('Recorded'),
    401: { description: 'Signature missing, forged, stale or replayed' },
    422: commonErrors[422],
  },
});
describeRoute({
  method: 'post',
  path: '/webhooks/vendor/results',
  summary: `The test vendor sends a results file. ${vendorSigned.description}`,
  request: { body: { content: { 'text/csv': { schema: z.string() } } } },
  responses: {
    ...ok('Accepted'),
    401: { description: 'Signature missing or wrong' },
    422: { description: 'Rejected with a per-row report' },
  },
});

const cycle = z.object({ id: z.string().meta({ description: 'The certificant id' }) });
const certificant: Security = [{ candidateLink: [] }];
describeRoute({
  method: 'get',
  path: '/api/recertification/{id}',
  summary: 'The recertification cycle: phase, CE meter, entries, what is missing',
  security: certificant,
  request: { params: cycle },
  responses: {
    ...ok('Cycle status'),
    401: commonErrors[401],
    403: {
      description:
        'A staff session or token: staff read /api/staff/recertification/{id} and act through its submit, extension and reinstate routes',
    },
    404: commonErrors[404],
  },
});
describeUpdate({
  method: 'post',
  path: '/api/recertification/{id}/entries',
  summary: 'Add a CE entry; returns the meter',
  security: certificant,
  request: { params: cycle, body: json(entrySchema) },
  responses: { 201: ok('Entry id, meter and what is missing')[200], ...refused, 422: commonErrors[422] },
});
describeUpdate({
  method: 'post',
  path: '/api/recertification/{id}/submit',
  summary: 'Submit for determination with the membership stated (fee by membership × single/dual)',
  security: certificant,
  request: { params: cycle, body: json(submissionSchema) },
  responses: { ...ok('Fee and submitted entries'), ...refused, 422: commonErrors[422] },
});
describeUpdate({
  method: 'post',
  path: '/api/recertification/{id}/extension',
  summary: 'Request an extension of up to 6 months (at least half the credits)',
  security: certificant,
  request: { params: cycle, body: json(extensionSchema) },
  responses: { ...ok('The new due date'), ...refused, 422: commonErrors[422] },
});
describeUpdate({
  method: 'post',
  path: '/api/recertification/{id}/reinstate',
  summary: 'Reinstate after a lapse, in the reinstatement period, with its fee',
  security: certificant,
  request: { params: cycle, body: json(submissionSchema) },
  responses: { ...ok('Fee'), ...refused, 422: commonErrors[422] },
});
describeUpdate({
  method: 'post',
  path: '/api/staff/recertification/{id}/entries/{entryId}/determination',
  summary: 'Staff accept or reject one CE entry, at submission (never before)',
  security: staff,
  request: { params: cycle.extend({ entryId: z.string() }), body: json(determinationSchema) },
  responses: { ...ok('Cycle status'), ...refused, 401: commonErrors[401], 422: commonErrors[422] },
});
describeUpdate({
  method: 'patch',
  path: '/api/recertification/{id}/entries/{entryId}',
  summary: 'Change a CE entry not yet submitted; returns the meter',
  security: certificant,
  request: { params: cycle.extend({ entryId: z.string() }), body: json(entrySchema.partial()) },
  responses: { ...ok('Entry id, meter and what is missing'), ...refused, 422: commonErrors[422] },
});
describeUpdate({
  method: 'post',
  path: '/api/recertification/{id}/entries/{entryId}/remove',
  summary: 'Remove a CE entry not yet submitted; returns the meter',
  security: certificant,
  request: { params: cycle.extend({ entryId: z.string() }) },
  responses: { ...ok('Entry id, meter and what is missing'), ...refused, 422: commonErrors[422] },
});
describeUpdate({
  method: 'post',
  path: '/api/recertification/{id}/entries/{entryId}/certificate',
  summary:
    'Attach the certificate of completion to a CE entry (multipart: certificate, PDF/PNG/JPEG ≤ 5 MB, checked by content)',
  security: certificant,
  request: {
    params: cycle.extend({ entryId: z.string() }),
    body: {
      content: { 'multipart/form-data': { schema: z.object({ certificate: z.string().meta({ format: 'binary' }) }) } },
    },
  },
  responses: {
    ...ok('Entry id, meter and what is missing'),
    ...refused,
    413: { description: 'File too large' },
    415: { description: 'Not a PDF, PNG or JPEG' },
    422: commonErrors[422],
  },
});
describeUpdate({
  method: 'post',
  path: '/api/staff/recertification/{id}/determination/complete',
  summary:
    'Staff complete the determination: renewed when the accepted hours meet the requirement, else the certificant is told what is missing',
  security: staff,
  request: { params: cycle },
  responses: {
    ...ok('renewed with the next due date, or short with what is missing'),
    ...refused,
    401: commonErrors[401],
    422: commonErrors[422],
  },
});
// Staff act for a certificant only here: the certificant's own routes answer a staff session or token with 403.
for (const [kind, summary, schema] of [
  [
    'submit',
    'Staff submit for the certificant (e.g. a written request by post), with a reason; audited "for certificant X"',
    onBehalfSubmissionSchema,
  ],
  [
    'extension',
    'Staff record an extension the certificant asked for in writing, with a reason; audited "for certificant X"',
    onBehalfExtensionSchema,
  ],
  [
    'reinstate',
    'Staff reinstate the certificant in the reinstatement period, with a reason; audited "for certificant X"',
    onBehalfSubmissionSchema,
  ],
] as const) {
  describeUpdate({
    method: 'post',
    path: `/api/staff/recertification/{id}/${kind}`,
    summary,
    security: staff,
    request: { params: cycle, body: json(schema) },
    responses: {
      ...ok('What the certificant route answers'),
      ...refused,
      401: commonErrors[401],
      403: { description: 'The staff member lacks the cases role' },
      422: commonErrors[422],
    },
  });
}
