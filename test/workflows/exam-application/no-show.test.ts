import { describe, expect, it } from 'vitest';
import {
  eligibilityDecisionUpdate,
  reportAppointmentUpdate,
  statusQuery,
} from '../../../src/workflows/exam-application/contract';
import { vendorResultSignal } from '../../../src/workflows/exam-application/vendor-signals';
import { finished, inputFor, jumpTo, stageIs, startApplication, lifecycleSuite } from './harness';

const suite = lifecycleSuite('lifecycle-no-show');
const { rec, taskQueue } = suite;

async function scheduledOn(candidateId: string, examDate: string) {
  const input = inputFor(candidateId, '2027-spring');
  const handle = await startApplication(suite.env, taskQueue, input);
  await handle.executeUpdate(eligibilityDecisionUpdate, {
    args: [{ decision: 'approve', decidedBy: 'staff@test.local' }],
  });
  await jumpTo(suite.env, '2027-02-01T14:01:00.000Z');
  await stageIs(handle, 'scheduling');
  await handle.executeUpdate(reportAppointmentUpdate, {
    args: [{ examDate, site: 'Chicago-01', source: 'candidate' }],
  });
  return { handle, applicationId: input.applicationId };
}

describe('no-show: decided when the window closes, not days after the exam', () => {
  it('a result on the last test day counts; without one, the case is a no-show a minute after the last test day ends, not before', async () => {
    const early = await scheduledOn('noshow-early', '2027-03-02');
    const last = await scheduledOn('tested-last', '2027-03-20');
    // Old rule: a no-show 3 days after the exam day (March 5). Now the window is still open: the case waits.
    await jumpTo(suite.env, '2027-03-10T12:00:00.000Z');
    expect((await early.handle.query(statusQuery)).stage).toBe('scheduled');

    // FAQ: the close "may be up to three weeks after an individual's testing date": the end of March 20 (EDT).
    await jumpTo(suite.env, '2027-03-21T03:59:00.000Z');
    expect((await early.handle.query(statusQuery)).stage).toBe('scheduled');
    await last.handle.signal(vendorResultSignal, {
      formId: 'CPCS-2027S-A',
      responses: 'ABC',
      testedOn: '2027-03-20',
      importId: 'import-last',
    });
    await stageIs(last.handle, 'awaiting-close');

    await jumpTo(suite.env, '2027-03-21T04:01:00.000Z');
    await finished(early.handle);
    expect((await early.handle.query(statusQuery)).stage).toBe('no-show');
    expect(rec.emailOf(early.applicationId, 'no-show')).toEqual({
      kind: 'no-show',
      windowId: '2027-spring',
      examDate: '2027-03-02',
    });
    expect((await last.handle.query(statusQuery)).stage).toBe('awaiting-close');
  }, 60_000);

  it('a grace given in the options counts from the close (a benchmark running a past window)', async () => {
    const input = inputFor('noshow-grace', '2027-summer', { noShowGraceDays: 2 });
    const handle = await startApplication(suite.env, taskQueue, input);
    await handle.executeUpdate(eligibilityDecisionUpdate, {
      args: [{ decision: 'approve', decidedBy: 'staff@test.local' }],
    });
    await jumpTo(suite.env, '2027-05-10T13:01:00.000Z');
    await stageIs(handle, 'scheduling');
    // Summer 2027 closes as June 26 ends; two days' grace: June 28 ends at 04:00 UTC on the 29th.
    await jumpTo(suite.env, '2027-06-29T03:59:00.000Z');
    expect((await handle.query(statusQuery)).stage).toBe('scheduling');
    await jumpTo(suite.env, '2027-06-29T04:01:00.000Z');
    await finished(handle);
    expect((await handle.query(statusQuery)).stage).toBe('no-show');
  }, 60_000);
});
