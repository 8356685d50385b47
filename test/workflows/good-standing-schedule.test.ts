import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createQueueWorkers } from '../../src/temporal/queue-workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodStandingRefreshActivities } from '../../src/activities/good-standing-refresh';
import { recertificationActivities } from '../../src/activities/recertification';
import { deterministicMessageId } from '../../src/email/message-id';
import type { Mailer } from '../../src/email/transport';
import { findCertification, upsertCertification } from '../../src/db/tables/certifications';
import { latestGoodStandingReport } from '../../src/db/tables/recertification';
import { recertificationCycle } from '../../src/domain/index';
import { ensureGoodStandingSchedule } from '../../src/temporal/good-standing-schedule';
import { workflowsPath } from '../../src/temporal/worker';
import {
  certificationEarnedSignal,
  goodStandingScheduleId,
  recertificationWorkflowId,
} from '../../src/workflows/recertification/contract';
import { openTestDatabase } from '../helpers/database';
import { eventually } from '../helpers/eventually';
import { createDevServerEnv, testEncryption } from '../helpers/temporal';
import { seedGoodStandingCases } from '../reports/seed';

const BURST = 20;
// Certified four years ago: the due date has passed, so each cycle lapses as soon as it starts.
const certifiedOn = `${new Date().getUTCFullYear() - 4}-06-01`;
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
    expect(description.spec.calendars?.[0]).toMatchObject({
      hour: [{ start: 2, end: 2, step: 1 }],
      minute: [{ start: 15, end: 15, step: 1 }],
    });
    expect(description.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'goodStandingReportWorkflow',
      taskQueue,
    });

    await seedGoodStandingCases(database.db);
    const mailer = { send: async () => ({ messageId: 'unused' }), close: () => undefined } as unknown as Mailer;
    const worker = await createQueueWorkers({
      connection: env.nativeConnection,
      dataConverter: testEncryption.dataConverter,
      taskQueue,
      workflowsPath,
      activities: recertificationActivities({
        db: database.db,
        mailer,
        links: { secret: 'x'.repeat(32), baseUrl: 'http://localhost', ttlDays: 1 },
      }),
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

  describe('a burst of lapses asks the Schedule for a refresh each; a bounded number of report runs follow, the last one is current, and a deleted Schedule is put back', () => {
    const taskQueue = 'good-standing-refresh';
    const ids = Array.from({ length: BURST + 1 }, (_, i) => `burst-${String(i).padStart(2, '0')}`);
    const requested: string[] = [];
    const runs: string[] = [];
    // The first report run stays open, after reading the certificants, until the rest of the burst has lapsed.
    let releaseFirstRun!: () => void;
    const firstRunHeld = new Promise<void>((resolve) => (releaseFirstRun = resolve));
    let before: string;
    let worker: Awaited<ReturnType<typeof createQueueWorkers>>;
    let running: Promise<void>;
    const schedule = () => env.client.schedule.getHandle(goodStandingScheduleId);
    const certify = async (id: string) => {
      await database.db
        .insertInto('candidates')
        .values({ id, email: `${id}@example.test`, first_name: id, last_name: 'Lapsing', membership: 'member' })
        .execute();
      await upsertCertification(database.db, {
        credentialId: `${id}-CPCS`,
        candidateId: id,
        program: 'CPCS',
        applicationId: `app-${id}`,
        certifiedOn,
        expiresOn: recertificationCycle(certifiedOn).dueDate,
      });
    };
    const lapseAll = async (wave: string[]) => {
      await Promise.all(
        wave.map((id) =>
          env.client.workflow.signalWithStart('recertificationWorkflow', {
            workflowId: recertificationWorkflowId(id),
            taskQueue,
            args: [{ certificantId: id }],
            signal: certificationEarnedSignal,
            signalArgs: [
              {
                certificantId: id,
                program: 'CPCS',
                credentialId: `${id}-CPCS`,
                certifiedOn,
                firstName: id,
                lastName: 'Lapsing',
                membership: 'member',
              },
            ],
          }),
        ),
      );
      // Each lapse asked the Schedule for a refresh once its records were written.
      await eventually(
        () => expect(requested).toEqual(expect.arrayContaining(wave.map((id) => `lapse:${id}`))),
        60_000,
        100,
      );
      for (const id of wave) expect((await findCertification(database.db, `${id}-CPCS`))!.status).toBe('lapsed');
    };
    // No report run under way or waiting, and the latest report has none of the lapsed certificants.
    const settled = () =>
      eventually(
        async () => {
          const { info } = await schedule().describe();
          expect(info.runningActions).toEqual([]);
          expect((await latestGoodStandingReport(database.db))!.csv).not.toContain('Lapsing');
        },
        60_000,
        500,
      );

    beforeAll(async () => {
      const db = database.db;
      await ensureGoodStandingSchedule(env.client, taskQueue);
      await seedGoodStandingCases(db);
      before = (await latestGoodStandingReport(db))?.id ?? '0';
      for (const id of ids.slice(0, BURST)) await certify(id);

      const recert = recertificationActivities({
        db,
        // The lapse emails go nowhere, but through the real send path, which names each message before sending.
        mailer: {
          send: async () => ({ messageId: 'm' }),
          messageIdFor: (slot: string) => deterministicMessageId(slot, 'test.local'),
        } as unknown as Mailer,
        links: { secret: 'x'.repeat(32), baseUrl: 'http://localhost', ttlDays: 1 },
      });
      const refresh = goodStandingRefreshActivities();
      worker = await createQueueWorkers({
        connection: env.nativeConnection,
        dataConverter: testEncryption.dataConverter,
        taskQueue,
        workflowsPath,
        activities: {
          ...recert,
          requestGoodStandingRefresh: async (input: { trigger: string }) => {
            await refresh.requestGoodStandingRefresh(input);
            requested.push(input.trigger);
          },
          generateGoodStandingReport: async (input: { trigger: string }) => {
            const report = await recert.generateGoodStandingReport(input);
            if (runs.push(input.trigger) === 1) await firstRunHeld;
            return report;
          },
          revokeBadge: async () => undefined,
          replaceBadgeExpiry: async (i: { credentialId: string }) => ({ badgeId: `badge-${i.credentialId}` }),
        },
      });
      // The worker runs across the steps below; afterAll drains it.
      running = worker.run();
    }, 60_000);
    afterAll(async () => {
      // A step that failed may have left the first report run held: let it finish so the worker can drain.
      releaseFirstRun();
      worker?.shutdown();
      await running;
    }, 60_000);

    it('starts a report run from the Schedule when the first certificant lapses', async () => {
      await lapseAll(ids.slice(0, 1));
      await eventually(() => expect(runs).toHaveLength(1), 30_000, 50);
    }, 90_000);

    it('queues one more run, not nineteen, for the others lapsing while that run is under way', async () => {
      // The other 19 lapse while that run is under way: each asks for a refresh, and one run is queued for all of them.
      await lapseAll(ids.slice(1, BURST));
      releaseFirstRun();
      await settled();
      expect(runs).toEqual(['schedule', 'schedule']);
    }, 120_000);

    it("puts a deleted Schedule back for this worker's task queue at the next refresh, and runs it", async () => {
      // The Schedule was deleted: the next refresh puts it back for this worker's task queue and runs it.
      await schedule().delete();
      await certify(ids[BURST]!);
      await lapseAll(ids.slice(BURST));
      expect((await schedule().describe()).action).toMatchObject({
        type: 'startWorkflow',
        workflowType: 'goodStandingReportWorkflow',
        taskQueue,
      });
      await settled();
    }, 120_000);

    it('ran every report from the Schedule, none inside a lapse: 21 refresh requests cost three runs', () => {
      // Every run came from the Schedule, none from inside a lapse: 20 refresh requests cost two runs, not twenty.
      expect(requested).toHaveLength(BURST + 1);
      expect(runs).toEqual(['schedule', 'schedule', 'schedule']);
    });

    it('leaves the last report current: only the first was read before the burst lapsed', async () => {
      const reports = await database.db
        .selectFrom('good_standing_reports')
        .select(['csv', 'certificants'])
        .where('id', '>', before)
        .orderBy('id')
        .execute();
      // The first run read the certificants before the other 19 lapsed; the queued run started after the last of them.
      expect(reports.map((r) => r.certificants)).toEqual([2 + BURST - 1, 2, 2]);
      expect(reports[2]!.csv).toContain('Lovelace,Ada,CPCS,2024-10-20,2027-12-01');
      await schedule().delete();
    });
  });
});
