import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll } from 'vitest';
import { createTimeSkippingEnv } from '../helpers/temporal';
import { fakeActivities, startWorker } from './recertification-harness';

/** One time-skipping server and worker for a test file, on recording fakes; `env` is set once beforeAll ran. */
export function recertificationTestEnv(taskQueue: string) {
  const fakes = fakeActivities();
  const t = { env: undefined as unknown as TestWorkflowEnvironment, fakes, taskQueue };
  let worker: { stop(): Promise<void> } | undefined;
  beforeAll(async () => {
    t.env = await createTimeSkippingEnv();
    worker = await startWorker(t.env, taskQueue, fakes.activities);
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await t.env?.teardown();
  });
  return t;
}
