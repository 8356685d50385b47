import { html } from '../../lib/html';
import { layoutEmail } from '../layout';
import type { RenderedEmail } from '../message';

export interface ApplicationReceivedData {
  firstName: string;
  programName: string;
  windowLabel: string;
  statusUrl: string;
}

/** Acknowledges a submitted application and gives the candidate their private status link. */
export function applicationReceivedEmail(d: ApplicationReceivedData): RenderedEmail {
  const subject = `We received your ${d.programName} application (${d.windowLabel})`;
  const body = html`<h1>Application received</h1>
<p>Dear ${d.firstName},</p>
<p>Thank you for applying for the ${d.programName} examination in the ${d.windowLabel} testing window.
Staff will now review your eligibility; NAMSS does not pre-approve experience, so the decision is made on your application.</p>
<p><a href="${d.statusUrl}">See the status of your application</a>. This link is personal: do not forward it.</p>`;
  const text = `Dear ${d.firstName},

Thank you for applying for the ${d.programName} examination in the ${d.windowLabel} testing window.
Staff will now review your eligibility; NAMSS does not pre-approve experience, so the decision is made on your application.

See the status of your application (personal link, do not forward it):
${d.statusUrl}`;
  return layoutEmail(subject, body, text);
}
