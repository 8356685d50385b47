import { html, type SafeHtml } from '../../lib/html';
import { page } from './layout';

export interface ApplyFormView {
  csrf: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  programs: { id: string; label: string }[];
  windows: { id: string; label: string; note: string }[];
}

function fieldError(errors: Record<string, string>, name: string): SafeHtml {
  return errors[name] ? html`<span class="field-error" id="${name}-error">${errors[name]}</span>` : html``;
}

function textField(v: ApplyFormView, name: string, label: string, type: string, autocomplete: string): SafeHtml {
  const err = v.errors[name];
  return html`<label for="${name}">${label}</label>${fieldError(v.errors, name)}
<input type="${type}" id="${name}" name="${name}" value="${v.values[name] ?? ''}" autocomplete="${autocomplete}" required
 ${err ? html`aria-invalid="true" aria-describedby="${name}-error"` : html``}>`;
}

function radioGroup(v: ApplyFormView, name: string, legend: string, options: { id: string; label: string; note?: string }[]): SafeHtml {
  return html`<fieldset ${v.errors[name] ? html`aria-invalid="true" aria-describedby="${name}-error"` : html``}><legend>${legend}</legend>${fieldError(v.errors, name)}
${options.map(
  (o) => html`<div><input type="radio" id="${name}-${o.id}" name="${name}" value="${o.id}" ${v.values[name] === o.id ? html`checked` : html``}>
<label for="${name}-${o.id}" style="display:inline;font-weight:400">${o.label}${o.note ? html` <small>(${o.note})</small>` : html``}</label></div>`,
)}</fieldset>`;
}

/** The application form; it keeps what was typed and shows each error beside its field. */
export function applyPage(v: ApplyFormView): string {
  const errorCount = Object.keys(v.errors).length;
  const body = html`<h1>Apply for a certification exam</h1>
${errorCount ? html`<div class="error-summary" role="alert"><p>Please correct ${errorCount === 1 ? 'the field' : `the ${errorCount} fields`} marked below.</p></div>` : html``}
<form method="post" action="/apply" novalidate>
<input type="hidden" name="_csrf" value="${v.csrf}">
${textField(v, 'firstName', 'First name', 'text', 'given-name')}
${textField(v, 'lastName', 'Last name', 'text', 'family-name')}
${textField(v, 'email', 'Email (your scores will be sent only here)', 'email', 'email')}
${radioGroup(v, 'membership', 'NAMSS membership', [
  { id: 'member', label: 'NAMSS member' },
  { id: 'non-member', label: 'Not a member' },
])}
${radioGroup(v, 'program', 'Exam', v.programs)}
${v.windows.length
  ? radioGroup(v, 'windowId', 'Testing window', v.windows)
  : html`<p role="status">No testing window is open for applications right now.</p>`}
<button type="submit">Submit application</button>
</form>`;
  return page('Apply', body);
}

export function applicationReceivedPage(d: { programLabel: string; windowLabel: string }): string {
  return page(
    'Application received',
    html`<h1>Application received</h1>
<p role="status">Your application for the ${d.programLabel} exam in the ${d.windowLabel} testing window is in.</p>
<p>We have sent a confirmation to the email address on file, with a personal link to follow your application. If it does not arrive within a few minutes, check your spam folder.</p>`,
  );
}
