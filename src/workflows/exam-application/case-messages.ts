import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import { setHandler } from '@temporalio/workflow';
import { signalSender, updateSender } from '../decision-audit/audit';
import type { DecisionSender } from '../decision-audit/contract';
import { logIgnored, nowIso, withLock } from './effects';
import type { LifecycleState } from './state';

/**
 * A message that changes the case: the rule it must pass now, and what it does once the case is ours. Each lives in
 * the file named after its business event (eligibility.ts, accommodation.ts, appointment.ts, transfer.ts…).
 */
export interface CaseMessage<In, Out> {
  /** Refuses (throws a refusal) when the message cannot apply now. */
  check(s: LifecycleState, input: In, now: string): unknown;
  act(s: LifecycleState, input: In, sender: DecisionSender): Promise<Out>;
}

/**
 * Registers an Update: the check is its validator, so a refusal leaves no trace in history, and runs again once the
 * lock is ours, because the case may have moved while the Update waited for its turn.
 */
export function lockedUpdate<In, Out>(
  s: LifecycleState,
  update: UpdateDefinition<Out, [In]> | UpdateDefinition<Out, []>,
  message: CaseMessage<In, Out>,
): void {
  const check = (input: In) => void message.check(s, input, nowIso());
  setHandler(
    update as UpdateDefinition<Out, [In]>,
    (input: In) => {
      const sender = updateSender();
      return withLock(
        s,
        () => check(input),
        () => message.act(s, input, sender),
      );
    },
    { validator: check },
  );
}

/** The same message as a plain JSON signal (Temporal UI, the CLI): signals cannot answer, so a refused one is logged and ignored. */
export function lockedSignal<In>(
  s: LifecycleState,
  signal: SignalDefinition<[In]>,
  message: CaseMessage<In, unknown>,
): void {
  setHandler(signal, async (input: In) => {
    // Before any await: the n-th signal of this name is the n-th such event in history.
    const sender = signalSender(signal.name);
    try {
      await withLock(
        s,
        () => void message.check(s, input, nowIso()),
        () => message.act(s, input, sender),
      );
    } catch (err) {
      logIgnored(signal.name, err instanceof Error ? err.message : String(err));
    }
  });
}
