import { html } from '../../../lib/html';
import { formTokens } from '../form-tokens';
import { page } from '../layout';
import { longDate, usd } from './format';

export interface TransferConfirmData {
  applicationId: string;
  program: string;
  fromLabel: string;
  toLabel: string;
  feeUsd: number;
  lastDayToRequestTransfer: string;
  appointment?: { examDate: string; site: string };
  csrf: string;
  access: string;
}

/** The confirm step: a transfer cannot be undone, so the candidate sees what it does before sending it. */
export function transferConfirmPage(d: TransferConfirmData): string {
  const back = `/applications/${encodeURIComponent(d.applicationId)}${d.access}`;
  const body = html`<h1>Transfer your ${d.program} exam to ${d.toLabel}?</h1>
<ul>
<li>Your application moves from the ${d.fromLabel} window to the ${d.toLabel} window.</li>
<li>Transfer fee: ${usd(d.feeUsd)}.</li>
${d.appointment ? html`<li>Your appointment on ${longDate(d.appointment.examDate)} at ${d.appointment.site} is cancelled; you will get a new notice to schedule for ${d.toLabel}.</li>` : html``}
<li>The last day to request this transfer is ${longDate(d.lastDayToRequestTransfer)}.</li>
</ul>
<form method="post" action="/applications/${encodeURIComponent(d.applicationId)}/transfer${d.access}">${formTokens(d.csrf)}
<div><button type="submit">Yes, transfer me to ${d.toLabel}</button></div></form>
<p><a href="${back}">No, go back to my application</a></p>`;
  return page('Confirm the transfer', body);
}
