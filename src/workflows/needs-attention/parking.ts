import {
  ActivityFailure,
  condition,
  isCancellation,
  log,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { attentionActivities } from '../../activities/attention';
import { signalSender, updateSender } from '../decision-audit/audit';
import type { DecisionSender } from '../decision-audit/contract';
import {
  attentionDecisionProblem,
  resolveAttentionSignal,
  resolveAttentionUpdate,
  type AttentionDecision,
  type AttentionEpisode,
  type AttentionState,
  type AttentionView,
} from './contract';

/** Landed histories failed the workflow at such a failure; new runs park instead. */
export const needsAttentionPatch = 'needs-attention-on-activity-failure';

/** An activity failure retrying cannot fix (non-retryable, or its retries are spent); a cancellation is not one. */
export function isStuckFailure(err: unknown): err is ActivityFailure {
  return err instanceof ActivityFailure && !isCancellation(err);
}

export function failureReason(failure: ActivityFailure): { reason: string; failureType?: string } {
  const cause = failure.cause as { message?: string; type?: string | null } | undefined;
  return { reason: cause?.message || failure.message, ...(cause?.type ? { failureType: cause.type } : {}) };
}

/** Where a parked call goes on: run it again, or return what stands in for the step done by hand. */
export type Resume = { retry: true } | { retry: false; value: unknown };
export type Park = (activity: string, input: unknown, failure: ActivityFailure) => Promise<Resume>;

/**
 * Wraps an activities proxy: while armed, a stuck failure of any call parks the case (through `park`) and the call
 * then retries or returns the stand-in. Calls made while parking are not guarded: a park never nests.
 */
export function attentionGuard<A extends object>(raw: A) {
  let park: Park | undefined;
  const activities = new Proxy(raw, {
    get(target, name, receiver) {
      const call: unknown = Reflect.get(target, name, receiver);
      if (typeof name !== 'string' || typeof call !== 'function') return call;
      return async (...args: unknown[]) => {
        for (;;) {
          try {
            return await call(...args);
          } catch (err) {
            const parkHere = park;
            if (!parkHere || !isStuckFailure(err) || !patched(needsAttentionPatch)) throw err;
            park = undefined;
            let resume: Resume;
            try {
              resume = await parkHere(name, args[0], err);
            } finally {
              park = parkHere;
            }
            if (!resume.retry) return resume.value;
          }
        }
      };
    },
  });
  return {
    activities,
    arm(p: Park): void {
      park = p;
    },
    disarm(): void {
      park = undefined;
    },
  };
}

/** How one workflow parks: its state slot, its records, how its stage shows the park, what steps mean. */
export interface ParkingSpec {
  caseKind: 'application' | 'recertification';
  caseId: string;
  auditSubject: string;
  /** Each step in words, and what it stands for when staff did it by hand (absent: retry only). */
  steps: Record<string, { words: string; byHand?: () => unknown }>;
  /** A detail that tells two calls of one activity apart, e.g. the email's kind. */
  detail(activity: string, input: unknown): string | undefined;
  state: { attention?: AttentionState; attentionLog?: AttentionEpisode[] };
  records: Pick<ReturnType<typeof attentionActivities>, 'recordNeedsAttention' | 'recordAttentionResolved'>;
  /** Shows the park in the stage (database and search attribute), and puts the stage back after. */
  enter(): Promise<void>;
  leave(): Promise<void>;
  cycleDueDate?(): string | undefined;
}

/** The park of a case: recorded and shown, then it waits for staff and returns how the failed call goes on. */
export function parking(spec: ParkingSpec): Park {
  const s = spec.state;
  const key = { caseKind: spec.caseKind, caseId: spec.caseId };
  return async (activity, input, failure) => {
    const { reason, failureType } = failureReason(failure);
    const step = spec.steps[activity];
    const detail = spec.detail(activity, input);
    const words = `${step?.words ?? activity}${detail ? ` (${detail})` : ''}`;
    const view: AttentionView = {
      activity,
      step: words,
      reason,
      ...(failureType ? { failureType } : {}),
      since: new Date().toISOString(),
      resolvable: step?.byHand !== undefined,
    };
    s.attention = { id: String((s.attentionLog?.length ?? 0) + 1), ...view };
    log.warn('case needs attention', { activity, reason });
    const dueDate = spec.cycleDueDate?.();
    await spec.records.recordNeedsAttention({
      ...key,
      workflowId: workflowInfo().workflowId,
      ...view,
      ...(dueDate ? { cycleDueDate: dueDate } : {}),
    });
    await spec.enter();

    await condition(() => s.attention?.decision !== undefined);
    const d = s.attention!.decision!;
    const note = d.note ? { note: d.note } : {};
    // A sent-by lets the activity audit Updates from the CLI too and name the sender; it skips the API's own.
    const sentBy = d.sender
      ? { sender: d.sender, workflowId: workflowInfo().workflowId, runId: workflowInfo().runId }
      : {};
    const auditAs =
      d.viaTemporalUi || d.sender
        ? { auditAs: { action: `${spec.caseKind}.attention.${d.action}`, subject: spec.auditSubject, ...sentBy } }
        : {};
    await spec.records.recordAttentionResolved({
      ...key,
      resolution: d.action,
      by: d.by,
      at: d.at,
      ...note,
      ...auditAs,
    });
    await spec.leave();
    s.attentionLog = [...(s.attentionLog ?? []), { ...view, action: d.action, by: d.by, ...note, decidedAt: d.at }];
    s.attention = undefined;
    return d.action === 'retry' ? { retry: true } : { retry: false, value: step!.byHand!() };
  };
}

/** The Update (and its signal twin for Temporal UI) by which staff retry or resolve the parked step. */
export function installAttentionHandlers(h: {
  state: { attention?: AttentionState };
  stage(): string;
  refuse(problem: { conflict: boolean; message: string }): never;
}): void {
  const take = (d: AttentionDecision, viaTemporalUi: boolean, sender: DecisionSender): string => {
    const open = h.state.attention!;
    const note = d.note?.trim();
    open.decision = {
      action: d.action,
      by: d.by!.trim(),
      ...(note ? { note } : {}),
      at: new Date().toISOString(),
      viaTemporalUi,
      sender,
    };
    return open.id;
  };
  setHandler(
    resolveAttentionUpdate,
    async (d) => {
      const step = h.state.attention!.step;
      const id = take(d, false, updateSender());
      // Answer once the parked step took the decision up: the stage is back, or parked again.
      await condition(() => h.state.attention?.id !== id);
      return { action: d.action, step, stage: h.stage() };
    },
    {
      validator: (d) => {
        const problem = attentionDecisionProblem(h.state.attention, d);
        if (problem) h.refuse(problem);
      },
    },
  );
  setHandler(resolveAttentionSignal, (d) => {
    const sender = signalSender(resolveAttentionSignal.name);
    const decision = { ...d, by: typeof d?.by === 'string' && d.by.trim() ? d.by : 'temporal-ui' };
    const problem = attentionDecisionProblem(h.state.attention, decision);
    if (problem) return log.warn('attention decision signal ignored', { problem: problem.message });
    take(decision, true, sender);
  });
}
