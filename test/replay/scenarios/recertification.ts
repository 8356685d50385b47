import { addDays } from '../../../src/domain/index';
import {
  determineEntrySignal,
  editCeEntryUpdate,
  reinstateUpdate,
  removeCeEntryUpdate,
  requestExtensionUpdate,
} from '../../../src/workflows/recertification/contract';
import { Certificant, dayAfter } from '../../workflows/recertification-harness';
import type { Scenario, ScenarioContext } from './context';

export async function certified(ctx: ScenarioContext, id: string) {
  const c = new Certificant(ctx.env, ctx.taskQueue, id);
  const on = await c.today();
  await c.certify('CPCS', on);
  const status = await c.until((s) => s.stage === 'in-cycle', 'in-cycle');
  return { c, cycle: status.cycle! };
}

/** Reports 30 hours on the due date, submits, is determined and renews: continue-as-new into cycle 2. */
export async function renewedOnDueDate(ctx: ScenarioContext, id: string): Promise<string[]> {
  const { c, cycle } = await certified(ctx, id);
  await c.advanceTo(cycle.dueDate);
  await c.until((s) => s.stage === 'reporting', 'reporting');
  await c.reportThirtyHours(addDays(cycle.dueDate, -10));
  await c.submit();
  await c.determineAll();
  await c.until((s) => s.cycle?.cycleNumber === 2, 'cycle 2');
  return [c.handle.workflowId];
}

/** Never submits: lapses the day after the due date, reinstates in its period and renews into cycle 2. */
export async function lapsedThenReinstated(ctx: ScenarioContext, id: string): Promise<string[]> {
  const { c, cycle } = await certified(ctx, id);
  await c.advanceTo(cycle.dueDate, 11);
  await c.reportThirtyHours(cycle.reportingOpens);
  await c.advanceTo(dayAfter(cycle.dueDate), 9);
  await c.until((s) => s.stage === 'lapsed', 'lapsed');
  await c.advanceTo(cycle.reinstatement.opens);
  await c.until((s) => s.stage === 'reinstatement', 'reinstatement');
  await c.handle.executeUpdate(reinstateUpdate, { args: [{ attest: true }] });
  await c.determineAll();
  await c.until((s) => s.cycle?.cycleNumber === 2, 'cycle 2');
  return [c.handle.workflowId];
}

export const recertificationScenarios: Scenario[] = [
  { name: 'renewed-continue-as-new', run: (ctx) => renewedOnDueDate(ctx, 'renew') },
  { name: 'lapsed-then-reinstated', run: (ctx) => lapsedThenReinstated(ctx, 'lapse') },
  {
    name: 'extended-then-lapsed-and-expired',
    async run(ctx) {
      const { c, cycle } = await certified(ctx, 'extend');
      await c.advanceTo(addDays(cycle.dueDate, -20));
      await c.addEntry({ hours: 10, kind: 'namss-approved' }, cycle.reportingOpens);
      await c.addEntry({ hours: 5, kind: 'other' }, cycle.reportingOpens);
      await c.handle.executeUpdate(requestExtensionUpdate, {
        args: [{ request: 'I was on medical leave for four months this year and need more time.', months: 6 }],
      });
      await c.advanceTo(dayAfter(cycle.dueDate));
      const extended = await c.until((s) => s.stage === 'extended', 'extended');
      await c.advanceTo(dayAfter(extended.deadline!));
      await c.until((s) => s.stage === 'expired', 'expired');
      return [c.handle.workflowId];
    },
  },
  {
    name: 'dual-grid-short-then-renewed',
    async run(ctx) {
      const { c, cycle } = await certified(ctx, 'dual');
      await c.advanceTo(addDays(cycle.firstCertifiedOn, 400));
      await c.certify('CPMSM', await c.today());
      await c.until((s) => s.credentials.length === 2, 'dual');
      const added = await c.addEntry({ hours: 2.5, kind: 'namss-approved' }, await c.today());
      await c.handle.executeUpdate(editCeEntryUpdate, { args: [{ entryId: added.entryId, hours: 4 }] });
      await c.handle.executeUpdate(removeCeEntryUpdate, { args: [{ entryId: added.entryId }] });
      await c.advanceTo(cycle.reportingOpens);
      await c.reportThirtyHours(cycle.reportingOpens);
      await c.addEntry({ hours: 10, kind: 'namss-approved' }, cycle.reportingOpens);
      await c.addEntry({ hours: 5, kind: 'other' }, cycle.reportingOpens);
      await c.submit();
      const first = (await c.status()).submission!.entryIds[0]!;
      // One entry by signal from Temporal UI, rejected: the hours fall short and the certificant tops up.
      await c.handle.signal(determineEntrySignal, {
        entryId: first,
        decision: 'reject',
        reason: 'Not related to medical services',
        by: 'staff@test.local',
      });
      await c.until((s) => s.entries.some((e) => e.status === 'rejected'), 'one rejected');
      await c.determineAll((id) => (id === first ? 'reject' : 'accept'));
      await c.until((s) => s.stage === 'reporting', 'short: back to reporting');
      await c.addEntry({ hours: 10, kind: 'namss-approved' }, cycle.reportingOpens);
      await c.submit();
      await c.determineAll();
      await c.until((s) => s.cycle?.cycleNumber === 2, 'cycle 2');
      return [c.handle.workflowId];
    },
  },
];
