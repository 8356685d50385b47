import { describe, expect, it } from 'vitest';
import type { createActivities } from '../../../src/activities/index';
import { createQueueWorkers } from '../../../src/temporal/queue-workers';
import { workflowsPath } from '../../../src/temporal/worker';
import {
  approveEquatingUpdate,
  statusQuery,
  testingWindowWorkflowId,
  type WindowStatus,
} from '../../../src/workflows/testing-window/contract';
import { eventually } from '../../helpers/eventually';
import { timeSkippingSuite, testEncryption } from '../../helpers/temporal';

type Activities = ReturnType<typeof createActivities>;
type WindowActivities = Pick<
  Activities,
  | 'prepareWindow'
  | 'recordWindow'
  | 'countWindow'
  | 'notifyWindowApplications'
  | 'analyzeWindowResults'
  | 'equateWindow'
  | 'publishStatistics'
  | 'auditTemporalDecision'
>;

const taskQueue = 'windows-close-release';
const suite = timeSkippingSuite();
const notices: { windowId: string; kind: string; payload?: unknown; at: number }[] = [];
const activities: WindowActivities = {
  prepareWindow: async (r) => ({ formId: `CPCS-${r.windowId}` }),
  recordWindow: async () => undefined,
  countWindow: async () => ({ applications: 1, results: 1 }),
  notifyWindowApplications: async (i) => {
    notices.push({
      windowId: i.windowId,
      kind: i.notice.kind,
      payload: 'payload' in i.notice ? i.notice.payload : undefined,
      at: Date.now(),
    });
    return { told: 1, gone: 0 };
  },
  analyzeWindowResults: async () => ({ examinees: 1, flagged: [] }),
  equateWindow: async () => ({
    method: 'tucker',
    maxRaw: 2,
    rawCut: 1,
    referenceRawCut: 1,
    examinees: 1,
    passed: 1,
    conversion: [200, 400, 600],
  }),
  publishStatistics: async () => ({ tested: 1, passed: 1 }),
  auditTemporalDecision: async () => ({ audited: true }),
};

const skipTo = async (iso: string) => suite.env.sleep(Math.max(0, Date.parse(iso) - (await suite.env.currentTimeMs())));

async function windowAwaitingApproval(windowId: string) {
  const handle = await suite.env.client.workflow.start('testingWindowWorkflow', {
    workflowId: testingWindowWorkflowId('CPCS', windowId),
    taskQueue,
    args: [{ program: 'CPCS', windowId }],
  });
  const stageIs = (stage: WindowStatus['stage']) =>
    eventually(
      async () => {
        const s = await handle.query(statusQuery);
        expect(s.stage).toBe(stage);
        return s;
      },
      60_000,
      100,
    );
  return { handle, stageIs };
}

describe('testing window: the close is the end of the last test day, and approval is never a dead end', () => {
  it('Summer 2027 closes as June 26 ends (not July 17), tells applications the FAQ dates, and an approval 9 weeks later releases at once', async () => {
    const worker = await createQueueWorkers({
      connection: suite.env.nativeConnection,
      dataConverter: testEncryption.dataConverter,
      taskQueue,
      workflowsPath,
      activities,
    });
    await worker.runUntil(async () => {
      const { handle, stageIs } = await windowAwaitingApproval('2027-summer');
      // Boundary: still testing a minute before the last test day ends (June 26, 23:59 EDT), closed a minute after.
      await skipTo('2027-06-27T03:59:00Z');
      expect((await handle.query(statusQuery)).stage).toBe('testing');
      await skipTo('2027-06-27T04:01:00Z');
      const closed = await stageIs('awaiting-approval');
      expect(closed.closedAt).toBe('2027-06-27T04:00:00.000Z');
      // FAQ: results "approximately six to eight weeks from the close of the testing period/window".
      expect(notices.find((n) => n.windowId === '2027-summer' && n.kind === 'window-closed')!.payload).toEqual({
        windowId: '2027-summer',
        closedOn: '2027-06-26',
        resultsExpected: { earliest: '2027-08-07', latest: '2027-08-21' },
      });

      // Nine weeks after the close: the default (6 weeks) has passed, and the release goes out at once.
      await skipTo('2027-08-28T15:00:00Z');
      const now = await suite.env.currentTimeMs();
      const approved = await handle.executeUpdate(approveEquatingUpdate, {
        args: [{ approvedBy: 'psychometrician@test' }],
      });
      expect(Date.parse(approved.releaseAt)).toBeGreaterThanOrEqual(now - 60_000);
      expect(Date.parse(approved.releaseAt)).toBeLessThan(Date.parse('2027-08-29T00:00:00Z'));
      const final = await stageIs('released');
      expect(final.releasedAt!.slice(0, 10)).toBe('2027-08-28');
    });
  }, 120_000);

  it('Fall 2027: staff may choose a time beyond 8 weeks, and the results still come out in 2027', async () => {
    const worker = await createQueueWorkers({
      connection: suite.env.nativeConnection,
      dataConverter: testEncryption.dataConverter,
      taskQueue,
      workflowsPath,
      activities,
    });
    await worker.runUntil(async () => {
      const { handle, stageIs } = await windowAwaitingApproval('2027-fall');
      await skipTo('2027-10-25T12:00:00Z');
      const closed = await stageIs('awaiting-approval');
      expect(closed.milestones.find((m) => m.name === 'close')).toMatchObject({
        date: '2027-10-23',
        at: '2027-10-24T04:00:00.000Z',
      });
      // Nine weeks after the close (8 weeks end 2027-12-18): the release stands where staff put it, in 2027.
      const approved = await handle.executeUpdate(approveEquatingUpdate, {
        args: [{ approvedBy: 'psychometrician@test', releaseAt: '2027-12-27T14:00:00Z' }],
      });
      expect(approved.releaseAt).toBe('2027-12-27T14:00:00.000Z');
      // Not handle.result(): awaiting it lets the time-skipping server run years ahead, spoiling the next test.
      await skipTo('2027-12-27T14:01:00Z');
      const final = await stageIs('released');
      expect(final.releasedAt!.slice(0, 10)).toBe('2027-12-27');
    });
  }, 120_000);

  it('Spring 2028: a chosen time that has already passed releases at once instead of being refused', async () => {
    const worker = await createQueueWorkers({
      connection: suite.env.nativeConnection,
      dataConverter: testEncryption.dataConverter,
      taskQueue,
      workflowsPath,
      activities,
    });
    await worker.runUntil(async () => {
      const { handle, stageIs } = await windowAwaitingApproval('2028-spring');
      await skipTo('2028-03-27T12:00:00Z');
      await stageIs('awaiting-approval');
      const now = await suite.env.currentTimeMs();
      const approved = await handle.executeUpdate(approveEquatingUpdate, {
        args: [{ approvedBy: 'psychometrician@test', releaseAt: '2028-03-01T14:00:00Z' }],
      });
      expect(Date.parse(approved.releaseAt)).toBeGreaterThanOrEqual(now - 60_000);
      await stageIs('released');
    });
  }, 120_000);
});
