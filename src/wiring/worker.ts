import { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Env } from '../config/env';
import type { Db } from '../db/database';
import type { Mailer } from '../email/transport';
import { badgeClientFromEnv } from '../integrations/badges/from-env';
import type { BadgeClient } from '../integrations/badges/client';
import type { Logger } from '../logger';
import type { PayloadEncryption } from '../temporal/data-converter';
import { ensureGoodStandingSchedule } from '../temporal/good-standing-schedule';
import { installTemporalRuntime } from '../temporal/runtime-logger';
import { createCertflowWorker } from '../temporal/worker';
import { ensureWindowSchedule } from './window-schedule';

/** Connects to Temporal and builds the worker; the caller runs it. */
export async function buildWorker(env: Env, parts: { db: Db; mailer: Mailer; secret: string; logger: Logger; address: string; handleSignals?: boolean; badges?: BadgeClient; encryption: PayloadEncryption }): Promise<{ worker: Worker; connection: NativeConnection }> {
  installTemporalRuntime(parts.logger, { handleSignals: parts.handleSignals });
  const connection = await NativeConnection.connect({ address: parts.address });
  const worker = await createCertflowWorker({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    dataConverter: parts.encryption.dataConverter,
    deps: { db: parts.db, mailer: parts.mailer, links: { secret: parts.secret, baseUrl: env.PUBLIC_BASE_URL, ttlDays: env.CANDIDATE_LINK_TTL_DAYS }, badges: parts.badges ?? badgeClientFromEnv(env), staffAlertsEmail: env.STAFF_ALERTS_EMAIL, formsSimulated: env.FORMS_SIMULATED },
  });
  const schedule = await ensureWindowSchedule(new Client({ connection, namespace: env.TEMPORAL_NAMESPACE, dataConverter: parts.encryption.dataConverter }), env.TEMPORAL_TASK_QUEUE);
  parts.logger.info({ schedule }, 'yearly testing-window schedule ensured');
  await ensureGoodStandingSchedule(new Client({ connection, namespace: env.TEMPORAL_NAMESPACE, dataConverter: parts.encryption.dataConverter }), env.TEMPORAL_TASK_QUEUE);
  return { worker, connection };
}
