import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { findCandidate } from '../db/tables/candidates';
import { claimEmail, markEmailSent } from '../db/tables/email-log';
import { renderCandidateMessage, type CandidateMessage } from '../email/templates/index';
import { candidateStatusUrl, signCandidateToken } from '../lib/candidate-link';
import type { ActivityDeps } from './deps';

export interface SendCandidateEmailInput {
  workflowId: string;
  candidateId: string;
  applicationId: string;
  message: CandidateMessage;
  /** Distinguishes repeated messages of one kind (e.g. a second reminder); defaults to the kind. */
  dedupeKey?: string;
}

export function emailActivities(deps: ActivityDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    /**
     * Sends to the email on file for the candidate (never an address from the workflow), at most once
     * per (workflow, kind): the email log is claimed before sending and checked on every retry.
     */
    async sendCandidateEmail(input: SendCandidateEmailInput): Promise<{ sent: boolean }> {
      const candidate = await findCandidate(deps.db, input.candidateId);
      if (!candidate) throw ApplicationFailure.nonRetryable(`candidate ${input.candidateId} is not on file`, 'CandidateNotFound');
      const token = signCandidateToken(deps.links.secret, { applicationId: input.applicationId, candidateId: input.candidateId }, now(), deps.links.ttlDays);
      const rendered = renderCandidateMessage(input.message, {
        firstName: candidate.first_name,
        statusUrl: candidateStatusUrl(deps.links.baseUrl, input.applicationId, token),
        certificateUrl: candidateStatusUrl(deps.links.baseUrl, input.applicationId, token).replace('?token=', '/certificate.pdf?token='),
        verifyUrl: (credentialId) => `${deps.links.baseUrl.replace(/\/$/, '')}/verify/${encodeURIComponent(credentialId)}`,
      });
      const kind = input.dedupeKey ?? input.message.kind;
      const claimed = await claimEmail(deps.db, { workflowId: input.workflowId, kind, recipient: candidate.email, subject: rendered.subject });
      if (!claimed) {
        log.info('email already sent; not sending again', { kind });
        return { sent: false };
      }
      const { messageId } = await deps.mailer.send({
        to: candidate.email,
        ...rendered,
        headers: { 'X-Certflow-Workflow': input.workflowId, 'X-Certflow-Kind': kind },
      });
      await markEmailSent(deps.db, input.workflowId, kind, messageId);
      log.info('email sent', { kind });
      return { sent: true };
    },
  };
}
