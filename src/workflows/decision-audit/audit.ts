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

/**
 * Records the decision just taken with its sender (the activity leaves console decisions to the console's own entry).
 * Returns nothing for a run without the patch, so a synchronous handler stays synchronous when replayed.
 */
export function auditNow(
  sender: DecisionSender,
  entry: Pick<DecisionAuditInput, 'action' | 'subject' | 'before' | 'after'>,
): Promise<void> | undefined {
  if (!patched(decisionAuditPatch)) return undefined;
  const { workflowId, runId } = workflowInfo();
  return auditing.auditTemporalDecision({ workflowId, runId, sender, ...entry }).then(() => undefined);
}

export async function auditDecision(
  sender: DecisionSender,
  entry: Pick<DecisionAuditInput, 'action' | 'subject' | 'before' | 'after'>,
): Promise<void> {
  await auditNow(sender, entry);
}

type Entry = Pick<DecisionAuditInput, 'action' | 'subject' | 'before' | 'after'>;

/**
 * Wraps a synchronous Update handler: runs without the patch (replaying a landed history) answer as before, in the
 * same activation; new runs audit the decision before answering.
 */
export function auditedSyncUpdate<A, R>(
  handle: (input: A) => R,
  snapshot: (input: A) => unknown,
  describe: (input: A, result: R, before: unknown) => Entry,
): (input: A) => R | Promise<R> {
  return (input) => {
    const before = snapshot(input);
    const result = handle(input);
    const audited = auditNow(updateSender(), describe(input, result, before));
    return audited ? audited.then(() => result) : result;
  };
}
