import { log } from '@temporalio/activity';
import { claimEmail, markEmailSent } from '../db/tables/email-log';
import { renderStaffMessage, type StaffMessage } from '../email/templates/staff';
import type { ActivityDeps } from './deps';

export interface SendStaffEmailInput {
  workflowId: string;
  /** Each reminder has its own key, so the email log lets each go out exactly once. */
  dedupeKey: string;
  message: StaffMessage;
}

export function staffEmailActivities(deps: ActivityDeps) {
  return {
    /** To the staff alerts address (STAFF_ALERTS_EMAIL), at most once per (workflow, dedupe key). */
    async sendStaffEmail(input: SendStaffEmailInput): Promise<{ sent: boolean }> {
      const to = deps.staffAlertsEmail;
      // A reminder must never fail the case it is about: without an address it is logged and dropped.
      if (!to) {
        log.warn('no staff alerts address configured (STAFF_ALERTS_EMAIL); reminder not sent', { kind: input.message.kind });
        return { sent: false };
      }
      const rendered = renderStaffMessage(input.message, { staffUrl: `${deps.links.baseUrl.replace(/\/$/, '')}/staff` });
      const kind = `staff:${input.dedupeKey}`;
      if (!(await claimEmail(deps.db, { workflowId: input.workflowId, kind, recipient: to, subject: rendered.subject }))) return { sent: false };
      const { messageId } = await deps.mailer.send({ to, ...rendered, headers: { 'X-Certflow-Workflow': input.workflowId, 'X-Certflow-Kind': kind } });
      await markEmailSent(deps.db, input.workflowId, kind, messageId);
      log.info('staff email sent', { kind });
      return { sent: true };
    },
  };
}
