import { Worker, type WorkerOptions } from '@temporalio/worker';
import { taskQueueOf, workerQueues, type WorkerQueue } from '../workflows/activity-queues/contract';

/** Per-queue settings a deployment tunes (docs/operations.md, "Worker topology"). */
export interface QueueTuning {
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
  /** Activities per second across every worker of the queue, enforced by the server. */
  maxTaskQueueActivitiesPerSecond?: number;
}

/** One Worker per task queue, run, stopped and probed as one: the interface of a Worker that callers use. */
export interface QueueWorkers {
  /** The Worker of each queue this process polls. */
  readonly byQueue: Partial<Record<WorkerQueue, Worker>>;
  run(): Promise<void>;
  runUntil<R>(fnOrPromise: Promise<R> | (() => Promise<R>)): Promise<R>;
  shutdown(): void;
  /** RUNNING only while every Worker runs; otherwise the state of one that does not (FAILED first). */
  getState(): string;
}

/**
 * `options` describe the main queue's Worker (workflows and the quick activities); the integrations and heavy queues
 * get activity-only Workers with the same activities, on task queues named after the main one. `queues` picks which
 * of them this process polls (WORKER_QUEUES): heavy work may get a machine of its own.
 */
export async function createQueueWorkers(
  options: WorkerOptions,
  settings: { queues?: readonly WorkerQueue[]; tuning?: Partial<Record<WorkerQueue, QueueTuning>> } = {},
): Promise<QueueWorkers> {
  const byQueue: Partial<Record<WorkerQueue, Worker>> = {};
  const hasActivities = Object.keys(options.activities ?? {}).length > 0;
  for (const queue of settings.queues ?? workerQueues) {
    // A Worker with workflows only (a test's fixture) has nothing to run on the activity queues.
    if (queue !== 'main' && !hasActivities) continue;
    const own = queue === 'main' ? options : activityOnly(options);
    byQueue[queue] = await Worker.create({
      ...own,
      taskQueue: taskQueueOf(options.taskQueue, queue),
      ...settings.tuning?.[queue],
    });
  }
  return combine(byQueue);
}

function activityOnly(options: WorkerOptions): WorkerOptions {
  const { workflowsPath: _path, workflowBundle: _bundle, maxCachedWorkflows: _cached, ...rest } = options;
  return rest;
}

function combine(byQueue: Partial<Record<WorkerQueue, Worker>>): QueueWorkers {
  const workers = Object.values(byQueue);
  const shutdown = () => {
    // Worker.shutdown throws unless the Worker runs; one that failed or already stopped has nothing to drain.
    for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
  };
  const run = async () => {
    // One Worker failing stops the others, so the process ends and is restarted rather than half-polling.
    await Promise.all(workers.map((w) => w.run().catch((err: unknown) => (shutdown(), Promise.reject(err)))));
  };
  return {
    byQueue,
    run,
    shutdown,
    getState() {
      const states = workers.map((w) => w.getState());
      return states.find((s) => s === 'FAILED') ?? states.find((s) => s !== 'RUNNING') ?? 'RUNNING';
    },
    async runUntil<R>(fnOrPromise: Promise<R> | (() => Promise<R>)): Promise<R> {
      const running = run();
      try {
        const work = typeof fnOrPromise === 'function' ? fnOrPromise() : fnOrPromise;
        // A Worker that fails meanwhile ends the wait with its error, as Worker.runUntil does.
        return await Promise.race([work, running.then(() => work)]);
      } finally {
        shutdown();
        await running;
      }
    },
  };
}
