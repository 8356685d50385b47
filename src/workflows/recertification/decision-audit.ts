import { auditedSyncUpdate, auditNow, signalSender } from '../decision-audit/audit';
import type { EntryDetermination } from './contract';
import type { RunContext } from './run-context';
import { meterOf, stageOf, todayOf } from './rules';

// Entries read as the console's do: the entry's status and reason before, the decision after; the cycle for completion.
const subjectOf = (ctx: RunContext) => `certificant:${ctx.state.certificantId}`;
const entryBefore = (ctx: RunContext, entryId: string) => {
  const entry = ctx.state.entries.find((e) => e.id === entryId);
  return entry ? { entryId, status: entry.status, reason: entry.determination?.reason ?? null } : { exists: false };
};
const cycleBefore = (ctx: RunContext) => ({
  stage: stageOf(ctx.state, todayOf(Date.now())),
  cycle: ctx.state.cycle?.cycleNumber ?? null,
  acceptedHours: meterOf(ctx.state, 'accepted').countedHours,
});
const determination = ({ entryId, decision, reason }: EntryDetermination) => ({
  action: 'recertification.entry.determine',
  after: { entryId, decision, reason },
});

/** determineEntryUpdate, audited with its sender in new runs. */
export function auditedDetermineUpdate<R>(ctx: RunContext, determine: (d: EntryDetermination) => R) {
  return auditedSyncUpdate(
    determine,
    (d) => entryBefore(ctx, d.entryId),
    (d, _r, before) => ({ ...determination(d), subject: subjectOf(ctx), before }),
  );
}

/** determineEntrySignal: counted first (its ordinal names its history event), audited only when it was taken. */
export function auditedDetermineSignal(
  ctx: RunContext,
  problemOf: (d: EntryDetermination) => string | undefined,
  ignore: (d: EntryDetermination, problem: string) => void,
  determine: (d: EntryDetermination) => unknown,
) {
  return (d: EntryDetermination) => {
    const sender = signalSender('determineEntrySignal');
    const problem = problemOf(d);
    if (problem) return ignore(d, problem);
    const before = entryBefore(ctx, d.entryId);
    determine(d);
    return auditNow(sender, { ...determination(d), subject: subjectOf(ctx), before });
  };
}

/** completeDeterminationUpdate, audited with its sender in new runs. */
export function auditedCompleteUpdate<R>(ctx: RunContext, complete: (input: { by: string }) => R) {
  return auditedSyncUpdate(
    complete,
    () => cycleBefore(ctx),
    (_i, after, before) => ({
      action: 'recertification.determination.complete',
      subject: subjectOf(ctx),
      before,
      after,
    }),
  );
}
