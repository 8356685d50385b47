import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffLogin } from '../../helpers/staff-login';
import { seedApplication } from '../../helpers/seed-application';
import { admin, startSystem, type System } from '../../helpers/system';
import { describeRequest, fuzzRequests, type Credentials, type FuzzRequest } from './requests';
import { rowCounts } from './snapshot';
import { crawlForms, openApiTargets, type Target } from './targets';

/**
 * Tables a refused request may write on purpose: none today. The login throttle counts failed sign-ins in the
 * API's memory, and refusals are logged, not audited (the audit log records changes made).
 */
const writtenByRefusals = new Set<string>([]);
/** Signing out takes no input, so any body is a well-formed sign-out: it would end the fuzzer's own session. */
const takesNoInput = (t: Target) => t.method === 'POST' && t.path === '/staff/logout';
const totalRequests = 10_000;
const parallel = 8;

const pinned = Date.now();
let sys: System;
let credentials: Credentials;
let targets: Target[];

beforeAll(async () => {
  sys = await startSystem({ now: () => new Date(pinned), rateLimitPerMinute: 1_000_000 });
  const { applicationId, token } = await seedApplication(sys, 'c-fuzz', new Date(pinned));
  const bearer = (
    (await (
      await fetch(`${sys.baseUrl}/api/staff/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...admin, name: 'fuzz' }),
      })
    ).json()) as { token: string }
  ).token;
  const staffCookie = await staffLogin(sys.baseUrl);
  const staffCsrf = (
    (await (await fetch(`${sys.baseUrl}/api/staff/csrf-token`, { headers: { cookie: staffCookie } })).json()) as {
      token: string;
    }
  ).token;
  credentials = {
    staffCookie,
    staffCsrf,
    bearer,
    candidate: { applicationId, token },
    realIds: [applicationId, 'c-fuzz', '2027-spring', 'CPCS', admin.email],
  };
  const candidatePage = `/applications/${encodeURIComponent(applicationId)}?token=${encodeURIComponent(token)}`;
  targets = [
    ...(await openApiTargets(sys.baseUrl)),
    ...(await crawlForms(sys.baseUrl, [
      { path: '/apply' },
      { path: '/staff/login' },
      { path: candidatePage },
      { path: '/staff', cookie: staffCookie },
    ])),
  ].filter((t) => !takesNoInput(t));
}, 120_000);
afterAll(async () => {
  await sys?.close();
});

async function send(r: FuzzRequest): Promise<number> {
  const res = await fetch(`${sys.baseUrl}${r.url}`, {
    method: r.method,
    headers: r.headers,
    body: r.body,
    redirect: 'manual',
  });
  await res.arrayBuffer();
  return res.status;
}

describe('malformed requests to every route and form', () => {
  it('finds the routes of /openapi.json and the forms of the pages, staff console and candidate page included', () => {
    console.info(`fuzz targets: ${targets.map((t) => `${t.source} ${t.method} ${t.path}`).join(', ')}`);
    const forms = targets.filter((t) => t.source === 'form').map((t) => `${t.method} ${t.path}`);
    expect(targets.filter((t) => t.source === 'openapi').length).toBeGreaterThan(20);
    expect(forms).toEqual(
      expect.arrayContaining([
        'POST /apply',
        'POST /staff/login',
        `POST /applications/${credentials.candidate.applicationId}/accommodations`,
      ]),
    );
    expect(forms.some((f) => f.startsWith('POST /staff/') && f !== 'POST /staff/login')).toBe(true);
  });

  it(`answers ${totalRequests} of them without a 5xx and changes no row and no workflow`, async () => {
    const rowsBefore = await rowCounts(sys.db);
    const workflowsBefore = (await sys.env.client.workflow.count()).count;
    const statuses = new Map<number, number>();
    let sent = 0;
    const started = Date.now();
    // Batches of parallel requests; fast-check shrinks a failing batch to the request that fails.
    await fc.assert(
      fc.asyncProperty(
        fc.array(fuzzRequests(targets, credentials), { minLength: parallel, maxLength: parallel }),
        async (batch) => {
          const answers = await Promise.all(batch.map(send));
          sent += batch.length;
          answers.forEach((status) => statuses.set(status, (statuses.get(status) ?? 0) + 1));
          const failed = answers.findIndex((status) => status >= 500);
          if (failed >= 0) throw new Error(`answered ${answers[failed]} to ${describeRequest(batch[failed]!)}`);
        },
      ),
      {
        numRuns: totalRequests / parallel,
        // Only the shrunk request, bodies cut: the batch as fast-check prints it may hold megabytes.
        reporter: (run) => {
          if (run.failed)
            throw new Error(
              `seed ${run.seed}, after ${run.numRuns} batches and ${run.numShrinks} shrinks: ${(run.errorInstance as Error | undefined)?.message ?? 'no error'}`,
            );
        },
      },
    );
    console.info(
      `fuzz: ${sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ${targets.length} targets`,
    );
    expect(sent).toBeGreaterThanOrEqual(totalRequests);

    const rowsAfter = await rowCounts(sys.db);
    for (const table of writtenByRefusals) {
      delete rowsBefore[table];
      delete rowsAfter[table];
    }
    expect(rowsAfter).toEqual(rowsBefore);
    expect((await sys.env.client.workflow.count()).count).toBe(workflowsBefore);
  }, 600_000);
});
