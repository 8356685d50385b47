import { ensureFormForWindow } from '../../../src/forms/ensure';
import { resultsImportWorkflowId } from '../../../src/workflows/results-import/contract';
import { seedApplications, seedResults } from '../../workflows/testing-window/seed';
import type { Scenario } from './context';

/** The hand-off of a committed results import to its applications, in batches (the recording's signals go nowhere). */
export const resultsImportScenarios: Scenario[] = [
  {
    name: 'results-import-signalled-in-batches',
    async run(ctx) {
      const formId = await ensureFormForWindow(ctx.db, 'CPCS', '2027-spring', { simulated: true });
      const apps = await seedApplications(ctx.db, 'CPCS', '2027-spring', 5);
      const importId = await seedResults(
        ctx.db,
        { program: 'CPCS', windowId: '2027-spring', formId, testedOn: '2027-03-10' },
        apps,
      );
      const handle = await ctx.env.client.workflow.start('resultsImportWorkflow', {
        workflowId: resultsImportWorkflowId(importId),
        taskQueue: ctx.taskQueue,
        args: [{ importId, batchSize: 2 }],
      });
      await handle.result();
      return [handle.workflowId];
    },
  },
];
