import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../src/activities/index';
import { createApp } from '../../src/api/app';
import { upsertApplication } from '../../src/db/tables/applications';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import { createMailer } from '../../src/email/transport';
import { createLogger } from '../../src/logger';
import { databaseCheck, temporalCheck } from '../../src/observability/readiness';
import { startWorkerHealthServer, type WorkerHealthServer } from '../../src/observability/worker-health';
import { installTemporalRuntime, pinoTemporalLogger } from '../../src/temporal/runtime-logger';
import { eventually } from '../helpers/eventually';
import { freePort } from '../helpers/free-port';
import { startSystem, testSecret, type System } from '../helpers/system';
import { testEncryption } from '../helpers/temporal';
import { parsePrometheusText, type ParsedSample } from './prometheus-text';
import { attestationJson } from '../helpers/attestation';

const now = () => new Date('2027-01-15T15:00:00.000Z');
const logger = createLogger('silent');
let metricsPort: number;
let sys: System;
let probes: WorkerHealthServer;
// A Temporal frontend that is not there: a real client on a port where nothing listens.
let deadTemporal: { connection: Connection; client: Client };

beforeAll(async () => {
  metricsPort = await freePort();
  // Before any worker or server of the SDK: the runtime, with its Prometheus exporter, is installed once per process.
  installTemporalRuntime(logger, { handleSignals: false, metricsPort });
  sys = await startSystem({ now });
  probes = await startWorkerHealthServer({
    port: 0,
    host: '127.0.0.1',
    worker: sys.worker.current,
    dependencies: { database: databaseCheck(sys.db), temporal: temporalCheck(sys.env.nativeConnection) },
  });
  const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
  deadTemporal = { connection, client: new Client({ connection }) };
});
afterAll(async () => {
  await deadTemporal?.connection.close();
  await probes?.close();
  await sys?.close();
});

async function scrape(url: string): Promise<ParsedSample[]> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return parsePrometheusText(await res.text());
}
const find = (samples: ParsedSample[], name: string, labels: Record<string, string>) =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

async function apply(email: string): Promise<string> {
  const res = await fetch(`${sys.baseUrl}/apply`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      firstName: 'Mia',
      lastName: 'Metric',
      email,
      membership: 'member',
      program: 'CPCS',
      windowId: '2027-spring',
      ...attestationJson,
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { applicationId: string }).applicationId;
}

describe('API /metrics', () => {
  describe('times requests by route pattern and status, and counts cases by stage from the database', () => {
    let applicationId: string;
    let samples: ParsedSample[];
    const requestsTimed = (labels: Record<string, string>) =>
      find(samples, 'certflow_http_request_duration_seconds_count', labels)?.value;

    it('answers the requests it will time: an application, a status page without a session, an unknown page', async () => {
      applicationId = await apply('mia@example.org');
      expect((await fetch(`${sys.baseUrl}/applications/${applicationId}/status`)).status).toBe(401);
      expect((await fetch(`${sys.baseUrl}/no/such/page`)).status).toBe(404);
    }, 30_000);

    it('counts the new application under eligibility review', async () => {
      // A stage other work adds (cases parked for staff) is counted like any other.
      const parked = await findOrCreateCandidate(sys.db, {
        newId: 'c-parked',
        email: 'parked@example.org',
        firstName: 'P',
        lastName: 'Q',
        membership: 'member',
      });
      await upsertApplication(sys.db, {
        id: 'app-parked',
        candidateId: parked.id,
        program: 'CPCS',
        windowId: '2027-spring',
        firstName: 'P',
        lastName: 'Q',
        membership: 'member',
        stage: 'needs-attention',
        submittedAt: now().toISOString(),
      });

      samples = await eventually(
        async () => {
          const s = await scrape(`${sys.baseUrl}/metrics`);
          expect(find(s, 'certflow_cases', { kind: 'exam-application', stage: 'eligibility-review' })?.value).toBe(1);
          return s;
        },
        30_000,
        250,
      );
    }, 45_000);

    it('counts a case parked for staff under its own stage', () => {
      expect(find(samples, 'certflow_cases', { kind: 'exam-application', stage: 'needs-attention' })?.value).toBe(1);
    });

    it('reports that counting the cases succeeded', () => {
      expect(find(samples, 'certflow_cases_scrape_success', {})?.value).toBe(1);
    });

    it('times the application by its route and status', () => {
      expect(requestsTimed({ method: 'POST', route: '/apply', status: '200' })).toBe(1);
    });

    it('times the refused status page under its route pattern', () => {
      expect(requestsTimed({ method: 'GET', route: '/applications/:id/status', status: '401' })).toBe(1);
    });

    it('times the unknown page as unmatched', () => {
      expect(requestsTimed({ method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    });

    it('never labels a series with a raw path', () => {
      // Raw paths never become labels: one series per pattern, whatever the ids.
      expect(samples.some((s) => s.labels.route?.includes(applicationId))).toBe(false);
    });

    it('reports the database and Temporal up', () => {
      expect(find(samples, 'certflow_dependency_up', { dependency: 'database' })?.value).toBe(1);
      expect(find(samples, 'certflow_dependency_up', { dependency: 'temporal' })?.value).toBe(1);
    });
  });
});

describe('API /readyz', () => {
  it('answers 200 when the database and Temporal answer, and 503 naming Temporal when it does not', async () => {
    const ready = await fetch(`${sys.baseUrl}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', database: 'ok', temporal: 'ok' }]);
    expect(await (await fetch(`${sys.baseUrl}/healthz`)).json()).toMatchObject({ status: 'alive' });

    const app = createApp({
      db: sys.db,
      temporal: { client: deadTemporal.client, taskQueue: 'q', namespace: 'default', uiUrl: 'http://ui' },
      secret: testSecret,
      publicBaseUrl: 'http://localhost',
      staffSessionTtlHours: 1,
      logger,
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const unready = await fetch(`${base}/readyz`);
      expect(unready.status).toBe(503);
      expect(await unready.json()).toEqual({
        status: 'unready',
        database: 'ok',
        temporal: expect.stringMatching(/^down: /),
      });
      // /healthz is about the process alone: still alive.
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const metrics = parsePrometheusText(await (await fetch(`${base}/metrics`)).text());
      expect(find(metrics, 'certflow_dependency_up', { dependency: 'temporal' })?.value).toBe(0);
    } finally {
      server.close();
    }
  });
});

describe('the worker', () => {
  it('has its own probes: alive and ready while it polls and its dependencies answer, 503 naming what is down', async () => {
    const health = await fetch(`${probes.url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'alive', worker: 'RUNNING' }]);
    const ready = await fetch(`${probes.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([
      200,
      { status: 'ready', worker: 'RUNNING', database: 'ok', temporal: 'ok' },
    ]);

    const cut = await startWorkerHealthServer({
      port: 0,
      host: '127.0.0.1',
      worker: sys.worker.current,
      dependencies: { database: databaseCheck(sys.db), temporal: temporalCheck(deadTemporal.client) },
    });
    try {
      const unready = await fetch(`${cut.url}/readyz`);
      expect(unready.status).toBe(503);
      expect(await unready.json()).toMatchObject({
        status: 'unready',
        worker: 'RUNNING',
        database: 'ok',
        temporal: expect.stringMatching(/^down: /),
      });
    } finally {
      await cut.close();
    }
  });

  it("exports the SDK's runtime metrics: requests, schedule-to-start latency, emails sent, failing workflow tasks and activity failures", async () => {
    await apply('sdk-metrics@example.org');
    const taskQueue = `broken-${sys.taskQueue}`;
    const broken = await Worker.create({
      connection: sys.env.nativeConnection,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('./fixtures/broken-workflow.ts', import.meta.url)),
      activities: { unreachableService: () => Promise.reject(new Error('the service is down')) },
      dataConverter: testEncryption.dataConverter,
    });
    const running = broken.run();
    const wedged = await sys.env.client.workflow.start('brokenWorkflow', {
      taskQueue,
      workflowId: `broken-${taskQueue}`,
    });
    const retried = await sys.env.client.workflow.start('failingActivityWorkflow', {
      taskQueue,
      workflowId: `failing-activity-${taskQueue}`,
    });
    try {
      const samples = await eventually(
        async () => {
          const s = await scrape(`http://127.0.0.1:${metricsPort}/metrics`);
          expect(
            find(s, 'temporal_workflow_task_execution_failed', { workflow_type: 'brokenWorkflow' })?.value,
          ).toBeGreaterThanOrEqual(1);
          expect(find(s, 'temporal_activity_execution_failed', { activity_type: 'unreachableService' })?.value).toBe(2);
          expect(
            find(s, 'certflow_emails_sent', { kind: 'application-received', activityType: 'sendCandidateEmail' })
              ?.value,
          ).toBeGreaterThanOrEqual(1);
          return s;
        },
        30_000,
        250,
      );
      expect(
        find(samples, 'temporal_request', { operation: 'RespondWorkflowTaskCompleted' })?.value,
      ).toBeGreaterThanOrEqual(1);
      expect(
        find(samples, 'temporal_workflow_task_schedule_to_start_latency_count', { task_queue: sys.taskQueue })?.value,
      ).toBeGreaterThanOrEqual(1);
      expect(
        find(samples, 'temporal_activity_schedule_to_start_latency_count', { task_queue: sys.taskQueue })?.value,
      ).toBeGreaterThanOrEqual(1);
    } finally {
      await wedged.terminate('test over');
      await retried.result().catch(() => undefined);
      broken.shutdown();
      await running;
    }
  });

  it('counts an email the SMTP server refuses as certflow_emails_failed, and the activity fails so Temporal retries it', async () => {
    // Nothing listens on this port: the send is refused.
    const mailer = createMailer({
      smtpUrl: `smtp://127.0.0.1:${await freePort()}`,
      from: 'certflow <no-reply@test.local>',
    });
    const activities = createActivities({
      db: sys.db,
      mailer,
      links: { secret: testSecret, baseUrl: 'http://localhost', ttlDays: 30 },
      now,
    });
    const candidate = await findOrCreateCandidate(sys.db, {
      newId: 'c-refused',
      email: 'refused@example.org',
      firstName: 'R',
      lastName: 'S',
      membership: 'member',
    });
    const env = new MockActivityEnvironment(
      { activityType: 'sendCandidateEmail' },
      { metricMeter: Runtime.instance().metricMeter, logger: pinoTemporalLogger(logger) },
    );
    const input = {
      workflowId: 'wf-refused',
      candidateId: candidate.id,
      applicationId: 'wf-refused',
      message: { kind: 'application-received' as const, program: 'CPCS', windowId: '2027-spring' },
    };
    await expect(env.run(activities.sendCandidateEmail, input)).rejects.toThrow(/ECONNREFUSED/);
    mailer.close();
    await eventually(
      async () => {
        const s = await scrape(`http://127.0.0.1:${metricsPort}/metrics`);
        expect(find(s, 'certflow_emails_failed', { kind: 'application-received' })?.value).toBe(1);
      },
      10_000,
      250,
    );
  });
});
