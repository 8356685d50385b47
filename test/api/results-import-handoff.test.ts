import { Context } from '@temporalio/activity';
import { createQueueWorkers } from '../../src/temporal/queue-workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultsImportActivities } from '../../src/activities/results-import';
import type { SendSignal } from '../../src/activities/signal-batch';
import { itemsOf } from '../../src/db/tables/exam-forms';
import type { Mailer } from '../../src/email/transport';
import { ensureFormForWindow } from '../../src/forms/ensure';
import { signCandidateToken } from '../../src/lib/candidate-link';
import { storeResults, type ImportReport } from '../../src/results-import/import';
import { workflowsPath } from '../../src/temporal/worker';
import { statusQuery } from '../../src/workflows/exam-application/contract';
import { resultsImportWorkflowId, resultsImportWorkflowName } from '../../src/workflows/results-import/contract';
import { eventually } from '../helpers/eventually';
import { testEncryption } from '../helpers/temporal';
import { admin, staffApiToken, startSystem, testSecret, type System } from '../helpers/system';
import { serverClock } from '../helpers/server-clock';
import { attestationJson } from '../helpers/attestation';

// Real application workflows scheduled for an exam in Spring 2027, on a time-skipping server whose clock the API
// follows; the results import hands their results to its own workflow after the commit.
const clock = serverClock();
let sys: System;
let bearer: Record<string, string>;
let formId: string;
let answers: string;
beforeAll(async () => {
  sys = await startSystem({ now: clock.now, timeSkipping: true });
  await clock.sync(sys.env);
  bearer = { authorization: `Bearer ${await staffApiToken(sys, 'handoff', 365)}` };
  formId = await ensureFormForWindow(sys.db, 'CPCS', '2027-spring', { simulated: true });
  answers = (await itemsOf(sys.db, formId)).map((i) => i.key).join('');
}, 120_000);
afterAll(async () => {
  await sys?.close();
});

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${sys.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const jumpTo = (instant: string) => clock.jumpTo(sys.env, instant);

const stage = (applicationId: string) =>
  sys.env.client.workflow
    .getHandle(applicationId)
    .query(statusQuery)
    .then((s) => s.stage);
const allAt = (ids: string[], expected: string) =>
  eventually(async () => expect(await Promise.all(ids.map(stage))).toEqual(ids.map(() => expected)), 60_000, 250);

/** Applies, is approved, and books an exam on March 10, 2027, through the API; returns the application ids. */
async function scheduledCandidates(prefix: string, n: number): Promise<{ id: string; candidateId: string }[]> {
  const out: { id: string; candidateId: string }[] = [];
  for (let i = 0; i < n; i++) {
    const email = `${prefix}${i}@example.org`;
    const applied = await post('/apply', {
      firstName: `${prefix}${i}`,
      lastName: 'Handoff',
      email,
      membership: 'member',
      program: 'CPCS',
      windowId: '2027-spring',
      ...attestationJson,
    });
    const { applicationId } = (await applied.json()) as { applicationId: string };
    const row = await sys.db.selectFrom('candidates').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    await eventually(async () => expect(await stage(applicationId)).toBe('eligibility-review'), 30_000);
    expect(
      (
        await post(
          `/api/staff/applications/${encodeURIComponent(applicationId)}/eligibility`,
          { decision: 'approve' },
          bearer,
        )
      ).status,
    ).toBe(200);
    out.push({ id: applicationId, candidateId: row.id });
  }
  return out;
}

async function book(cases: { id: string; candidateId: string }[]) {
  for (const c of cases) {
    const link = signCandidateToken(testSecret, { applicationId: c.id, candidateId: c.candidateId }, clock.now(), 30);
    expect(
      (
        await post(
          `/api/applications/${encodeURIComponent(c.id)}/appointment`,
          { examDate: '2027-03-10', site: 'CHI-01' },
          { 'x-candidate-token': link },
        )
      ).status,
    ).toBe(200);
  }
}

const csvOf = (ids: string[]) =>
  ['application_id,form_id,tested_on,responses', ...ids.map((id) => `${id},${formId},2027-03-10,${answers}`)].join(
    '\n',
  );
const importCsv = async (csv: string) => {
  const res = await fetch(`${sys.baseUrl}/api/staff/results-imports?filename=spring.csv`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', ...bearer },
    body: csv,
  });
  expect(res.status).toBe(200);
  return (await res.json()) as ImportReport;
};
const importStatus = async (importId: string) =>
  (await (
    await fetch(`${sys.baseUrl}/api/staff/results-imports/${importId}`, { headers: bearer })
  ).json()) as ImportReport;

const importPage = async (importId: string) =>
  (await fetch(`${sys.baseUrl}/staff/results-imports/${importId}`, { headers: bearer })).text();

/** How many vendorResultSignal events the application's workflow received. */
async function resultSignals(applicationId: string): Promise<number> {
  const history = await sys.env.client.workflow.getHandle(applicationId).fetchHistory();
  return history.events!.filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'vendorResultSignal')
    .length;
}

describe('results import: the signals go through a workflow per import, after the commit', () => {
  describe('a crash between the commit and the workflow start loses nothing; a failing signalling activity resumes and tells each application once', () => {
    let crashed: { id: string; candidateId: string }[];
    let flaky: { id: string; candidateId: string }[];
    let csv: string;
    let committed: ImportReport;
    let ids: string[];
    let second: ImportReport;
    const sent: { attempt: number; id: string }[] = [];
    let resumedFrom: unknown;

    it('books eleven approved candidates for March 10, 2027 and reaches exam day', async () => {
      crashed = await scheduledCandidates('crash', 4);
      flaky = await scheduledCandidates('flaky', 7);
      await jumpTo('2027-02-01T14:01:00.000Z'); // the notice to schedule
      await allAt(
        [...crashed, ...flaky].map((c) => c.id),
        'scheduling',
      );
      await book([...crashed, ...flaky]);
      await jumpTo('2027-03-10T20:00:00.000Z'); // exam day
    }, 180_000);

    it('shows results committed by a process that died before starting the workflow as stalled, nobody told, on the import page too', async () => {
      // (a) The rows are committed and the process dies before it starts the import's workflow.
      csv = csvOf(crashed.map((c) => c.id));
      committed = await storeResults(sys.db, { csv, filename: 'spring.csv', source: 'cli', actor: admin.email });
      expect(committed.status).toBe('accepted');
      expect(await importStatus(committed.importId)).toMatchObject({
        signalled: 0,
        signalling: { state: 'stalled', pending: 4 },
      });
      expect(await Promise.all(crashed.map((c) => stage(c.id)))).toEqual(crashed.map(() => 'scheduled'));
      expect(await importPage(committed.importId)).toContain(
        '4 not told yet and nothing is telling them: import the same file again to finish',
      );
    }, 30_000);

    it('answers the same file again from the first import and starts its workflow now', async () => {
      const again = await importCsv(csv);
      expect(again).toMatchObject({
        importId: committed.importId,
        replayOf: committed.importId,
        accepted: 4,
        signalling: { workflowId: resultsImportWorkflowId(committed.importId) },
      });
      expect(['in-progress', 'complete']).toContain(again.signalling!.state);
    }, 30_000);

    it("tells every candidate of the resumed import, and its page says every stored result's candidate was told", async () => {
      await allAt(
        crashed.map((c) => c.id),
        'awaiting-close',
      );
      await eventually(async () =>
        expect(await importStatus(committed.importId)).toMatchObject({
          signalled: 4,
          signalling: { state: 'complete', pending: 0, noWorkflow: [] },
        }),
      );
      expect(await importPage(committed.importId)).toMatch(
        /<dt>Candidates told<\/dt><dd>4 of 4<\/dd><dt>Telling candidates<\/dt><dd>Done: every candidate with a stored result has been told\.<\/dd>/,
      );
    }, 90_000);

    it('completes an import whose signalling activity breaks in the middle of its second batch', async () => {
      // (b) Another import whose signalling activity breaks in the middle of its second batch, on a worker of its own.
      ids = flaky.map((c) => c.id).sort();
      second = await storeResults(sys.db, {
        csv: csvOf(ids),
        filename: 'spring-2.csv',
        source: 'cli',
        actor: admin.email,
      });
      let firstAttemptCalls = 0;
      const sendSignal: SendSignal = async (workflowId, signalName, payload) => {
        const { attempt, heartbeatDetails } = Context.current().info;
        if (attempt === 1 && ++firstAttemptCalls > 5) throw new Error('Temporal frontend unavailable');
        if (attempt === 2) resumedFrom ??= heartbeatDetails;
        await sys.env.client.workflow.getHandle(workflowId).signal(signalName, payload);
        sent.push({ attempt, id: workflowId });
      };
      const deps = {
        db: sys.db,
        mailer: {} as Mailer,
        links: { secret: testSecret, baseUrl: sys.baseUrl, ttlDays: 30 },
      };
      const worker = await createQueueWorkers({
        connection: sys.env.nativeConnection,
        dataConverter: testEncryption.dataConverter,
        taskQueue: 'results-import-flaky',
        workflowsPath,
        activities: resultsImportActivities(deps, { sendSignal }),
      });
      await worker.runUntil(async () => {
        const handle = await sys.env.client.workflow.start(resultsImportWorkflowName, {
          workflowId: resultsImportWorkflowId(second.importId),
          taskQueue: 'results-import-flaky',
          args: [{ importId: second.importId, batchSize: 3 }],
        });
        // Not handle.result(): awaiting a result lets the time-skipping server run the candidates' no-show timers.
        await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'), 60_000, 250);
      });
    }, 120_000);

    it('resumes the retry after the last finished batch and tells only the candidates not told yet', async () => {
      // The first attempt told 5 (one batch of 3, then 2 of the next); the retry resumed after the first batch, skipped
      // the 2 already told, and told the other 2.
      expect(
        sent
          .filter((s) => s.attempt === 1)
          .map((s) => s.id)
          .sort(),
      ).toEqual(ids.slice(0, 5));
      expect(resumedFrom).toMatchObject({ cursor: ids[2], batches: 1 });
      expect(
        sent
          .filter((s) => s.attempt === 2)
          .map((s) => s.id)
          .sort(),
      ).toEqual(ids.slice(5));
    });

    it('tells each candidate of the retried import exactly once and reports the import complete', async () => {
      await allAt(ids, 'awaiting-close');
      expect(await Promise.all(ids.map(resultSignals))).toEqual(ids.map(() => 1));
      expect(await importStatus(second.importId)).toMatchObject({
        signalled: 7,
        signalling: { state: 'complete', pending: 0 },
      });
    }, 90_000);

    it('keeps every candidate who tested tested past exam day plus the no-show grace, told once', async () => {
      // Past exam day plus the no-show grace: every candidate who tested stays tested.
      await jumpTo('2027-03-15T12:00:00.000Z');
      await allAt(
        [...crashed, ...flaky].map((c) => c.id),
        'awaiting-close',
      );
      expect(await Promise.all(crashed.map((c) => resultSignals(c.id)))).toEqual(crashed.map(() => 1));
    }, 90_000);
  });
});
