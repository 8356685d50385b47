import type { createActivities } from '../../activities/index';

/** The task queues a certflow deployment polls; `main` is the workflows' own (TEMPORAL_TASK_QUEUE). */
export const workerQueues = ['main', 'integrations', 'heavy'] as const;
export type WorkerQueue = (typeof workerQueues)[number];
export type ActivityQueue = Exclude<WorkerQueue, 'main'>;

/** A queue's task queue name, derived from the main one so that every deployment (and test) has its own: certflow → certflow-heavy. */
export function taskQueueOf(mainTaskQueue: string, queue: WorkerQueue): string {
  return queue === 'main' ? mainTaskQueue : `${mainTaskQueue}-${queue}`;
}

/**
 * Activities that leave the main queue (docs/operations.md, "Worker topology"): calls to the badge platform and the
 * test vendor go to `integrations`, rate limited there; a window's analysis, equating, statistics and release
 * fan-out go to `heavy`, so they never hold up the quick steps of the cases. Every other activity stays on `main`.
 */
export const activityQueueOf: Partial<Record<keyof ReturnType<typeof createActivities>, ActivityQueue>> = {
  reserveSeat: 'integrations',
  releaseSeat: 'integrations',
  issueBadge: 'integrations',
  replaceBadgeExpiry: 'integrations',
  revokeBadge: 'integrations',
  analyzeWindowResults: 'heavy',
  equateWindow: 'heavy',
  publishStatistics: 'heavy',
  notifyWindowApplications: 'heavy',
};
