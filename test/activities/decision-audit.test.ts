import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { temporal } from '@temporalio/proto';
import { decisionAuditActivities, withSender } from '../../src/activities/decision-audit';
import { auditFor } from '../../src/db/tables/audit-log';
import { apiClientIdentity } from '../../src/temporal/identities';
import type { DecisionAuditInput } from '../../src/workflows/decision-audit/contract';
import { openTestDatabase } from '../helpers/database';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const signal = (signalName: string, identity: string): HistoryEvent => ({
  workflowExecutionSignaledEventAttributes: { signalName, identity },
});
const accepted = (updateId: string, identity: string): HistoryEvent => ({
  workflowExecutionUpdateAcceptedEventAttributes: {
    protocolInstanceId: updateId,
    acceptedRequest: { meta: { updateId, identity } },
  },
});
// A run in which two people signalled eligibility (the first one was ignored by the workflow) and the API sent an Update.
const history: HistoryEvent[] = [
  signal('eligibilityDecisionSignal', 'carol-ui'),
  signal('accommodationDecisionSignal', 'dan-cli'),
  signal('eligibilityDecisionSignal', 'alice-cli'),
  accepted('console-update-1', apiClientIdentity),
  accepted('cli-update-7', 'bob-cli'),
];
const audit = decisionAuditActivities({ db: undefined as never, fetchEvents: async () => history });
const input = (id: string, sender: DecisionAuditInput['sender']): DecisionAuditInput => ({
  workflowId: id,
  runId: `run-${id}`,
  sender,
  action: 'application.eligibility.approve',
  subject: `application:${id}`,
  before: { stage: 'eligibility-review' },
  after: { stage: 'awaiting-notice' },
});

describe('auditTemporalDecision', () => {
  it('finds the sender of the n-th signal of that name, and writes one entry even when retried', async () => {
    const acts = decisionAuditActivities({ db: database.db, fetchEvents: async () => history });
    await acts.auditTemporalDecision(input('a-1', { signalName: 'eligibilityDecisionSignal', ordinal: 2 }));
    await acts.auditTemporalDecision(input('a-1', { signalName: 'eligibilityDecisionSignal', ordinal: 2 }));
    const rows = await auditFor(database.db, 'application:a-1');
    expect(rows.map((r) => [r.actor, r.action, r.before, r.after])).toEqual([
      [
        'via Temporal: alice-cli',
        'application.eligibility.approve',
        { stage: 'eligibility-review' },
        { stage: 'awaiting-notice' },
      ],
    ]);
  });

  it("finds an Update's sender by its id, and leaves the API's own Updates to the route that audits them", async () => {
    const acts = decisionAuditActivities({ db: database.db, fetchEvents: async () => history });
    expect(await acts.auditTemporalDecision(input('a-2', { updateId: 'cli-update-7' }))).toEqual({
      audited: true,
      identity: 'bob-cli',
    });
    expect(await acts.auditTemporalDecision(input('a-3', { updateId: 'console-update-1' }))).toEqual({
      audited: false,
      identity: apiClientIdentity,
    });
    expect((await auditFor(database.db, 'application:a-2')).map((r) => r.actor)).toEqual(['via Temporal: bob-cli']);
    expect(await auditFor(database.db, 'application:a-3')).toEqual([]);
  });

  it('fails (and so retries) while the event is not in the history it read', async () => {
    await expect(audit.auditTemporalDecision(input('a-4', { updateId: 'not-yet' }))).rejects.toThrow(
      /not in the run's history yet/,
    );
    await expect(
      audit.auditTemporalDecision(input('a-4', { signalName: 'eligibilityDecisionSignal', ordinal: 3 })),
    ).rejects.toThrow(/not in the run's history yet/);
  });

  it("names the sender of an attention decision, and drops the audit of the API's own (its route writes it)", async () => {
    const fetchEvents = async () => history;
    const base = {
      action: 'application.attention.retry',
      subject: 'application:a-5',
      workflowId: 'a-5',
      runId: 'run-a-5',
    };
    expect(await withSender({ ...base, sender: { updateId: 'cli-update-7' } }, fetchEvents)).toEqual({
      action: base.action,
      subject: base.subject,
      actor: 'via Temporal: bob-cli',
    });
    expect(await withSender({ ...base, sender: { updateId: 'console-update-1' } }, fetchEvents)).toBeUndefined();
    // A decision taken before the sender was carried keeps its old audit, by the name in the decision.
    expect(await withSender({ action: base.action, subject: base.subject }, fetchEvents)).toEqual({
      action: base.action,
      subject: base.subject,
    });
  });
});
