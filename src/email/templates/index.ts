import type { RenderedEmail } from '../message';
import { applicationReceivedEmail } from './application-received';
import { programDisplayName, windowDisplayLabel } from './labels';

/** Every message a candidate can receive, as plain JSON the workflow can carry. */
export type CandidateMessage = { kind: 'application-received'; program: string; windowId: string };

export interface MessageContext {
  firstName: string;
  statusUrl: string;
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
  }
}
