import { testingWindowWorkflowId } from '../../../src/workflows/testing-window/contract';
import type { Scenario } from './context';

/** The short workflows: started by a Schedule, by staff or by the "lost your link" form. */
export const oneShotScenarios: Scenario[] = [
  {
    name: 'manual-and-nightly',
    async run(ctx) {
      const manual = await ctx.env.client.workflow.start('goodStandingReportWorkflow', {
        workflowId: 'good-standing-report-manual-1',
        taskQueue: ctx.taskQueue,
        args: [{}],
      });
      const nightly = await ctx.env.client.workflow.start('goodStandingReportWorkflow', {
        workflowId: 'good-standing-report-nightly-2026-12-04',
        taskQueue: ctx.taskQueue,
        args: [],
      });
      await manual.result();
      await nightly.result();
      return [manual.workflowId, nightly.workflowId];
    },
  },
  {
    name: 'sent',
    async run(ctx) {
      const handle = await ctx.env.client.workflow.start('accessLinksWorkflow', {
        workflowId: 'access-links-c1-1',
        taskQueue: ctx.taskQueue,
        args: [{ candidateId: 'c1' }],
      });
      await handle.result();
      return [handle.workflowId];
    },
  },
  {
    name: 'next-year-one-existing',
    async run(ctx) {
      // One window of the year exists already: the yearly run keeps it and starts the others.
      await ctx.env.client.workflow.start('testingWindowWorkflow', {
        workflowId: testingWindowWorkflowId('CPCS', '2028-spring'),
        taskQueue: ctx.taskQueue,
        args: [{ program: 'CPCS', windowId: '2028-spring' }],
      });
      const handle = await ctx.env.client.workflow.start('yearlyWindowsWorkflow', {
        workflowId: 'yearly-windows-2028',
        taskQueue: ctx.taskQueue,
        args: [{ year: 2028 }],
      });
      await handle.result();
      return [handle.workflowId];
    },
  },
];
