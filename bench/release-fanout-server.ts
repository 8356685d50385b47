// The real-server half of bench/release-fanout.ts: the same activity on a Temporal dev server, signalling
// one stand-in workflow per application, with a real activity retry resuming from the server-kept heartbeat.
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { testingWindowFanOutActivities, type SendSignal } from '../src/activities/testing-window-fanout';
import type { Db } from '../src/db/database';
import type { Mailer } from '../src/email/transport';
import { stageKey } from '../src/workflows/search-attributes';
import { createDevServerEnv, testEncryption } from '../test/helpers/temporal';
import { forgetNotifications, type SeededWindow } from './release-fanout-core';
import { benchPingSignal, releaseCounterWorkflow, releaseDriverWorkflow } from './workflows-release-fanout';

const TASK_QUEUE = 'bench-release-fanout';

async function inParallel<T>(items: T[], width: number, f: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(f));
}

export interface ServerRun {
  startStandInsMs: number;
  fanOutMs: number;
  activityMs: number;
  attemptSpans: [number, number][];
  floorMs: number;
  sentPerAttempt: number[];
  resumedFrom: unknown;
  result: { told: number; gone: number };
  toldOnce: number;
  toldMoreThanOnce: number;
  standIns: number;
}

async function waitForCount(client: Client, query: string, n: number): Promise<void> {
  for (let wait = 0; wait < 1200; wait++) {
    if ((await client.workflow.count(query)).count === n) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`never reached ${n} for ${query}`);
}

/** Counts stand-ins by `Stage` through visibility, waiting until every one has been told (visibility lags a little). */
async function countTold(client: Client, n: number): Promise<{ once: number; more: number; total: number }> {
  const q = (extra: string) =>
    client.workflow.count(`WorkflowType = "releaseCounterWorkflow"${extra}`).then((r) => r.count);
  let last = -1;
  for (let wait = 0; wait < 600; wait++) {
    const once = await q(' AND Stage = "told-1"');
    if (once === n || (once === last && wait > 20)) {
      const total = await q('');
      const notYet = await q(' AND Stage = "waiting"');
      return { once, more: total - once - notYet, total };
    }
    last = once;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('visibility never settled');
}

export async function runOnDevServer(
  db: Db,
  window: SeededWindow,
  options: { failAfter: number; batchSize: number; heartbeatTimeout: string; log: (line: string) => void },
): Promise<ServerRun> {
  // The SDK's info lines (worker state, webpack) would drown the figures.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const env = await createDevServerEnv();
  try {
    const sentPerAttempt: number[] = [0, 0, 0];
    let admitted = 0;
    let resumedFrom: unknown;
    let workerClient: Client | undefined;
    const firstAndLastSend: [number, number][] = [];
    const sendSignal: SendSignal = async (workflowId, signalName, payload) => {
      const info = Context.current().info;
      const span = (firstAndLastSend[info.attempt - 1] ??= [performance.now(), 0]);
      workerClient ??= Context.current().client;
      if (info.attempt > 1) resumedFrom ??= info.heartbeatDetails ?? null;
      // Counted before the await: up to 32 sends are in flight at once.
      if (info.attempt === 1 && ++admitted > options.failAfter)
        throw new Error('signal service unavailable (injected)');
      await Context.current().client.workflow.getHandle(workflowId).signal(signalName, payload);
      sentPerAttempt[info.attempt - 1]! += 1;
      span[1] = performance.now();
    };
    const deps = {
      db,
      mailer: {} as Mailer,
      links: { secret: 's'.repeat(32), baseUrl: 'http://localhost', ttlDays: 30 },
    };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      dataConverter: testEncryption.dataConverter,
      taskQueue: TASK_QUEUE,
      workflowsPath: fileURLToPath(new URL('./workflows-release-fanout.ts', import.meta.url)),
      activities: testingWindowFanOutActivities(deps, { sendSignal }),
    });
    return await worker.runUntil(async () => {
      let t0 = performance.now();
      let started = 0;
      await inParallel(window.ids, 64, async (id) => {
        await env.client.workflow.start(releaseCounterWorkflow, {
          workflowId: id,
          taskQueue: TASK_QUEUE,
          typedSearchAttributes: [{ key: stageKey, value: 'started' }],
        });
        if (++started % 2000 === 0) options.log(`  started ${started} stand-ins`);
      });
      // Settled: every stand-in has run its first workflow task, so the release does not queue behind them.
      await waitForCount(
        env.client,
        'WorkflowType = "releaseCounterWorkflow" AND Stage = "waiting"',
        window.ids.length,
      );
      const startStandInsMs = performance.now() - t0;
      options.log(
        `  ${window.ids.length} stand-ins started and settled in ${(startStandInsMs / 1000).toFixed(1)} s; releasing`,
      );

      await forgetNotifications(db, window);
      t0 = performance.now();
      const result = await env.client.workflow.execute(releaseDriverWorkflow, {
        workflowId: `bench-release-${window.program}-${window.windowId}`,
        taskQueue: TASK_QUEUE,
        args: [
          {
            workflowId: 'bench',
            program: window.program,
            windowId: window.windowId,
            notice: { kind: 'score-released', releasedAt: '2027-12-20T14:00:00.000Z' },
            batchSize: options.batchSize,
          },
          options.heartbeatTimeout,
        ],
      });
      const fanOutMs = performance.now() - t0;
      const attemptSpans = firstAndLastSend.map(
        ([a, b]) => [+((a - t0) / 1000).toFixed(2), +((b - t0) / 1000).toFixed(2)] as [number, number],
      );
      // From the first signal of attempt 1 to the last of the retry: the activity's own work, retry wait included.
      const activityMs = firstAndLastSend.at(-1)![1] - firstAndLastSend[0]![0];
      options.log(`  fan-out done in ${(fanOutMs / 1000).toFixed(1)} s; counting through visibility`);
      const told = await countTold(env.client, window.ids.length);

      // Floor: the same number of signals to the same workflows through the same client, without the activity.
      t0 = performance.now();
      await inParallel(window.ids, 32, (id) => workerClient!.workflow.getHandle(id).signal(benchPingSignal));
      const floorMs = performance.now() - t0;
      return {
        startStandInsMs,
        fanOutMs,
        activityMs,
        attemptSpans,
        floorMs,
        sentPerAttempt,
        resumedFrom,
        result,
        toldOnce: told.once,
        toldMoreThanOnce: told.more,
        standIns: told.total,
      };
    });
  } finally {
    await env.teardown();
  }
}
