import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createQueueWorkers } from '../../../src/temporal/queue-workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testingWindowActivities } from '../../../src/activities/testing-window';
import { testingWindowFanOutActivities } from '../../../src/activities/testing-window-fanout';
import type { DatabaseHandle } from '../../../src/db/connection';
import type { Mailer } from '../../../src/email/transport';
import { workflowsPath } from '../../../src/temporal/worker';
import { ensureWindowSchedule } from '../../../src/wiring/window-schedule';
import { stageKey } from '../../../src/workflows/search-attributes';
import {
  calendarQuery,
  testingWindowWorkflowId,
  yearlyWindowsScheduleId,
  yearlyWindowsWorkflowName,
} from '../../../src/workflows/testing-window/contract';
import { policyWith } from '../../../src/domain/index';
import { openTestDatabase } from '../../helpers/database';
import { eventually } from '../../helpers/eventually';
import { createDevServerEnv, testEncryption } from '../../helpers/temporal';

// Schedules need the dev server: the time-skipping test server has none.
let env: TestWorkflowEnvironment;
let database: DatabaseHandle;
beforeAll(async () => {
  env = await createDevServerEnv();
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
  await env?.teardown();
});

describe('the yearly Schedule creates next year’s testing windows', () => {
  it('is created once, and each run starts every program × season of next year exactly once', async () => {
    const deps = {
      db: database.db,
      mailer: {} as Mailer,
      links: { secret: 's'.repeat(32), baseUrl: 'http://localhost', ttlDays: 30 },
      formsSimulated: true,
    };
    const worker = await createQueueWorkers({
      connection: env.nativeConnection,
      dataConverter: testEncryption.dataConverter,
      taskQueue: 'windows-schedule',
      workflowsPath,
      activities: { ...testingWindowActivities(deps), ...testingWindowFanOutActivities(deps) },
    });
    await worker.runUntil(async () => {
      expect(await ensureWindowSchedule(env.client, 'windows-schedule')).toBe('created');
      expect(await ensureWindowSchedule(env.client, 'windows-schedule')).toBe('exists');
      const schedule = env.client.schedule.getHandle(yearlyWindowsScheduleId);
      const description = await schedule.describe();
      expect(description.spec.calendars?.[0]).toMatchObject({
        month: [{ start: 'MAY', end: 'MAY', step: 1 }],
        dayOfMonth: [{ start: 1, end: 1, step: 1 }],
      });

      await schedule.trigger();
      const year = new Date().getUTCFullYear() + 1;
      const ids = ['CPCS', 'CPMSM'].flatMap((p) =>
        ['spring', 'summer', 'fall'].map((s) => testingWindowWorkflowId(p, `${year}-${s}`)),
      );
      await eventually(
        async () => {
          for (const id of ids) {
            const handle = env.client.workflow.getHandle(id);
            expect((await handle.describe()).status.name).toBe('RUNNING');
            expect((await handle.query(calendarQuery)).milestones).toHaveLength(8);
          }
        },
        30_000,
        250,
      );
      // Visibility is eventually consistent; staff find the windows by search attribute.
      await eventually(
        async () => {
          const found: string[] = [];
          for await (const wf of env.client.workflow.list({
            query: `WorkflowType = "testingWindowWorkflow" AND TestingWindow STARTS_WITH "${year}-"`,
          }))
            found.push(wf.workflowId);
          expect(found.sort()).toEqual([...ids].sort());
          const stage = (await env.client.workflow.getHandle(ids[0]!).describe()).typedSearchAttributes.get(stageKey);
          expect(stage).toBeDefined();
        },
        30_000,
        250,
      );

      // A second run keeps the windows that exist.
      await schedule.trigger();
      await eventually(
        async () => {
          const runs = [];
          for await (const wf of env.client.workflow.list({
            query: `WorkflowType = "yearlyWindowsWorkflow" AND ExecutionStatus = "Completed"`,
          }))
            runs.push(wf.workflowId);
          expect(runs).toHaveLength(2);
          const results = await Promise.all(runs.map((id) => env.client.workflow.getHandle(id).result()));
          expect(results.map((r) => [r.started.length, r.existing.length]).sort()).toEqual([
            [0, 6],
            [6, 0],
          ]);
        },
        30_000,
        250,
      );
      expect(
        await database.db.selectFrom('exam_forms').select('id').where('reference', '=', false).orderBy('id').execute(),
      ).toEqual([
        { id: `CPCS-${year - 1}-04` },
        { id: `CPCS-${year}-04` },
        { id: `CPMSM-${year - 1}-04` },
        { id: `CPMSM-${year}-04` },
      ]);
      for (const id of ids) await env.client.workflow.getHandle(id).terminate('test over');
    });
  }, 120_000);

  it('carries the policy file the worker loaded: its args follow the file, and each window it starts takes it as snapshot', async () => {
    const deps = {
      db: database.db,
      mailer: {} as Mailer,
      links: { secret: 's'.repeat(32), baseUrl: 'http://localhost', ttlDays: 30 },
      formsSimulated: true,
    };
    const worker = await createQueueWorkers({
      connection: env.nativeConnection,
      dataConverter: testEncryption.dataConverter,
      taskQueue: 'windows-schedule',
      workflowsPath,
      activities: { ...testingWindowActivities(deps), ...testingWindowFanOutActivities(deps) },
    });
    // Spring on the first Monday of April instead of March: a calendar no compiled value gives.
    const policy = policyWith({ windowCalendar: { starts: { spring: { month: 4 } } } });
    await worker.runUntil(async () => {
      expect(await ensureWindowSchedule(env.client, 'windows-schedule', policy)).toBe('updated');
      expect(await ensureWindowSchedule(env.client, 'windows-schedule', policy)).toBe('exists');
      const description = await env.client.schedule.getHandle(yearlyWindowsScheduleId).describe();
      expect(description.action.type === 'startWorkflow' && description.action.args).toEqual([{ policy }]);

      await env.client.workflow.execute(yearlyWindowsWorkflowName, {
        workflowId: 'yearly-2040',
        taskQueue: 'windows-schedule',
        args: [{ year: 2040, policy }],
      });
      const spring = env.client.workflow.getHandle(testingWindowWorkflowId('CPCS', '2040-spring'));
      const start = (await spring.query(calendarQuery)).milestones.find((m) => m.name === 'start');
      expect(start?.date).toBe('2040-04-02');
      for (const p of ['CPCS', 'CPMSM'])
        for (const season of ['spring', 'summer', 'fall'])
          await env.client.workflow.getHandle(testingWindowWorkflowId(p, `2040-${season}`)).terminate('test over');
    });
  }, 120_000);
});
