import { afterAll, beforeAll } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createQueueWorkers } from '../../../src/temporal/queue-workers';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { SendCandidateEmailInput } from '../../../src/activities/email';
import type { createActivities } from '../../../src/activities/index';
import type { SendStaffEmailInput } from '../../../src/activities/staff-email';
import { recertificationCycle, type FeeEntry } from '../../../src/domain/index';
import { workflowsPath } from '../../../src/temporal/worker';
import {
  examApplicationWorkflowId,
  statusQuery,
  type ApplicationStatus,
  type ExamApplicationInput,
  type LifecycleOptions,
  type Program,
} from '../../../src/workflows/exam-application/contract';
import type { CertificationEarned } from '../../../src/workflows/recertification/contract';
import { eventually } from '../../helpers/eventually';
import { createTimeSkippingEnv, testEncryption } from '../../helpers/temporal';
import { Breakable } from '../breakable';

type Activities = ReturnType<typeof createActivities>;

/** Everything the mocked activities were asked to do, per application. */
export class Recorder {
  readonly emails: SendCandidateEmailInput[] = [];
  readonly staffEmails: SendStaffEmailInput[] = [];
  readonly calls: { name: string; input: Record<string, unknown> }[] = [];
  readonly recertifications: CertificationEarned[] = [];
  /** The fee ledger double. */
  readonly fees: FeeEntry[] = [];
  /** `${site}|${examDate}` of dates without a free seat at the vendor double. */
  readonly full = new Set<string>();
  /** Applications whose seat the vendor double refuses to free (a non-retryable failure). */
  readonly seatStuck = new Set<string>();
  /** Applications the records refuse to move (another application of the candidate holds the next window). */
  readonly transferClash = new Set<string>();
  /** Activities made to fail for good, as a refused badge does, until repaired. */
  readonly breakable = new Breakable();

  emailKeys(applicationId: string): string[] {
    return this.emails.filter((e) => e.applicationId === applicationId).map((e) => e.dedupeKey ?? e.message.kind);
  }
  emailOf(applicationId: string, key: string): SendCandidateEmailInput['message'] | undefined {
    return this.emails.find((e) => e.applicationId === applicationId && (e.dedupeKey ?? e.message.kind) === key)
      ?.message;
  }
  callsOf(name: string, applicationId?: string): Record<string, unknown>[] {
    return this.calls
      .filter(
        (c) =>
          c.name === name &&
          (applicationId === undefined || c.input.applicationId === applicationId || c.input.id === applicationId),
      )
      .map((c) => c.input);
  }

  activities(): Partial<Activities> {
    // One recorder stands in for many record* signatures.
    const log = (name: string) => async (input: any) => void this.calls.push({ name, input });
    return this.breakable.wrap<Partial<Activities>>({
      recordApplication: log('recordApplication'),
      recordEligibilityDecision: log('recordEligibilityDecision'),
      recordAttestation: log('recordAttestation'),
      recordAccommodation: log('recordAccommodation'),
      recordAppointment: log('recordAppointment'),
      recordTransfer: async (t) => {
        if (this.transferClash.has(t.applicationId))
          throw ApplicationFailure.nonRetryable(
            'You already have an application for the next window, so this one cannot move there; withdraw one of them instead.',
            'TransferRefused',
          );
        this.calls.push({ name: 'recordTransfer', input: t });
      },
      recordTestResult: log('recordTestResult'),
      recordWithdrawal: log('recordWithdrawal'),
      recordScore: log('recordScore'),
      attachBadge: log('attachBadge'),
      sendCandidateEmail: async (e) => (this.emails.push(e), { sent: true }),
      sendStaffEmail: async (e) => (this.staffEmails.push(e), { sent: true }),
      reserveSeat: async (input) => {
        this.calls.push({ name: 'reserveSeat', input: { ...input } });
        return this.full.has(`${input.site}|${input.examDate}`)
          ? {
              ok: false as const,
              reason: 'full' as const,
              message: `${input.site} has no free seat on ${input.examDate}.`,
            }
          : { ok: true as const };
      },
      releaseSeat: async (input) => {
        this.calls.push({ name: 'releaseSeat', input });
        if (this.seatStuck.has(input.applicationId))
          throw ApplicationFailure.nonRetryable('the vendor API answered 500', 'VendorUnavailable');
        return { released: true };
      },
      recordCertification: async (c) => {
        this.calls.push({ name: 'recordCertification', input: c });
        return {
          credentialId: `${c.program}-TEST-${c.candidateId}`,
          certifiedOn: c.certifiedOn,
          expiresOn: recertificationCycle(c.certifiedOn).dueDate,
        };
      },
      issueBadge: async (b) => (
        this.calls.push({ name: 'issueBadge', input: { ...b } }),
        { badgeId: `badge-${b.credentialId}` }
      ),
      createCertificatePdf: async (c) => (
        this.calls.push({ name: 'createCertificatePdf', input: c }),
        { documentId: `doc-${c.credentialId}` }
      ),
      startOrSignalRecertification: async (r) => void this.recertifications.push(r),
      recordNeedsAttention: log('recordNeedsAttention'),
      recordAttentionResolved: log('recordAttentionResolved'),
      auditTemporalDecision: async (a) => (
        this.calls.push({ name: 'auditTemporalDecision', input: { ...a } }),
        { audited: true }
      ),
      // The ledger double keeps one line per (case, entry key), as the unique key of the table does.
      recordFee: async (e) => {
        if (!this.fees.some((f) => f.caseId === e.caseId && f.entryKey === e.entryKey)) this.fees.push(e);
      },
      ledgerOf: async ({ caseId }) =>
        this.fees.filter((f) => f.caseId === caseId).map(({ kind, amountUsd }) => ({ kind, amountUsd })),
    });
  }
}

/**
 * One test file's setup: a time-skipping server and a worker on `taskQueue` whose activities a fresh Recorder
 * stands in for, both stopped after the file. `env` is there once the file's tests run.
 */
export function lifecycleSuite(taskQueue: string): {
  readonly env: TestWorkflowEnvironment;
  readonly rec: Recorder;
  readonly taskQueue: string;
} {
  const rec = new Recorder();
  let env: TestWorkflowEnvironment | undefined;
  let worker: { stop(): Promise<void> } | undefined;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    worker = await startWorker(env, taskQueue, rec.activities());
  });
  afterAll(async () => {
    await worker?.stop();
    await env?.teardown();
  });
  return {
    get env() {
      if (!env) throw new Error('The test server starts in beforeAll: use suite.env inside a test.');
      return env;
    },
    rec,
    taskQueue,
  };
}

export async function startWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  activities: Partial<Activities>,
  options: { maxCachedWorkflows?: number } = {},
): Promise<{ stop(): Promise<void> }> {
  const worker = await createQueueWorkers({
    connection: env.nativeConnection,
    dataConverter: testEncryption.dataConverter,
    taskQueue,
    workflowsPath,
    activities,
    ...options,
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}

export function inputFor(
  candidateId: string,
  windowId: string,
  options?: LifecycleOptions,
  program: Program = 'CPCS',
): ExamApplicationInput {
  const keys = { candidateId, program, windowId };
  return {
    ...keys,
    applicationId: examApplicationWorkflowId(keys),
    candidate: { firstName: 'Ada', lastName: 'Lovelace', membership: 'member' },
    submittedAt: '2026-11-28T15:00:00.000Z',
    ...(options ? { options } : {}),
  };
}

export async function startApplication(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  input: ExamApplicationInput,
): Promise<WorkflowHandle> {
  const handle = await env.client.workflow.start('examApplicationWorkflow', {
    workflowId: input.applicationId,
    taskQueue,
    args: [input],
  });
  await stageIs(handle, 'eligibility-review');
  return handle;
}

/** Moves the time-skipping server's clock to `instant` (never backwards); due timers fire on the way. */
export async function jumpTo(env: TestWorkflowEnvironment, instant: string): Promise<void> {
  const wait = Date.parse(instant) - (await env.currentTimeMs());
  if (wait > 0) await env.sleep(wait);
}

/** Waits until the workflow has processed what was sent (activities run in real time, off the skipped clock). */
export async function stageIs(handle: WorkflowHandle, stage: string): Promise<ApplicationStatus> {
  return eventually(async () => {
    const status = await handle.query(statusQuery);
    if (status.stage !== stage) throw new Error(`stage is ${status.stage}, expected ${stage}`);
    return status;
  });
}

export async function settled(
  handle: WorkflowHandle,
  check: (s: ApplicationStatus) => void,
): Promise<ApplicationStatus> {
  return eventually(async () => {
    const status = await handle.query(statusQuery);
    check(status);
    return status;
  });
}

/**
 * Waits for the workflow to complete without `handle.result()`: awaiting a result lets the time-skipping server
 * run its clock freely (years, once idle), which would spoil the later tests of the file.
 */
export async function finished(handle: WorkflowHandle): Promise<void> {
  await eventually(async () => {
    const { status } = await handle.describe();
    if (status.name !== 'COMPLETED') throw new Error(`workflow is ${status.name}`);
  });
}

/** The refusal an Update came back with: its ApplicationFailure type and message. */
export async function refusalOf(promise: Promise<unknown>): Promise<{ type: string | undefined; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause as { type?: string; message: string };
      return { type: cause.type, message: cause.message };
    }
    throw err;
  }
  throw new Error('the update was accepted; a refusal was expected');
}
