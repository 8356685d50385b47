import { expect } from 'vitest';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import {
  examApplicationWorkflowId,
  statusQuery,
  type ExamApplicationInput,
} from '../../src/workflows/exam-application/contract';
import { vendorResultSignal } from '../../src/workflows/exam-application/vendor-signals';
import {
  equatingApprovedSignal,
  scoreReleasedSignal,
  windowClosedSignal,
} from '../../src/workflows/exam-application/window-signals';
import { eventually } from '../helpers/eventually';
import type { System } from '../helpers/system';

/** Waits until the case's live status shows `stage`, and returns that status. */
export const caseAtStage = (sys: System, id: string, stage: string) =>
  eventually(async () => {
    const status = await sys.env.client.workflow.getHandle(id).query(statusQuery);
    expect(status.stage).toBe(stage);
    return status;
  }, 20_000);

/**
 * A candidate on file, approved by staff (bearer token), tested in Fall 2026 and released as a pass (431). Real time on
 * the dev server (December 2026): Fall 2026 is over, so the case runs to its release once the window's signals arrive.
 */
export async function passInFall2026(
  sys: System,
  staff: Record<string, string>,
  candidateId: string,
  email: string,
): Promise<string> {
  await findOrCreateCandidate(sys.db, {
    newId: candidateId,
    email,
    firstName: 'Ada',
    lastName: 'Attention',
    membership: 'member',
  });
  const keys = { candidateId, program: 'CPCS' as const, windowId: '2026-fall' };
  const id = examApplicationWorkflowId(keys);
  const input: ExamApplicationInput = {
    ...keys,
    applicationId: id,
    candidate: { firstName: 'Ada', lastName: 'Attention', membership: 'member' },
    submittedAt: new Date().toISOString(),
    options: { noShowGraceDays: 90 },
  };
  const handle = await sys.env.client.workflow.start('examApplicationWorkflow', {
    workflowId: id,
    taskQueue: sys.taskQueue,
    args: [input],
  });
  await caseAtStage(sys, id, 'eligibility-review');
  const approve = await fetch(`${sys.baseUrl}/api/staff/applications/${encodeURIComponent(id)}/eligibility`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...staff },
    body: JSON.stringify({ decision: 'approve' }),
  });
  expect(approve.status).toBe(200);
  await caseAtStage(sys, id, 'scheduling');
  await handle.signal(vendorResultSignal, {
    formId: 'CPCS-2026-A',
    responses: 'ABC',
    testedOn: '2026-10-20',
    importId: `imp-${candidateId}`,
  });
  await caseAtStage(sys, id, 'awaiting-close');
  await handle.signal(windowClosedSignal, {
    windowId: '2026-fall',
    closedOn: '2026-10-24',
    resultsExpected: { earliest: '2026-12-05', latest: '2026-12-19' },
  });
  await handle.signal(equatingApprovedSignal, {
    windowId: '2026-fall',
    releaseAt: new Date(Date.now() - 60_000).toISOString(),
  });
  await handle.signal(scoreReleasedSignal, {
    windowId: '2026-fall',
    formId: 'CPCS-2026-A',
    raw: 112,
    scaled: 431,
    passed: true,
    releasedAt: new Date().toISOString(),
  });
  return id;
}
