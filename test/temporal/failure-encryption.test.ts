import type { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import { signCandidateToken } from '../../src/lib/candidate-link';
import {
  examApplicationWorkflowId,
  statusQuery,
  type ExamApplicationInput,
} from '../../src/workflows/exam-application/contract';
import { eventually } from '../helpers/eventually';
import { systemSuite, testSecret } from '../helpers/system';

type Payload = temporal.api.common.v1.IPayload;
type Failure = temporal.api.failure.v1.IFailure;

const suite = systemSuite({ now: () => new Date() }, 'failure-encryption');

const post = (path: string, body: unknown, headers: Record<string, string>) =>
  fetch(`${suite.sys.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** Every text and every byte string of a stored history, bytes read as Latin-1: what someone with the database sees. */
function storedText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('latin1');
  if (value && typeof value === 'object') return Object.values(value).map(storedText).join('\n');
  return '';
}

async function startApplication(candidateId: string, windowId: string): Promise<string> {
  const keys = { candidateId, program: 'CPCS' as const, windowId };
  const applicationId = examApplicationWorkflowId(keys);
  const input: ExamApplicationInput = {
    ...keys,
    applicationId,
    candidate: { firstName: 'Grace', lastName: 'Hopper', membership: 'member' },
    submittedAt: new Date().toISOString(),
  };
  await suite.sys.env.client.workflow.start('examApplicationWorkflow', {
    workflowId: applicationId,
    taskQueue: suite.sys.taskQueue,
    args: [input],
  });
  return applicationId;
}

const stageOf = (applicationId: string, stage: string) =>
  eventually(async () =>
    expect((await suite.sys.env.client.workflow.getHandle(applicationId).query(statusQuery)).stage).toBe(stage),
  );

describe('failure messages are encrypted like payloads', () => {
  it('a refused transfer reaches the candidate with its message, while the server stores the failures encrypted and staff decode them through the codec endpoint', async () => {
    await findOrCreateCandidate(suite.sys.db, {
      newId: 'c-enc',
      email: 'enc@example.org',
      firstName: 'Grace',
      lastName: 'Hopper',
      membership: 'member',
    });
    const spring = await startApplication('c-enc', '2027-spring');
    await startApplication('c-enc', '2027-summer');
    await stageOf(spring, 'eligibility-review');
    expect(
      (
        await post(
          `/api/staff/applications/${encodeURIComponent(spring)}/eligibility`,
          { decision: 'approve' },
          { authorization: `Bearer ${suite.token}` },
        )
      ).status,
    ).toBe(200);
    await stageOf(spring, 'awaiting-notice');

    // The records refuse the move (an application for Summer 2027 exists): the activity fails, the Update is refused.
    const link = {
      'x-candidate-token': signCandidateToken(
        testSecret,
        { applicationId: spring, candidateId: 'c-enc' },
        new Date(),
        30,
      ),
    };
    const refused = await post(`/api/applications/${encodeURIComponent(spring)}/transfer`, {}, link);
    const refusal =
      'You already have an application for the Summer 2027 window, so this one cannot move there; withdraw one of them instead.';
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({ error: { message: refusal, code: 'TransferRefused' } });

    // Read as the Temporal server keeps it, with no codec: both failures say only "Encoded failure".
    const { history } = await suite.sys.env.connection.workflowService.getWorkflowExecutionHistory({
      namespace: suite.sys.env.namespace ?? 'default',
      execution: { workflowId: spring },
    });
    const events = history!.events!;
    const activityFailure = events.find((e) => e.activityTaskFailedEventAttributes)!.activityTaskFailedEventAttributes!
      .failure!;
    const updateFailure = events.find((e) => e.workflowExecutionUpdateCompletedEventAttributes?.outcome?.failure)!
      .workflowExecutionUpdateCompletedEventAttributes!.outcome!.failure!;
    for (const failure of [activityFailure, updateFailure]) {
      expect(failure).toMatchObject({
        message: 'Encoded failure',
        applicationFailureInfo: { type: 'TransferRefused' },
      });
      expect(storedText(failure.encodedAttributes)).toContain('binary/encrypted');
    }
    const stored = storedText(history);
    // Control: the failure type stays plain (the API maps it to a status), and reading the bytes finds it.
    expect(stored).toContain('TransferRefused');
    for (const secret of ['You already have an application', 'cannot move there', 'recordTransfer ('])
      expect(stored).not.toContain(secret);

    // Temporal UI shows the message by sending the encoded attributes to the codec endpoint as signed-in staff.
    const asJson = (p: Payload) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      data: Buffer.from(p.data!).toString('base64'),
    });
    const decode = async (failure: Failure) => {
      const res = await post(
        '/codec/decode',
        { payloads: [asJson(failure.encodedAttributes!)] },
        { origin: 'http://localhost:8233', authorization: `Bearer ${suite.token}` },
      );
      expect(res.status).toBe(200);
      const { payloads } = (await res.json()) as { payloads: { data: string }[] };
      return JSON.parse(Buffer.from(payloads[0]!.data, 'base64').toString()) as {
        message: string;
        stack_trace: string;
      };
    };
    expect((await decode(activityFailure)).message).toBe(refusal);
    expect(await decode(updateFailure)).toMatchObject({ message: refusal });
  }, 120_000);
});
