import { Context } from '@temporalio/activity';
import type { temporal } from '@temporalio/proto';
import { recordAudit } from '../db/tables/audit-log';
import { apiClientIdentity } from '../temporal/identities';
import type { DecisionAuditInput, DecisionSender } from '../workflows/decision-audit/contract';
import type { ActivityDeps } from './deps';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
/** Reads the run's history; injected in tests. */
export type FetchEvents = (workflowId: string, runId: string) => Promise<HistoryEvent[]>;

export const viaWorkerClient: FetchEvents = async (workflowId, runId) =>
  (await Context.current().client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];

/** The identity the server recorded for the signal or Update; undefined when the sender gave none. */
export function senderIdentity(events: HistoryEvent[], sender: DecisionSender): string | undefined {
  if ('updateId' in sender) {
    const accepted = events.find(
      (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId === sender.updateId,
    );
    if (!accepted) throw new Error(`update ${sender.updateId} is not in the run's history yet`);
    return accepted.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.identity || undefined;
  }
  const signals = events.filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === sender.signalName);
  const event = signals[sender.ordinal - 1];
  if (!event) throw new Error(`signal ${sender.signalName} #${sender.ordinal} is not in the run's history yet`);
  return event.workflowExecutionSignaledEventAttributes?.identity || undefined;
}

/** One audit row per decision, whatever the sender: the same key on a retry writes nothing more. */
export function auditKey(input: DecisionAuditInput): string {
  return 'updateId' in input.sender
    ? input.sender.updateId
    : `signal:${input.runId}:${input.sender.signalName}:${input.sender.ordinal}`;
}

const actorFor = (identity: string | undefined) => `via Temporal: ${identity ?? 'unknown sender'}`;

type AttentionAudit = {
  action: string;
  subject: string;
  actor?: string;
  sender?: DecisionSender;
  workflowId?: string;
  runId?: string;
};

/** An attention decision's audit with its sender named; none for the API's own (its route audits it). */
export async function withSender(
  auditAs: AttentionAudit | undefined,
  fetchEvents: FetchEvents = viaWorkerClient,
): Promise<AttentionAudit | undefined> {
  if (!auditAs?.sender || !auditAs.workflowId || !auditAs.runId) return auditAs;
  const identity = senderIdentity(await fetchEvents(auditAs.workflowId, auditAs.runId), auditAs.sender);
  return identity === apiClientIdentity
    ? undefined
    : { action: auditAs.action, subject: auditAs.subject, actor: actorFor(identity) };
}

export function decisionAuditActivities(deps: Pick<ActivityDeps, 'db'> & { fetchEvents?: FetchEvents }) {
  const fetchEvents = deps.fetchEvents ?? viaWorkerClient;
  return {
    /** Audits a decision sent straight to the workflow (Temporal UI, the CLI); the console's own are already audited. */
    async auditTemporalDecision(input: DecisionAuditInput): Promise<{ audited: boolean; identity?: string }> {
      const identity = senderIdentity(await fetchEvents(input.workflowId, input.runId), input.sender);
      if (identity === apiClientIdentity) return { audited: false, identity };
      await recordAudit(deps.db, {
        actor: actorFor(identity),
        action: input.action,
        subject: input.subject,
        before: input.before,
        after: input.after,
        updateId: auditKey(input),
      });
      return { audited: true, ...(identity ? { identity } : {}) };
    },
  };
}
