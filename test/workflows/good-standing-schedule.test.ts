import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recertificationActivities } from '../../src/activities/recertification';
import type { Mailer } from '../../src/email/transport';
import { latestGoodStandingReport } from '../../src/db/tables/recertification';
import { ensureGoodStandingSchedule } from '../../src/temporal/good-standing-schedule';
import { workflowsPath } from '../../src/temporal/worker';
import { goodStandingScheduleId } from '../../src/workflows/recertification/contract';
import { openTestDatabase } from '../helpers/database';
import { eventually } from '../helpers/eventually';
import { createDevServerEnv, testEncryption } from '../helpers/temporal';
import { seedGoodStandingCases } from '../reports/seed';

let env: TestWorkflowEnvironment;
let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  env = await createDevServerEnv();
  database = await openTestDatabase();
}, 120_000);
afterAll(async () => {
  await database?.close();
  await env?.teardown();
});

describe('Good Standing Report Schedule (dev server)', () => {
  it('is ensured idempotently at worker start, runs nightly in New York, and its run writes the report', async () => {
    const taskQueue = 'good-standing-schedule';
    await ensureGoodStandingSchedule(env.client, taskQueue);
    await ensureGoodStandingSchedule(env.client, taskQueue); // a second worker start changes nothing
    const handle = env.client.schedule.getHandle(goodStandingScheduleId);
    const description = await handle.describe();
    expect(description.spec.timezone).toBe('America/New_York');
    expect(description.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 2, end: 2, step: 1 }], minute: [{ start: 15, end: 15, step: 1 }] });
    expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType: 'goodStandingReportWorkflow', taskQueue });

    await seedGoodStandingCases(database.db);
    const mailer = { send: async () => ({ messageId: 'unused' }), close: () => undefined } as unknown as Mailer;
    const worker = await Worker.create({
      connection: env.nativeConnection, dataConverter: testEncryption.dataConverter,
      taskQueue,
      workflowsPath,
      activities: recertificationActivities({ db: database.db, mailer, links: { secret: 'x'.repeat(32), baseUrl: 'http://localhost', ttlDays: 1 } }),
    });
    await worker.runUntil(async () => {
      await handle.trigger();
      const report = await eventually(async () => {
        const r = await latestGoodStandingReport(database.db);
        expect(r?.trigger).toBe('schedule');
        return r!;
      }, 30_000);
      expect(report.certificants).toBe(2);
      expect(report.csv).toContain('Lovelace,Ada,CPCS,2024-10-20,2027-12-01');
      expect(report.csv).not.toMatch(/Failed|Lapsed/);
    });
    await handle.delete();
  }, 120_000);
});
