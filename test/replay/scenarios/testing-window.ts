import { itemsOf } from '../../../src/db/tables/exam-forms';
import { ensureFormForWindow } from '../../../src/forms/ensure';
import {
  approveEquatingUpdate,
  statusQuery,
  testingWindowWorkflowId,
  validateKeyUpdate,
  type WindowStatus,
} from '../../../src/workflows/testing-window/contract';
import { eventually } from '../../helpers/eventually';
import { seedApplications, seedResults } from '../../workflows/testing-window/seed';
import type { Scenario } from './context';

/** Spring 2027 from creation to release: milestones, close, a miskeyed item re-keyed, equating approved, scores out. */
export const testingWindowScenarios: Scenario[] = [
  {
    name: 'created-to-released',
    async run(ctx) {
      const program = 'CPCS';
      const windowId = '2027-spring';
      const formId = await ensureFormForWindow(ctx.db, program, windowId, { simulated: true });
      const tested = await seedApplications(ctx.db, program, windowId, 300);
      await seedApplications(ctx.db, program, windowId, 5, 'z');
      const miskeyed = (await itemsOf(ctx.db, formId)).find((i) => i.role === 'scored' && !i.anchor)!;
      const trueKey = ({ A: 'B', B: 'C', C: 'A' } as const)[miskeyed.key];
      await seedResults(ctx.db, { program, windowId, formId, testedOn: '2027-03-10' }, tested, {
        trueKeys: { [miskeyed.item_id]: trueKey },
      });

      const handle = await ctx.env.client.workflow.start('testingWindowWorkflow', {
        workflowId: testingWindowWorkflowId(program, windowId),
        taskQueue: ctx.taskQueue,
        args: [{ program, windowId }],
      });
      await ctx.env.sleep(Date.parse('2027-04-14T00:00:00Z') - (await ctx.env.currentTimeMs()));
      const waitFor = (stage: WindowStatus['stage']) =>
        eventually(
          async () => {
            const s = await handle.query(statusQuery);
            if (s.stage !== stage) throw new Error(`window is ${s.stage}, expected ${stage}`);
            return s;
          },
          90_000,
          200,
        );
      const status = await waitFor('key-validation');
      for (const f of status.flagged) {
        const decision =
          f.itemId === miskeyed.item_id ? { action: 'rekey' as const, key: trueKey } : { action: 'accept' as const };
        await handle.executeUpdate(validateKeyUpdate, {
          args: [{ itemId: f.itemId, ...decision, decidedBy: 'psychometrician@test' }],
        });
      }
      await waitFor('awaiting-approval');
      await handle.executeUpdate(approveEquatingUpdate, { args: [{ approvedBy: 'psychometrician@test' }] });
      await handle.result();
      return [handle.workflowId];
    },
  },
];
