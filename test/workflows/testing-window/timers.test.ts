import { createQueueWorkers } from '../../../src/temporal/queue-workers';
import { describe, expect, it } from 'vitest';
import type { createActivities } from '../../../src/activities/index';
import { workflowsPath } from '../../../src/temporal/worker';
import { calendarQuery, statusQuery, testingWindowWorkflowId } from '../../../src/workflows/testing-window/contract';
import { eventually } from '../../helpers/eventually';
import { timeSkippingSuite, testEncryption } from '../../helpers/temporal';

type Activities = ReturnType<typeof createActivities>;
const suite = timeSkippingSuite();

describe('testing window milestones are durable timers', () => {
  it('moves through the Fall 2027 calendar as time passes, closes when the last test day ends, and ends without results', async () => {
    const stages: string[] = [];
    const notices: string[] = [];
    const activities: Pick<
      Activities,
      'prepareWindow' | 'recordWindow' | 'countWindow' | 'notifyWindowApplications' | 'analyzeWindowResults'
    > = {
      prepareWindow: async () => ({ formId: 'CPCS-2027-04' }),
      recordWindow: async (c) => void stages.push(c.stage),
      countWindow: async () => ({ applications: 0, results: 0 }),
      notifyWindowApplications: async (i) => (notices.push(i.notice.kind), { told: 0, gone: 0 }),
      analyzeWindowResults: async () => ({ examinees: 0, flagged: [] }),
    };
    const worker = await createQueueWorkers({
      connection: suite.env.nativeConnection,
      dataConverter: testEncryption.dataConverter,
      taskQueue: 'windows-timers',
      workflowsPath,
      activities,
    });
    await worker.runUntil(async () => {
      const handle = await suite.env.client.workflow.start('testingWindowWorkflow', {
        workflowId: testingWindowWorkflowId('CPCS', '2027-fall'),
        taskQueue: 'windows-timers',
        args: [{ program: 'CPCS', windowId: '2027-fall' }],
      });
      const calendar = await eventually(() => handle.query(calendarQuery));
      expect(calendar.milestones.map((m) => [m.name, m.date])).toEqual([
        ['applicationsOpen', '2027-05-17'],
        ['applicationDeadline', '2027-08-02'],
        ['accommodationCutoff', '2027-08-09'],
        ['lateApplicationDeadline', '2027-08-23'],
        ['noticeToSchedule', '2027-09-06'],
        ['start', '2027-10-04'],
        ['end', '2027-10-23'],
        // FAQ: the close "may be up to three weeks after an individual's testing date": the last test day.
        ['close', '2027-10-23'],
      ]);
      // The deadline passes when its day is over in New York (midnight EDT = 04:00 UTC).
      expect(calendar.milestones[1]!.at).toBe('2027-08-03T04:00:00.000Z');

      const skipTo = async (iso: string) => suite.env.sleep(Date.parse(iso) - (await suite.env.currentTimeMs()));
      await skipTo('2027-08-03T03:59:00Z');
      await eventually(async () => expect((await handle.query(statusQuery)).stage).toBe('applications-open'));
      await skipTo('2027-08-03T04:01:00Z');
      await eventually(async () => expect((await handle.query(statusQuery)).stage).toBe('application-deadline-passed'));
      await skipTo('2027-10-05T12:00:00Z');
      await eventually(async () => expect((await handle.query(statusQuery)).stage).toBe('testing'));

      const final = await handle.result();
      expect(final.stage).toBe('closed-without-results');
      // Closed at the end of the last test day (2027-10-23, midnight EDT = 04:00 UTC on the 24th), not 21 days later.
      expect(final.closedAt).toBe('2027-10-24T04:00:00.000Z');
    });
    expect(stages).toEqual([
      'applications-open',
      'application-deadline-passed',
      'accommodation-cutoff-passed',
      'late-deadline-passed',
      'notice-to-schedule',
      'testing',
      'awaiting-close',
      'item-analysis',
      'item-analysis',
      'closed-without-results',
    ]);
    expect(notices).toEqual(['window-closed']);
  }, 120_000);
});
