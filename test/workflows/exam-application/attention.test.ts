import type { WorkflowHandle } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { eligibilityDecisionUpdate, statusQuery } from '../../../src/workflows/exam-application/contract';
import { vendorResultSignal } from '../../../src/workflows/exam-application/vendor-signals';
import {
  equatingApprovedSignal,
  scoreReleasedSignal,
  windowClosedSignal,
} from '../../../src/workflows/exam-application/window-signals';
import { resolveAttentionSignal, resolveAttentionUpdate } from '../../../src/workflows/needs-attention/contract';
import { stageKey } from '../../../src/workflows/search-attributes';
import { finished, inputFor, refusalOf, settled, stageIs, startApplication, lifecycleSuite } from './harness';

// Fall 2026 is over on the server's clock: once the window's signals arrive, each case runs to its release at once.
const suite = lifecycleSuite('lifecycle-attention');
const { rec, taskQueue } = suite;
const staff = 'staff@test.local';

const refused = 'badge platform refused POST /: 422 recipient_email is invalid';
const mine =
  (candidateId: string) => (input: { candidateId?: string; credentialId?: string; applicationId?: string }) =>
    input.candidateId === candidateId ||
    input.credentialId === `CPCS-TEST-${candidateId}` ||
    input.applicationId?.includes(`-${candidateId}-`) === true;

/** Approved, tested, closed, equated and released as a pass (431), in Fall 2026. */
async function releasePass(candidateId: string): Promise<WorkflowHandle> {
  const handle = await startApplication(
    suite.env,
    taskQueue,
    inputFor(candidateId, '2026-fall', { noShowGraceDays: 90 }),
  );
  await handle.executeUpdate(eligibilityDecisionUpdate, { args: [{ decision: 'approve', decidedBy: staff }] });
  await stageIs(handle, 'scheduling');
  await handle.signal(vendorResultSignal, {
    formId: 'CPCS-2026-A',
    responses: 'ABCABC',
    testedOn: '2026-10-20',
    importId: `import-${candidateId}`,
  });
  await stageIs(handle, 'awaiting-close');
  const past = new Date((await suite.env.currentTimeMs()) - 60_000).toISOString();
  await handle.signal(windowClosedSignal, {
    windowId: '2026-fall',
    closedOn: '2026-10-24',
    resultsExpected: { earliest: '2026-12-05', latest: '2026-12-19' },
  });
  await handle.signal(equatingApprovedSignal, { windowId: '2026-fall', releaseAt: past });
  await handle.signal(scoreReleasedSignal, {
    windowId: '2026-fall',
    formId: 'CPCS-2026-A',
    raw: 112,
    scaled: 431,
    passed: true,
    releasedAt: past,
  });
  return handle;
}

const stagesOf = async (handle: WorkflowHandle) => (await handle.query(statusQuery)).history.map((h) => h.stage);
const recorded = (name: string, applicationId: string) => rec.callsOf(name).filter((c) => c.caseId === applicationId);

// An Update's decision carries its id, so the activity can name the sender (and skip the API's own, which its route audits).
const viaUpdate = (action: string, id: string) => ({
  action,
  subject: `application:${id}`,
  sender: { updateId: expect.any(String) },
  workflowId: id,
  runId: expect.any(String),
});

describe('exam application: a step that fails for good waits for staff', () => {
  describe('a pass whose badge the platform refuses parks after the pass email; a retry while still refused parks again; once fixed, a retry carries it to passed with nothing sent twice', () => {
    let handle: WorkflowHandle;
    let id: string;

    it("parks the certified pass at the refused badge step, with the platform's reason", async () => {
      rec.breakable.break('issueBadge', refused, 'BadgeRejected', mine('retry1'));
      handle = await releasePass('retry1');
      id = handle.workflowId;

      const parked = await stageIs(handle, 'needs-attention');
      expect(parked.attention).toMatchObject({
        activity: 'issueBadge',
        step: 'issue the Credly badge (CPCS-TEST-retry1)',
        reason: refused,
        failureType: 'BadgeRejected',
        resolvable: true,
      });
      expect(parked.certification).toMatchObject({ credentialId: 'CPCS-TEST-retry1' });
      expect(parked.certification?.badgeId).toBeUndefined();
    }, 30_000);

    it('shows the parked case to searches, in the application record and in the needs-attention record', async () => {
      expect((await handle.describe()).typedSearchAttributes.get(stageKey)).toBe('needs-attention');
      expect(rec.callsOf('recordApplication', id).at(-1)).toMatchObject({ stage: 'needs-attention' });
      expect(recorded('recordNeedsAttention', id)).toEqual([
        expect.objectContaining({
          caseKind: 'application',
          caseId: id,
          workflowId: id,
          activity: 'issueBadge',
          reason: refused,
          failureType: 'BadgeRejected',
        }),
      ]);
    }, 15_000);

    it('does nothing after the failed step: the candidate has the pass email, and no certificate or recertification yet', () => {
      // The candidate already has the pass: nothing after the failed step happened, and nothing is lost.
      expect(rec.emailKeys(id)).toEqual([
        'application-received',
        'eligibility-approved',
        'notice-to-schedule:2026-fall',
        'score-released',
      ]);
      expect(rec.recertifications.filter((r) => r.certificantId === 'retry1')).toEqual([]);
      expect(rec.callsOf('createCertificatePdf').filter(mine('retry1'))).toEqual([]);
    });

    it('takes a retry while the platform still refuses, and parks again', async () => {
      const again = await handle.executeUpdate(resolveAttentionUpdate, { args: [{ action: 'retry', by: staff }] });
      expect(again).toEqual({
        action: 'retry',
        step: 'issue the Credly badge (CPCS-TEST-retry1)',
        stage: 'awaiting-release',
      });
      await settled(handle, (s) =>
        expect(
          s.stage === 'needs-attention' && rec.breakable.failed('issueBadge').filter(mine('retry1')).length === 2,
        ).toBe(true),
      );
    }, 30_000);

    it('passes with the badge and a ready certificate once the cause is fixed and staff retry', async () => {
      rec.breakable.repair('issueBadge');
      await handle.executeUpdate(resolveAttentionUpdate, {
        args: [{ action: 'retry', note: 'Fixed the email on file.', by: staff }],
      });
      await finished(handle);
      const final = await handle.query(statusQuery);
      expect(final.stage).toBe('passed');
      expect(final.attention).toBeUndefined();
      expect(final.certification).toEqual({
        credentialId: 'CPCS-TEST-retry1',
        certifiedOn: final.certification!.certifiedOn,
        expiresOn: final.certification!.expiresOn,
        badgeId: 'badge-CPCS-TEST-retry1',
        certificateReady: true,
      });
    }, 30_000);

    it('keeps both parks and both retries in the stage history', async () => {
      expect(await stagesOf(handle)).toEqual([
        'submitted',
        'eligibility-review',
        'awaiting-notice',
        'scheduling',
        'tested',
        'awaiting-close',
        'awaiting-equating',
        'awaiting-release',
        'needs-attention',
        'awaiting-release',
        'needs-attention',
        'awaiting-release',
        'passed',
      ]);
    }, 15_000);

    it('sends each email, records the score and certification, and issues the badge and recertification once', () => {
      expect(rec.emailKeys(id)).toEqual([
        'application-received',
        'eligibility-approved',
        'notice-to-schedule:2026-fall',
        'score-released',
        'certificate-ready',
      ]);
      expect(rec.callsOf('recordScore', id)).toHaveLength(1);
      expect(rec.callsOf('recordCertification', id)).toHaveLength(1);
      expect(rec.callsOf('issueBadge').filter(mine('retry1'))).toHaveLength(1);
      expect(rec.callsOf('attachBadge').filter(mine('retry1'))).toEqual([
        { credentialId: 'CPCS-TEST-retry1', badgeId: 'badge-CPCS-TEST-retry1' },
      ]);
      expect(rec.recertifications.filter((r) => r.certificantId === 'retry1')).toMatchObject([
        { credentialId: 'CPCS-TEST-retry1', badgeId: 'badge-CPCS-TEST-retry1' },
      ]);
    });

    it('records both retries with the staff member, the note and the audit of their Update', () => {
      expect(recorded('recordAttentionResolved', id)).toEqual([
        {
          caseKind: 'application',
          caseId: id,
          resolution: 'retry',
          by: staff,
          at: expect.any(String),
          auditAs: viaUpdate('application.attention.retry', id),
        },
        {
          caseKind: 'application',
          caseId: id,
          resolution: 'retry',
          by: staff,
          note: 'Fixed the email on file.',
          at: expect.any(String),
          auditAs: viaUpdate('application.attention.retry', id),
        },
      ]);
    });

    it('shows the passed stage to searches', async () => {
      expect((await handle.describe()).typedSearchAttributes.get(stageKey)).toBe('passed');
    }, 15_000);
  });

  describe('resolved by hand: the PDF certificate made outside, the case carries on from the next step to passed', () => {
    let handle: WorkflowHandle;
    let id: string;

    it('refuses a hand resolution without a note, an unknown action and a blank staff name', async () => {
      rec.breakable.break(
        'createCertificatePdf',
        'certificate renderer: font file missing',
        'CertificateFailed',
        mine('byhand'),
      );
      handle = await releasePass('byhand');
      id = handle.workflowId;
      await stageIs(handle, 'needs-attention');

      expect(
        await refusalOf(handle.executeUpdate(resolveAttentionUpdate, { args: [{ action: 'resolved', by: staff }] })),
      ).toEqual({
        type: 'InvalidRequest',
        message: 'Say what was done by hand to create the PDF certificate (CPCS-TEST-byhand) (note).',
      });
      expect(
        await refusalOf(
          handle.executeUpdate(resolveAttentionUpdate, { args: [{ action: 'ignore' as 'retry', by: staff }] }),
        ),
      ).toMatchObject({ type: 'InvalidRequest' });
      expect(
        await refusalOf(handle.executeUpdate(resolveAttentionUpdate, { args: [{ action: 'retry', by: ' ' }] })),
      ).toMatchObject({ type: 'InvalidRequest' });
    }, 30_000);

    it('takes the hand resolution and carries on to passed, the badge issued and the certificate not marked ready', async () => {
      const outcome = await handle.executeUpdate(resolveAttentionUpdate, {
        args: [{ action: 'resolved', note: 'PDF made by hand and emailed on 2026-12-04.', by: staff }],
      });
      expect(outcome).toEqual({
        action: 'resolved',
        step: 'create the PDF certificate (CPCS-TEST-byhand)',
        stage: 'awaiting-release',
      });
      await finished(handle);
      const final = await handle.query(statusQuery);
      expect(final.stage).toBe('passed');
      expect(final.certification).toMatchObject({ badgeId: 'badge-CPCS-TEST-byhand', certificateReady: false });
    }, 30_000);

    it('does not make the PDF again, and still starts recertification and sends the score and certificate emails', () => {
      expect(rec.breakable.failed('createCertificatePdf').filter(mine('byhand'))).toHaveLength(1);
      expect(rec.callsOf('createCertificatePdf').filter(mine('byhand'))).toEqual([]);
      expect(rec.recertifications.filter((r) => r.certificantId === 'byhand')).toHaveLength(1);
      expect(rec.emailKeys(id).filter((k) => k === 'score-released' || k === 'certificate-ready')).toEqual([
        'score-released',
        'certificate-ready',
      ]);
    });

    it('records the hand resolution with its note and the audit of its Update', () => {
      expect(recorded('recordAttentionResolved', id)).toEqual([
        {
          caseKind: 'application',
          caseId: id,
          resolution: 'resolved',
          by: staff,
          note: 'PDF made by hand and emailed on 2026-12-04.',
          at: expect.any(String),
          auditAs: viaUpdate('application.attention.resolved', id),
        },
      ]);
    });

    it('refuses a late decision once nothing waits', async () => {
      // Nothing waits any more: a late decision is refused as a conflict.
      await expect(
        handle.executeUpdate(resolveAttentionUpdate, { args: [{ action: 'retry', by: staff }] }),
      ).rejects.toThrow();
    }, 30_000);
  });

  it('a step whose result the case needs cannot be resolved by hand; the retry comes from Temporal UI as a signal and is audited there', async () => {
    rec.breakable.break(
      'recordCertification',
      'candidate signal-1 is not on file',
      'CandidateNotFound',
      mine('signal1'),
    );
    const handle = await releasePass('signal1');
    const id = handle.workflowId;
    const parked = await stageIs(handle, 'needs-attention');
    expect(parked.attention).toMatchObject({
      activity: 'recordCertification',
      resolvable: false,
      failureType: 'CandidateNotFound',
    });

    const refusal = await refusalOf(
      handle.executeUpdate(resolveAttentionUpdate, { args: [{ action: 'resolved', note: 'Did it.', by: staff }] }),
    );
    expect(refusal).toEqual({
      type: 'ActionNotAvailable',
      message:
        '"record the certification" cannot be resolved by hand: the case needs its result to carry on. Fix the cause and retry.',
    });
    // A malformed signal is ignored; the case still waits.
    await handle.signal(resolveAttentionSignal, { action: 'resolved' });
    expect((await handle.query(statusQuery)).stage).toBe('needs-attention');

    rec.breakable.repair('recordCertification');
    await handle.signal(resolveAttentionSignal, { action: 'retry' });
    await finished(handle);
    expect((await handle.query(statusQuery)).stage).toBe('passed');
    expect(recorded('recordAttentionResolved', id)).toEqual([
      {
        caseKind: 'application',
        caseId: id,
        resolution: 'retry',
        by: 'temporal-ui',
        at: expect.any(String),
        auditAs: {
          action: 'application.attention.retry',
          subject: `application:${id}`,
          sender: { signalName: 'resolveAttentionSignal', ordinal: 2 },
          workflowId: id,
          runId: expect.any(String),
        },
      },
    ]);
    expect(rec.emailKeys(id).filter((k) => k === 'certificate-ready')).toHaveLength(1);
  });

  it('the very first step can park too: the acknowledgement for a candidate not on file waits, then the case goes on to eligibility review', async () => {
    rec.breakable.break(
      'sendCandidateEmail',
      'candidate first1 is not on file',
      'CandidateNotFound',
      (e) => e.candidateId === 'first1' && e.message.kind === 'application-received',
    );
    const input = inputFor('first1', '2026-fall');
    const handle = await suite.env.client.workflow.start('examApplicationWorkflow', {
      workflowId: input.applicationId,
      taskQueue,
      args: [input],
    });
    const parked = await stageIs(handle, 'needs-attention');
    expect(parked.attention).toMatchObject({
      activity: 'sendCandidateEmail',
      step: 'email the candidate (application-received)',
      resolvable: true,
    });
    // Other actions wait their turn: the stage refuses them while a person looks.
    expect(
      await refusalOf(
        handle.executeUpdate(eligibilityDecisionUpdate, { args: [{ decision: 'approve', decidedBy: staff }] }),
      ),
    ).toMatchObject({ type: 'ActionNotAvailable' });

    await handle.executeUpdate(resolveAttentionUpdate, {
      args: [{ action: 'resolved', note: 'Candidate record restored; acknowledged by phone.', by: staff }],
    });
    await stageIs(handle, 'eligibility-review');
    expect(await stagesOf(handle)).toEqual(['submitted', 'needs-attention', 'submitted', 'eligibility-review']);
    expect(rec.emailKeys(input.applicationId)).toEqual([]);
    const approved = await handle.executeUpdate(eligibilityDecisionUpdate, {
      args: [{ decision: 'approve', decidedBy: staff }],
    });
    expect(approved.stage).toBe('awaiting-notice');
  });
});
