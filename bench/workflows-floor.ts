// Bench-only workflows, bundled by the benches' own Workers: the floors of bench/lifecycle.ts and bench/apply.ts.
import { condition, defineSignal, defineUpdate, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

/** What one start, signal or Update asks of the floor workflow: that many 1 ms timers, then that many no-op activities. */
export interface FloorWork {
  phase: string;
  timers: number;
  activities: number;
}

export interface FloorActivities {
  floorNoop(phase: string): Promise<void>;
}

export const floorSignal = defineSignal<[FloorWork]>('floorSignal');
export const floorUpdate = defineUpdate<void, [FloorWork]>('floorUpdate');

const { floorNoop } = proxyActivities<FloorActivities>({ startToCloseTimeout: '1 minute' });

async function perform(work: FloorWork): Promise<void> {
  // sleep(0) is a 1 ms timer: a real TimerStarted / TimerFired round trip.
  for (let i = 0; i < work.timers; i++) await sleep(0);
  for (let i = 0; i < work.activities; i++) await floorNoop(work.phase);
}

/** Stands in for one workflow of the lifecycle: does the work each trigger carries, one trigger at a time, and stays open. */
export async function lifecycleFloorWorkflow(first: FloorWork): Promise<void> {
  const inbox: FloorWork[] = [first];
  setHandler(floorSignal, (work) => void inbox.push(work));
  // The Update answers at once and its work follows, as cheap as a trigger can be (the real ones answer after theirs).
  setHandler(floorUpdate, (work) => void inbox.push(work));
  for (;;) {
    await condition(() => inbox.length > 0);
    await perform(inbox.shift()!);
  }
}

/** The floor of `POST /apply`: a workflow that starts and ends. */
export async function emptyWorkflow(): Promise<void> {}
