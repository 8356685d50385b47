import { html } from '../../lib/html';
import type { RecertificationStatus } from '../../workflows/recertification/contract';
import { formTokens } from './form-tokens';
import { page } from './layout';
import { meterView } from './recertification';
import { attentionSection } from './staff/attention';
import { ledgerSection } from './staff/ledger';
import type { LedgerRow } from '../../db/tables/fee-ledger';

export interface ReviewListItem {
  certificant_id: string;
  first_name: string;
  last_name: string;
  cycle_number: number;
  deadline: string;
  submitted_on: string;
}

export function reviewListPage(d: { staffName: string; csrf: string; items: ReviewListItem[] }): string {
  const body = html`<h1>CE review</h1>
<p>Recertifications submitted and waiting for determination. NAMSS determines CE only at submission.</p>
<table><thead><tr><th>Certificant</th><th>Cycle</th><th>Submitted</th><th>Due</th></tr></thead><tbody>
${d.items.map((i) => html`<tr><td><a href="/staff/recertification/${i.certificant_id}">${i.first_name} ${i.last_name}</a></td><td>${i.cycle_number}</td><td>${i.submitted_on}</td><td>${i.deadline}</td></tr>`)}
</tbody></table>`;
  return page('CE review', body, { staffName: d.staffName, csrf: d.csrf });
}

export function reviewPage(d: {
  staffName: string;
  csrf: string;
  status: RecertificationStatus;
  workflowUrl: string;
  error?: string;
  ledger: LedgerRow[];
}): string {
  const s = d.status;
  const submitted = new Set(s.submission?.entryIds ?? []);
  const body = html`<h1>CE review — ${s.name}</h1>
${d.error ? html`<div class="error-summary" role="alert"><p>${d.error}</p></div>` : ''}
<p>Stage: <strong id="stage">${s.stage}</strong>. Due ${s.deadline ?? ''}. <a href="${d.workflowUrl}">Open in Temporal UI</a></p>
${s.attention ? attentionSection({ attention: s.attention, action: `/staff/recertification/${encodeURIComponent(s.certificantId)}/attention`, csrf: d.csrf }) : ''}
${s.acceptedMeter ? html`<h2>Accepted so far</h2>${meterView(s.acceptedMeter)}` : ''}
<table><thead><tr><th>Entry</th><th>Date</th><th>Hours</th><th>Kind</th><th>Certificate</th><th>Decision</th></tr></thead><tbody>
${s.entries.map(
  (e) =>
    html`<tr><td>${e.title}<br><small>${e.provider}</small></td><td>${e.completedOn}</td><td>${e.hours}</td><td>${e.kind}</td><td>${e.document ? html`<a href="/staff/recertification/${s.certificantId}/documents/${e.document.id}">${e.document.filename}</a>` : 'none'}</td><td>${
      submitted.has(e.id)
        ? html`<form method="post" action="/staff/recertification/${s.certificantId}/entries/${e.id}/determination">${formTokens(d.csrf)}
<select name="decision" aria-label="Decision"><option value="accept"${e.status === 'accepted' ? html` selected` : ''}>Accept</option><option value="reject"${e.status === 'rejected' ? html` selected` : ''}>Reject</option></select>
<input type="text" name="reason" aria-label="Reason" required minlength="3" value="${e.determination?.reason ?? ''}"><button type="submit" style="margin:0">Record</button></form>`
        : html`${e.status}${e.determination ? html`: ${e.determination.reason}` : ''}`
    }</td></tr>`,
)}
</tbody></table>
${s.submission ? html`<form method="post" action="/staff/recertification/${s.certificantId}/determination/complete">${formTokens(d.csrf)}<button type="submit">Complete the determination</button></form>` : ''}
${ledgerSection(d.ledger)}`;
  return page('CE review', body, { staffName: d.staffName, csrf: d.csrf });
}
