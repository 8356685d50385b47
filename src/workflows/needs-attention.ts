import { ActivityFailure, condition, defineSignal, defineUpdate, isCancellation, log, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { attentionActivities } from '../activities/attention';

/**
 * "No activity error ends a case": a step whose activity fails for good parks the case in stage `needs-attention`
 * with the reason, until staff retry the step or resolve it by hand. Shared by the exam application and the
 * recertification cycle; each keeps its own state and records.
 */

/** Staff's answer: `retry` runs the failed step again; `resolved` means staff did it by hand and the case carries on. */
export interface AttentionDecision {
  action: 'retry' | 'resolved';
  /** What was fixed or done by hand; required to resolve. */
  note?: string;
  /** The staff member (email); the signal from Temporal UI defaults to "temporal-ui". */
  by?: string;
}

/** What the update answers once the parked case has taken the decision up. */
export interface AttentionOutcome {
  action: AttentionDecision['action'];
  step: string;
  /** The case's stage right after the decision (the retried step may park it again). */
  stage: string;
}

/** The case's open problem, as staff read it in the status and on the case page. */
export interface AttentionView {
  /** The activity that failed, e.g. "issueBadge". */
  activity: string;
  /** The step in words, e.g. "issue the Credly badge". */
  step: string;
  reason: string;
  failureType?: string;
  since: string;
  /** False when the case needs the step's result to carry on: only a retry helps. */
  resolvable: boolean;
}

export interface AttentionState extends AttentionView {
  /** Unique within the workflow chain, so an update knows when its decision was taken up. */
  id: string;
  decision?: Required<Pick<AttentionDecision, 'action' | 'by'>> & { note?: string; at: string; viaTemporalUi: boolean };
}

export function attentionView({ activity, step, reason, failureType, since, resolvable }: AttentionState): AttentionView {
  return { activity, step, reason, ...(failureType ? { failureType } : {}), since, resolvable };
}

/** One closed episode, kept for the case's history. */
export type AttentionEpisode = AttentionView & { action: AttentionDecision['action']; by: string; note?: string; decidedAt: string };

export const resolveAttentionUpdate = defineUpdate<AttentionOutcome, [AttentionDecision]>('resolveAttentionUpdate');
/** The same decision from Temporal UI, where staff can send a signal; an invalid one is logged and ignored. */
export const resolveAttentionSignal = defineSignal<[AttentionDecision]>('resolveAttentionSignal');

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

/** Why a decision cannot be taken now (`conflict`) or is malformed; undefined when it is fine. */
export function attentionDecisionProblem(open: AttentionState | undefined, d: AttentionDecision): { conflict: boolean; message: string } | undefined {
  if (!open || open.decision) return { conflict: true, message: 'This case does not need attention now: there is no failed step to retry or resolve.' };
  if (d?.action !== 'retry' && d?.action !== 'resolved') return { conflict: false, message: 'action must be "retry" or "resolved".' };
  if (typeof d.by !== 'string' || d.by.trim().length === 0 || d.by.length > 200) return { conflict: false, message: 'Say which staff member decides (by).' };
  if (d.note !== undefined && (typeof d.note !== 'string' || d.note.length > 2000)) return { conflict: false, message: 'note must be text of at most 2000 characters.' };
  if (d.action === 'resolved' && !d.note?.trim()) return { conflict: false, message: `Say what was done by hand to ${open.step} (note).` };
  if (d.action === 'resolved' && !open.resolvable) {
    return { conflict: true, message: `"${open.step}" cannot be resolved by hand: the case needs its result to carry on. Fix the cause and retry.` };
  }
  return undefined;
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
    const view: AttentionView = { activity, step: words, reason, ...(failureType ? { failureType } : {}), since: new Date().toISOString(), resolvable: step?.byHand !== undefined };
    s.attention = { id: String((s.attentionLog?.length ?? 0) + 1), ...view };
    log.warn('case needs attention', { activity, reason });
    const dueDate = spec.cycleDueDate?.();
    await spec.records.recordNeedsAttention({ ...key, workflowId: workflowInfo().workflowId, ...view, ...(dueDate ? { cycleDueDate: dueDate } : {}) });
    await spec.enter();

    await condition(() => s.attention?.decision !== undefined);
    const d = s.attention!.decision!;
    const note = d.note ? { note: d.note } : {};
    const auditAs = d.viaTemporalUi ? { auditAs: { action: `${spec.caseKind}.attention.${d.action}`, subject: spec.auditSubject } } : {};
    await spec.records.recordAttentionResolved({ ...key, resolution: d.action, by: d.by, at: d.at, ...note, ...auditAs });
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
  const take = (d: AttentionDecision, viaTemporalUi: boolean): string => {
    const open = h.state.attention!;
    const note = d.note?.trim();
    open.decision = { action: d.action, by: d.by!.trim(), ...(note ? { note } : {}), at: new Date().toISOString(), viaTemporalUi };
    return open.id;
  };
  setHandler(
    resolveAttentionUpdate,
    async (d) => {
      const step = h.state.attention!.step;
      const id = take(d, false);
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
    const decision = { ...d, by: typeof d?.by === 'string' && d.by.trim() ? d.by : 'temporal-ui' };
    const problem = attentionDecisionProblem(h.state.attention, decision);
    if (problem) return log.warn('attention decision signal ignored', { problem: problem.message });
    take(decision, true);
  });
}
