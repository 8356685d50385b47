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
  it('the ended no-show gets a needs-attention item (the withdrawn one does not), once however often the import signals; staff settle it, audited', async () => {
    const db = database.db;
    const windowId = '2027-spring';
    const formId = await ensureFormForWindow(db, 'CPCS', windowId, { simulated: true });
    const [noShow, withdrawn, running] = await seedApplications(db, 'CPCS', windowId, 3, 'late');
    await db.updateTable('applications').set({ stage: 'no-show' }).where('id', '=', noShow!).execute();
    await db.updateTable('applications').set({ stage: 'withdrawn' }).where('id', '=', withdrawn!).execute();
    const importId = await seedResults(db, { program: 'CPCS', windowId, formId, testedOn: '2027-03-20' }, [
      noShow!,
      withdrawn!,
      running!,
    ]);

    // The no-show's and the withdrawn case's workflows have ended: their signals find no workflow.
    const told: string[] = [];
    const signal = resultsImportActivities(
      { db, mailer: {} as Mailer, links: { secret: 's'.repeat(32), baseUrl: 'http://localhost', ttlDays: 30 } },
      {
        sendSignal: async (workflowId) => {
          if (workflowId !== running)
            throw new WorkflowNotFoundError('workflow execution already completed', workflowId, undefined);
          told.push(workflowId);
        },
      },
    ).signalImportedResults;
    expect(await new MockActivityEnvironment().run(signal, { importId })).toEqual({ signalled: 1, noWorkflow: 2 });
    expect(await new MockActivityEnvironment().run(signal, { importId })).toEqual({ signalled: 1, noWorkflow: 2 });
    expect(told).toEqual([running]);

    // The result is stored, and staff see the no-show in their queue with what happened.
    expect((await resultsOfWindow(db, 'CPCS', windowId)).map((r) => r.application_id).sort()).toEqual(
      [noShow, withdrawn, running].sort(),
    );
    const open = await findOpenAttention(db, 'application', noShow!);
    expect(open).toMatchObject({
      activity: LATE_RESULT_ACTIVITY,
      step: 'review a result that arrived after the no-show',
    });
    expect(open!.reason).toContain(`tested on 2027-03-20, import ${importId}`);
    expect(await findOpenAttention(db, 'application', withdrawn!)).toBeUndefined();
    expect((await attentionQueue(db)).map((r) => r.case_id)).toEqual([noShow]);
    // The case page shows it as the case's needs-attention item, with the resolve form.
    expect(withLateResult({} as { attention?: AttentionView }, open).attention).toMatchObject({
      step: 'review a result that arrived after the no-show',
      resolvable: true,
    });

    const at = new Date().toISOString();
    const auditAs = { action: 'application.attention.resolved', subject: `application:${noShow}` };
    expect(
      await settleLateResult(db, {
        caseId: noShow!,
        by: 'staff@test.local',
        note: 'Told the candidate; result counted after review.',
        at,
        auditAs,
      }),
    ).toBe(true);
    expect(await settleLateResult(db, { caseId: noShow!, by: 'staff@test.local', note: 'again', at, auditAs })).toBe(
      false,
    );
    expect(await attentionQueue(db)).toEqual([]);
    const audit = await listAudit(db, { subject: `application:${noShow}`, limit: 10, offset: 0 });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'staff@test.local', action: 'application.attention.resolved' });
  }, 60_000);
});
