import { afterAll, beforeAll, expect } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { QueueWorkers } from '../../src/temporal/queue-workers';
import { createApp } from '../../src/api/app';
import { ensureFirstAdmin } from '../../src/api/auth/first-admin';
import type { Db } from '../../src/db/database';
import type { Policy } from '../../src/domain/index';
import { startCredlyDouble, type CredlyDouble } from '../../src/dev/credly-double';
import { startMailCatcher, type MailCatcher } from '../../src/dev/mail-catcher';
import { createBadgeClient } from '../../src/integrations/badges/client';
import { createMailer, type Mailer } from '../../src/email/transport';
import { createLogger } from '../../src/logger';
import { createCertflowWorker } from '../../src/temporal/worker';
import { statusQuery, type ApplicationStatus } from '../../src/workflows/exam-application/contract';
import { openTestDatabase } from './database';
import { eventually } from './eventually';
import { createDevServerEnv, createTimeSkippingEnv, testEncryption } from './temporal';

export const testSecret = 'test-secret-test-secret-test-secret-0123';
export const vendorWebhookSecret = 'vendor-webhook-secret-for-tests-0123456789';
export const credlyConfig = {
  organizationId: 'org-test',
  apiToken: 'credly-test-token',
  templateIds: { CPCS: 'tpl-cpcs', CPMSM: 'tpl-cpmsm' },
};
export const admin = { email: 'admin@test.local', password: 'correct horse battery staple' };

export interface System {
  baseUrl: string;
  db: Db;
  /** The test database's URL on a real server; undefined on PGlite. */
  databaseUrl: string | undefined;
  env: TestWorkflowEnvironment;
  catcher: MailCatcher;
  /** The local Credly double the worker issues badges to. */
  credly: CredlyDouble;
  taskQueue: string;
  /** Stops the worker (Updates then find nobody to take them) and starts a fresh one; `current` is the running one. */
  worker: { stop(): Promise<void>; start(): Promise<void>; readonly current: QueueWorkers };
  close(): Promise<void>;
}

/**
 * The whole path on real parts: the Temporal dev server, a real worker, the database (Postgres when
 * DATABASE_URL is set, or `databaseServerUrl`), the SMTP catcher and the API on a free port. `now` pins the
 * business clock.
 */
export async function startSystem(options: {
  now: () => Date;
  taskQueue?: string;
  timeSkipping?: boolean;
  formsSimulated?: boolean;
  /** Benchmarks: connections shared by the API and the worker (tests: 5). */
  poolSize?: number;
  /** Benchmarks: requests per minute on the public form (tests: 1000). */
  rateLimitPerMinute?: number;
  /** Benchmarks: messages the catcher keeps (default 5000, oldest dropped). */
  mailLimit?: number;
  /** Benchmarks: false when the caller runs the worker in a process of its own (default true). */
  worker?: boolean;
  updateTimeoutMs?: number;
  /** A Postgres server of the test's own (e.g. one it restarts) instead of DATABASE_URL. */
  databaseServerUrl?: string;
  /** The loaded policy file the API and the worker start workflows with (unset: none, so the compiled values apply). */
  policy?: Policy;
}): Promise<System> {
  // Most tests run windows on simulated forms; test/api/forms.test.ts turns it off as production does.
  const formsSimulated = options.formsSimulated ?? true;
  const taskQueue = options.taskQueue ?? `certflow-test-${Math.random().toString(36).slice(2, 8)}`;
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  // Time skipping: the test moves the clock through months of a case (no visibility queries there).
  const env = options.timeSkipping ? await createTimeSkippingEnv() : await createDevServerEnv();
  const database = await openTestDatabase({ serverUrl: options.databaseServerUrl, logger, poolSize: options.poolSize });
  const catcher = await startMailCatcher({ limit: options.mailLimit });
  const credly = await startCredlyDouble({
    organizationId: credlyConfig.organizationId,
    apiToken: credlyConfig.apiToken,
    templateIds: Object.values(credlyConfig.templateIds),
  });
  const mailer: Mailer = createMailer({ smtpUrl: catcher.smtpUrl, from: 'certflow <no-reply@test.local>' });
  await ensureFirstAdmin(database.db, admin.email, admin.password);
  const server = await new Promise<Server>((resolve) => {
    const app = createApp({
      db: database.db,
      temporal: {
        client: env.client,
        taskQueue,
        namespace: env.namespace ?? 'default',
        uiUrl: 'http://localhost:8233',
      },
      secret: testSecret,
      publicBaseUrl: 'http://localhost',
      staffSessionTtlHours: 8,
      logger,
      now: options.now,
      rateLimitPerMinute: options.rateLimitPerMinute ?? 1000,
      vendorWebhookSecret,
      codec: testEncryption.codec,
      formsSimulated,
      // Generous unless a test is about the deadline: a loaded machine must not turn a 200 into a 202.
      updateTimeoutMs: options.updateTimeoutMs ?? 30_000,
      ...(options.policy ? { policy: options.policy } : {}),
    });
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const workerDeps = {
    db: database.db,
    mailer,
    links: { secret: testSecret, baseUrl, ttlDays: 30 },
    now: options.now,
    badges: createBadgeClient({ baseUrl: credly.url, ...credlyConfig }),
    staffAlertsEmail: 'staff-alerts@test.local',
    formsSimulated,
    ...(options.policy ? { policy: options.policy } : {}),
  };
  let running: { worker: QueueWorkers; done: Promise<void> } | undefined;
  const worker = {
    get current(): QueueWorkers {
      if (!running) throw new Error('the worker is stopped');
      return running.worker;
    },
    async start() {
      if (running) return;
      const w = await createCertflowWorker({
        connection: env.nativeConnection,
        dataConverter: testEncryption.dataConverter,
        namespace: env.namespace ?? 'default',
        taskQueue,
        deps: workerDeps,
      });
      running = { worker: w, done: w.run() };
    },
    async stop() {
      if (!running) return;
      const { worker: w, done } = running;
      running = undefined;
      w.shutdown();
      await done;
    },
  };
  if (options.worker !== false) await worker.start();
  return {
    baseUrl,
    db: database.db,
    databaseUrl: database.url,
    env,
    catcher,
    credly,
    taskQueue,
    worker,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await worker.stop();
      mailer.close();
      await catcher.close();
      await credly.close();
      await database.close();
      await env.teardown();
    },
  };
}

/** Posts a form the way a browser does: first GET for the CSRF cookie and field, then POST. */
export async function postForm(
  baseUrl: string,
  getPath: string,
  postPath: string,
  fields: Record<string, string>,
  cookie = '',
): Promise<Response> {
  const form = await openPage(baseUrl, getPath, cookie);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.res.text())?.[1] ?? '';
  return fetch(`${baseUrl}${postPath}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
    body: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
  });
}

/**
 * GETs a page the way a browser does: an emailed link's 303 (token → cookie) is followed with the cookies it set.
 * Answers the final response, the cookies (the caller's and the ones set on the way) and the address it ended at.
 */
export async function openPage(
  baseUrl: string,
  path: string,
  cookie = '',
): Promise<{ res: Response; cookie: string; url: URL }> {
  let url = new URL(path, baseUrl);
  let cookies = cookie;
  for (let hop = 0; hop < 5; hop++) {
    const res = await fetch(url, { headers: { cookie: cookies }, redirect: 'manual' });
    const set = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
    cookies = [cookies, ...set].filter(Boolean).join('; ');
    const location = res.headers.get('location');
    if (res.status !== 303 && res.status !== 302) return { res, cookie: cookies, url };
    url = new URL(location!, url);
  }
  throw new Error(`too many redirects from ${path}`);
}

/** A staff API token, signed in as the first admin: what a script or a test sends as `Authorization: Bearer`. */
export async function staffApiToken(sys: System, name: string, days?: number): Promise<string> {
  const res = await fetch(`${sys.baseUrl}/api/staff/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...admin, name, ...(days ? { days } : {}) }),
  });
  if (res.status !== 201) throw new Error(`No staff token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** One system for the whole file, started before its tests and closed after them, with a staff API token. */
export function systemSuite(
  options: Parameters<typeof startSystem>[0],
  tokenName: string,
): { readonly sys: System; readonly token: string } {
  let sys: System | undefined;
  let token: string | undefined;
  beforeAll(async () => {
    sys = await startSystem(options);
    token = await staffApiToken(sys, tokenName);
  });
  afterAll(async () => {
    await sys?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('The system starts in beforeAll: use suite.sys and suite.token inside a test.');
    return value;
  };
  return {
    get sys() {
      return started(sys);
    },
    get token() {
      return started(token);
    },
  };
}

/** Waits until the application's workflow reports the stage, and returns its status then. */
export function stageReached(sys: System, applicationId: string, expected: string): Promise<ApplicationStatus> {
  return eventually(async () => {
    const status = await sys.env.client.workflow.getHandle(applicationId).query(statusQuery);
    expect(status.stage).toBe(expected);
    return status;
  });
}
