import { requestTransferUpdate } from '../../../src/workflows/exam-application/contract';
import { jumpTo, stageIs } from '../../workflows/exam-application/harness';
import type { Scenario } from './context';
import { scheduled, transferredThenScheduled } from './exam-application';

/** Transfers of new runs: the case moves with its records before the old seat is freed (patch transfer-moves-…). */
export const examTransferScenarios: Scenario[] = [
  {
    name: 'transfer-moved-first-then-scheduled',
    run: (ctx) => transferredThenScheduled(ctx, 'transfer-first'),
  },
  {
    name: 'transfer-moved-first-seat-flagged',
    async run(ctx) {
      const handle = await scheduled(ctx, 'transfer-stuck');
      // The vendor fails to free the old seat: the transfer stands and staff are asked to free it.
      ctx.exam.seatStuck.add(handle.workflowId);
      await jumpTo(ctx.env, '2027-02-20T15:00:00.000Z');
      await handle.executeUpdate(requestTransferUpdate, { args: [] });
      await stageIs(handle, 'awaiting-notice');
      return [handle.workflowId];
    },
  },
];
