import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptionsAction,
} from '@temporalio/client';
import { goodStandingReportWorkflowName, goodStandingScheduleId } from '../workflows/recertification/contract';

const action = (taskQueue: string): ScheduleOptionsAction => ({
  type: 'startWorkflow',
  workflowType: goodStandingReportWorkflowName,
  workflowId: goodStandingScheduleId,
  taskQueue,
  args: [{ trigger: 'schedule' }],
});

/**
 * Issue 6: the Good Standing Report is "regenerated nightly by a Temporal Schedule". Creates it, or brings an
 * existing one to this task queue and time; safe to call at every worker start.
 */
export async function ensureGoodStandingSchedule(client: Client, taskQueue: string): Promise<void> {
  const spec = { calendars: [{ hour: 2, minute: 15 }], timezone: 'America/New_York' };
  try {
    await client.schedule.create({
      scheduleId: goodStandingScheduleId,
      spec,
      action: action(taskQueue),
      // A slow run is never doubled; a missed night is made up once.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule
      .getHandle(goodStandingScheduleId)
      .update((previous) => ({ ...previous, spec, action: action(taskQueue) }));
  }
}
