import type { WorkflowHandle } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import {
  eligibilityDecisionUpdate,
  reportAppointmentUpdate,
  statusQuery,
} from '../../../src/workflows/exam-application/contract';
import { vendorResultSignal } from '../../../src/workflows/exam-application/vendor-signals';
import { stageKey } from '../../../src/workflows/search-attributes';
import { eventually } from '../../helpers/eventually';
import { inputFor, jumpTo, stageIs, startApplication, lifecycleSuite } from './harness';

const suite = lifecycleSuite('lifecycle-cancellation');
const { rec, taskQueue } = suite;
const approve = { decision: 'approve' as const, decidedBy: 'staff@test.local' };

/** Cancelled from Temporal UI (a workflow cancel request); waits until the run has ended. */
async function cancelled(handle: WorkflowHandle): Promise<void> {
  await handle.cancel();
  await eventually(async () => expect((await handle.describe()).status.name).toBe('CANCELLED'));
}

const lastStage = (id: string) => rec.callsOf('recordApplication', id).at(-1)?.stage;

describe('exam application: a cancel from Temporal UI cleans up before the case ends', () => {
  it('a scheduled case: the seat goes back to the vendor, the stage is cancelled everywhere, the candidate is told once', async () => {
    const input = inputFor('cancel-seat', '2027-spring');
    const id = input.applicationId;
    const handle = await startApplication(suite.env, taskQueue, input);
    await handle.executeUpdate(eligibilityDecisionUpdate, { args: [approve] });
    await jumpTo(suite.env, '2027-02-01T14:01:00.000Z');
    await stageIs(handle, 'scheduling');
    await handle.executeUpdate(reportAppointmentUpdate, {
      args: [{ examDate: '2027-03-10', site: 'Chicago-01', source: 'candidate' }],
    });
    await stageIs(handle, 'scheduled');
    expect(rec.callsOf('releaseSeat', id)).toEqual([]);

    await cancelled(handle);
    expect(rec.callsOf('releaseSeat', id)).toEqual([{ applicationId: id, site: 'Chicago-01', examDate: '2027-03-10' }]);
    expect(lastStage(id)).toBe('cancelled');
    expect((await handle.describe()).typedSearchAttributes.get(stageKey)).toBe('cancelled');
    expect(rec.emailKeys(id).filter((k) => k === 'application-cancelled')).toHaveLength(1);
    expect(rec.emailOf(id, 'application-cancelled')).toEqual({
      kind: 'application-cancelled',
      program: 'CPCS',
      windowId: '2027-spring',
      releasedAppointment: { examDate: '2027-03-10', site: 'Chicago-01' },
    });
    // The query still answers from the closed run.
    expect((await handle.query(statusQuery)).history.map((h) => h.stage).slice(-2)).toEqual(['scheduled', 'cancelled']);
  });

  it('a case waiting for staff: its open problem is closed as cancelled, no seat to release', async () => {
    rec.breakable.break('recordTestResult', 'application parked-1 is not on file', 'ApplicationNotFound', (r) =>
      r.applicationId?.includes('-cancel-parked-'),
    );
    const input = inputFor('cancel-parked', '2027-spring', { noShowGraceDays: 90 });
    const id = input.applicationId;
    const handle = await startApplication(suite.env, taskQueue, input);
    await handle.executeUpdate(eligibilityDecisionUpdate, { args: [approve] });
    await stageIs(handle, 'scheduling');
    await handle.signal(vendorResultSignal, {
      formId: 'CPCS-2027S-A',
      responses: 'ABC',
      testedOn: '2027-02-01',
      importId: 'import-parked',
    });
    await stageIs(handle, 'needs-attention');

    await cancelled(handle);
    expect(rec.callsOf('recordAttentionResolved').filter((c) => c.caseId === id)).toEqual([
      { caseKind: 'application', caseId: id, resolution: 'cancelled', by: 'temporal-ui', at: expect.any(String) },
    ]);
    expect(rec.callsOf('releaseSeat', id)).toEqual([]);
    expect(lastStage(id)).toBe('cancelled');
    expect(rec.emailOf(id, 'application-cancelled')).toEqual({
      kind: 'application-cancelled',
      program: 'CPCS',
      windowId: '2027-spring',
    });
  });

  it('a case in eligibility review: cancelled and told, nothing else to undo', async () => {
    const input = inputFor('cancel-early', '2027-summer');
    const handle = await startApplication(suite.env, taskQueue, input);
    await cancelled(handle);
    expect(lastStage(input.applicationId)).toBe('cancelled');
    expect(rec.emailKeys(input.applicationId)).toEqual(['application-received', 'application-cancelled']);
    expect(rec.callsOf('releaseSeat', input.applicationId)).toEqual([]);
  });
});
