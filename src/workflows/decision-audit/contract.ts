/**
 * How a decision reached the workflow, so an activity can find its sender in the run's history: the signal's
 * ordinal among the signals of that name this run handled, or the Update's id.
 */
export type DecisionSender = { signalName: string; ordinal: number } | { updateId: string };

/** One decision taken on a case, as the audit log records it. */
export interface DecisionAuditInput {
  workflowId: string;
  runId: string;
  sender: DecisionSender;
  action: string;
  /** The case, as the console names it: `application:<id>`. */
  subject: string;
  before: unknown;
  after: unknown;
}
