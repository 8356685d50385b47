// The floor of bench/lifecycle.ts: for every workflow of the real run, one no-op stand-in that receives, phase by
// phase, the same starts, signals and Updates and does the same number of timers (1 ms) and no-op activities, on the
// same server with the same payload codec, sent with the same concurrency. Nothing else: no HTTP, no database, no email.
// It is meant as the cheapest way to the same counts: triggers go through the worker's native connection (as the
// window's fan-out signals do; grpc-js in a busy process is slower), longest chains of work first.
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { testEncryption } from '../test/helpers/temporal';
import { forEachConcurrently, waitUntil } from './bench-util';
import { countTaskQueue, type PhaseWindow, type WorkflowCounts } from './lifecycle-count';
import { floorSignal, floorUpdate, lifecycleFloorWorkflow, type FloorWork } from './workflows-floor';

export interface FloorRun {
  phases: { name: string; startedAt: number; endedAt: number }[];
  /** Work that a timer firing started in the real run arrives here with a signal of its own (counted apart). */
  wakeUps: number;
  /** The floor's own histories, counted the same way as the real run's. */
  counts: WorkflowCounts[];
}

export async function runFloor(
  env: TestWorkflowEnvironment,
  plan: readonly WorkflowCounts[],
  phaseNames: readonly string[],
  options: { concurrency: number; log: (line: string) => void },
): Promise<FloorRun> {
  const taskQueue = `bench-lifecycle-floor-${Math.random().toString(36).slice(2, 8)}`;
  const done = new Map<string, number>();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    dataConverter: testEncryption.dataConverter,
    workflowsPath: fileURLToPath(new URL('./workflows-floor.ts', import.meta.url)),
    activities: { floorNoop: async (phase: string) => void done.set(phase, (done.get(phase) ?? 0) + 1) },
  });
  const client = new Client({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    dataConverter: testEncryption.dataConverter,
  });
  return worker.runUntil(async () => {
    const phases: FloorRun['phases'] = [];
    let wakeUps = 0;
    for (const phase of phaseNames) {
      const items = plan
        .map((wf, i) => ({ id: `floor-${i}`, counts: wf.phases.get(phase) }))
        .filter((x) => x.counts !== undefined)
        .sort((a, b) => b.counts!.activities + b.counts!.timers - (a.counts!.activities + a.counts!.timers));
      const expected = items.reduce((n, x) => n + x.counts!.activities, 0);
      const startedAt = Date.now();
      await forEachConcurrently(items, options.concurrency, async ({ id, counts: c }) => {
        let work: FloorWork | undefined = { phase, timers: c!.timers, activities: c!.activities };
        // The work rides on the first trigger of the phase; the others carry none.
        const take = (): FloorWork => {
          const w = work ?? { phase, timers: 0, activities: 0 };
          work = undefined;
          return w;
        };
        const handle = client.workflow.getHandle(id);
        if (c!.starts)
          await client.workflow.start(lifecycleFloorWorkflow, { workflowId: id, taskQueue, args: [take()] });
        for (let u = 0; u < c!.updates; u++) await handle.executeUpdate(floorUpdate, { args: [take()] });
        for (let s = 0; s < c!.signals; s++) await handle.signal(floorSignal, take());
        if (work !== undefined && (c!.timers > 0 || c!.activities > 0)) {
          wakeUps += 1;
          await handle.signal(floorSignal, take());
        }
      });
      await waitUntil(
        `floor ${phase}: ${expected} no-op activities`,
        async () => (done.get(phase) ?? 0) >= expected || `${done.get(phase) ?? 0} done`,
        30 * 60_000,
        50,
      );
      phases.push({ name: phase, startedAt, endedAt: Date.now() });
      options.log(`  floor ${phase}: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    }
    const windows: PhaseWindow[] = phases.map((p) => ({ name: p.name, startedAt: p.startedAt }));
    const counts = await countTaskQueue(env.client, taskQueue, windows, plan.length);
    return { phases, wakeUps, counts };
  });
}
