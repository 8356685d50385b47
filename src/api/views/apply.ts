import { html, type SafeHtml } from '../../lib/html';
import { FORM_PERIODS, periodField } from '../attestation-input';
import {
  applyFieldOrder,
  checkboxField,
  fieldError,
  fileField,
  radioGroup,
  textareaField,
  textField,
  type ApplyFormView,
} from './apply-fields';
import { page } from './layout';

export type { ApplyFormView } from './apply-fields';

function employmentPeriod(v: ApplyFormView, i: number): SafeHtml {
  const f = (name: Parameters<typeof periodField>[1]) => periodField(i, name);
  return html`<fieldset class="period"><legend>Position ${i + 1}${i === 0 ? '' : ' (if any)'}</legend>
${textField(v, f('employer'), 'Employer', 'text', 'organization', { required: i === 0 })}
${textField(v, f('title'), 'Job title', 'text', 'organization-title', { required: i === 0 })}
${textField(v, f('from'), 'From', 'date', 'off', { required: i === 0 })}
${textField(v, f('to'), 'To', 'date', 'off', { hint: 'Leave empty if you still hold this position.' })}
${textareaField(v, f('duties'), 'Your duties', { required: i === 0, hint: 'One duty per line, in your own words.' })}
</fieldset>`;
}

function errorSummary(v: ApplyFormView): SafeHtml {
  const fields = applyFieldOrder(Object.keys(v.errors));
  if (!fields.length) return html``;
  // Focus lands on the summary's heading (tabindex -1 via the alert role read-out); each entry jumps to its field.
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" id="error-summary">
<h2 id="error-summary-title">There ${fields.length === 1 ? 'is a problem' : `are ${fields.length} problems`} with the application</h2>
<ul>${fields.map((n) => html`<li><a href="#${n === 'employment' ? periodField(0, 'employer') : n}">${v.errors[n]}</a></li>`)}</ul></div>`;
}

/** The application form; it keeps what was typed and shows each error beside its field and in a linked summary. */
export function applyPage(v: ApplyFormView): string {
  const body = html`<h1>Apply for a certification exam</h1>
${errorSummary(v)}
<form method="post" action="/apply" enctype="multipart/form-data" novalidate>
<input type="hidden" name="_csrf" value="${v.csrf}">
<h2>About you</h2>
${textField(v, 'firstName', 'First name', 'text', 'given-name', { required: true })}
${textField(v, 'lastName', 'Last name', 'text', 'family-name', { required: true })}
${textField(v, 'email', 'Email (your scores will be sent only here)', 'email', 'email', { required: true })}
${radioGroup(v, 'membership', 'NAMSS membership', [
  { id: 'member', label: 'NAMSS member' },
  { id: 'non-member', label: 'Not a member' },
])}
<h2>Your exam</h2>
${radioGroup(v, 'program', 'Exam', v.programs)}
${
  v.windows.length
    ? radioGroup(v, 'windowId', 'Testing window', v.windows)
    : html`<p role="status">No testing window is open for applications right now.</p>`
}
<h2>Your experience</h2>
<p>NAMSS does not pre-approve experience: staff review what you state here against the duties outlined in the Candidate Handbook, and tell you their decision by email.</p>
${radioGroup(v, 'currentlyEmployed', 'Do you work in the medical services field now?', [
  { id: 'yes', label: 'Yes' },
  { id: 'no', label: 'No' },
])}
<div id="employment">${fieldError(v, 'employment')}
${Array.from({ length: FORM_PERIODS }, (_, i) => employmentPeriod(v, i))}</div>
<h2>Accommodations (optional)</h2>
<p>If you have a documented disability and need testing accommodations, say what you need and attach written documentation from your doctor or another qualified professional, on official letterhead. Requests must be received at least eight weeks before the testing window starts. You may also ask later, from your application page, until then.</p>
${textareaField(v, 'accommodationNeeds', 'What you need', { required: false, hint: 'For example: a separate, quiet room; extra time.' })}
${fileField(v, 'documentation', 'Documentation (PDF, PNG or JPEG, up to 5 MB)', v.errors.documentation || Object.keys(v.errors).length ? 'If you chose a file, choose it again: files are not kept when a form comes back.' : undefined)}
<h2>Attestation</h2>
${checkboxField(v, 'affirmed', 'I affirm that the statements in this application are true and complete.')}
${textField(v, 'signature', 'Signature: type your full name', 'text', 'name', { required: true })}
<button type="submit">Submit application</button>
</form>`;
  return page('Apply', body);
}

export function applicationReceivedPage(d: {
  programLabel: string;
  windowLabel: string;
  accommodation: boolean;
}): string {
  return page(
    'Application received',
    html`<h1>Application received</h1>
<p role="status">We have received your application for the ${d.programLabel} exam in the ${d.windowLabel} testing window.</p>
${d.accommodation ? html`<p>Your form carried an accommodation request: for a new application, staff review it and its documentation and email you their decision.</p>` : html``}
<p>Check your email: we have written to the address on file, with a personal link to follow your application (or, if you applied for this exam and window before, about that application). If nothing arrives within a few minutes, check your spam folder.</p>`,
  );
}
