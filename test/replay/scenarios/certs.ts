import { reinstateUpdate } from '../../../src/workflows/recertification/contract';
import { dayAfter, type Certificant } from '../../workflows/recertification-harness';
import type { Scenario } from './context';
import { certified } from './recertification';

/** Extended past the due date, then a CPMSM: it joins the next cycle (patch recertification-second-certification-joins-next-cycle). */
async function secondWhileExtended(
  c: Certificant,
  cycle: { dueDate: string; reportingOpens: string },
  months: number,
): Promise<string> {
  const until = await c.extendWithHalfTheCredits(cycle, months);
  await c.advanceTo(dayAfter(cycle.dueDate));
  await c.until((s) => s.stage === 'extended', 'extended');
  await c.certify('CPMSM', dayAfter(cycle.dueDate));
  await c.until((s) => (s.joining?.length ?? 0) === 1, 'CPMSM joining');
  return until;
}

export const certsScenarios: Scenario[] = [
  {
    // The extended CPCS renews alone; cycle 2 is dual with both.
    name: 'certs-second-while-extended-renewed-dual',
    async run(ctx) {
      const { c, cycle } = await certified(ctx, 'certs-extended');
      await secondWhileExtended(c, cycle, 3);
      await c.addEntry({ hours: 5, kind: 'namss-approved' }, dayAfter(cycle.dueDate));
      await c.addEntry({ hours: 10, kind: 'other' }, dayAfter(cycle.dueDate));
      await c.submit();
      await c.determineAll();
      await c.until((s) => s.cycle?.cycleNumber === 2, 'cycle 2, dual');
      return [c.handle.workflowId];
    },
  },
  {
    // Only the CPCS lapses (patch recertification-lapse-after-extension-offers-what-remains); at its expiry the CPMSM carries on.
    name: 'certs-second-while-extended-lapsed-expired-carries-on',
    async run(ctx) {
      const { c, cycle } = await certified(ctx, 'certs-ext-lapse');
      const until = await secondWhileExtended(c, cycle, 3);
      await c.advanceTo(dayAfter(until));
      await c.until((s) => s.stage === 'reinstatement', 'lapsed into reinstatement');
      const { runId } = await c.handle.describe();
      await c.advanceTo(dayAfter(cycle.reinstatement.closes));
      await c.continuedAsNew(runId);
      await c.until((s) => s.credentials[0]?.program === 'CPMSM', 'the CPMSM alone');
      return [c.handle.workflowId];
    },
  },
  {
    name: 'certs-second-while-lapsed-reinstated-dual',
    async run(ctx) {
      const { c, cycle } = await certified(ctx, 'certs-lapsed');
      await c.advanceTo(dayAfter(cycle.dueDate));
      await c.until((s) => s.stage === 'lapsed', 'lapsed');
      await c.advanceTo(cycle.reinstatement.opens);
      await c.certify('CPMSM', cycle.reinstatement.opens);
      await c.until((s) => s.stage === 'reinstatement' && (s.joining?.length ?? 0) === 1, 'CPMSM joining');
      await c.reportThirtyHours(cycle.reportingOpens);
      await c.handle.executeUpdate(reinstateUpdate, { args: [{ attest: true }] });
      await c.determineAll();
      await c.until((s) => s.cycle?.cycleNumber === 2, 'cycle 2, dual');
      return [c.handle.workflowId];
    },
  },
  {
    // A six-month extension ends on the last day of reinstatement: one expiry email that says why, no lapse email.
    name: 'certs-extension-to-last-day-expired',
    async run(ctx) {
      const { c, cycle } = await certified(ctx, 'certs-six-months');
      const until = await c.extendWithHalfTheCredits(cycle, 6);
      await c.advanceTo(dayAfter(until));
      await c.until((s) => s.stage === 'expired', 'expired');
      return [c.handle.workflowId];
    },
  },
];
