import { Certificant, dayAfter } from '../../workflows/recertification-harness';
import type { Scenario } from './context';

export const recertificationChainScenarios: Scenario[] = [
  {
    // Emails keyed by the chain's first run id (patch recertification-email-keys-per-chain), across continue-as-new.
    name: 'second-chain-after-expiry',
    async run(ctx) {
      const c = new Certificant(ctx.env, ctx.taskQueue, 'again');
      await c.certify('CPCS', await c.today());
      const one = (await c.until((s) => s.stage === 'in-cycle', 'first chain in cycle')).cycle!;
      const firstRun = (await c.handle.describe()).runId;
      await c.advanceTo(dayAfter(one.reinstatement.closes));
      await ctx.env.client.workflow.getHandle(c.handle.workflowId, firstRun).result();

      await c.certify('CPMSM', await c.today());
      const two = (
        await c.until((s) => s.stage === 'in-cycle' && s.credentials[0]?.program === 'CPMSM', 'second chain in cycle')
      ).cycle!;
      await c.advanceTo(two.dueDate);
      await c.reportThirtyHours(two.reportingOpens);
      await c.submit();
      await c.determineAll();
      await c.until((s) => s.cycle?.cycleNumber === 2, 'second chain, cycle 2');
      const lastRun = (await c.handle.describe()).runId;
      return [
        { workflowId: c.handle.workflowId, lastRunId: firstRun, label: 'first-chain' },
        { workflowId: c.handle.workflowId, lastRunId: lastRun, label: 'second-chain' },
      ];
    },
  },
];
