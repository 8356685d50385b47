import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DecisionSender } from '../decision-audit/contract';

/**
 * "No activity error ends a case": a step whose activity fails for good parks the case in stage `needs-attention`
 * with the reason, until staff retry the step or resolve it by hand. The exam application and the recertification
 * cycle both receive this Update (and its signal twin); each keeps its own state and records (parking.ts).
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
  decision?: Required<Pick<AttentionDecision, 'action' | 'by'>> & {
    note?: string;
    at: string;
    viaTemporalUi: boolean;
    sender?: DecisionSender;
  };
}

export function attentionView({
  activity,
  step,
  reason,
  failureType,
  since,
  resolvable,
}: AttentionState): AttentionView {
  return { activity, step, reason, ...(failureType ? { failureType } : {}), since, resolvable };
}

/** One closed episode, kept for the case's history. */
export type AttentionEpisode = AttentionView & {
  action: AttentionDecision['action'];
  by: string;
  note?: string;
  decidedAt: string;
};

export const resolveAttentionUpdate = defineUpdate<AttentionOutcome, [AttentionDecision]>('resolveAttentionUpdate');
/** The same decision from Temporal UI, where staff can send a signal; an invalid one is logged and ignored. */
export const resolveAttentionSignal = defineSignal<[AttentionDecision]>('resolveAttentionSignal');

/** Why a decision cannot be taken now (`conflict`) or is malformed; undefined when it is fine. */
export function attentionDecisionProblem(
  open: AttentionState | undefined,
  d: AttentionDecision,
): { conflict: boolean; message: string } | undefined {
  if (!open || open.decision)
    return {
      conflict: true,
      message: 'This case does not need attention now: there is no failed step to retry or resolve.',
    };
  if (d?.action !== 'retry' && d?.action !== 'resolved')
    return { conflict: false, message: 'action must be "retry" or "resolved".' };
  if (typeof d.by !== 'string' || d.by.trim().length === 0 || d.by.length > 200)
    return { conflict: false, message: 'Say which staff member decides (by).' };
  if (d.note !== undefined && (typeof d.note !== 'string' || d.note.length > 2000))
    return { conflict: false, message: 'note must be text of at most 2000 characters.' };
  if (d.action === 'resolved' && !d.note?.trim())
    return { conflict: false, message: `Say what was done by hand to ${open.step} (note).` };
  if (d.action === 'resolved' && !open.resolvable) {
    return {
      conflict: true,
      message: `"${open.step}" cannot be resolved by hand: the case needs its result to carry on. Fix the cause and retry.`,
    };
  }
  return undefined;
}
