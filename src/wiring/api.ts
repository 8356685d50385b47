import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app';
import { ensureFirstAdmin } from '../api/auth/first-admin';
import { signingKeysFromEnv, temporalUiUrl, type Env } from '../config/env';
import type { Db } from '../db/database';
import type { Policy } from '../domain/index';
import type { Logger } from '../logger';
import type { PayloadEncryption } from '../temporal/data-converter';
import { apiClientIdentity } from '../temporal/identities';
import { temporalTls } from '../temporal/tls';
import { registerSearchAttributes } from '../temporal/register-search-attributes';

/** Connects a Temporal client, makes sure the first admin exists, and listens. */
export async function startApi(
  env: Env,
  parts: { db: Db; secret: string; logger: Logger; address: string; encryption: PayloadEncryption; policy: Policy },
): Promise<{ server: Server; close(): Promise<void> }> {
  const connection = await Connection.connect({ address: parts.address, tls: temporalTls(env) });
  const client = new Client({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    dataConverter: parts.encryption.dataConverter,
    identity: apiClientIdentity,
  });
  try {
    const added = await registerSearchAttributes(connection, env.TEMPORAL_NAMESPACE);
    if (added.length) parts.logger.info({ added }, 'search attributes registered');
  } catch (err) {
    // A managed cluster may forbid this; an operator then registers them once (README).
    parts.logger.warn({ err }, 'could not register search attributes; register them on the cluster');
  }
  if (
    env.ADMIN_EMAIL &&
    env.ADMIN_PASSWORD &&
    (await ensureFirstAdmin(parts.db, env.ADMIN_EMAIL, env.ADMIN_PASSWORD))
  ) {
    parts.logger.info({ email: env.ADMIN_EMAIL }, 'first admin account created');
  }
  const app = createApp({
    db: parts.db,
    temporal: {
      client,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      namespace: env.TEMPORAL_NAMESPACE,
      uiUrl: temporalUiUrl(env),
    },
    secret: parts.secret,
    keys: signingKeysFromEnv(env, parts.secret),
    publicBaseUrl: env.PUBLIC_BASE_URL,
    staffSessionTtlHours: env.STAFF_SESSION_TTL_HOURS,
    staffIdleMinutes: env.STAFF_IDLE_MINUTES,
    trustProxy: env.TRUST_PROXY,
    logger: parts.logger,
    vendorWebhookSecret: env.VENDOR_WEBHOOK_SECRET,
    codec: parts.encryption.codec,
    temporalUiUpstream: env.TEMPORAL_UI_UPSTREAM,
    formsSimulated: env.FORMS_SIMULATED,
    updateTimeoutMs: env.UPDATE_TIMEOUT_MS,
    policy: parts.policy,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(env.PORT, () => resolve(s));
    s.once('error', reject);
  });
  return {
    server,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
    },
  };
}
