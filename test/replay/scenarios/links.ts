import type { Scenario } from './context';

/** The notice /apply sends when it starts nothing: a repeated application (with a fresh link) and a closed one. */
export const linksScenarios: Scenario[] = [
  {
    name: 'links-application-notice-repeated',
    async run(ctx) {
      const handle = await ctx.env.client.workflow.start('applicationNoticeWorkflow', {
        workflowId: 'application-notice-a1-1',
        taskQueue: ctx.taskQueue,
        args: [{ kind: 'repeated', candidateId: 'c1', applicationId: 'a1' }],
      });
      await handle.result();
      return [handle.workflowId];
    },
  },
  {
    name: 'links-application-notice-closed',
    async run(ctx) {
      const handle = await ctx.env.client.workflow.start('applicationNoticeWorkflow', {
        workflowId: 'application-notice-a2-1',
        taskQueue: ctx.taskQueue,
        args: [{ kind: 'closed', candidateId: 'c2', applicationId: 'a2' }],
      });
      await handle.result();
      return [handle.workflowId];
    },
  },
];
