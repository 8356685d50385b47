import { ApplicationFailure } from '@temporalio/common';
import { findCandidate } from '../db/tables/candidates';
import { renderCandidateMessage, type CandidateMessage } from '../email/templates/index';
import type { ActivityDeps } from './deps';
import { applicationLinkFor } from './links';
import { sendOnce } from './send-once';

export interface SendCandidateEmailInput {
  workflowId: string;
  candidateId: string;
  applicationId: string;
  message: CandidateMessage;
  /** Distinguishes repeated messages of one kind (e.g. a second reminder); defaults to the kind. */
  dedupeKey?: string;
}

export function emailActivities(deps: ActivityDeps) {
  return {
    /**
     * Sends to the email on file for the candidate (never an address from the workflow), once per (workflow, kind)
     * through the email log, with the Message-ID of that slot (see sendOnce).
     */
    async sendCandidateEmail(input: SendCandidateEmailInput): Promise<{ sent: boolean }> {
      const candidate = await findCandidate(deps.db, input.candidateId);
      if (!candidate)
        throw ApplicationFailure.nonRetryable(`candidate ${input.candidateId} is not on file`, 'CandidateNotFound');
      const slot = { workflowId: input.workflowId, kind: input.dedupeKey ?? input.message.kind };
      const { url: statusUrl } = await applicationLinkFor(deps, slot, input);
      const rendered = renderCandidateMessage(input.message, {
        firstName: candidate.first_name,
        statusUrl,
        certificateUrl: statusUrl.replace('?token=', '/certificate.pdf?token='),
        verifyUrl: (credentialId) =>
          `${deps.links.baseUrl.replace(/\/$/, '')}/verify/${encodeURIComponent(credentialId)}`,
      });
      return sendOnce(deps, slot, { to: candidate.email, ...rendered });
    },
  };
}
