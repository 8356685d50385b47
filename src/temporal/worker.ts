import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index';

export { workflowsPath } from './workflow-bundle';
import { workflowsPath } from './workflow-bundle';

/** The one worker of certflow: every workflow and activity on one task queue. */
export async function createCertflowWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** The payload codec; activities' own client (Context.client) inherits it. */
  dataConverter?: DataConverter;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowsPath,
    activities: createActivities(options.deps),
    dataConverter: options.dataConverter,
  });
}
