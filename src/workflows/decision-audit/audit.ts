import { currentUpdateInfo, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { decisionAuditActivities } from '../../activities/decision-audit';
import type { DecisionAuditInput, DecisionSender } from './contract';

/** Landed histories took decisions without this audit step; new runs record who sent them (docs/versioning.md). */
export const decisionAuditPatch = 'audit-decisions-from-temporal';

// Recording who decided must never fail the decision: retry for as long as it takes.
const auditing = proxyActivities<ReturnType<typeof decisionAuditActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

// Module state is per workflow run: the signals of each name this run has handled, in history order.
const handledSignals: Record<string, number> = {};

/** Call first thing in a signal handler (before any await): the n-th such signal is the n-th such event in history. */
export function signalSender(signalName: string): DecisionSender {
  handledSignals[signalName] = (handledSignals[signalName] ?? 0) + 1;
  return { signalName, ordinal: handledSignals[signalName] };
}

/** Call inside an Update handler: the id names the accepted event that holds the sender. */
export function updateSender(): DecisionSender {
  const info = currentUpdateInfo();
  if (!info) throw new Error('updateSender() outside an Update handler');
  return { updateId: info.id };
}

/** Records the decision just taken with its sender; the activity leaves console decisions to the console's own entry. */
export async function auditDecision(sender: DecisionSender, entry: Pick<DecisionAuditInput, 'action' | 'subject' | 'before' | 'after'>): Promise<void> {
  if (!patched(decisionAuditPatch)) return;
  const { workflowId, runId } = workflowInfo();
  await auditing.auditTemporalDecision({ workflowId, runId, sender, ...entry });
}

type Entry = Pick<DecisionAuditInput, 'action' | 'subject' | 'before' | 'after'>;

/**
 * Wraps a synchronous Update handler: runs without the patch (replaying a landed history) answer as before, in the
 * same activation; new runs audit the decision before answering.
 */
export function auditedSyncUpdate<A, R>(handle: (input: A) => R, snapshot: () => unknown, describe: (input: A, result: R, before: unknown) => Entry): (input: A) => R | Promise<R> {
  return (input) => {
    const before = snapshot();
    const result = handle(input);
    if (!patched(decisionAuditPatch)) return result;
    const { workflowId, runId } = workflowInfo();
    return auditing.auditTemporalDecision({ workflowId, runId, sender: updateSender(), ...describe(input, result, before) }).then(() => result);
  };
}
