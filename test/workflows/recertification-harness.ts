import { WorkflowClient, WorkflowContinuedAsNewError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createQueueWorkers } from '../../src/temporal/queue-workers';
import type { RecertificationRecord } from '../../src/activities/recertification';
import {
  addDays,
  newYorkDateOf,
  newYorkWallClockToInstant,
  type CivilDate,
  type FeeEntry,
  type Membership,
  type Policy,
} from '../../src/domain/index';
import { workflowsPath } from '../../src/temporal/worker';
import {
  addCeEntryUpdate,
  certificationEarnedSignal,
  completeDeterminationUpdate,
  determineEntryUpdate,
  recertificationWorkflowId,
  requestExtensionUpdate,
  statusQuery,
  submitRecertificationUpdate,
  type CeEntryInput,
  type CertificationEarned,
  type RecertificationStatus,
} from '../../src/workflows/recertification/contract';
import type { SendCertificantEmailInput } from '../../src/workflows/recertification/messages';
import { testEncryption } from '../helpers/temporal';
import { Breakable } from './breakable';

/** Every activity the recertification workflow calls, as recording fakes (badges: the integrations' signatures). */
export function fakeActivities() {
  const records: RecertificationRecord[] = [];
  const emails: SendCertificantEmailInput[] = [];
  const renewals: { credentialIds: string[]; expiresOn: string }[] = [];
  const lapses: { credentialIds: string[] }[] = [];
  const badges: { op: 'replace' | 'revoke'; credentialId: string; expiresAt?: string; reason?: string }[] = [];
  const reports: string[] = [];
  const refreshes: string[] = [];
  const attention: { op: 'open' | 'close'; input: Record<string, unknown> }[] = [];
  const fees: FeeEntry[] = [];
  /** What the workflows asked to audit (decisions sent straight to them). */
  const audits: Record<string, unknown>[] = [];
  const breakable = new Breakable();
  const activities = breakable.wrap({
    recordRecertification: async (r: RecertificationRecord) => void records.push(r),
    sendCertificantEmail: async (e: SendCertificantEmailInput) => (emails.push(e), { sent: true }),
    renewCertifications: async (i: { credentialIds: string[]; expiresOn: string }) => void renewals.push(i),
    lapseCertifications: async (i: { credentialIds: string[] }) => void lapses.push(i),
    generateGoodStandingReport: async (i: { trigger: string }) => (
      reports.push(i.trigger),
      { reportId: String(reports.length), certificants: 0 }
    ),
    requestGoodStandingRefresh: async (i: { trigger: string }) => void refreshes.push(i.trigger),
    replaceBadgeExpiry: async (i: { credentialId: string; expiresAt: string }) => (
      badges.push({ op: 'replace', ...i }),
      { badgeId: `badge-${i.credentialId}-${i.expiresAt}` }
    ),
    revokeBadge: async (i: { credentialId: string; reason: string }) => void badges.push({ op: 'revoke', ...i }),
    recordNeedsAttention: async (i: Record<string, unknown>) => void attention.push({ op: 'open', input: i }),
    recordAttentionResolved: async (i: Record<string, unknown>) => void attention.push({ op: 'close', input: i }),
    auditTemporalDecision: async (i: Record<string, unknown>) => (audits.push(i), { audited: true }),
    // One line per (case, entry key), as the table's unique key keeps it.
    recordFee: async (e: FeeEntry) => {
      if (!fees.some((f) => f.caseId === e.caseId && f.entryKey === e.entryKey)) fees.push(e);
    },
  });
  const mine = (id: string) => ({
    emails: () => emails.filter((e) => e.certificantId === id),
    kinds: () =>
      emails
        .filter((e) => e.certificantId === id)
        .map((e) => e.dedupeKey.replace(/^c\d+:/, '').replace(/:\d{4}-\d{2}-\d{2}$/, '')),
    records: () => records.filter((r) => r.certificantId === id),
    renewals: () => renewals.filter((r) => r.credentialIds.some((c) => c.startsWith(id))),
    lapses: () => lapses.filter((r) => r.credentialIds.some((c) => c.startsWith(id))),
    badges: () => badges.filter((b) => b.credentialId.startsWith(id)),
    reports: () => reports.filter((r) => r.endsWith(id)),
    refreshes: () => refreshes.filter((r) => r.endsWith(id)),
    attention: () => attention.filter((a) => a.input.caseId === id),
    fees: () => fees.filter((f) => f.candidateId === id),
  });
  return { activities, mine, breakable, audits };
}

export async function startWorker(env: TestWorkflowEnvironment, taskQueue: string, activities: object) {
  const worker = await createQueueWorkers({
    connection: env.nativeConnection,
    dataConverter: testEncryption.dataConverter,
    taskQueue,
    workflowsPath,
    activities,
  });
  const running = worker.run();
  return { stop: async () => (worker.shutdown(), await running) };
}

export class Certificant {
  constructor(
    readonly env: TestWorkflowEnvironment,
    readonly taskQueue: string,
    readonly id: string,
  ) {}

  get handle() {
    return this.env.client.workflow.getHandle(recertificationWorkflowId(this.id));
  }

  async today(): Promise<CivilDate> {
    return newYorkDateOf(new Date(await this.env.currentTimeMs()).toISOString());
  }

  earned(
    program: 'CPCS' | 'CPMSM',
    certifiedOn: CivilDate,
    membership: 'member' | 'non-member' = 'member',
  ): CertificationEarned {
    return {
      certificantId: this.id,
      program,
      credentialId: `${this.id}-${program}`,
      certifiedOn,
      firstName: 'Ada',
      lastName: 'Lovelace',
      membership,
    };
  }

  /** What the lifecycle does on a pass: signal-with-start. */
  async certify(program: 'CPCS' | 'CPMSM', certifiedOn: CivilDate, policy?: Policy): Promise<void> {
    await this.env.client.workflow.signalWithStart('recertificationWorkflow', {
      workflowId: recertificationWorkflowId(this.id),
      taskQueue: this.taskQueue,
      args: [{ certificantId: this.id, ...(policy ? { policy } : {}) }],
      signal: certificationEarnedSignal,
      signalArgs: [this.earned(program, certifiedOn)],
    });
  }

  /** Moves the test server's clock to a New York wall-clock time (timers in between fire). */
  async advanceTo(date: CivilDate, hour = 10): Promise<void> {
    const target = Date.parse(newYorkWallClockToInstant(date, hour));
    const now = await this.env.currentTimeMs();
    if (target > now) await this.env.sleep(target - now);
  }

  status(): Promise<RecertificationStatus> {
    return this.handle.query(statusQuery);
  }

  /**
   * Polls the live status until it satisfies `ok` (workflow tasks run after the clock moved). Never while the run may be
   * ending: `determineAll` waits for a renewal's continue-as-new before it returns.
   */
  async until(ok: (s: RecertificationStatus) => boolean, what: string): Promise<RecertificationStatus> {
    let last: RecertificationStatus | undefined;
    let failed: unknown;
    for (let i = 0; i < 100; i++) {
      try {
        last = await this.status();
        if (ok(last)) return last;
      } catch (err) {
        // A query may fail while a workflow task is retried; the next poll asks again, and a give-up says why.
        failed = err;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const status = JSON.stringify(last && { stage: last.stage, cycle: last.cycle?.cycleNumber });
    throw new Error(
      `certificant ${this.id} never reached: ${what}; last status ${status}${failed ? `; last query error: ${String(failed)}` : ''}`,
    );
  }

  addEntry(entry: Partial<CeEntryInput> & { hours: number; kind: CeEntryInput['kind'] }, on: CivilDate) {
    return this.handle.executeUpdate(addCeEntryUpdate, {
      args: [
        {
          title: `Course ${entry.hours}h ${entry.kind}`,
          provider: 'NAMSS Education Zone',
          completedOn: on,
          document: {
            id: `doc-${Math.random().toString(36).slice(2)}`,
            filename: 'certificate.pdf',
            contentType: 'application/pdf',
            sizeBytes: 20_000,
          },
          ...entry,
        },
      ],
    });
  }

  /** 15 NAMSS-approved + 15 other hours: the single requirement exactly. */
  async reportThirtyHours(on: CivilDate): Promise<string[]> {
    const ids: string[] = [];
    for (const e of [
      { hours: 10, kind: 'namss-approved' as const },
      { hours: 5, kind: 'namss-approved' as const },
      { hours: 15, kind: 'other' as const },
    ]) {
      ids.push((await this.addEntry(e, on)).entryId);
    }
    return ids;
  }

  /** Half the single requirement reported 20 days before the due date, then an extension of `months` granted. */
  async extendWithHalfTheCredits(
    cycle: { dueDate: CivilDate; reportingOpens: CivilDate },
    months: number,
  ): Promise<CivilDate> {
    await this.advanceTo(addDays(cycle.dueDate, -20));
    await this.addEntry({ hours: 10, kind: 'namss-approved' }, cycle.reportingOpens);
    await this.addEntry({ hours: 5, kind: 'other' }, cycle.reportingOpens);
    const request = 'I was on medical leave for four months this year and need more time.';
    return (await this.handle.executeUpdate(requestExtensionUpdate, { args: [{ request, months }] })).until;
  }

  /** `membership`: what the certificant states (absent: as before the question existed, the one on file). */
  submit(membership?: Membership) {
    return this.handle.executeUpdate(submitRecertificationUpdate, {
      args: [{ attest: true, ...(membership ? { membership } : {}) }],
    });
  }

  /** `awaitRenewal: false` when the renewal is expected to stop before its continue-as-new (e.g. parked for staff). */
  async determineAll(
    decision: (entryId: string) => 'accept' | 'reject' = () => 'accept',
    options: { awaitRenewal?: boolean } = {},
  ) {
    const status = await this.status();
    const { runId } = await this.handle.describe();
    for (const id of status.submission!.entryIds) {
      const d = decision(id);
      await this.handle.executeUpdate(determineEntryUpdate, {
        args: [
          {
            entryId: id,
            decision: d,
            reason: d === 'accept' ? 'Certificate matches the activity' : 'Not related to medical services',
            by: 'staff@test.local',
          },
        ],
      });
    }
    const result = await this.handle.executeUpdate(completeDeterminationUpdate, { args: [{ by: 'staff@test.local' }] });
    // The time-skipping server never answers a query that lands while a run's last task runs, and stops skipping time: wait for the renewal's continue-as-new on the history, not by query.
    if (result.outcome === 'renewed' && options.awaitRenewal !== false) await this.continuedAsNew(runId);
    return result;
  }

  /** Waits for the run to close with continue-as-new; a run that ends any other way fails the test. */
  async continuedAsNew(runId: string): Promise<string> {
    // The env's own client unlocks time skipping while it waits for a result; this one leaves the clock alone.
    const client = new WorkflowClient({
      connection: this.env.connection,
      namespace: this.env.namespace,
      dataConverter: testEncryption.dataConverter,
    });
    const ended = await client
      .getHandle(this.handle.workflowId, runId, { followRuns: false })
      .result()
      .then(
        () => 'completed',
        (err: unknown) => err,
      );
    if (ended instanceof WorkflowContinuedAsNewError) return ended.newExecutionRunId;
    throw new Error(`run ${runId} of ${this.handle.workflowId} did not continue as new: ${String(ended)}`);
  }
}

export const dayAfter = (d: CivilDate) => addDays(d, 1);

/** The refusal message of a rejected Update (the validator's ApplicationFailure); anything else fails the test. */
export async function updateRefusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof WorkflowUpdateFailedError)) throw new Error(`expected a refused Update, got ${String(err)}`);
  return String(err.cause?.message);
}

/** A certificant certified in the CPCS today, once its cycle shows in-cycle. */
export async function certifiedToday(env: TestWorkflowEnvironment, taskQueue: string, id: string) {
  const c = new Certificant(env, taskQueue, id);
  await c.certify('CPCS', await c.today());
  const status = await c.until((s) => s.stage === 'in-cycle', 'in-cycle');
  return { c, cycle: status.cycle! };
}
