import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { auditFor } from '../../src/db/tables/audit-log';
import { resolveTemporalExecutable } from '../../src/temporal/binaries';
import { statusQuery } from '../../src/workflows/exam-application/contract';
import { attestationJson } from '../helpers/attestation';
import { eventually } from '../helpers/eventually';
import { admin, systemSuite } from '../helpers/system';

// Real time on the dev server: Spring 2027 takes applications. Decisions are sent by the real `temporal` CLI.
const suite = systemSuite({ now: () => new Date() }, 'decision-audit-test');

/** Runs the `temporal` CLI against the test's dev server; plain JSON payloads, no codec: as an operator would. */
async function temporalCli(...args: string[]): Promise<string> {
  const cli = resolveTemporalExecutable('cli');
  if (cli.type !== 'existing-path')
    throw new Error('the temporal CLI binary is needed for this test (TEMPORAL_CLI_PATH or .tools)');
  const { stdout } = await promisify(execFile)(
    cli.path,
    [...args, '--address', suite.sys.env.address, '--namespace', suite.sys.env.namespace ?? 'default'],
    { timeout: 60_000 },
  );
  return stdout;
}

async function stageIs(applicationId: string, stage: string) {
  return eventually(async () =>
    expect((await suite.sys.env.client.workflow.getHandle(applicationId).query(statusQuery)).stage).toBe(stage),
  );
}

async function apply(firstName: string, email: string): Promise<string> {
  const res = await fetch(`${suite.sys.baseUrl}/apply`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      firstName,
      lastName: 'Audited',
      email,
      membership: 'member',
      program: 'CPCS',
      windowId: '2027-spring',
      ...attestationJson,
    }),
  });
  expect(res.status).toBe(200);
  const { applicationId } = (await res.json()) as { applicationId: string };
  await stageIs(applicationId, 'eligibility-review');
  return applicationId;
}

const entriesOf = (id: string) => auditFor(suite.sys.db, `application:${id}`);
const waitingBefore = { stage: 'eligibility-review', windowId: '2027-spring', accommodations: [] };

describe('decisions sent straight to the workflow are audited with the sender', () => {
  it('a signal from the temporal CLI moves the case and writes one entry naming the CLI identity', async () => {
    const id = await apply('Signal', 'signal.audited@example.org');
    await temporalCli(
      'workflow',
      'signal',
      '--workflow-id',
      id,
      '--name',
      'eligibilityDecisionSignal',
      '--input',
      '{"decision":"reject","reason":"No qualifying experience"}',
      '--identity',
      'alice-cli',
    );
    await stageIs(id, 'rejected');
    const entries = await eventually(async () => {
      const rows = await entriesOf(id);
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(entries[0]).toMatchObject({
      actor: 'via Temporal: alice-cli',
      action: 'application.eligibility.reject',
      before: waitingBefore,
      after: { stage: 'rejected', decision: 'reject', reason: 'No qualifying experience' },
    });
    // The candidate was told, as for a console decision.
    await eventually(async () =>
      expect(
        suite.sys.catcher
          .messages()
          .some((m) => m.to.includes('signal.audited@example.org') && m.text.includes('No qualifying experience')),
      ).toBe(true),
    );
  });

  it('an Update from the temporal CLI is audited the same way, under the update identity', async () => {
    const id = await apply('Update', 'update.audited@example.org');
    // The Update's answer comes back encrypted: the CLI reads it through the API's codec endpoint, as an operator does.
    const codec = ['--codec-endpoint', `${suite.sys.baseUrl}/codec`, '--codec-auth', `Bearer ${suite.token}`];
    const answer = await temporalCli(
      'workflow',
      'update',
      'execute',
      '--workflow-id',
      id,
      '--name',
      'eligibilityDecisionUpdate',
      '--input',
      '{"decision":"approve"}',
      '--identity',
      'bob-cli',
      ...codec,
    );
    expect(answer).toContain('awaiting-notice');
    await stageIs(id, 'awaiting-notice');
    const entries = await entriesOf(id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: 'via Temporal: bob-cli',
      action: 'application.eligibility.approve',
      before: waitingBefore,
      after: { stage: 'awaiting-notice', decision: 'approve' },
    });
  });

  it('a console decision still writes exactly one entry, with the staff member', async () => {
    const id = await apply('Console', 'console.audited@example.org');
    const res = await fetch(`${suite.sys.baseUrl}/api/staff/applications/${encodeURIComponent(id)}/eligibility`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${suite.token}` },
      body: JSON.stringify({ decision: 'approve' }),
    });
    expect(res.status).toBe(200);
    await stageIs(id, 'awaiting-notice');
    const entries = await entriesOf(id);
    expect(entries.map((e) => [e.actor, e.action])).toEqual([[admin.email, 'application.eligibility.approve']]);
  });
});
