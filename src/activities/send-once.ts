import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { claimEmail, markEmailSent, type EmailSlot } from '../db/tables/email-log';
import type { RenderedEmail } from '../email/message';
import type { ActivityDeps } from './deps';

/**
 * How long a claim on an email slot keeps other attempts away: longer than the SMTP send deadline
 * (smtpTimeouts.sendDeadlineMs, 45 s) and than the sending activities' start-to-close (1 minute).
 */
export const emailClaimLeaseMs = 2 * 60_000;

/** The `type` of the retryable failure of an attempt that found another attempt's live claim. */
export const emailClaimHeldType = 'EmailClaimHeld';

/**
 * The one way activities send: claim the slot with a lease, send with the slot's Message-ID, mark it sent. At least
 * once to the SMTP server: an attempt that died after the server took the message sends it again once the lease runs
 * out, with the same Message-ID, so the receiving side can drop the copy.
 */
export async function sendOnce(
  deps: Pick<ActivityDeps, 'db' | 'mailer'>,
  slot: EmailSlot,
  email: RenderedEmail & { to: string },
  /** The X-Certflow-Kind header, when it is not the slot's kind (e.g. the message kind of a recertification key). */
  kindHeader = slot.kind,
): Promise<{ sent: boolean }> {
  const messageId = deps.mailer.messageIdFor(`${slot.workflowId}|${slot.kind}`);
  const claim = await claimEmail(deps.db, {
    ...slot,
    recipient: email.to,
    subject: email.subject,
    messageId,
    leaseMs: emailClaimLeaseMs,
  });
  if (claim.outcome === 'sent') {
    log.info('email already sent; not sending again', { kind: slot.kind });
    return { sent: false };
  }
  if (claim.outcome === 'held') {
    // Another attempt may be mid-send: wait for it to finish or for its lease to run out, never skip.
    throw ApplicationFailure.create({
      type: emailClaimHeldType,
      message: `another attempt is sending this email (${slot.kind}); trying again when its claim runs out`,
      nextRetryDelay: claim.remainingMs + 1000,
    });
  }
  await deps.mailer.send({
    ...email,
    messageId,
    headers: { 'X-Certflow-Workflow': slot.workflowId, 'X-Certflow-Kind': kindHeader },
  });
  await markEmailSent(deps.db, slot);
  log.info('email sent', { kind: slot.kind, claimAttempt: claim.attempt });
  return { sent: true };
}
