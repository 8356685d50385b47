import {
  patched,
  proxyActivities,
  workflowInfo,
  type ActivityInterfaceFor,
  type ActivityOptions,
} from '@temporalio/workflow';
import { activityQueueOf, taskQueueOf, type ActivityQueue } from './contract';

/** Landed histories scheduled every activity on the workflow's own task queue; new runs route them (docs/versioning.md). */
export const activityTaskQueuesPatch = 'activity-task-queues';

/**
 * proxyActivities whose integration and heavy activities go to their own task queue, beside the workflow's. The
 * patch is asked when such an activity is scheduled, so a replayed history keeps its queue and a case in flight moves
 * over at its next such call.
 */
export function routedActivities<A extends object>(options: ActivityOptions): ActivityInterfaceFor<A> {
  const onMain = proxyActivities<A>(options);
  return new Proxy(onMain, {
    get(target, name, receiver) {
      const queue =
        typeof name === 'string' ? (activityQueueOf as Partial<Record<string, ActivityQueue>>)[name] : undefined;
      if (queue === undefined) return Reflect.get(target, name, receiver);
      return (...args: unknown[]) => {
        const proxy = patched(activityTaskQueuesPatch)
          ? proxyActivities<A>({ ...options, taskQueue: taskQueueOf(workflowInfo().taskQueue, queue) })
          : target;
        return (Reflect.get(proxy, name) as (...a: unknown[]) => Promise<unknown>)(...args);
      };
    },
  });
}
