import {
  accommodationDecisionSignal,
  accommodationDecisionUpdate,
  accommodationRequestUpdate,
  eligibilityDecisionSignal,
  eligibilityDecisionUpdate,
} from '../../../src/workflows/exam-application/contract';
import { inputFor, stageIs, startApplication } from '../../workflows/exam-application/harness';
import type { Scenario, ScenarioContext } from './context';
import { recertificationScenarios } from './recertification';
import { testingWindowScenarios } from './testing-window';

const spring = '2027-spring';

/** Waits until the workflow has audited `count` decisions of this application (the signals are fire-and-forget). */
async function auditedCount(ctx: ScenarioContext, applicationId: string, count: number): Promise<void> {
  // The recording worker registers the recertification double's audit activity (it comes last in record.ts).
  const audited = () => ctx.recert.audits.filter((c) => c.workflowId === applicationId).length;
  for (let i = 0; i < 200 && audited() < count; i++) await new Promise((r) => setTimeout(r, 50));
  const got = audited();
  if (got !== count) throw new Error(`expected ${count} audited decisions of ${applicationId}, got ${got}`);
}

/** Decisions sent straight to the workflow are audited by it (patch audit-decisions-from-temporal). */
export const tauditScenarios: Scenario[] = [
  {
    name: 'taudit-decisions-by-signal-audited',
    async run(ctx) {
      const handle = await startApplication(ctx.env, ctx.taskQueue, inputFor('taudit-signals', spring));
      await handle.executeUpdate(accommodationRequestUpdate, {
        args: [{ needs: 'Extra time', documentIds: ['doc-1'] }],
      });
      await handle.signal(accommodationDecisionSignal, { requestId: 'accommodation-9', decision: 'approve' }); // ignored: no such request, not audited
      await handle.signal(accommodationDecisionSignal, {
        requestId: 'accommodation-1',
        decision: 'deny',
        reason: 'The letter is not on letterhead.',
      });
      await handle.signal(eligibilityDecisionSignal, { decision: 'approve' });
      await stageIs(handle, 'awaiting-notice');
      await auditedCount(ctx, handle.workflowId, 2);
      return [handle.workflowId];
    },
  },
  {
    name: 'taudit-decisions-by-update-audited',
    async run(ctx) {
      const handle = await startApplication(ctx.env, ctx.taskQueue, inputFor('taudit-updates', spring));
      await handle.executeUpdate(accommodationRequestUpdate, {
        args: [{ needs: 'A separate room', documentIds: ['doc-2'] }],
      });
      await handle.executeUpdate(accommodationDecisionUpdate, {
        args: [{ requestId: 'accommodation-1', decision: 'approve', decidedBy: 'staff@test.local' }],
      });
      await handle.executeUpdate(eligibilityDecisionUpdate, {
        args: [{ decision: 'reject', reason: 'No qualifying experience.' }],
      });
      await stageIs(handle, 'rejected');
      await auditedCount(ctx, handle.workflowId, 2);
      return [handle.workflowId];
    },
  },
  {
    name: 'taudit-window-decisions-audited',
    async run(ctx) {
      // The landed window path, now with its key decisions and the approval audited by the workflow.
      const ids = await testingWindowScenarios.find((sc) => sc.name === 'created-to-released')!.run(ctx);
      const audited = ctx.recert.audits.map((c) => c.action);
      if (!audited.includes('window.approve-equating') || !audited.includes('window.key-decision'))
        throw new Error(`window decisions not audited: ${audited.join(', ')}`);
      return ids;
    },
  },
  {
    name: 'taudit-recert-determinations-audited',
    async run(ctx) {
      // The landed dual-grid path (a determination by signal, the rest by Update, short then renewed), now audited.
      const ids = await recertificationScenarios.find((sc) => sc.name === 'dual-grid-short-then-renewed')!.run(ctx);
      const audited = ctx.recert.audits.map((c) => c.action);
      if (
        !audited.includes('recertification.entry.determine') ||
        !audited.includes('recertification.determination.complete')
      )
        throw new Error(`determinations not audited: ${audited.join(', ')}`);
      return ids;
    },
  },
];
