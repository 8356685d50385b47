import type { DataConverter } from '@temporalio/common';
import type { NativeConnection } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index';
import type { WorkerQueue } from '../workflows/activity-queues/contract';
import { deploymentOptions } from './deployment';
import { createQueueWorkers, type QueueTuning, type QueueWorkers } from './queue-workers';
import { workflowCode, workflowsPath } from './workflow-bundle';

export { workflowsPath };

/** The workers of certflow: workflows and quick activities on `taskQueue`, integrations and heavy work beside it. */
export async function createCertflowWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** The payload codec; activities' own client (Context.client) inherits it. */
  dataConverter?: DataConverter;
  /** A workflow bundle built by `npm run build`; without it the sources are bundled at start. */
  workflowBundlePath?: string;
  /** Worker Deployment Versioning: the deployment and build this worker announces (docs/versioning.md). */
  deployment?: { deploymentName: string; buildId: string };
  /** Workflows kept in memory between tasks; the SDK's default follows the heap limit (bench/worker-memory.ts measures). */
  maxCachedWorkflows?: number;
  /** The queues this process polls (default all) and each one's limits. */
  queues?: readonly WorkerQueue[];
  tuning?: Partial<Record<WorkerQueue, QueueTuning>>;
  /** How long a stopping worker lets running activities finish before cancelling them (ms). */
  shutdownGraceTimeMs?: number;
}): Promise<QueueWorkers> {
  const base = {
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundlePath ? workflowCode(options.workflowBundlePath) : { workflowsPath }),
    activities: createActivities(options.deps),
    dataConverter: options.dataConverter,
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    ...(options.deployment
      ? { workerDeploymentOptions: deploymentOptions(options.deployment.deploymentName, options.deployment.buildId) }
      : {}),
    ...(options.shutdownGraceTimeMs !== undefined ? { shutdownGraceTime: options.shutdownGraceTimeMs } : {}),
  };
  return createQueueWorkers(base, { queues: options.queues, tuning: options.tuning });
}
