import { expect } from 'vitest';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import {
  examApplicationWorkflowId,
  statusQuery,
  type ExamApplicationInput,
} from '../../src/workflows/exam-application/contract';
import { eventually } from '../helpers/eventually';
import { fall2026Part, playWindowPart, realTime } from '../helpers/window-part';
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
  const part = fall2026Part(`imp-${candidateId}`, { raw: 112, scaled: 431, passed: true });
  await playWindowPart(handle, part, realTime, (stage) => caseAtStage(sys, id, stage));
  return id;
}
