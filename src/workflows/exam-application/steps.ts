import { lastDayToRequestTransfer, newYorkDateOf, windowCalendar } from '../../domain/index';
import { email, moveTo, staffEmail } from './effects';
import { acts } from './ports';
import type { LifecycleState } from './state';
import type { Step } from './timeline';

/** Performs one due step of the timeline (under the lock, see workflow.ts). */
export async function perform(s: LifecycleState, step: Step): Promise<void> {
  const i = s.input;
  switch (step.kind) {
    case 'eligibility-overdue':
      await staffEmail(
        {
          kind: 'eligibility-overdue',
          applicationId: i.applicationId,
          candidateName: `${i.candidate.firstName} ${i.candidate.lastName}`,
          program: i.program,
          windowId: s.windowId,
          submittedAt: i.submittedAt,
          waitingDays: step.n * s.options.eligibilityReminderAfterDays,
        },
        step.key,
      );
      return;
    case 'notice': {
      const cal = windowCalendar(s.windowId, s.policy);
      const approved = s.accommodations.filter((a) => a.status === 'approved').map((a) => a.needs);
      const dates = {
        windowStart: cal.start,
        windowEnd: cal.end,
        closesOn: cal.close,
        resultsExpected: cal.scoreRelease,
      };
      await email(
        s,
        {
          kind: 'notice-to-schedule',
          program: i.program,
          windowId: s.windowId,
          ...dates,
          approvedAccommodations: approved,
        },
        `notice-to-schedule:${s.windowId}`,
      );
      await moveTo(s, 'scheduling');
      return;
    }
    case 'reminder': {
      const a = s.appointment!;
      await email(
        s,
        {
          kind: 'appointment-reminder',
          examDate: a.examDate,
          site: a.site,
          startsAt: a.startsAt,
          daysBefore: step.daysBefore,
        },
        step.key,
      );
      return;
    }
    case 'transfer-reminder': {
      const a = s.appointment!;
      await email(
        s,
        {
          kind: 'transfer-deadline-reminder',
          examDate: a.examDate,
          lastDayToRequestTransfer: lastDayToRequestTransfer(a.examDate),
          windowId: s.windowId,
        },
        step.key,
      );
      return;
    }
    case 'no-show':
      await email(s, { kind: 'no-show', windowId: s.windowId, examDate: s.appointment?.examDate });
      await moveTo(s, 'no-show');
      return;
    case 'tested': {
      const r = s.result!;
      await acts.recordTestResult({
        applicationId: i.applicationId,
        formId: r.formId,
        testedOn: r.testedOn,
        importId: r.importId,
      });
      await moveTo(s, 'tested');
      // FAQ: "scores cannot be released until after all candidates take the test".
      await moveTo(s, 'awaiting-close');
      return;
    }
    case 'closed':
      await moveTo(s, 'awaiting-equating');
      return;
    case 'equated':
      await moveTo(s, 'awaiting-release');
      return;
    case 'release':
      await releaseScore(s);
      return;
  }
}

/** FAQ: results go "via email to the candidate's email address on file"; a pass becomes a certification. */
async function releaseScore(s: LifecycleState): Promise<void> {
  const i = s.input;
  const r = s.released!;
  await acts.recordScore({
    applicationId: i.applicationId,
    formId: r.formId,
    raw: r.raw,
    scaled: r.scaled,
    passed: r.passed,
    releasedAt: r.releasedAt,
  });
  s.score = { raw: r.raw, scaled: r.scaled, passed: r.passed, releasedAt: r.releasedAt };
  await email(s, {
    kind: 'score-released',
    program: i.program,
    windowId: s.windowId,
    scaled: r.scaled,
    passed: r.passed,
  });
  if (!r.passed) {
    // FAQ: names of candidates who do not pass are confidential; they may apply to a later window only.
    await moveTo(s, 'failed');
    return;
  }
  const certifiedOn = newYorkDateOf(r.releasedAt);
  const cert = await acts.recordCertification({
    applicationId: i.applicationId,
    candidateId: i.candidateId,
    program: i.program,
    certifiedOn,
    policy: s.policy,
  });
  s.certification = { credentialId: cert.credentialId, certifiedOn: cert.certifiedOn, expiresOn: cert.expiresOn };
  // FAQ: "a digital badge from Credly" and "a PDF certificate"; no printed certificates.
  const { badgeId } = await acts.issueBadge({
    credentialId: cert.credentialId,
    candidateId: i.candidateId,
    program: i.program,
    issuedAt: cert.certifiedOn,
    expiresAt: cert.expiresOn,
  });
  await acts.attachBadge({ credentialId: cert.credentialId, badgeId });
  s.certification.badgeId = badgeId;
  const { documentId } = await acts.createCertificatePdf({ credentialId: cert.credentialId });
  s.certification.documentId = documentId;
  await acts.startOrSignalRecertification({
    certificantId: i.candidateId,
    program: i.program,
    credentialId: cert.credentialId,
    certifiedOn: cert.certifiedOn,
    firstName: i.candidate.firstName,
    lastName: i.candidate.lastName,
    membership: i.candidate.membership,
    badgeId,
  });
  await email(s, {
    kind: 'certificate-ready',
    program: i.program,
    credentialId: cert.credentialId,
    certifiedOn: cert.certifiedOn,
    expiresOn: cert.expiresOn,
  });
  await moveTo(s, 'passed');
}
