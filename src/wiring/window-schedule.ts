import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Policy } from '../domain/index';
import { yearlyWindowsScheduleId, yearlyWindowsWorkflowName } from '../workflows/testing-window/contract';

/**
 * The yearly Schedule that creates next year's testing windows for every program. Created once (a Schedule that
 * exists keeps its state and spec, as staff may have paused or edited it in Temporal UI); its args carry the policy
 * this worker loaded, so the windows it starts take the policy file in force as their snapshot.
 */
export async function ensureWindowSchedule(
  client: Client,
  taskQueue: string,
  policy?: Policy,
): Promise<'created' | 'exists' | 'updated'> {
  const args = [policy ? { policy } : {}];
  try {
    await client.schedule.create({
      scheduleId: yearlyWindowsScheduleId,
      spec: {
        calendars: [
          { month: 'MAY', dayOfMonth: 1, hour: 12, comment: 'after the April assembly: create next year’s windows' },
        ],
      },
      action: { type: 'startWorkflow', workflowType: yearlyWindowsWorkflowName, taskQueue, args },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '30 days' },
    });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  if (!policy) return 'exists';
  const handle = client.schedule.getHandle(yearlyWindowsScheduleId);
  const current = await handle.describe();
  if (current.action.type !== 'startWorkflow' || JSON.stringify(current.action.args) === JSON.stringify(args))
    return 'exists';
  await handle.update((prev) => ({
    ...prev,
    action: { ...prev.action, type: 'startWorkflow', workflowType: yearlyWindowsWorkflowName, args },
  }));
  return 'updated';
}
