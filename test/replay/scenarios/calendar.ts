import {
  approveEquatingUpdate,
  statusQuery,
  testingWindowWorkflowId,
  validateKeyUpdate,
  type WindowStatus,
} from '../../../src/workflows/testing-window/contract';
import { vendorResultSignal } from '../../../src/workflows/exam-application/vendor-signals';
import {
  equatingApprovedSignal,
  scoreReleasedSignal,
  windowClosedSignal,
} from '../../../src/workflows/exam-application/window-signals';
import { ensureFormForWindow } from '../../../src/forms/ensure';
import { eventually } from '../../helpers/eventually';
import { finished, jumpTo, stageIs } from '../../workflows/exam-application/harness';
import { seedApplications, seedResults } from '../../workflows/testing-window/seed';
import type { Scenario } from './context';
import { scheduled } from './exam-application';

const spring = '2027-spring';

/**
 * The window calendar after `window-closes-with-last-test-day` and `no-show-at-window-close`: Spring 2027 closes as
 * its last test day (March 20) ends; a scheduled candidate without a result is a no-show then; results 6–8 weeks on.
 */
export const calendarScenarios: Scenario[] = [
  {
    name: 'calendar-no-show-at-close',
    async run(ctx) {
      const handle = await scheduled(ctx, 'calendar-noshow');
      // Three days after the exam day the case still waits: only the close decides a no-show.
      await jumpTo(ctx.env, '2027-03-14T12:00:00.000Z');
      await stageIs(handle, 'scheduled');
      await jumpTo(ctx.env, '2027-03-21T05:00:00.000Z');
      await finished(handle);
      return [handle.workflowId];
    },
  },
  {
    name: 'calendar-tested-on-last-day-then-passed',
    async run(ctx) {
      const handle = await scheduled(ctx, 'calendar-pass');
      await jumpTo(ctx.env, '2027-03-20T20:00:00.000Z');
      await handle.signal(vendorResultSignal, {
        formId: 'CPCS-2027S-A',
        responses: 'ABCABC',
        testedOn: '2027-03-10',
        importId: 'calendar-import',
      });
      await stageIs(handle, 'awaiting-close');
      await jumpTo(ctx.env, '2027-03-21T05:00:00.000Z');
      await handle.signal(windowClosedSignal, {
        windowId: spring,
        closedOn: '2027-03-20',
        resultsExpected: { earliest: '2027-05-01', latest: '2027-05-15' },
      });
      await stageIs(handle, 'awaiting-equating');
      await handle.signal(equatingApprovedSignal, { windowId: spring, releaseAt: '2027-05-01T13:00:00.000Z' });
      await handle.signal(scoreReleasedSignal, {
        windowId: spring,
        formId: 'CPCS-2027S-A',
        raw: 112,
        scaled: 431,
        passed: true,
        releasedAt: '2027-05-01T13:00:00.000Z',
      });
      await stageIs(handle, 'awaiting-release');
      await jumpTo(ctx.env, '2027-05-01T13:01:00.000Z');
      await finished(handle);
      return [handle.workflowId];
    },
  },
  {
    name: 'calendar-window-closes-with-last-test-day-approved-late',
    async run(ctx) {
      const program = 'CPCS';
      const formId = await ensureFormForWindow(ctx.db, program, spring, { simulated: true });
      const tested = await seedApplications(ctx.db, program, spring, 300);
      await seedResults(ctx.db, { program, windowId: spring, formId, testedOn: '2027-03-10' }, tested);
      const handle = await ctx.env.client.workflow.start('testingWindowWorkflow', {
        workflowId: testingWindowWorkflowId(program, spring),
        taskQueue: ctx.taskQueue,
        args: [{ program, windowId: spring }],
      });
      await ctx.env.sleep(Date.parse('2027-03-22T00:00:00Z') - (await ctx.env.currentTimeMs()));
      const waitFor = (...stages: WindowStatus['stage'][]) =>
        eventually(
          async () => {
            const s = await handle.query(statusQuery);
            if (!stages.includes(s.stage)) throw new Error(`window is ${s.stage}, expected ${stages.join(' or ')}`);
            return s;
          },
          90_000,
          200,
        );
      const status = await waitFor('key-validation', 'awaiting-approval');
      for (const f of status.flagged)
        await handle.executeUpdate(validateKeyUpdate, {
          args: [{ itemId: f.itemId, action: 'accept', decidedBy: 'psychometrician@test' }],
        });
      await waitFor('awaiting-approval');
      // Nine weeks after the close: the approval releases at once.
      await ctx.env.sleep(Date.parse('2027-05-22T15:00:00Z') - (await ctx.env.currentTimeMs()));
      await handle.executeUpdate(approveEquatingUpdate, { args: [{ approvedBy: 'psychometrician@test' }] });
      await handle.result();
      return [handle.workflowId];
    },
  },
];
