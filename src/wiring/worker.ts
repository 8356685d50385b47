import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { signingKeysFromEnv, type Env } from '../config/env';
import type { Db } from '../db/database';
import type { Policy } from '../domain/index';
import type { Mailer } from '../email/transport';
import { badgeClientFromEnv } from '../integrations/badges/from-env';
import type { BadgeClient } from '../integrations/badges/client';
import type { Logger } from '../logger';
import type { PayloadEncryption } from '../temporal/data-converter';
import { ensureGoodStandingSchedule } from '../temporal/good-standing-schedule';
import { installTemporalRuntime } from '../temporal/runtime-logger';
import type { QueueWorkers } from '../temporal/queue-workers';
import { createCertflowWorker } from '../temporal/worker';
import { temporalTls } from '../temporal/tls';
import { currentBuild, promoteWhenPolling } from '../temporal/deployment';
import { taskQueueOf } from '../workflows/activity-queues/contract';
import { ensureWindowSchedule } from './window-schedule';

/**
 * Connects to Temporal and builds the worker; the caller runs it, then calls `promote()` so that this build becomes
 * the deployment's current version (when TEMPORAL_PROMOTE_ON_START is on).
 */
export async function buildWorker(
  env: Env,
  parts: {
    db: Db;
    mailer: Mailer;
    secret: string;
    logger: Logger;
    address: string;
    handleSignals?: boolean;
    badges?: BadgeClient;
    encryption: PayloadEncryption;
    workflowBundlePath?: string;
    policy: Policy;
  },
): Promise<{ worker: QueueWorkers; connection: NativeConnection; promote(): Promise<void>; buildId: string }> {
  installTemporalRuntime(parts.logger, { handleSignals: parts.handleSignals, metricsPort: env.WORKER_METRICS_PORT });
  const connection = await NativeConnection.connect({ address: parts.address, tls: temporalTls(env) });
  const build = currentBuild(env.TEMPORAL_BUILD_ID, parts.workflowBundlePath);
  const version = { deploymentName: env.TEMPORAL_DEPLOYMENT_NAME, buildId: build.buildId };
  const worker = await createCertflowWorker({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    dataConverter: parts.encryption.dataConverter,
    ...(parts.workflowBundlePath ? { workflowBundlePath: parts.workflowBundlePath } : {}),
    ...(env.TEMPORAL_WORKER_VERSIONING ? { deployment: version } : {}),
    ...workerTopology(env),
    deps: {
      db: parts.db,
      mailer: parts.mailer,
      links: {
        secret: parts.secret,
        baseUrl: env.PUBLIC_BASE_URL,
        ttlDays: env.CANDIDATE_LINK_TTL_DAYS,
        keys: signingKeysFromEnv(env, parts.secret),
      },
      badges: parts.badges ?? badgeClientFromEnv(env),
      staffAlertsEmail: env.STAFF_ALERTS_EMAIL,
      formsSimulated: env.FORMS_SIMULATED,
      policy: parts.policy,
    },
  });
  const client = new Client({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    dataConverter: parts.encryption.dataConverter,
  });
  parts.logger.info(
    { taskQueues: env.WORKER_QUEUES.map((q) => taskQueueOf(env.TEMPORAL_TASK_QUEUE, q)) },
    'task queues polled',
  );
  const schedule = await ensureWindowSchedule(client, env.TEMPORAL_TASK_QUEUE, parts.policy);
  parts.logger.info({ schedule }, 'yearly testing-window schedule ensured');
  await ensureGoodStandingSchedule(client, env.TEMPORAL_TASK_QUEUE);
  const promote = async () => {
    if (!env.TEMPORAL_WORKER_VERSIONING || !env.TEMPORAL_PROMOTE_ON_START) return;
    try {
      await promoteWhenPolling(client, env.TEMPORAL_NAMESPACE, version, parts.logger);
    } catch (err) {
      // Without a current version no new task reaches a versioned worker: say how to fix it, keep serving.
      parts.logger.error(
        { err, ...version },
        `could not make this build current; run: temporal worker deployment set-current-version --deployment-name ${version.deploymentName} --build-id ${version.buildId}`,
      );
    }
  };
  parts.logger.info(
    { ...version, versioning: env.TEMPORAL_WORKER_VERSIONING, bundle: parts.workflowBundlePath ?? 'sources' },
    'worker built',
  );
  return { worker, connection, promote, buildId: build.buildId };
}

/** The queues this process polls and each one's limits, from WORKER_* (docs/operations.md, "Worker topology"). */
export function workerTopology(env: Env) {
  return {
    queues: env.WORKER_QUEUES,
    shutdownGraceTimeMs: env.WORKER_SHUTDOWN_GRACE_SECONDS * 1000,
    tuning: {
      main: {
        maxConcurrentWorkflowTaskExecutions: env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
        maxConcurrentActivityTaskExecutions: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
      },
      integrations: {
        maxConcurrentActivityTaskExecutions: env.WORKER_INTEGRATIONS_MAX_CONCURRENT_ACTIVITIES,
        maxTaskQueueActivitiesPerSecond: env.WORKER_INTEGRATIONS_ACTIVITIES_PER_SECOND,
      },
      heavy: { maxConcurrentActivityTaskExecutions: env.WORKER_HEAVY_MAX_CONCURRENT_ACTIVITIES },
    },
  };
}
