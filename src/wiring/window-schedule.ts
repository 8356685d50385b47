import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { yearlyWindowsScheduleId, yearlyWindowsWorkflowName } from '../workflows/testing-window/contract';

/**
 * The yearly Schedule that creates next year's testing windows for every program. Created once (a Schedule that
 * exists is left as staff may have paused or edited it in Temporal UI). May 1st: after the April form assembly.
 */
export async function ensureWindowSchedule(client: Client, taskQueue: string): Promise<'created' | 'exists'> {
  try {
    await client.schedule.create({
      scheduleId: yearlyWindowsScheduleId,
      spec: { calendars: [{ month: 'MAY', dayOfMonth: 1, hour: 12, comment: 'after the April assembly: create next year’s windows' }] },
      action: { type: 'startWorkflow', workflowType: yearlyWindowsWorkflowName, taskQueue, args: [{}] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '30 days' },
    });
    return 'created';
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return 'exists';
    throw err;
  }
}
