import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { QueueWorkers } from '../../src/temporal/queue-workers';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../src/activities/index';
import { emailClaimHeldType } from '../../src/activities/send-once';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import { emailsFor } from '../../src/db/tables/email-log';
import { startMailCatcher, type MailCatcher } from '../../src/dev/mail-catcher';
import { createMailer, type Mailer } from '../../src/email/transport';
import { createCertflowWorker } from '../../src/temporal/worker';
import { accessLinksWorkflowName } from '../../src/workflows/access-links/contract';
import { openTestDatabase } from '../helpers/database';
import { eventually } from '../helpers/eventually';
import { createTimeSkippingEnv, testEncryption } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let catcher: MailCatcher;
let smtp: Mailer;
let worker: QueueWorkers;
let running: Promise<void>;
// The first attempt "dies" right after the SMTP server took the message, before it could mark it sent.
let crashesLeft = 1;
const taskQueue = 'email-lease-retry';
const links = { secret: 'email-lease-retry-secret-email-lease-retry', baseUrl: 'http://localhost', ttlDays: 30 };

beforeAll(async () => {
  [env, database, catcher] = await Promise.all([createTimeSkippingEnv(), openTestDatabase(), startMailCatcher()]);
  smtp = createMailer({ smtpUrl: catcher.smtpUrl, from: 'certflow <no-reply@test.local>' });
  const mailer: Mailer = {
    messageIdFor: (slot) => smtp.messageIdFor(slot),
    async send(message) {
      const info = await smtp.send(message);
      if (crashesLeft-- > 0) throw new Error('worker process died before marking the email sent');
      return info;
    },
    close: () => undefined,
  };
  worker = await createCertflowWorker({
    connection: env.nativeConnection,
    dataConverter: testEncryption.dataConverter,
    namespace: env.namespace ?? 'default',
    taskQueue,
    deps: { db: database.db, mailer, links },
  });
  running = worker.run();
}, 120_000);
afterAll(async () => {
  worker?.shutdown();
  await running;
  smtp?.close();
  await catcher?.close();
  await database?.close();
  await env?.teardown();
});

describe('a retried email activity on a real worker', () => {
  it('waits out the lease of the attempt that died, then sends the same message again with the same Message-ID', async () => {
    await findOrCreateCandidate(database.db, {
      newId: 'c-lease',
      email: 'lease@example.org',
      firstName: 'Lea',
      lastName: 'Se',
      membership: 'member',
    });
    const record = createActivities({ db: database.db, mailer: smtp, links }).recordApplication;
    await new MockActivityEnvironment().run(record, {
      id: 'app-lease',
      candidateId: 'c-lease',
      program: 'CPCS',
      windowId: '2027-spring',
      firstName: 'Lea',
      lastName: 'Se',
      membership: 'member',
      stage: 'scheduling',
      submittedAt: '2026-11-28T12:00:00.000Z',
    });
    const workflowId = 'access-links-c-lease-1';
    const handle = await env.client.workflow.start(accessLinksWorkflowName, {
      workflowId,
      taskQueue,
      args: [{ candidateId: 'c-lease' }],
    });

    const first = await catcher.waitFor((m) => m.to.includes('lease@example.org'));
    // The next attempt finds the live lease and fails retryably: nothing sent, nothing skipped.
    await eventually(async () => {
      const pending = (await handle.describe()).raw.pendingActivities ?? [];
      expect(pending[0]?.lastFailure?.applicationFailureInfo?.type).toBe(emailClaimHeldType);
    }, 30_000);
    expect(catcher.messages().filter((m) => m.to.includes('lease@example.org'))).toHaveLength(1);

    // The lease runs out (on the database clock); the retry after it sends again.
    await sql`update email_log set claimed_until = now() - interval '1 second' where workflow_id = ${workflowId}`.execute(
      database.db,
    );
    expect(await handle.result()).toEqual({ sent: true });
    const copies = catcher.messages().filter((m) => m.to.includes('lease@example.org'));
    expect(copies).toHaveLength(2);
    expect(copies[1]!.headers['message-id']).toBe(first.headers['message-id']);
    expect(await emailsFor(database.db, workflowId)).toMatchObject([
      { kind: 'access-links', status: 'sent', attempts: 2 },
    ]);
  }, 120_000);
});
