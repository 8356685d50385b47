import type { UpdateDefinition } from '@temporalio/common';
import { setHandler } from '@temporalio/workflow';
import type { FeeEntry, Policy } from '../../domain/index';
import { refuse } from '../refusals';
import type { RecertificationState } from './contract';
import type { CertificantMessage } from './messages';
import { stageOf, todayOf } from './rules';

/** What handlers ask of the main loop: they change state; the loop writes it down and sends the mail. */
export interface RunContext {
  state: RecertificationState;
  /** The chain's policy snapshot (or the compiled values for a chain from before snapshots). */
  policy: Policy;
  changed(): void;
  email(dedupeKey: string, message: CertificantMessage): void;
  /** A fee for the ledger; the loop records it (entry key unique per cycle, so a retry records once). */
  charge(kind: FeeEntry['kind'], entryKey: string, amountUsd: number, description: string): void;
  /** Set by a determination that met the requirement: the loop renews and continues as new. */
  renewal?: { by: string };
}

/**
 * A certificant's or staff member's change to the cycle: the rule it must pass (the Update's validator, so a refusal
 * leaves no trace in history) and the change itself. The handlers change state only; they never wait, so no lock.
 */
export interface CycleMessage<In, Out> {
  check(ctx: RunContext, input: In): void;
  act(ctx: RunContext, input: In): Out | Promise<Out>;
}

export function cycleUpdate<In, Out>(
  ctx: RunContext,
  update: UpdateDefinition<Out, [In]>,
  message: CycleMessage<In, Out>,
): void {
  setHandler(update, (input: In) => message.act(ctx, input), { validator: (input: In) => message.check(ctx, input) });
}

export const today = () => todayOf(Date.now());
export const programsOf = (s: RecertificationState) => s.credentials.map((c) => c.program);

/** Every change needs an open cycle: not renewing this very moment, started, and not expired. */
export function requireCycleOpen(ctx: RunContext): void {
  const s = ctx.state;
  if (ctx.renewal)
    refuse(
      'Renewing',
      'This cycle was just renewed: open your grid again in a moment to report CE for the next cycle.',
    );
  if (!s.cycle) refuse('NoCycle', 'There is no recertification cycle yet: it starts with your first certification.');
  if (stageOf(s, today()) === 'expired')
    refuse(
      'CycleExpired',
      'This certification has expired: the reinstatement period is over. Apply to take the exam again.',
    );
}
