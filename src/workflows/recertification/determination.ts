import { log } from '@temporalio/workflow';
import { nextRecertificationCycle } from '../../domain/index';
import { refuse } from '../refusals';
import type { EntryDetermination, RecertificationState } from './contract';
import { auditedCompleteUpdate, auditedDetermineSignal, auditedDetermineUpdate } from './decision-audit';
import { deadlineOf, meterOf, shortOf } from './rules';
import type { CycleMessage, RunContext } from './run-context';

function determinationProblem(s: RecertificationState, d: EntryDetermination): string | undefined {
  // FAQ: "NAMSS only officially makes determinations on Continuing Education at the time that you formally submit".
  if (!s.submission) return 'There is no submission to determine: CE is determined only once the certificant submits.';
  const entry = s.entries.find((e) => e.id === d.entryId);
  if (!entry || !s.submission.entryIds.includes(entry.id))
    return `Entry ${d.entryId} is not part of the submission under review.`;
  if (d.decision !== 'accept' && d.decision !== 'reject') return 'The decision must be accept or reject.';
  if (typeof d.reason !== 'string' || d.reason.trim().length < 3) return 'Give the reason for the decision.';
  if (typeof d.by !== 'string' || d.by.trim().length === 0) return 'Say which staff member decides.';
  return undefined;
}

function determine(ctx: RunContext, d: EntryDetermination) {
  const entry = ctx.state.entries.find((e) => e.id === d.entryId)!;
  entry.status = d.decision === 'accept' ? 'accepted' : 'rejected';
  entry.determination = { decision: d.decision, reason: d.reason.trim(), by: d.by, at: new Date().toISOString() };
  ctx.changed();
  return { meter: meterOf(ctx.state, 'accepted') };
}

function complete(ctx: RunContext, by: string) {
  const s = ctx.state;
  const cycle = s.cycle!;
  const accepted = meterOf(s, 'accepted');
  if (accepted.met) {
    ctx.renewal = { by };
    ctx.changed();
    return { outcome: 'renewed' as const, nextDueDate: nextRecertificationCycle(cycle, ctx.policy).dueDate };
  }
  // Issue 6: "If the accepted hours fall short, the certificant is told exactly what is missing".
  const missing = shortOf(accepted);
  const rejected = s.entries
    .filter((e) => s.submission!.entryIds.includes(e.id) && e.status === 'rejected')
    .map((e) => ({ title: e.title, reason: e.determination!.reason }));
  s.shortfall = missing;
  s.submission = undefined;
  ctx.email(`c${cycle.cycleNumber}:short-${s.submissionsThisCycle ?? 1}`, {
    kind: 'recert-determination-short',
    missing,
    rejected,
    dueDate: deadlineOf(s),
  });
  ctx.changed();
  return { outcome: 'short' as const, missing };
}

/** determineEntryUpdate: staff accept or reject one submitted entry; from Temporal UI or the CLI it is audited with its sender. */
export const entryDetermination: CycleMessage<EntryDetermination, ReturnType<typeof determine>> = {
  check: (ctx, d) => {
    const problem = determinationProblem(ctx.state, d);
    if (problem) refuse('InvalidDetermination', problem);
  },
  act: (ctx, d) => auditedDetermineUpdate(ctx, (x: EntryDetermination) => determine(ctx, x))(d),
};

/** determineEntrySignal, the same decision as plain JSON from Temporal UI: a bad one is logged and ignored. */
export function entryDeterminationSignal(ctx: RunContext) {
  return auditedDetermineSignal(
    ctx,
    (d) => determinationProblem(ctx.state, d),
    (d, problem) => log.warn('determination signal ignored', { entryId: d.entryId, problem }),
    (d) => determine(ctx, d),
  );
}

/** completeDeterminationUpdate: every entry decided, the cycle renews or the certificant is told what is missing. */
export const completeDetermination: CycleMessage<{ by: string }, ReturnType<typeof complete>> = {
  check: (ctx, { by }) => {
    const s = ctx.state;
    if (!s.submission)
      refuse(
        'InvalidDetermination',
        'There is no submission to determine: CE is determined only once the certificant submits.',
      );
    if (typeof by !== 'string' || by.trim().length === 0)
      refuse('InvalidDetermination', 'Say which staff member decides.');
    const open = s.entries.filter((e) => s.submission!.entryIds.includes(e.id) && e.status === 'reported');
    if (open.length > 0)
      refuse(
        'DeterminationIncomplete',
        `Accept or reject every submitted entry first; still open: ${open.map((e) => e.title).join('; ')}.`,
      );
  },
  act: (ctx, input) => auditedCompleteUpdate(ctx, ({ by }: { by: string }) => complete(ctx, by))(input),
};
