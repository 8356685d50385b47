// Bench-only workflows for bench/release-fanout.ts, bundled by the bench's own Worker.
import {
  ApplicationFailure,
  condition,
  defineSignal,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { testingWindowFanOutActivities } from '../src/activities/testing-window-fanout';
import { scoreReleasedSignal } from '../src/workflows/exam-application/window-signals';
import { stageKey } from '../src/workflows/search-attributes';

/** The floor's signal: the same round trip to the same workflows, with nothing to do on arrival. */
export const benchPingSignal = defineSignal('benchPingSignal');

/** Stand-in for an application: counts the score signals it receives and shows the count in `Stage` (told-1, told-2…). */
export async function releaseCounterWorkflow(): Promise<void> {
  let received = 0;
  setHandler(benchPingSignal, () => undefined);
  setHandler(scoreReleasedSignal, () => {
    received += 1;
    upsertSearchAttributes([{ key: stageKey, value: `told-${received}` }]);
  });
  // Set here, not at start: the bench releases only once every stand-in has run its first task.
  upsertSearchAttributes([{ key: stageKey, value: 'waiting' }]);
  // Stays open so that a duplicate signal would land here and be counted, not bounce as "not found".
  await condition(() => false);
}

type FanOut = ReturnType<typeof testingWindowFanOutActivities>;
export type ReleaseInput = Parameters<FanOut['notifyWindowApplications']>[0];

/** Runs the real fan-out activity with the retry policy a window uses; the bench's sender fails attempt 1 midway. */
export async function releaseDriverWorkflow(
  input: ReleaseInput,
  heartbeatTimeout: string,
): Promise<{ told: number; gone: number }> {
  const { notifyWindowApplications } = proxyActivities<FanOut>({
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout,
    retry: { initialInterval: '1 second', maximumAttempts: 3 },
  });
  const result = await notifyWindowApplications(input);
  if (result.gone !== 0)
    throw ApplicationFailure.create({
      type: 'BenchFailure',
      message: `${result.gone} stand-ins were gone`,
      nonRetryable: true,
    });
  return result;
}
