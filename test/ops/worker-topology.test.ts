import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env';
import { createQueueWorkers, type QueueWorkers } from '../../src/temporal/queue-workers';
import { workflowsPath } from '../../src/temporal/worker';
import { workerTopology } from '../../src/wiring/worker';
import { taskQueueOf, type WorkerQueue } from '../../src/workflows/activity-queues/contract';
import { eventually } from '../helpers/eventually';
import { createDevServerEnv, testEncryption } from '../helpers/temporal';

const { TaskQueueType, TaskQueueKind, RateLimitSource } = temporal.api.enums.v1;
let env: TestWorkflowEnvironment;
const running: QueueWorkers[] = [];
beforeAll(async () => {
  env = await createDevServerEnv();
});
afterAll(async () => {
  for (const w of running) w.shutdown();
  await env?.teardown();
});

/** The workers a process started with these settings polls, on task queues named after `taskQueue`. */
async function processWith(taskQueue: string, settings: Record<string, string>): Promise<void> {
  const topology = workerTopology(parseEnv(settings));
  const workers = await createQueueWorkers(
    {
      connection: env.nativeConnection,
      dataConverter: testEncryption.dataConverter,
      taskQueue,
      workflowsPath,
      activities: { noop: async () => undefined },
      shutdownGraceTime: topology.shutdownGraceTimeMs,
    },
    topology,
  );
  void workers.run();
  running.push(workers);
}

function describeQueue(taskQueue: string, queue: WorkerQueue, type: 'workflow' | 'activity') {
  return env.client.workflowService.describeTaskQueue({
    namespace: env.namespace ?? 'default',
    taskQueue: { name: taskQueueOf(taskQueue, queue), kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType:
      type === 'workflow' ? TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW : TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    reportConfig: true,
  });
}

const polled = async (taskQueue: string, queue: WorkerQueue, type: 'workflow' | 'activity') =>
  ((await describeQueue(taskQueue, queue, type)).pollers ?? []).length > 0;

describe('worker topology: one Worker per task queue, each with its limits', () => {
  it('by default a process polls main (workflows and activities), integrations and heavy (activities only)', async () => {
    await processWith('topology-all', {});
    await eventually(
      async () => {
        expect(await polled('topology-all', 'main', 'workflow')).toBe(true);
        expect(await polled('topology-all', 'main', 'activity')).toBe(true);
        expect(await polled('topology-all', 'integrations', 'activity')).toBe(true);
        expect(await polled('topology-all', 'heavy', 'activity')).toBe(true);
      },
      30_000,
      250,
    );
    // Workflows live on main only: the other Workers never take a workflow task.
    expect(await polled('topology-all', 'integrations', 'workflow')).toBe(false);
    expect(await polled('topology-all', 'heavy', 'workflow')).toBe(false);
  });

  it('the server holds the integrations queue to WORKER_INTEGRATIONS_ACTIVITIES_PER_SECOND, set by its workers', async () => {
    await processWith('topology-limited', { WORKER_INTEGRATIONS_ACTIVITIES_PER_SECOND: '4' });
    const limit = await eventually(
      async () => {
        const described = await describeQueue('topology-limited', 'integrations', 'activity');
        expect(described.effectiveRateLimit?.rateLimitSource).toBe(RateLimitSource.RATE_LIMIT_SOURCE_WORKER);
        return described.effectiveRateLimit!;
      },
      30_000,
      250,
    );
    expect(limit.requestsPerSecond).toBe(4);
    // The main queue has no limit of the workers' making.
    expect((await describeQueue('topology-limited', 'main', 'activity')).effectiveRateLimit?.rateLimitSource).not.toBe(
      RateLimitSource.RATE_LIMIT_SOURCE_WORKER,
    );
  });

  it('WORKER_QUEUES=heavy runs the heavy Worker alone, so heavy work can have a machine of its own', async () => {
    await processWith('topology-heavy', { WORKER_QUEUES: 'heavy' });
    await eventually(async () => expect(await polled('topology-heavy', 'heavy', 'activity')).toBe(true), 30_000, 250);
    expect(await polled('topology-heavy', 'main', 'workflow')).toBe(false);
    expect(await polled('topology-heavy', 'main', 'activity')).toBe(false);
    expect(await polled('topology-heavy', 'integrations', 'activity')).toBe(false);
  });
});
