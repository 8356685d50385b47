import { log } from '@temporalio/activity';
import { renderStaffMessage, type StaffMessage } from '../email/templates/staff';
import type { ActivityDeps } from './deps';
import { sendOnce } from './send-once';

export interface SendStaffEmailInput {
  workflowId: string;
  /** Each reminder has its own key, so the email log sends each once (at least once to the SMTP server, with one Message-ID). */
  dedupeKey: string;
  message: StaffMessage;
}

export function staffEmailActivities(deps: ActivityDeps) {
  return {
    /** To the staff alerts address (STAFF_ALERTS_EMAIL), once per (workflow, dedupe key) through the email log. */
    async sendStaffEmail(input: SendStaffEmailInput): Promise<{ sent: boolean }> {
      const to = deps.staffAlertsEmail;
      // A reminder must never fail the case it is about: without an address it is logged and dropped.
      if (!to) {
        log.warn('no staff alerts address configured (STAFF_ALERTS_EMAIL); reminder not sent', {
          kind: input.message.kind,
        });
        return { sent: false };
      }
      const rendered = renderStaffMessage(input.message, {
        staffUrl: `${deps.links.baseUrl.replace(/\/$/, '')}/staff`,
      });
      return sendOnce(deps, { workflowId: input.workflowId, kind: `staff:${input.dedupeKey}` }, { to, ...rendered });
    },
  };
}
