import type { RenderedEmail } from '../message';
import { applicationCancelledEmail, type ApplicationCancelledMessage } from './application-cancelled';
import { applicationReceivedEmail } from './application-received';
import { programDisplayName, windowDisplayLabel } from './labels';
import { renderAfterScheduling } from './lifecycle-after-scheduling';
import { renderBeforeTest } from './lifecycle-before-test';
import type { LifecycleContext, LifecycleMessage } from './lifecycle-messages';

/** Every message a candidate can receive, as plain JSON the workflow can carry. */
export type CandidateMessage =
  { kind: 'application-received'; program: string; windowId: string } | LifecycleMessage | ApplicationCancelledMessage;

export interface MessageContext {
  firstName: string;
  statusUrl: string;
  /** The candidate's signed PDF certificate link and the public verification page (lifecycle messages). */
  certificateUrl?: string;
  verifyUrl?: (credentialId: string) => string;
}

export function renderCandidateMessage(message: CandidateMessage, ctx: MessageContext): RenderedEmail {
  switch (message.kind) {
    case 'application-received':
      return applicationReceivedEmail({
        firstName: ctx.firstName,
        programName: programDisplayName(message.program),
        windowLabel: windowDisplayLabel(message.windowId),
        statusUrl: ctx.statusUrl,
      });
    case 'application-cancelled':
      return applicationCancelledEmail(message, ctx);
    case 'eligibility-approved':
    case 'eligibility-rejected':
    case 'accommodation-decision':
    case 'notice-to-schedule':
    case 'transfer-confirmed':
    case 'withdrawal-confirmed':
      return renderBeforeTest(message, lifecycleContext(ctx));
    default:
      return renderAfterScheduling(message, lifecycleContext(ctx));
  }
}

// Without the lifecycle links (a renderer used outside the email activity) the status page stands in.
function lifecycleContext(ctx: MessageContext): LifecycleContext {
  return {
    firstName: ctx.firstName,
    statusUrl: ctx.statusUrl,
    certificateUrl: ctx.certificateUrl ?? ctx.statusUrl,
    verifyUrl: ctx.verifyUrl ?? (() => ctx.statusUrl),
  };
}
