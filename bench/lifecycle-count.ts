// Counts what each phase of a run made happen on the server, from the histories: workflow starts, signals,
// Updates, timers and activities. An event that comes from outside a workflow (its start, a signal, an accepted
// Update, a timer firing) belongs to the phase running when it was recorded; everything a workflow does next
// (activities, timers, tasks) belongs to that same phase, so trailing work is never credited to the next phase.
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { forEachConcurrently, waitUntil } from './bench-util';

const E = proto.temporal.api.enums.v1.EventType;
type History = proto.temporal.api.history.v1.IHistory;

export interface Counts {
  starts: number;
  signals: number;
  updates: number;
  timers: number;
  activities: number;
  workflowTasks: number;
  events: number;
}

export const zeroCounts = (): Counts => ({
  starts: 0,
  signals: 0,
  updates: 0,
  timers: 0,
  activities: 0,
  workflowTasks: 0,
  events: 0,
});

export function addCounts(into: Counts, more: Counts): Counts {
  for (const k of Object.keys(into) as (keyof Counts)[]) into[k] += more[k];
  return into;
}

export interface PhaseWindow {
  name: string;
  startedAt: number;
}

export interface WorkflowCounts {
  workflowId: string;
  type: string;
  /** In phase order; phases in which the workflow did nothing are absent. */
  phases: Map<string, Counts>;
}

const TRIGGERS = new Set([
  E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
  E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
  E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
  E.EVENT_TYPE_TIMER_FIRED,
]);

const COUNTED: Partial<Record<number, keyof Counts>> = {
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED]: 'starts',
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED]: 'signals',
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED]: 'updates',
  [E.EVENT_TYPE_TIMER_STARTED]: 'timers',
  [E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED]: 'activities',
  [E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED]: 'workflowTasks',
};

/** An event's time in epoch ms (seconds arrive as a Long or a number). */
function eventMs(
  ts: { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined,
): number {
  const s = ts?.seconds;
  return (typeof s === 'number' ? s : (s?.toNumber() ?? 0)) * 1000 + Math.floor((ts?.nanos ?? 0) / 1e6);
}

/** The phase running at `ms`: the last one started at or before it (the first one for anything earlier). */
function phaseAt(phases: readonly PhaseWindow[], ms: number): string {
  let name = phases[0]!.name;
  for (const p of phases) if (p.startedAt <= ms) name = p.name;
  return name;
}

/** One history's events, per phase. `phases` in the order they ran. */
export function countHistory(history: History, phases: readonly PhaseWindow[]): Map<string, Counts> {
  const out = new Map<string, Counts>();
  let current = phases[0]!.name;
  for (const event of history.events ?? []) {
    const type = event.eventType ?? 0;
    if (TRIGGERS.has(type)) current = phaseAt(phases, eventMs(event.eventTime));
    const counts = out.get(current) ?? zeroCounts();
    out.set(current, counts);
    counts.events += 1;
    const key = COUNTED[type];
    if (key) counts[key] += 1;
  }
  // Phase order, whatever order the events came in.
  return new Map(phases.filter((p) => out.has(p.name)).map((p) => [p.name, out.get(p.name)!]));
}

/** Every workflow on the task queue (waiting for visibility to show at least `atLeast`), counted per phase. */
export async function countTaskQueue(
  client: Client,
  taskQueue: string,
  phases: readonly PhaseWindow[],
  atLeast: number,
): Promise<WorkflowCounts[]> {
  const query = `TaskQueue = "${taskQueue}"`;
  await waitUntil(
    `${atLeast} workflows listed on ${taskQueue}`,
    async () => {
      const { count } = await client.workflow.count(query);
      return count >= atLeast || `${count} listed`;
    },
    60_000,
  );
  const listed: { workflowId: string; runId: string; type: string }[] = [];
  for await (const wf of client.workflow.list({ query }))
    listed.push({ workflowId: wf.workflowId, runId: wf.runId, type: wf.type });
  const out: WorkflowCounts[] = [];
  await forEachConcurrently(listed, 16, async (wf) => {
    const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
    out.push({ workflowId: wf.workflowId, type: wf.type, phases: countHistory(history, phases) });
  });
  return out.sort((a, b) => a.workflowId.localeCompare(b.workflowId));
}

/** Totals per phase (and per workflow type inside it), in phase order. */
export function totalsByPhase(
  workflows: readonly WorkflowCounts[],
  phases: readonly PhaseWindow[],
): Map<string, { all: Counts; workflows: number; byType: Map<string, Counts> }> {
  const out = new Map(
    phases.map((p) => [p.name, { all: zeroCounts(), workflows: 0, byType: new Map<string, Counts>() }]),
  );
  for (const wf of workflows) {
    for (const [name, counts] of wf.phases) {
      const t = out.get(name)!;
      addCounts(t.all, counts);
      t.workflows += 1;
      t.byType.set(wf.type, addCounts(t.byType.get(wf.type) ?? zeroCounts(), counts));
    }
  }
  return out;
}
