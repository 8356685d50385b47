import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkExactlyOnce,
  forgetNotifications,
  releaseWithFailure,
  seedReleasedWindow,
  type SeededWindow,
} from '../../bench/release-fanout-core';
import type { SendSignal } from '../../src/activities/testing-window-fanout';
import { countNotified } from '../../src/db/tables/testing-windows';
import { openTestDatabase } from '../helpers/database';

// The benchmark's core at a small size: correctness only (timings belong to bench/release-fanout.ts).
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let window: SeededWindow;
beforeAll(async () => {
  database = await openTestDatabase();
  window = await seedReleasedWindow(database.db, 500);
}, 120_000);
afterAll(async () => {
  await database?.close();
});

function counter() {
  const deliveries = new Map<string, number>();
  const payloads = new Map<string, any>();
  const send: SendSignal = async (workflowId, signalName, payload) => {
    expect(signalName).toBe('scoreReleasedSignal');
    deliveries.set(workflowId, (deliveries.get(workflowId) ?? 0) + 1);
    payloads.set(workflowId, payload);
  };
  return { deliveries, payloads, send };
}

describe('release fan-out benchmark core (500 applications, in-process sender)', () => {
  it('tells every application exactly once although the sender fails midway through a batch and the retry resumes from the heartbeat', async () => {
    await forgetNotifications(database.db, window);
    const { deliveries, payloads, send } = counter();
    const run = await releaseWithFailure(database.db, window, send, { failAfter: 237, batchSize: 100 });
    expect(run.attempts).toBe(2);
    expect(run.sentPerAttempt).toEqual([237, 263]);
    // Batches 1 and 2 finished before the failure in batch 3: the retry starts after the second batch's last id.
    expect(run.resumedFrom).toMatchObject({ cursor: window.ids[199], told: 200 });
    expect(checkExactlyOnce(window, deliveries, run, 237)).toEqual({ exactlyOnce: 500, missing: 0, duplicated: 0 });
    expect(
      await countNotified(database.db, { program: window.program, windowId: window.windowId, kind: 'score-released' }),
    ).toBe(500);
    // Each candidate gets their own stored score.
    const stored = await database.db
      .selectFrom('exam_results')
      .select(['application_id', 'raw', 'scaled', 'passed'])
      .where('application_id', '=', window.ids[321]!)
      .executeTakeFirstOrThrow();
    expect(payloads.get(window.ids[321]!)).toMatchObject({
      windowId: window.windowId,
      formId: window.formId,
      raw: stored.raw,
      scaled: stored.scaled,
      passed: stored.passed,
    });
  });

  it('fails loudly when an application is told twice or never', async () => {
    await forgetNotifications(database.db, window);
    const { deliveries, send } = counter();
    const run = await releaseWithFailure(database.db, window, send, { failAfter: 1_000, batchSize: 100 });
    expect(checkExactlyOnce(window, deliveries, run, 1_000).exactlyOnce).toBe(500);
    deliveries.set(window.ids[5]!, 2);
    deliveries.delete(window.ids[6]!);
    expect(() => checkExactlyOnce(window, deliveries, run, 1_000)).toThrow(
      /1 applications never told; 1 applications told more than once/,
    );
  });
});
