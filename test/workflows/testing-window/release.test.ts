import { decisionAuditActivities } from '../../../src/activities/decision-audit';
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createQueueWorkers } from '../../../src/temporal/queue-workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testingWindowActivities } from '../../../src/activities/testing-window';
import { testingWindowFanOutActivities, type SendSignal } from '../../../src/activities/testing-window-fanout';
import type { DatabaseHandle } from '../../../src/db/connection';
import { itemsOf } from '../../../src/db/tables/exam-forms';
import { resultsOfWindow } from '../../../src/db/tables/exam-results';
import { allWindowStatistics } from '../../../src/db/tables/window-statistics';
import type { Mailer } from '../../../src/email/transport';
import { ensureFormForWindow } from '../../../src/forms/ensure';
import { workflowsPath } from '../../../src/temporal/worker';
import { stageKey } from '../../../src/workflows/search-attributes';
import { approveEquatingUpdate, statusQuery, testingWindowWorkflowId, validateKeyUpdate, type WindowStatus } from '../../../src/workflows/testing-window/contract';
import { openTestDatabase } from '../../helpers/database';
import { eventually } from '../../helpers/eventually';
import { createTimeSkippingEnv, testEncryption } from '../../helpers/temporal';
import { seedApplications, seedResults } from './seed';

let env: TestWorkflowEnvironment;
let database: DatabaseHandle;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
  await env?.teardown();
});

describe('testing window: close → key validation → equating → approval → release to every candidate', () => {
  it('tells each of several thousand applications exactly once, although the release fan-out fails midway and resumes', async () => {
    const db = database.db;
    const program = 'CPCS';
    const windowId = '2027-spring';
    const formId = await ensureFormForWindow(db, program, windowId, { simulated: true });
    const tested = await seedApplications(db, program, windowId, 3000);
    const untested = await seedApplications(db, program, windowId, 200, 'z');
    // One scored item whose stored key is wrong: examinees answer it as if its key were the next letter.
    const miskeyed = (await itemsOf(db, formId)).find((i) => i.role === 'scored' && !i.anchor)!;
    const trueKey = ({ A: 'B', B: 'C', C: 'A' } as const)[miskeyed.key];
    await seedResults(db, { program, windowId, formId, testedOn: '2027-03-10' }, tested, { trueKeys: { [miskeyed.item_id]: trueKey } });

    const received = new Map<string, { signal: string; payload: any }[]>();
    let scoreSignals = 0;
    const attemptsSeen = new Set<number>();
    const sendSignal: SendSignal = async (workflowId, signalName, payload) => {
      if (signalName === 'scoreReleasedSignal') {
        attemptsSeen.add(Context.current().info.attempt);
        // The first attempt breaks after 1234 candidates, in the middle of a batch.
        if (Context.current().info.attempt === 1 && ++scoreSignals > 1234) throw new Error('vendor of signals unavailable');
      }
      received.set(workflowId, [...(received.get(workflowId) ?? []), { signal: signalName, payload }]);
    };
    const deps = { db, mailer: {} as Mailer, links: { secret: 's'.repeat(32), baseUrl: 'http://localhost', ttlDays: 30 }, formsSimulated: true };
    const worker = await createQueueWorkers({
      connection: env.nativeConnection, dataConverter: testEncryption.dataConverter,
      taskQueue: 'windows-release',
      workflowsPath,
      activities: { ...testingWindowActivities(deps), ...testingWindowFanOutActivities(deps, { sendSignal }), ...decisionAuditActivities(deps) },
    });

    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('testingWindowWorkflow', {
        workflowId: testingWindowWorkflowId(program, windowId),
        taskQueue: 'windows-release',
        args: [{ program, windowId }],
      });
      // A few days past the close (Spring 2027 closes as its last test day, 2027-03-20, ends): the timers fire as time skips.
      await env.sleep(Date.parse('2027-04-14T00:00:00Z') - (await env.currentTimeMs()));
      const waitFor = (stage: WindowStatus['stage']) =>
        eventually(async () => {
          const s = await handle.query(statusQuery);
          expect(s.stage).toBe(stage);
          return s;
        }, 90_000, 200);
      let status = await waitFor('key-validation');
      expect(status.milestones.every((m) => m.reachedAt)).toBe(true);
      expect(status.milestones.find((m) => m.name === 'close')!.date).toBe('2027-03-20');
      expect(status.closedAt).toBe('2027-03-21T04:00:00.000Z');
      expect(status.counts).toMatchObject({ applications: 3200, results: 3000, closedNotified: 3200 });
      const flag = status.flagged.find((f) => f.itemId === miskeyed.item_id);
      expect(flag).toMatchObject({ kind: 'possible-miskey', key: miskeyed.key, suggestedKey: trueKey });

      const rawBefore = new Map((await resultsOfWindow(db, program, windowId)).map((r) => [r.application_id, { raw: r.raw!, answer: r.responses[0] }]));
      const position = (await itemsOf(db, formId)).findIndex((i) => i.item_id === miskeyed.item_id);

      // Approval before every flagged item is decided is refused.
      await expect(handle.executeUpdate(approveEquatingUpdate, { args: [{ approvedBy: 'psychometrician@test' }] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      for (const f of status.flagged) {
        const decision = f.itemId === miskeyed.item_id ? { action: 'rekey' as const, key: trueKey } : { action: 'accept' as const };
        await handle.executeUpdate(validateKeyUpdate, { args: [{ itemId: f.itemId, ...decision, decidedBy: 'psychometrician@test' }] });
      }
      await expect(handle.executeUpdate(validateKeyUpdate, { args: [{ itemId: 'no-such-item', action: 'accept', decidedBy: 'x' }] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      status = await waitFor('awaiting-approval');
      expect(status.equating).toMatchObject({ method: 'tucker', examinees: 3000 });
      expect(status.equating!.conversion[status.equating!.rawCut]).toBe(400);

      // Re-keying rescored every stored response: +1 for the true key, −1 for the old one, the same otherwise.
      for (const r of await resultsOfWindow(db, program, windowId)) {
        const before = rawBefore.get(r.application_id)!.raw;
        const answer = r.responses[position];
        expect(r.raw).toBe(before + (answer === trueKey ? 1 : 0) - (answer === miskeyed.key ? 1 : 0));
      }

      // FAQ: results "six to eight weeks from the close": by default 9:00 New York on the day 6 weeks after it.
      await expect(handle.executeUpdate(approveEquatingUpdate, { args: [{ approvedBy: 'p@test', releaseAt: 'next Tuesday' }] })).rejects.toThrow(WorkflowUpdateFailedError);
      const approved = await handle.executeUpdate(approveEquatingUpdate, { args: [{ approvedBy: 'psychometrician@test' }] });
      expect(approved.releaseAt).toBe('2027-05-01T13:00:00.000Z');

      const final = await handle.result();
      expect(final.stage).toBe('released');
      expect(Date.parse(final.releasedAt!)).toBeGreaterThanOrEqual(Date.parse(approved.releaseAt));
      expect(final.counts.released).toBe(3000);
      expect((await handle.describe()).typedSearchAttributes.get(stageKey)).toBe('released');
    });

    expect(attemptsSeen.has(2)).toBe(true);
    const scores = new Map((await resultsOfWindow(db, program, windowId)).map((r) => [r.application_id, r]));
    for (const id of tested) {
      const signals = received.get(id)!.map((s) => s.signal);
      expect(signals).toEqual(['windowClosedSignal', 'equatingApprovedSignal', 'scoreReleasedSignal']);
      const score = received.get(id)!.find((s) => s.signal === 'scoreReleasedSignal')!.payload;
      expect(score).toMatchObject({ windowId, formId, raw: scores.get(id)!.raw, scaled: scores.get(id)!.scaled, passed: scores.get(id)!.passed });
    }
    for (const id of untested) expect(received.get(id)!.map((s) => s.signal)).toEqual(['windowClosedSignal']);
    const stats = await allWindowStatistics(db);
    expect(stats).toEqual([expect.objectContaining({ program, window_id: windowId, tested: 3000, passed: [...scores.values()].filter((r) => r.passed).length })]);
  }, 240_000);
});
