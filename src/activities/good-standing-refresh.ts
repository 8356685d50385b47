import { Context, log } from '@temporalio/activity';
import { isGrpcServiceError, ScheduleNotFoundError, ScheduleOverlapPolicy, ServiceError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ensureGoodStandingSchedule } from '../temporal/good-standing-schedule';
import { goodStandingScheduleId } from '../workflows/recertification/contract';

// gRPC status of a server without Schedules (the time-skipping test server).
const UNIMPLEMENTED = 12;

const unimplemented = (err: unknown) =>
  err instanceof ServiceError && isGrpcServiceError(err.cause) && err.cause.code === UNIMPLEMENTED;

export function goodStandingRefreshActivities() {
  return {
    /**
     * Asks the Good Standing Schedule for a run now instead of generating the report in a lapse or a renewal. BUFFER_ONE
     * coalesces a burst into the run under way plus one queued run, which starts after the last request and so
     * includes it; the report is generated a bounded number of times, never once per certificant.
     */
    async requestGoodStandingRefresh(input: { trigger: string }): Promise<void> {
      const { client, info } = Context.current();
      const schedule = client.schedule.getHandle(goodStandingScheduleId);
      try {
        await schedule.trigger(ScheduleOverlapPolicy.BUFFER_ONE).catch(async (err: unknown) => {
          if (!(err instanceof ScheduleNotFoundError)) throw err;
          // Deleted, or never ensured on this server: put it back for this worker's task queue, then ask again.
          await ensureGoodStandingSchedule(client, info.taskQueue);
          await schedule.trigger(ScheduleOverlapPolicy.BUFFER_ONE);
        });
      } catch (err) {
        if (unimplemented(err))
          throw ApplicationFailure.nonRetryable(
            'this Temporal server has no Schedules, so the Good Standing Report cannot be refreshed through one',
            'SchedulesUnavailable',
          );
        throw err;
      }
      log.info('good standing refresh requested', { trigger: input.trigger });
    },
  };
}
