import { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import type { createActivities } from '../../src/activities/index';
import { createQueueWorkers } from '../../src/temporal/queue-workers';
import { workflowsPath } from '../../src/temporal/worker';
import { eligibilityDecisionUpdate, reportAppointmentUpdate } from '../../src/workflows/exam-application/contract';
import { statusQuery, testingWindowWorkflowId } from '../../src/workflows/testing-window/contract';
import { eventually } from '../helpers/eventually';
import { timeSkippingSuite, testEncryption } from '../helpers/temporal';
import { notingQueues } from './activity-queue-routing';
import { finished, inputFor, jumpTo, Recorder, stageIs, startApplication } from './exam-application/harness';

type Activities = ReturnType<typeof createActivities>;
const suite = timeSkippingSuite();

describe('activities run on the task queue of their kind (activity-task-queues)', () => {
  it('a seat at the test vendor is reserved by the integrations worker; the case records stay on the main queue', async () => {
    const taskQueue = 'queues-exam';
    const rec = new Recorder();
    const noted = notingQueues(rec.activities());
    const worker = await createQueueWorkers({
      connection: suite.env.nativeConnection,
      dataConverter: testEncryption.dataConverter,
      taskQueue,
      workflowsPath,
      activities: noted.activities,
    });
    await worker.runUntil(async () => {
      const input = inputFor('queues1', '2027-spring');
      const handle = await startApplication(suite.env, taskQueue, input);
      await handle.executeUpdate(eligibilityDecisionUpdate, {
        args: [{ decision: 'approve', decidedBy: 'staff@test.local' }],
      });
      await jumpTo(suite.env, '2027-02-01T14:01:00.000Z');
      await stageIs(handle, 'scheduling');
      const scheduled = await handle.executeUpdate(reportAppointmentUpdate, {
        args: [{ examDate: '2027-03-10', site: 'Chicago-01', source: 'candidate' }],
      });
      expect(scheduled.stage).toBe('scheduled');
      // Its timers would hold the shared clock for a worker that is gone; the next cases need the clock to move.
      await handle.terminate('done with this case');
    });
    expect(noted.ranOn('reserveSeat')).toEqual(['queues-exam-integrations']);
    expect(noted.ranOn('recordAppointment')).toEqual(['queues-exam']);
    expect(noted.ranOn('sendCandidateEmail')).toEqual(['queues-exam']);
  }, 180_000);

  it("a window's close notice and item analysis run on the heavy worker; its records on the main queue", async () => {
    const taskQueue = 'queues-window';
    const activities: Pick<
      Activities,
      'prepareWindow' | 'recordWindow' | 'countWindow' | 'notifyWindowApplications' | 'analyzeWindowResults'
    > = {
      prepareWindow: async () => ({ formId: 'CPCS-2027-04' }),
      recordWindow: async () => undefined,
      countWindow: async () => ({ applications: 0, results: 0 }),
      notifyWindowApplications: async () => ({ told: 0, gone: 0 }),
      analyzeWindowResults: async () => ({ examinees: 0, flagged: [] }),
    };
    const noted = notingQueues(activities);
    const worker = await createQueueWorkers({
      connection: suite.env.nativeConnection,
      dataConverter: testEncryption.dataConverter,
      taskQueue,
      workflowsPath,
      activities: noted.activities,
    });
    const status = await worker.runUntil(async () => {
      const handle = await suite.env.client.workflow.start('testingWindowWorkflow', {
        workflowId: testingWindowWorkflowId('CPCS', '2027-fall'),
        taskQueue,
        args: [{ program: 'CPCS', windowId: '2027-fall' }],
      });
      // Past Fall 2027's close; never handle.result(), which would let the shared clock run on freely.
      await jumpTo(suite.env, '2027-12-01T00:00:00.000Z');
      await finished(handle);
      return handle.query(statusQuery);
    });
    expect(status.stage).toBe('closed-without-results');
    expect(noted.ranOn('notifyWindowApplications')).toEqual(['queues-window-heavy']);
    expect(noted.ranOn('analyzeWindowResults')).toEqual(['queues-window-heavy']);
    expect(noted.ranOn('recordWindow')).toEqual(['queues-window']);
  }, 180_000);

  it('a process that polls only main leaves the seat waiting until a process polling integrations takes it', async () => {
    const taskQueue = 'queues-split';
    const rec = new Recorder();
    const noted = notingQueues(rec.activities());
    const options = {
      connection: suite.env.nativeConnection,
      dataConverter: testEncryption.dataConverter,
      taskQueue,
      workflowsPath,
      activities: noted.activities,
    };
    const mainOnly = await createQueueWorkers(options, { queues: ['main'] });
    await mainOnly.runUntil(async () => {
      const handle = await startApplication(suite.env, taskQueue, inputFor('queues2', '2028-spring'));
      await handle.executeUpdate(eligibilityDecisionUpdate, {
        args: [{ decision: 'approve', decidedBy: 'staff@test.local' }],
      });
      // The earlier cases moved the shared clock on: Spring 2028's notice to schedule goes out on February 7.
      await jumpTo(suite.env, '2028-02-07T15:00:00.000Z');
      await stageIs(handle, 'scheduling');
      const booking = handle.executeUpdate(reportAppointmentUpdate, {
        args: [{ examDate: '2028-03-08', site: 'Chicago-01', source: 'candidate' }],
      });
      // Scheduled on the integrations queue and never started: nobody polls it yet.
      const pending = await eventually(async () => {
        const seat = (await handle.describe()).raw.pendingActivities?.find(
          (a) => a.activityType?.name === 'reserveSeat',
        );
        expect(seat).toBeDefined();
        return seat!;
      });
      expect(pending.state).toBe(temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED);
      expect(noted.ranOn('reserveSeat')).toEqual([]);
      // A second process polls integrations only (as a machine of its own would): the seat is reserved there.
      const integrationsOnly = await createQueueWorkers(options, { queues: ['integrations'] });
      await integrationsOnly.runUntil(async () => expect((await booking).stage).toBe('scheduled'));
      await handle.terminate('done with this case');
    });
    expect(noted.ranOn('reserveSeat')).toEqual(['queues-split-integrations']);
  }, 240_000);
});
