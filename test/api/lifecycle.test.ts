import { describe, expect, it } from 'vitest';
import { auditFor } from '../../src/db/tables/audit-log';
import { findOrCreateCandidate } from '../../src/db/tables/candidates';
import { documentsOf } from '../../src/db/tables/documents';
import { lastDayToRequestTransfer } from '../../src/domain/index';
import { signCandidateToken } from '../../src/lib/candidate-link';
import {
  examApplicationWorkflowId,
  statusQuery,
  type ExamApplicationInput,
} from '../../src/workflows/exam-application/contract';
import { admin, systemSuite, testSecret } from '../helpers/system';
import { eventually } from '../helpers/eventually';
import { attestationJson } from '../helpers/attestation';

// Real time: the dev server's workflows and the API share the same clock (late November 2026).
const suite = systemSuite({ now: () => new Date() }, 'lifecycle-test');

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const staff = () => ({ authorization: `Bearer ${suite.token}` });
const linkFor = (applicationId: string, candidateId: string) => ({
  'x-candidate-token': signCandidateToken(testSecret, { applicationId, candidateId }, new Date(), 30),
});

async function stageOf(applicationId: string, stage: string) {
  return eventually(async () => {
    const status = await suite.sys.env.client.workflow.getHandle(applicationId).query(statusQuery);
    expect(status.stage).toBe(stage);
    return status;
  });
}

/** Starts an application directly (the apply form offers only open windows; Fall 2026 is already past). */
async function startApplication(
  candidateId: string,
  email: string,
  windowId: string,
  options?: ExamApplicationInput['options'],
) {
  await findOrCreateCandidate(suite.sys.db, {
    newId: candidateId,
    email,
    firstName: 'Grace',
    lastName: 'Hopper',
    membership: 'member',
  });
  const keys = { candidateId, program: 'CPCS' as const, windowId };
  const applicationId = examApplicationWorkflowId(keys);
  const input: ExamApplicationInput = {
    ...keys,
    applicationId,
    candidate: { firstName: 'Grace', lastName: 'Hopper', membership: 'member' },
    submittedAt: new Date().toISOString(),
    ...(options ? { options } : {}),
  };
  await suite.sys.env.client.workflow.start('examApplicationWorkflow', {
    workflowId: applicationId,
    taskQueue: suite.sys.taskQueue,
    args: [input],
  });
  await stageOf(applicationId, 'eligibility-review');
  return applicationId;
}

describe('lifecycle API', () => {
  it('staff decide eligibility through the API: sign-in required, reasons checked, the decision audited and emailed', async () => {
    const res = await fetch(
      `${suite.sys.baseUrl}/apply`,
      json({
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@example.org',
        membership: 'member',
        program: 'CPCS',
        windowId: '2027-spring',
        ...attestationJson,
      }),
    );
    const { applicationId } = (await res.json()) as { applicationId: string };
    await stageOf(applicationId, 'eligibility-review');
    const url = `${suite.sys.baseUrl}/api/staff/applications/${encodeURIComponent(applicationId)}/eligibility`;

    expect((await fetch(url, json({ decision: 'approve' }))).status).toBe(401);
    const noReason = await fetch(url, json({ decision: 'reject' }, staff()));
    expect(noReason.status).toBe(422);
    expect(((await noReason.json()) as { error: { fields: Record<string, string> } }).error.fields.reason).toBe(
      'A rejection needs a reason: it is sent to the candidate.',
    );

    const approved = await fetch(url, json({ decision: 'approve' }, staff()));
    expect(approved.status).toBe(200);
    const status = (await approved.json()) as { stage: string; eligibility: { decision: string }; score?: unknown };
    expect(status).toMatchObject({ stage: 'awaiting-notice', eligibility: { decision: 'approve' } });
    expect('score' in status).toBe(false);
    expect((await auditFor(suite.sys.db, `application:${applicationId}`)).map((a) => [a.actor, a.action])).toEqual([
      [admin.email, 'application.eligibility.approve'],
    ]);
    const email = await suite.sys.catcher.waitFor(
      (m) => m.to.includes('ada@example.org') && m.subject.includes('approved'),
    );
    expect(email.text).toContain('Spring 2027');

    const again = await fetch(url, json({ decision: 'reject', reason: 'Changed my mind.' }, staff()));
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(
      /^Eligibility was already decided \(approve\) on \d{4}-\d{2}-\d{2}\.$/,
    );
  });

  it('a candidate transfer after the last day is refused with the day it closed; another candidate’s link gets 404', async () => {
    // Fall 2026 ended on Saturday, October 24, 2026; a long grace keeps the case open for the test.
    const late = await startApplication('c-late', 'late@example.org', '2026-fall', { noShowGraceDays: 60 });
    const other = await startApplication('c-other', 'other@example.org', '2027-summer');
    const approve = await fetch(
      `${suite.sys.baseUrl}/api/staff/applications/${encodeURIComponent(late)}/eligibility`,
      json({ decision: 'approve' }, staff()),
    );
    expect(approve.status).toBe(200);
    await stageOf(late, 'scheduling');

    expect(lastDayToRequestTransfer('2026-10-24')).toBe('2026-10-19');
    const refused = await fetch(
      `${suite.sys.baseUrl}/api/applications/${encodeURIComponent(late)}/transfer`,
      json({}, linkFor(late, 'c-late')),
    );
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({
      error: {
        message:
          'The last day to request a transfer was Monday, October 19, 2026; you can still reschedule inside the Fall 2026 window.',
        code: 'TransferRefused',
      },
    });

    const foreign = await fetch(
      `${suite.sys.baseUrl}/api/applications/${encodeURIComponent(late)}/withdraw`,
      json({ inWriting: true }, linkFor(other, 'c-other')),
    );
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { error: { message: string } }).error.message).toBe('No such application.');
    const anonymous = await fetch(`${suite.sys.baseUrl}/api/applications/${encodeURIComponent(late)}/status`);
    expect(anonymous.status).toBe(401);
    expect((await stageOf(late, 'scheduling')).withdrawal).toBeUndefined();
  });

  it('accommodation documentation is checked by content; a late request is refused naming the cutoff and leaves no document behind', async () => {
    const late = examApplicationWorkflowId({ candidateId: 'c-late', program: 'CPCS', windowId: '2026-fall' });
    const upload = (bytes: Uint8Array, type: string) => {
      const form = new FormData();
      form.set('needs', 'A separate, quiet room');
      form.set('documentation', new Blob([bytes], { type }), 'letter.pdf');
      return fetch(`${suite.sys.baseUrl}/api/applications/${encodeURIComponent(late)}/accommodations`, {
        method: 'POST',
        headers: linkFor(late, 'c-late'),
        body: form,
      });
    };
    const notPdf = await upload(new TextEncoder().encode('just text pretending'), 'application/pdf');
    expect(notPdf.status).toBe(415);
    const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const refused = await upload(pdf, 'application/pdf');
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
      'Accommodation requests for the Fall 2026 window had to be received by Monday, August 10, 2026, eight weeks before the window starts on Monday, October 5, 2026. You may request accommodations for a later window.',
    );
    expect(await documentsOf(suite.sys.db, 'application', late)).toEqual([]);
  });
});
