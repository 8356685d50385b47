import { WorkflowNotFoundError } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultsImportActivities } from '../../src/activities/results-import';
import { withLateResult } from '../../src/api/routes/attention-staff';
import type { AttentionView } from '../../src/workflows/needs-attention/contract';
import { listAudit } from '../../src/db/tables/audit-log';
import { resultsOfWindow } from '../../src/db/tables/exam-results';
import { LATE_RESULT_ACTIVITY, settleLateResult } from '../../src/db/tables/late-results';
import { findOpenAttention } from '../../src/db/tables/needs-attention';
import { attentionQueue } from '../../src/db/tables/staff-queues';
import type { Mailer } from '../../src/email/transport';
import { ensureFormForWindow } from '../../src/forms/ensure';
import { openTestDatabase } from '../helpers/database';
import { seedApplications, seedResults } from '../workflows/testing-window/seed';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('a vendor result after the no-show is kept for staff review, never dropped', () => {
  describe('the ended no-show gets a needs-attention item (the withdrawn one does not), once however often the import signals; staff settle it, audited', () => {
    const windowId = '2027-spring';
    let noShow: string;
    let withdrawn: string;
    let running: string;
    let importId: string;
    let open: Awaited<ReturnType<typeof findOpenAttention>>;
    const told: string[] = [];
    let signal: ReturnType<typeof resultsImportActivities>['signalImportedResults'];

    beforeAll(async () => {
      const db = database.db;
      const formId = await ensureFormForWindow(db, 'CPCS', windowId, { simulated: true });
      [noShow, withdrawn, running] = (await seedApplications(db, 'CPCS', windowId, 3, 'late')) as [
        string,
        string,
        string,
      ];
      await db.updateTable('applications').set({ stage: 'no-show' }).where('id', '=', noShow).execute();
      await db.updateTable('applications').set({ stage: 'withdrawn' }).where('id', '=', withdrawn).execute();
      importId = await seedResults(db, { program: 'CPCS', windowId, formId, testedOn: '2027-03-20' }, [
        noShow,
        withdrawn,
        running,
      ]);
      // The no-show's and the withdrawn case's workflows have ended: their signals find no workflow.
      signal = resultsImportActivities(
        {
          db,
          mailer: {} as Mailer,
          links: { secret: 's'.repeat(32), baseUrl: 'http://localhost', ttlDays: 30 },
        },
        {
          sendSignal: async (workflowId) => {
            if (workflowId !== running)
              throw new WorkflowNotFoundError('workflow execution already completed', workflowId, undefined);
            told.push(workflowId);
          },
        },
      ).signalImportedResults;
    }, 30_000);

    it('signals the running case and counts the two ended cases as having no workflow', async () => {
      expect(await new MockActivityEnvironment().run(signal, { importId })).toEqual({
        signalled: 1,
        noWorkflow: 2,
      });
    });

    it('counts the same on a second import signal, and the running case hears of its result once', async () => {
      expect(await new MockActivityEnvironment().run(signal, { importId })).toEqual({
        signalled: 1,
        noWorkflow: 2,
      });
      expect(told).toEqual([running]);
    });

    it("stores every result, the ended cases' too", async () => {
      expect((await resultsOfWindow(database.db, 'CPCS', windowId)).map((r) => r.application_id).sort()).toEqual(
        [noShow, withdrawn, running].sort(),
      );
    });

    it('opens a needs-attention item for the no-show saying when it tested and which import brought the result', async () => {
      open = await findOpenAttention(database.db, 'application', noShow);
      expect(open).toMatchObject({
        activity: LATE_RESULT_ACTIVITY,
        step: 'review a result that arrived after the no-show',
      });
      expect(open!.reason).toContain(`tested on 2027-03-20, import ${importId}`);
    });

    it('opens none for the withdrawn case', async () => {
      expect(await findOpenAttention(database.db, 'application', withdrawn)).toBeUndefined();
    });

    it('lists only the no-show in the staff queue', async () => {
      expect((await attentionQueue(database.db)).map((r) => r.case_id)).toEqual([noShow]);
    });

    it('shows the item on the case page with the resolve form', () => {
      // The case page shows it as the case's needs-attention item, with the resolve form.
      expect(withLateResult({} as { attention?: AttentionView }, open).attention).toMatchObject({
        step: 'review a result that arrived after the no-show',
        resolvable: true,
      });
    });

    it('settles the item when staff resolve it, and only the first time', async () => {
      const db = database.db;
      const at = new Date().toISOString();
      const auditAs = { action: 'application.attention.resolved', subject: `application:${noShow}` };
      expect(
        await settleLateResult(db, {
          caseId: noShow,
          by: 'staff@test.local',
          note: 'Told the candidate; result counted after review.',
          at,
          auditAs,
        }),
      ).toBe(true);
      expect(await settleLateResult(db, { caseId: noShow, by: 'staff@test.local', note: 'again', at, auditAs })).toBe(
        false,
      );
    });

    it('empties the staff queue once settled', async () => {
      expect(await attentionQueue(database.db)).toEqual([]);
    });

    it('audits the settlement once, with the staff member who resolved it', async () => {
      const audit = await listAudit(database.db, { subject: `application:${noShow}`, limit: 10, offset: 0 });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: 'staff@test.local', action: 'application.attention.resolved' });
    });
  });
});
