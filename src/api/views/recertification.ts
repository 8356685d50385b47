import { html, type SafeHtml } from '../../lib/html';
import type { CeMeter } from '../../domain/index';
import {
  ceEntryMaxHours,
  type CeEntryRecord,
  type RecertificationStatus,
} from '../../workflows/recertification/contract';
import { formTokens } from './form-tokens';
import { page } from './layout';

export interface GridPageData {
  status: RecertificationStatus;
  csrf: string;
  /** '?token=…' for a certificant, '' for staff: every form posts back with the same access. */
  access: string;
  error?: string;
  notice?: string;
}

const stageLabels: Record<RecertificationStatus['stage'], string> = {
  'awaiting-certification': 'Waiting for the first certification',
  'in-cycle': 'In cycle: keep adding your CE',
  reporting: 'Reporting is open: submit your CE',
  submitted: 'Submitted: staff are determining your CE',
  extended: 'Extended',
  lapsed: 'Lapsed',
  reinstatement: 'Lapsed: reinstatement is open',
  expired: 'Expired',
  renewed: 'Renewed',
  'needs-attention': 'On hold: a step is being checked by our staff',
};

/** FAQ: "A meter fills up as each certificate is added which ultimately adds up to the required number of CEs." */
export function meterView(meter: CeMeter): SafeHtml {
  const width = Math.min(100, meter.percentComplete);
  return html`<div class="ce-meter">
<meter id="ce-meter" min="0" max="${meter.requirement.totalHours}" value="${meter.countedHours}" style="width:100%;height:1.5rem">${meter.percentComplete}%</meter>
<div aria-hidden="true" style="background:#e5e5e5;height:.6rem"><div class="ce-meter-fill" style="background:#1d4f91;height:.6rem;width:${String(width)}%"></div></div>
<p><strong>${meter.countedHours} of ${meter.requirement.totalHours} hours</strong> (${meter.percentComplete}%) —
NAMSS-approved ${meter.hoursByKind['namss-approved']} of at least ${meter.requirement.namssApprovedHours}; other ${meter.hoursByKind.other}.
${meter.met ? 'The requirement is met.' : html`Remaining: ${meter.remainingHours} hours, of which ${meter.remainingNamssApprovedHours} NAMSS-approved.`}</p></div>`;
}

function entryRow(e: CeEntryRecord, d: GridPageData): SafeHtml {
  const canRemove = e.status === 'reported' && !e.submittedAt;
  return html`<tr><td>${e.title}</td><td>${e.provider}</td><td>${e.completedOn}</td><td>${e.hours}</td>
<td>${e.kind === 'namss-approved' ? 'NAMSS-approved' : 'Other'}</td><td>${e.document?.filename ?? 'none'}</td>
<td>${e.status}${e.determination ? html`: ${e.determination.reason}` : ''}</td>
<td>${canRemove ? html`<form method="post" action="/recertification/${d.status.certificantId}/entries/${e.id}/remove${d.access}">${formTokens(d.csrf)}<button type="submit" style="margin:0">Remove</button></form>` : ''}</td></tr>`;
}

function addForm(d: GridPageData): SafeHtml {
  return html`<h2>Add a CE activity</h2>
<form method="post" enctype="multipart/form-data" action="/recertification/${d.status.certificantId}/entries${d.access}">
${formTokens(d.csrf)}
<label for="title">Title</label><input type="text" id="title" name="title" required maxlength="200">
<label for="provider">Provider</label><input type="text" id="provider" name="provider" required maxlength="200">
<label for="completedOn">Completed on</label><input type="date" id="completedOn" name="completedOn" required min="${d.status.cycleStartsOn ?? ''}">
<label for="hours">Hours</label><input type="number" id="hours" name="hours" required min="0.25" max="${ceEntryMaxHours}" step="0.25">
<label for="kind">Kind</label><select id="kind" name="kind"><option value="namss-approved">NAMSS-approved (through the NAMSS Accreditation Center)</option><option value="other">Other industry education</option></select>
<label for="certificate">Certificate of completion (PDF, PNG or JPEG, up to 5 MB)</label><input type="file" id="certificate" name="certificate" required accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg">
<button type="submit">Add to my grid</button></form>`;
}

/** FAQ: the fee is by membership ("NAMSS Members: $175 / Non-Members: $325"); the certificant states theirs, the one on file first. */
function membershipChoice(s: GridPageData['status']): SafeHtml {
  const choices = [
    ['member', 'NAMSS member'],
    ['non-member', 'Not a NAMSS member'],
  ] as const;
  return html`<fieldset><legend>Your NAMSS membership (the fee follows it)</legend>
${choices.map(([value, words]) => html`<label><input type="radio" name="membership" value="${value}" required${s.membership === value ? html` checked` : ''}> ${words}${s.feeByMembership ? html` — $${s.feeByMembership[value].totalUsd}` : ''}</label>`)}
</fieldset>`;
}

function actions(d: GridPageData): SafeHtml {
  const s = d.status;
  const id = s.certificantId;
  const fee = s.fee
    ? html`<p>Fee: $${s.fee.recertificationFeeUsd}${s.fee.reinstatementFeeUsd ? html` plus reinstatement $${s.fee.reinstatementFeeUsd}` : ''}.</p>`
    : '';
  const submitKind = s.stage === 'reinstatement' ? 'reinstate' : 'submit';
  const submit = ['reporting', 'extended', 'reinstatement'].includes(s.stage)
    ? html`<h2>${submitKind === 'reinstate' ? 'Apply for reinstatement' : 'Submit for recertification'}</h2>${fee}
<p>NAMSS determines CE only when you submit; every entry needs its certificate.</p>
<form method="post" action="/recertification/${id}/${submitKind}${d.access}">${formTokens(d.csrf)}
${membershipChoice(s)}
<label><input type="checkbox" name="attest" value="yes" required> I confirm the CE I report is complete and true.</label>
<button type="submit">Submit</button></form>`
    : '';
  const extension =
    ['in-cycle', 'reporting'].includes(s.stage) && !s.extension
      ? html`<h2>Request an extension</h2><p>Up to 6 months, with a written request and at least half the required hours already reported.</p>
<form method="post" action="/recertification/${id}/extension${d.access}">${formTokens(d.csrf)}
<label for="request">Your request</label><textarea id="request" name="request" rows="4" cols="60" required minlength="20"></textarea>
<label for="months">Months</label><select id="months" name="months">${[1, 2, 3, 4, 5, 6].map((m) => html`<option value="${m}"${m === 6 ? html` selected` : ''}>${m}</option>`)}</select>
<button type="submit">Request the extension</button></form>`
      : '';
  return html`${submit}${extension}`;
}

/** After a lapse: only what is still possible (an extension is granted once; reinstatement while its period is open). */
function afterLapse(s: RecertificationStatus): SafeHtml | '' {
  if (!s.cycle || !['lapsed', 'reinstatement', 'expired'].includes(s.stage)) return '';
  const { opens, closes } = s.cycle.reinstatement;
  const extended = s.extension
    ? html`Your extension ran until ${s.extension.until} and cannot be extended again. `
    : '';
  const next =
    s.stage === 'expired'
      ? html`The reinstatement period ended on ${closes}: to be certified again, apply for the exam.`
      : s.stage === 'reinstatement'
        ? html`You may apply for reinstatement until ${closes}, with the reinstatement fee.`
        : html`You may apply for reinstatement from ${opens} to ${closes}, with the reinstatement fee.`;
  return html`<p id="after-lapse">${extended}${next}</p>`;
}

const joiningLine = (s: RecertificationStatus): SafeHtml | '' =>
  s.joining?.length
    ? html`<dt>Joining the next cycle</dt><dd id="joining">${s.joining.map((c) => `${c.program} (certified ${c.certifiedOn}, active, due ${c.dueDate})`).join(', ')}</dd>`
    : '';

export function gridPage(d: GridPageData): string {
  const s = d.status;
  const body = html`<h1>Recertification — ${s.name}</h1>
${d.error ? html`<div class="error-summary" role="alert"><p>${d.error}</p></div>` : ''}
${d.notice ? html`<p role="status"><strong>${d.notice}</strong></p>` : ''}
<dl><dt>Stage</dt><dd id="stage">${stageLabels[s.stage]}</dd>
<dt>Credentials</dt><dd>${s.credentials.map((c) => `${c.program} (certified ${c.certifiedOn})`).join(', ')}</dd>
${joiningLine(s)}
${s.cycle ? html`<dt>Cycle</dt><dd>${s.cycleStartsOn} to ${s.cycle.dueDate}; reporting opens ${s.cycle.reportingOpens}</dd><dt>Due</dt><dd id="deadline">${s.deadline}</dd>` : ''}
</dl>
${afterLapse(s)}
${s.meter ? meterView(s.meter) : ''}
${s.missing.length ? html`<h2>Still missing</h2><ul id="missing">${s.missing.map((m) => html`<li>${m}</li>`)}</ul>` : ''}
<h2>Your CE grid</h2>
<table id="entries"><thead><tr><th>Title</th><th>Provider</th><th>Date</th><th>Hours</th><th>Kind</th><th>Certificate</th><th>Status</th><th></th></tr></thead>
<tbody>${s.entries.map((e) => entryRow(e, d))}</tbody></table>
${['in-cycle', 'reporting', 'extended', 'lapsed', 'reinstatement'].includes(s.stage) ? addForm(d) : ''}
${actions(d)}`;
  return page('Recertification', body);
}
