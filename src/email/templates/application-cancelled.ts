import { longDate } from '../../domain/index';
import type { RenderedEmail } from '../message';
import { programDisplayName, windowDisplayLabel } from './labels';
import { simpleEmail } from './simple';

/** Staff cancelled the case (a workflow cancel from Temporal UI); a held seat was given back to the test vendor. */
export interface ApplicationCancelledMessage {
  kind: 'application-cancelled';
  program: string;
  windowId: string;
  releasedAppointment?: { examDate: string; site: string };
}

export function applicationCancelledEmail(
  m: ApplicationCancelledMessage,
  ctx: { firstName: string; statusUrl: string },
): RenderedEmail {
  const seat = m.releasedAppointment;
  return simpleEmail({
    firstName: ctx.firstName,
    subject: `Your ${m.program} application was cancelled (${windowDisplayLabel(m.windowId)})`,
    heading: 'Application cancelled',
    paragraphs: [
      `Our staff cancelled your application for the ${programDisplayName(m.program)} examination in the ${windowDisplayLabel(m.windowId)} testing window; nothing more will happen on it.`,
      ...(seat
        ? [`Your exam appointment on ${longDate(seat.examDate)} at ${seat.site} was released at the test vendor.`]
        : []),
      'If you did not expect this, reply to this message and we will look into it with you. You may apply again for a later window.',
    ],
    links: [{ href: ctx.statusUrl, label: 'See your application (personal link, do not forward it)' }],
  });
}
