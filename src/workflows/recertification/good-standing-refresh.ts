import { ActivityFailure, log, patched, proxyActivities } from '@temporalio/workflow';
import type { goodStandingRefreshActivities } from '../../activities/good-standing-refresh';

// A refresh is worth a few tries, never a stuck case: the nightly run makes the report current anyway.
const { requestGoodStandingRefresh } = proxyActivities<ReturnType<typeof goodStandingRefreshActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 10 },
});

/** Marks runs that ask the Good Standing Schedule for a refresh; runs recorded before generated the report themselves. */
export const goodStandingViaSchedulePatch = 'good-standing-refresh-via-schedule';

/**
 * After a lapse or a renewal: new runs ask the Schedule for a coalesced run (one report for a burst of changes, not
 * one per certificant, each reading every certificant); recorded runs keep generating it here.
 */
export async function refreshGoodStanding(
  trigger: string,
  generateHere: (input: { trigger: string }) => Promise<unknown>,
): Promise<void> {
  if (!patched(goodStandingViaSchedulePatch)) {
    await generateHere({ trigger });
    return;
  }
  try {
    await requestGoodStandingRefresh({ trigger });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    log.warn('good standing refresh not requested; the nightly run will include this change', {
      trigger,
      reason: err.cause?.message ?? err.message,
    });
  }
}
