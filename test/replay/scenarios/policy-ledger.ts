import { addDays, policyWith } from '../../../src/domain/index';
import {
  eligibilityDecisionUpdate,
  requestTransferUpdate,
  withdrawUpdate,
} from '../../../src/workflows/exam-application/contract';
import { reinstateUpdate } from '../../../src/workflows/recertification/contract';
import { finished, inputFor, startApplication } from '../../workflows/exam-application/harness';
import { Certificant, dayAfter } from '../../workflows/recertification-harness';
import type { Scenario, ScenarioContext } from './context';

// A policy file that differs from the compiled values, as a case's snapshot.
const snapshot = policyWith({
  examFeeUsd: { member: 480 },
  transferFeeUsd: 120,
  refund: { processingFeeUsd: 80 },
  recertificationFeeUsd: { single: { 'non-member': 340 } },
  reminders: { appointmentDaysBefore: [3], recertificationDueDaysBefore: [60] },
});
const approve = { decision: 'approve' as const, decidedBy: 'staff@test.local' };

async function certifiedWithSnapshot(ctx: ScenarioContext, id: string) {
  const c = new Certificant(ctx.env, ctx.taskQueue, id);
  await c.certify('CPCS', await c.today(), snapshot);
  const status = await c.until((s) => s.stage === 'in-cycle', 'in-cycle');
  return { c, cycle: status.cycle! };
}

export const policyLedgerScenarios: Scenario[] = [
  {
    // Exam fee at submission, a transfer fee, then a refund computed from the ledger.
    name: 'policy-ledger-transferred-then-withdrawn',
    async run(ctx) {
      const handle = await startApplication(ctx.env, ctx.taskQueue, {
        ...inputFor('ledger-transfer', '2027-spring'),
        policy: snapshot,
      });
      await handle.executeUpdate(eligibilityDecisionUpdate, { args: [approve] });
      await handle.executeUpdate(requestTransferUpdate, { args: [] });
      await handle.executeUpdate(withdrawUpdate, { args: [{ inWriting: true, reason: 'A new job.' }] });
      await finished(handle);
      return [handle.workflowId];
    },
  },
  {
    // Submitted after the deadline: the late fee too.
    name: 'policy-ledger-late-application-withdrawn',
    async run(ctx) {
      const handle = await startApplication(ctx.env, ctx.taskQueue, {
        ...inputFor('ledger-late', '2027-spring'),
        submittedAt: '2027-01-05T15:00:00.000Z',
        policy: snapshot,
      });
      await handle.executeUpdate(withdrawUpdate, { args: [{ inWriting: true }] });
      await finished(handle);
      return [handle.workflowId];
    },
  },
  {
    // The membership stated at submission sets the fee, recorded in the ledger; the snapshot crosses continue-as-new.
    name: 'policy-ledger-recertification-non-member-renewed',
    async run(ctx) {
      const { c, cycle } = await certifiedWithSnapshot(ctx, 'ledger-renew');
      await c.advanceTo(cycle.dueDate);
      await c.until((s) => s.stage === 'reporting', 'reporting');
      await c.reportThirtyHours(addDays(cycle.dueDate, -10));
      await c.submit('non-member');
      await c.determineAll();
      await c.until((s) => s.cycle?.cycleNumber === 2, 'cycle 2');
      return [c.handle.workflowId];
    },
  },
  {
    // Reinstatement after a lapse: the recertification fee and the reinstatement fee.
    name: 'policy-ledger-lapsed-then-reinstated',
    async run(ctx) {
      const { c, cycle } = await certifiedWithSnapshot(ctx, 'ledger-lapse');
      await c.advanceTo(cycle.dueDate, 11);
      await c.reportThirtyHours(cycle.reportingOpens);
      await c.advanceTo(dayAfter(cycle.dueDate), 9);
      await c.until((s) => s.stage === 'lapsed', 'lapsed');
      await c.advanceTo(cycle.reinstatement.opens);
      await c.until((s) => s.stage === 'reinstatement', 'reinstatement');
      await c.handle.executeUpdate(reinstateUpdate, { args: [{ attest: true, membership: 'member' }] });
      await c.determineAll();
      await c.until((s) => s.cycle?.cycleNumber === 2, 'cycle 2');
      return [c.handle.workflowId];
    },
  },
];
