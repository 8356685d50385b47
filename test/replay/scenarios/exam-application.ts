import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  accommodationDecisionSignal,
  accommodationDecisionUpdate,
  accommodationRequestUpdate,
  eligibilityDecisionSignal,
  eligibilityDecisionUpdate,
  reportAppointmentUpdate,
  requestTransferUpdate,
  rescheduleUpdate,
  withdrawUpdate,
} from '../../../src/workflows/exam-application/contract';
import { vendorResultSignal } from '../../../src/workflows/exam-application/vendor-signals';
import {
  equatingApprovedSignal,
  scoreReleasedSignal,
  windowClosedSignal,
} from '../../../src/workflows/exam-application/window-signals';
import { finished, inputFor, jumpTo, stageIs, startApplication } from '../../workflows/exam-application/harness';
import type { Scenario, ScenarioContext } from './context';

const spring = '2027-spring';
const approve = { decision: 'approve' as const, decidedBy: 'staff@test.local' };

async function refused(p: Promise<unknown>): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof WorkflowUpdateFailedError)) throw new Error(`expected a refusal, got ${String(err)}`);
}

/** Approved, noticed and scheduled for March 10 in Spring 2027. */
export async function scheduled(ctx: ScenarioContext, candidateId: string) {
  const input = inputFor(candidateId, spring);
  const handle = await startApplication(ctx.env, ctx.taskQueue, input);
  await handle.executeUpdate(eligibilityDecisionUpdate, { args: [approve] });
  await jumpTo(ctx.env, '2027-02-01T14:01:00.000Z');
  await stageIs(handle, 'scheduling');
  await handle.executeUpdate(reportAppointmentUpdate, {
    args: [{ examDate: '2027-03-10', site: 'Chicago-01', source: 'candidate' }],
  });
  return handle;
}

/** Tested on March 10, the window closed and equated, the score released at its time. */
async function released(
  ctx: ScenarioContext,
  candidateId: string,
  score: { raw: number; scaled: number; passed: boolean },
) {
  const handle = await releasing(ctx, candidateId, score);
  await finished(handle);
  return handle;
}

/** As released, up to the moment the release step runs (it may park the case). */
export async function releasing(
  ctx: ScenarioContext,
  candidateId: string,
  score: { raw: number; scaled: number; passed: boolean },
) {
  const handle = await scheduled(ctx, candidateId);
  await jumpTo(ctx.env, '2027-03-10T12:00:00.000Z');
  await handle.signal(vendorResultSignal, {
    formId: 'CPCS-2027S-A',
    responses: 'ABCABC',
    testedOn: '2027-03-10',
    importId: 'import-1',
  });
  await stageIs(handle, 'awaiting-close');
  await jumpTo(ctx.env, '2027-04-10T16:00:00.000Z');
  await handle.signal(windowClosedSignal, {
    windowId: spring,
    closedOn: '2027-04-10',
    resultsExpected: { earliest: '2027-05-22', latest: '2027-06-05' },
  });
  await stageIs(handle, 'awaiting-equating');
  await handle.signal(equatingApprovedSignal, { windowId: spring, releaseAt: '2027-05-25T13:00:00.000Z' });
  await handle.signal(scoreReleasedSignal, {
    windowId: spring,
    formId: 'CPCS-2027S-A',
    ...score,
    releasedAt: '2027-05-25T13:00:00.000Z',
  });
  await stageIs(handle, 'awaiting-release');
  await jumpTo(ctx.env, '2027-05-25T13:01:00.000Z');
  return handle;
}

/** Transferred to Summer 2027 on February 20, then noticed and scheduled there. */
export async function transferredThenScheduled(ctx: ScenarioContext, candidateId: string): Promise<string[]> {
  const handle = await scheduled(ctx, candidateId);
  await jumpTo(ctx.env, '2027-02-20T15:00:00.000Z');
  await handle.executeUpdate(requestTransferUpdate, { args: [] });
  await stageIs(handle, 'awaiting-notice');
  await jumpTo(ctx.env, '2027-05-20T15:00:00.000Z'); // Summer 2027 notice to schedule
  await stageIs(handle, 'scheduling');
  await handle.executeUpdate(reportAppointmentUpdate, {
    args: [{ examDate: '2027-06-15', site: 'Denver-02', source: 'vendor' }],
  });
  await stageIs(handle, 'scheduled');
  return [handle.workflowId];
}

export const examApplicationScenarios: Scenario[] = [
  {
    name: 'passed-badge-certificate',
    async run(ctx) {
      const handle = await released(ctx, 'pass', { raw: 112, scaled: 431, passed: true });
      return [handle.workflowId];
    },
  },
  {
    name: 'failed',
    async run(ctx) {
      const handle = await released(ctx, 'fail', { raw: 80, scaled: 362, passed: false });
      return [handle.workflowId];
    },
  },
  {
    name: 'rejected-after-staff-reminders',
    async run(ctx) {
      const handle = await startApplication(ctx.env, ctx.taskQueue, inputFor('reject', spring));
      await refused(handle.executeUpdate(eligibilityDecisionUpdate, { args: [{ decision: 'reject' }] }));
      await jumpTo(ctx.env, '2026-12-15T00:00:00.000Z'); // two overdue reminders to staff on the way
      await handle.executeUpdate(eligibilityDecisionUpdate, {
        args: [{ decision: 'reject', reason: 'Two years of experience are required.', decidedBy: 'staff@test.local' }],
      });
      await finished(handle);
      return [handle.workflowId];
    },
  },
  {
    name: 'withdrawn-with-refund',
    async run(ctx) {
      const handle = await scheduled(ctx, 'withdraw');
      await handle.executeUpdate(withdrawUpdate, { args: [{ inWriting: true, reason: 'A family matter.' }] });
      await finished(handle);
      return [handle.workflowId];
    },
  },
  {
    name: 'no-show',
    async run(ctx) {
      const handle = await scheduled(ctx, 'noshow');
      await jumpTo(ctx.env, '2027-03-15T00:00:00.000Z');
      await finished(handle);
      return [handle.workflowId];
    },
  },
  {
    name: 'transferred-then-scheduled',
    run: (ctx) => transferredThenScheduled(ctx, 'transfer'),
  },
  {
    name: 'rescheduled-seat-refused-then-tested',
    async run(ctx) {
      const handle = await scheduled(ctx, 'reschedule');
      ctx.exam.full.add('Chicago-01|2027-03-12');
      await refused(handle.executeUpdate(rescheduleUpdate, { args: [{ examDate: '2027-03-12', site: 'Chicago-01' }] }));
      await handle.executeUpdate(rescheduleUpdate, { args: [{ examDate: '2027-03-16', site: 'Chicago-01' }] });
      // The vendor's webhook repeats the same appointment: nothing changes.
      await handle.executeUpdate(reportAppointmentUpdate, {
        args: [{ examDate: '2027-03-16', site: 'Chicago-01', source: 'vendor' }],
      });
      await jumpTo(ctx.env, '2027-03-16T20:00:00.000Z');
      await handle.signal(vendorResultSignal, {
        formId: 'CPCS-2027S-A',
        responses: 'ABCABC',
        testedOn: '2027-03-16',
        importId: 'import-2',
      });
      await stageIs(handle, 'awaiting-close');
      return [handle.workflowId];
    },
  },
  {
    name: 'accommodations-and-signal-decisions',
    async run(ctx) {
      const handle = await startApplication(ctx.env, ctx.taskQueue, inputFor('accommodate', spring));
      await refused(
        handle.executeUpdate(accommodationRequestUpdate, { args: [{ needs: 'A separate room', documentIds: [] }] }),
      );
      await handle.executeUpdate(accommodationRequestUpdate, {
        args: [{ needs: 'A separate room', documentIds: ['doc-1'] }],
      });
      await handle.executeUpdate(accommodationRequestUpdate, {
        args: [{ needs: 'Extra time', documentIds: ['doc-2'] }],
      });
      // Staff decide from Temporal UI with the signal twins.
      await handle.signal(eligibilityDecisionSignal, { decision: 'approve' });
      await stageIs(handle, 'awaiting-notice');
      await handle.executeUpdate(accommodationDecisionUpdate, {
        args: [{ requestId: 'accommodation-1', decision: 'approve', decidedBy: 'staff@test.local' }],
      });
      await handle.signal(accommodationDecisionSignal, {
        requestId: 'accommodation-2',
        decision: 'deny',
        reason: 'The letter is not on letterhead.',
      });
      await handle.signal(accommodationDecisionSignal, { requestId: 'accommodation-9', decision: 'approve' }); // ignored: no such request
      await jumpTo(ctx.env, '2027-02-01T14:01:00.000Z');
      await stageIs(handle, 'scheduling');
      return [handle.workflowId];
    },
  },
];
