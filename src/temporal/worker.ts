import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index';
import { deploymentOptions } from './deployment';
import { workflowCode, workflowsPath } from './workflow-bundle';

export { workflowsPath };

/** The one worker of certflow: every workflow and activity on one task queue. */
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
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundlePath ? workflowCode(options.workflowBundlePath) : { workflowsPath }),
    activities: createActivities(options.deps),
    dataConverter: options.dataConverter,
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    ...(options.deployment ? { workerDeploymentOptions: deploymentOptions(options.deployment.deploymentName, options.deployment.buildId) } : {}),
  });
}
