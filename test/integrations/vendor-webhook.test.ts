import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createQueueWorkers, type QueueWorkers } from '../../src/temporal/queue-workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app';
import { upsertApplication } from '../../src/db/tables/applications';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import { addDays, windowCalendar } from '../../src/domain/index';
import { signVendorPayload } from '../../src/integrations/vendor/signature';
import { createLogger } from '../../src/logger';
import { openTestDatabase } from '../helpers/database';
import { createDevServerEnv, testEncryption } from '../helpers/temporal';
import { reportsQuery } from './fixtures/appointment-workflow';

const secret = 'vendor-webhook-secret-for-tests-0123456789';
const now = new Date('2027-09-20T14:00:00Z');
const fall = windowCalendar('2027-fall');
const taskQueue = `vendor-webhook-${Math.random().toString(36).slice(2, 8)}`;
let env: TestWorkflowEnvironment;
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let worker: QueueWorkers;
let running: Promise<void>;
let server: Server;
let url: string;

beforeAll(async () => {
  env = await createDevServerEnv();
  database = await openTestDatabase();
  await findOrCreateCandidate(database.db, {
    newId: 'cand-v',
    email: 'v@example.org',
    firstName: 'Vera',
    lastName: 'Vendor',
    membership: 'member',
  });
  for (const id of ['app-v1', 'app-v2']) {
    await upsertApplication(database.db, {
      id,
      candidateId: 'cand-v',
      program: id === 'app-v1' ? 'CPCS' : 'CPMSM',
      windowId: '2027-fall',
      firstName: 'Vera',
      lastName: 'Vendor',
      membership: 'member',
      stage: 'scheduling',
      submittedAt: '2027-05-01T12:00:00Z',
    });
  }
  worker = await createQueueWorkers({
    connection: env.nativeConnection,
    dataConverter: testEncryption.dataConverter,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('./fixtures/appointment-workflow.ts', import.meta.url)),
  });
  running = worker.run();
  await env.client.workflow.start('appointmentStubWorkflow', { taskQueue, workflowId: 'app-v1', args: ['2027-fall'] });
  const app = createApp({
    db: database.db,
    temporal: { client: env.client, taskQueue, namespace: 'default', uiUrl: 'http://localhost:8233' },
    secret: 'app-secret-app-secret-app-secret-0123',
    publicBaseUrl: 'http://localhost',
    staffSessionTtlHours: 8,
    logger: createLogger('silent'),
    now: () => now,
    rateLimitPerMinute: 1000,
    vendorWebhookSecret: secret,
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/vendor/appointments`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  worker?.shutdown();
  await running;
  await database?.close();
  await env?.teardown();
});

const post = async (body: string, signature?: string) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-vendor-signature': signature } : {}) },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};
const reports = () => env.client.workflow.getHandle('app-v1').query(reportsQuery);
const appointment = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    applicationId: 'app-v1',
    examDate: addDays(fall.start, 2),
    site: 'CHI-01',
    startsAt: `${addDays(fall.start, 2)}T13:00:00Z`,
    ...over,
  });

describe('POST /webhooks/vendor/appointments', () => {
  it('a correctly signed appointment reaches the application as the vendor-sourced Update', async () => {
    const body = appointment();
    const signature = signVendorPayload(secret, body, now);
    expect(await post(body, signature)).toEqual({ status: 200, body: { ok: true } });
    expect(await reports()).toEqual([
      {
        examDate: addDays(fall.start, 2),
        site: 'CHI-01',
        startsAt: `${addDays(fall.start, 2)}T13:00:00Z`,
        source: 'vendor',
      },
    ]);

    // The very same delivery again is a replay: 401, and the application hears nothing more.
    expect(await post(body, signature)).toEqual({
      status: 401,
      body: {
        error: {
          code: 'unauthorized',
          message: 'Vendor signature rejected: this delivery was already received (replay).',
        },
      },
    });
    expect(await reports()).toHaveLength(1);
  });

  it('a captured delivery cannot be replayed by adding a second signature in front of the real one', async () => {
    const body = appointment({ site: 'BOS-04' });
    const signature = signVendorPayload(secret, body, now);
    expect((await post(body, signature)).status).toBe(200);
    const [t, v1] = signature.split(',');
    const decoy = `v1=${'0'.repeat(64)}`;
    for (const header of [`${t},${decoy},${v1}`, `${t},${v1},${decoy}`, `${t},${v1},${v1}`]) {
      expect(await post(body, header)).toEqual({
        status: 401,
        body: {
          error: {
            code: 'unauthorized',
            message: 'Vendor signature rejected: several signatures in X-Vendor-Signature: send exactly one v1.',
          },
        },
      });
    }
    expect(await post(body, `${t},${t},${v1}`)).toEqual({
      status: 401,
      body: {
        error: { code: 'unauthorized', message: 'Vendor signature rejected: malformed X-Vendor-Signature header.' },
      },
    });
    expect((await reports()).filter((r) => r.site === 'BOS-04')).toHaveLength(1);
  });

  it('a body over 64 kB is refused before it is read as JSON', async () => {
    const body = JSON.stringify({ applicationId: 'app-v1', padding: 'x'.repeat(70_000) });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-vendor-signature': signVendorPayload(secret, body, now) },
      body,
    });
    expect(res.status).toBe(413);
  });

  it('refuses unsigned, forged, tampered and stale deliveries with 401 and changes nothing', async () => {
    const body = appointment({ site: 'NYC-02' });
    const before = (await reports()).length;
    const cases = [
      [body, undefined, 'Vendor signature rejected: missing X-Vendor-Signature header.'],
      [
        body,
        signVendorPayload('not-the-vendor-secret-0123456789abcdef', body, now),
        'Vendor signature rejected: signature does not match.',
      ],
      [
        appointment({ site: 'DAL-03' }),
        signVendorPayload(secret, body, now),
        'Vendor signature rejected: signature does not match.',
      ],
      [
        body,
        signVendorPayload(secret, body, new Date(now.getTime() - 301_000)),
        'Vendor signature rejected: signature timestamp outside the allowed window.',
      ],
      [body, 't=abc,v1=zz', 'Vendor signature rejected: malformed X-Vendor-Signature header.'],
    ] as const;
    for (const [b, sig, message] of cases)
      expect(await post(b, sig)).toEqual({ status: 401, body: { error: { code: 'unauthorized', message } } });
    expect(await reports()).toHaveLength(before);
  });

  it('a signature just inside the 5-minute tolerance is accepted', async () => {
    const body = appointment({ site: 'ONLINE' });
    expect((await post(body, signVendorPayload(secret, body, new Date(now.getTime() - 299_000)))).status).toBe(200);
    expect((await reports()).at(-1)).toMatchObject({ site: 'ONLINE', source: 'vendor' });
  });

  it("the application's refusal comes back as 422 with its message", async () => {
    const body = appointment({ examDate: addDays(fall.end, 1), startsAt: undefined });
    expect(await post(body, signVendorPayload(secret, body, now))).toEqual({
      status: 422,
      body: {
        error: { code: 'AppointmentRefused', message: `${addDays(fall.end, 1)} is outside the testing window.` },
      },
    });
  });

  it('404 for an application we do not have, 422 for a malformed appointment', async () => {
    const unknown = appointment({ applicationId: 'app-nobody' });
    expect((await post(unknown, signVendorPayload(secret, unknown, now))).status).toBe(404);
    const bad = appointment({ examDate: '2027-13-45', site: 'chicago' });
    const r = await post(bad, signVendorPayload(secret, bad, now));
    expect(r).toEqual({
      status: 422,
      body: {
        error: {
          code: 'invalid',
          message: 'The appointment is incomplete or malformed.',
          fields: { examDate: 'must be a date YYYY-MM-DD', site: 'must be a vendor site code such as CHI-01' },
        },
      },
    });
  });

  it('a delivery for an application without a running workflow is not remembered, so the vendor may retry it', async () => {
    const body = appointment({ applicationId: 'app-v2' });
    const signature = signVendorPayload(secret, body, now);
    expect((await post(body, signature)).status).toBe(404);
    await env.client.workflow.start('appointmentStubWorkflow', {
      taskQueue,
      workflowId: 'app-v2',
      args: ['2027-fall'],
    });
    expect(await post(body, signature)).toEqual({ status: 200, body: { ok: true } });
  });
});
