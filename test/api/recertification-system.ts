import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../../src/api/app';
import { ensureFirstAdmin } from '../../src/api/auth/first-admin';
import type { Db } from '../../src/db/database';
import { startCredlyDouble, type CredlyDouble } from '../../src/dev/credly-double';
import { startMailCatcher, type MailCatcher } from '../../src/dev/mail-catcher';
import { createMailer } from '../../src/email/transport';
import { createBadgeClient } from '../../src/integrations/badges/client';
import { createLogger } from '../../src/logger';
import { createCertflowWorker } from '../../src/temporal/worker';
import { openTestDatabase } from '../helpers/database';
import { admin, credlyConfig, testSecret } from '../helpers/system';
import { createTimeSkippingEnv, testEncryption } from '../helpers/temporal';

export interface RecertSystem {
  baseUrl: string;
  db: Db;
  env: TestWorkflowEnvironment;
  catcher: MailCatcher;
  credly: CredlyDouble;
  taskQueue: string;
  close(): Promise<void>;
}

/**
 * Like startSystem (real worker, database, SMTP catcher, Credly double, API) but on the time-skipping server:
 * a recertification cycle spans years, and its reporting window opens only once a year.
 */
export async function startRecertSystem(): Promise<RecertSystem> {
  const taskQueue = 'recertification-api';
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const env = await createTimeSkippingEnv();
  const database = await openTestDatabase();
  const catcher = await startMailCatcher();
  const credly = await startCredlyDouble({ organizationId: credlyConfig.organizationId, apiToken: credlyConfig.apiToken, templateIds: Object.values(credlyConfig.templateIds) });
  const mailer = createMailer({ smtpUrl: catcher.smtpUrl, from: 'certflow <no-reply@test.local>' });
  await ensureFirstAdmin(database.db, admin.email, admin.password);
  const app = createApp({
    db: database.db,
    temporal: { client: env.client, taskQueue, namespace: env.namespace ?? 'default', uiUrl: 'http://localhost:8233' },
    secret: testSecret,
    publicBaseUrl: 'http://localhost',
    staffSessionTtlHours: 8,
    logger,
    rateLimitPerMinute: 1000,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const worker = await createCertflowWorker({
    connection: env.nativeConnection,
    dataConverter: testEncryption.dataConverter,
    namespace: env.namespace ?? 'default',
    taskQueue,
    deps: { db: database.db, mailer, links: { secret: testSecret, baseUrl, ttlDays: 30 }, badges: createBadgeClient({ baseUrl: credly.url, ...credlyConfig }) },
  });
  const running = worker.run();
  return {
    baseUrl,
    db: database.db,
    env,
    catcher,
    credly,
    taskQueue,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      worker.shutdown();
      await running;
      mailer.close();
      await catcher.close();
      await credly.close();
      await database.close();
      await env.teardown();
    },
  };
}
