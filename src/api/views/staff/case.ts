import { windowLabel } from '../../../domain/index';
import type { DocumentMeta } from '../../../db/tables/documents';
import { html, type SafeHtml } from '../../../lib/html';
import type { AccommodationView, ApplicationStatus } from '../../../workflows/exam-application/contract';
import { formTokens } from '../form-tokens';
import { page } from '../layout';
import type { EligibilityAttestation } from '../../../domain/index';
import { attentionSection } from './attention';
import { attestationSection } from './attestation';
import { ledgerSection } from './ledger';
import type { LedgerRow } from '../../../db/tables/fee-ledger';
import { checked, fieldError, invalid, summary, type FormState } from './form-state';

export type { FormState } from './form-state';

export interface CaseView {
  staffName: string;
  csrf: string;
  application: { id: string; firstName: string; lastName: string; email?: string; program: string; windowId: string };
  /** staffView of the live status: the score is never in it. Absent when the workflow cannot be reached. */
  status?: Omit<ApplicationStatus, 'score'>;
  statusError?: string;
  documents: DocumentMeta[];
  /** The case's fee ledger lines. */
  ledger: LedgerRow[];
  /** What the candidate attested on the form; absent for applications from before it asked. */
  attestation?: EligibilityAttestation;
  workflowUrl: string;
  eligibilityForm?: FormState;
  accommodationForm?: FormState & { requestId: string };
  attentionForm?: FormState;
  notice?: string;
}

function eligibilityForm(v: CaseView): SafeHtml {
  const f = v.eligibilityForm;
  const decision = f?.values?.decision ?? '';
  const action = `/staff/applications/${encodeURIComponent(v.application.id)}/eligibility`;
  return html`<h2 id="eligibility">Eligibility decision</h2>${summary(f)}
<form method="post" action="${action}" novalidate>${formTokens(v.csrf)}
<fieldset${invalid(f, 'decision', 'decision')}><legend>Decision</legend>${fieldError(f, 'decision', 'decision')}
<label><input type="radio" name="decision" value="approve"${checked(decision === 'approve')}> Approve: the candidate is eligible</label>
<label><input type="radio" name="decision" value="reject"${checked(decision === 'reject')}> Reject</label></fieldset>
<label for="eligibility-reason">Reason (required for a rejection; it is sent to the candidate)</label>${fieldError(f, 'reason', 'eligibility-reason')}
<textarea id="eligibility-reason" name="reason" rows="3" cols="60"${invalid(f, 'reason', 'eligibility-reason')}>${f?.values?.reason ?? ''}</textarea>
<button type="submit">Record the eligibility decision</button></form>`;
}

function accommodationRow(v: CaseView, a: AccommodationView): SafeHtml {
  const docs = v.documents.filter((d) => a.documentIds.includes(d.id));
  const f = v.accommodationForm?.requestId === a.id ? v.accommodationForm : undefined;
  const id = `acc-${a.id}`;
  const decision = f?.values?.decision ?? '';
  const form =
    a.status === 'pending'
      ? html`${summary(f)}<form method="post" action="/staff/applications/${encodeURIComponent(v.application.id)}/accommodations/${encodeURIComponent(a.id)}/decision" novalidate>
${formTokens(v.csrf)}
<fieldset${invalid(f, 'decision', `${id}-decision`)}><legend>Decision on ${a.id}</legend>${fieldError(f, 'decision', `${id}-decision`)}
<label><input type="radio" name="decision" value="approve"${checked(decision === 'approve')}> Approve</label>
<label><input type="radio" name="decision" value="deny"${checked(decision === 'deny')}> Deny</label></fieldset>
<label for="${id}-reason">Reason (required for a denial; it is sent to the candidate)</label>${fieldError(f, 'reason', `${id}-reason`)}
<textarea id="${id}-reason" name="reason" rows="2" cols="60"${invalid(f, 'reason', `${id}-reason`)}>${f?.values?.reason ?? ''}</textarea>
<button type="submit">Record the accommodation decision</button></form>`
      : html`<p>${a.status}${a.decidedAt ? ` on ${a.decidedAt.slice(0, 10)}` : ''}${a.reason ? `: ${a.reason}` : ''}</p>`;
  return html`<section aria-labelledby="${id}-h"><h3 id="${id}-h">Request ${a.id} (${a.requestedAt.slice(0, 10)})</h3>
<p>${a.needs}</p>
<p>Documentation: ${docs.length ? docs.map((d, i) => html`${i ? ', ' : ''}<a href="/staff/documents/${encodeURIComponent(d.id)}">${d.filename}</a> (${d.content_type}, ${Math.ceil(d.size_bytes / 1024)} KB)`) : 'none'}</p>
${form}</section>`;
}

function statusList(s: Omit<ApplicationStatus, 'score'>): SafeHtml {
  return html`<dl>
<dt>Stage</dt><dd id="stage">${s.stage}</dd>
<dt>Submitted</dt><dd>${s.submittedAt.slice(0, 10)}</dd>
${s.nextDeadline ? html`<dt>Next</dt><dd>${s.nextDeadline.what} (${s.nextDeadline.on})</dd>` : ''}
${s.eligibility ? html`<dt>Eligibility</dt><dd>${s.eligibility.decision} on ${s.eligibility.decidedAt.slice(0, 10)}${s.eligibility.reason ? `: ${s.eligibility.reason}` : ''}</dd>` : ''}
${s.appointment ? html`<dt>Appointment</dt><dd>${s.appointment.examDate} at ${s.appointment.site}; last day to request a transfer ${s.appointment.lastDayToRequestTransfer}</dd>` : ''}
${s.testedOn ? html`<dt>Tested on</dt><dd>${s.testedOn}</dd>` : ''}
${s.releaseAt ? html`<dt>Score release</dt><dd>${s.releaseAt}</dd>` : ''}
${s.certification ? html`<dt>Credential</dt><dd>${s.certification.credentialId}, certified ${s.certification.certifiedOn}, expires ${s.certification.expiresOn}</dd>` : ''}
${s.withdrawal ? html`<dt>Withdrawn</dt><dd>${s.withdrawal.at.slice(0, 10)}; refund $${s.withdrawal.refundUsd}</dd>` : ''}
</dl>
<h2>History</h2><table><thead><tr><th>Stage</th><th>At</th></tr></thead><tbody>
${s.history.map((h) => html`<tr><td>${h.stage}</td><td>${h.at}</td></tr>`)}</tbody></table>`;
}

/** One application for staff: live status (never the score), documents, and the decisions still open. */
export function staffCasePage(v: CaseView): string {
  const a = v.application;
  const s = v.status;
  // A refusal whose form is no longer offered (the case moved on meanwhile) is shown at the top instead.
  const accommodationOpen = s?.accommodations.some(
    (r) => r.id === v.accommodationForm?.requestId && r.status === 'pending',
  );
  const orphaned = [
    s?.stage !== 'eligibility-review' ? v.eligibilityForm?.message : undefined,
    accommodationOpen ? undefined : v.accommodationForm?.message,
    s?.attention ? undefined : v.attentionForm?.message,
  ].filter(Boolean);
  const body = html`<h1>${a.firstName} ${a.lastName} — ${a.program}, ${windowLabel(a.windowId)}</h1>
${orphaned.map((m) => html`<div class="error-summary" role="alert"><p>${m}</p></div>`)}
${v.notice ? html`<p role="status" class="notice">${v.notice}</p>` : ''}
<p><a href="${v.workflowUrl}">Open the workflow in Temporal UI</a> · <a href="/staff/audit?subject=${encodeURIComponent(`application:${a.id}`)}">Audit log of this case</a></p>
<dl><dt>Application</dt><dd>${a.id}</dd>${a.email ? html`<dt>Email on file</dt><dd>${a.email}</dd>` : ''}</dl>
${s?.attention ? attentionSection({ attention: s.attention, action: `/staff/applications/${encodeURIComponent(a.id)}/attention`, csrf: v.csrf, form: v.attentionForm }) : ''}
${s ? statusList(s) : html`<div class="error-summary" role="alert"><p>${v.statusError ?? 'The live status is not available.'}</p></div>`}
${attestationSection(v.attestation)}
${s?.stage === 'eligibility-review' ? eligibilityForm(v) : ''}
${s?.accommodations.length ? html`<h2>Accommodation requests</h2>${s.accommodations.map((acc) => accommodationRow(v, acc))}` : ''}
${ledgerSection(v.ledger)}`;
  return page(`${a.firstName} ${a.lastName}`, body, { staffName: v.staffName, csrf: v.csrf });
}
