import { ApplicationFailure } from '@temporalio/common';
import { findApplication } from '../db/tables/applications';
import { findCandidate } from '../db/tables/candidates';
import { closedApplicationEmail, repeatedApplicationEmail } from '../email/templates/application-notice';
import type { ApplicationNoticeInput } from '../workflows/application-notice/contract';
import type { ActivityDeps } from './deps';
import { applicationLinkFor } from './links';
import { sendOnce } from './send-once';

export function applicationNoticeActivities(deps: ActivityDeps) {
  return {
    /**
     * Why /apply started nothing, to the address on file only, once per workflow. A repeated application gets a
     * fresh link added beside the older ones (the form is open to anyone, so it revokes nothing; "Lost your link?" does).
     */
    async sendApplicationNotice(input: ApplicationNoticeInput & { workflowId: string }): Promise<{ sent: boolean }> {
      const [candidate, application] = await Promise.all([
        findCandidate(deps.db, input.candidateId),
        findApplication(deps.db, input.applicationId),
      ]);
      if (!candidate || !application)
        throw ApplicationFailure.nonRetryable(
          `application ${input.applicationId} of ${input.candidateId} is not on file`,
          'ApplicationNotFound',
        );
      const slot = { workflowId: input.workflowId, kind: `application-${input.kind}` };
      const details = {
        firstName: candidate.first_name,
        program: application.program,
        windowId: application.window_id,
        stage: application.stage,
        resendUrl: `${deps.links.baseUrl.replace(/\/$/, '')}/links/resend`,
      };
      const rendered =
        input.kind === 'repeated'
          ? repeatedApplicationEmail({
              ...details,
              statusUrl: (
                await applicationLinkFor(deps, slot, { applicationId: application.id, candidateId: candidate.id })
              ).url,
            })
          : closedApplicationEmail(details);
      return sendOnce(deps, slot, { to: candidate.email, ...rendered });
    },
  };
}
