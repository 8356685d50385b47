import { html, type SafeHtml } from '../../lib/html';
import { FORM_PERIODS, periodField } from '../attestation-input';

export interface ApplyFormView {
  csrf: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  programs: { id: string; label: string }[];
  windows: { id: string; label: string; note: string }[];
}

const periodFields = Array.from({ length: FORM_PERIODS }, (_, i) =>
  (['employer', 'title', 'from', 'to', 'duties'] as const).map((f) => periodField(i, f)),
).flat();

/** The fields in the order the page shows them, so the error summary reads in the same order as the form. */
const ORDER = [
  'firstName',
  'lastName',
  'email',
  'membership',
  'program',
  'windowId',
  'currentlyEmployed',
  'employment',
  ...periodFields,
  'accommodationNeeds',
  'documentation',
  'affirmed',
  'signature',
];

export function applyFieldOrder(names: string[]): string[] {
  const rank = (n: string) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
  return [...names].sort((a, b) => rank(a) - rank(b));
}

export function fieldError(v: ApplyFormView, name: string): SafeHtml {
  return v.errors[name] ? html`<span class="field-error" id="${name}-error">${v.errors[name]}</span>` : html``;
}

// The error and the hint are read out with the field.
function described(v: ApplyFormView, name: string, hint?: string): SafeHtml {
  const ids = [v.errors[name] ? `${name}-error` : '', hint ? `${name}-hint` : ''].filter(Boolean).join(' ');
  return html`${v.errors[name] ? html` aria-invalid="true"` : html``}${ids ? html` aria-describedby="${ids}"` : html``}`;
}

const hintOf = (name: string, hint?: string): SafeHtml =>
  hint ? html`<span class="hint" id="${name}-hint">${hint}</span>` : html``;

export function textField(
  v: ApplyFormView,
  name: string,
  label: string,
  type: string,
  autocomplete: string,
  o: { required?: boolean; hint?: string } = {},
): SafeHtml {
  return html`<label for="${name}">${label}${o.required ? '' : html` <span class="optional">(optional)</span>`}</label>${hintOf(name, o.hint)}${fieldError(v, name)}
<input type="${type}" id="${name}" name="${name}" value="${v.values[name] ?? ''}" autocomplete="${autocomplete}"${o.required ? html` required` : html``}${described(v, name, o.hint)}>`;
}

export function textareaField(
  v: ApplyFormView,
  name: string,
  label: string,
  o: { required: boolean; hint?: string },
): SafeHtml {
  return html`<label for="${name}">${label}</label>${hintOf(name, o.hint)}${fieldError(v, name)}
<textarea id="${name}" name="${name}" rows="3" maxlength="2000"${o.required ? html` required` : html``}${described(v, name, o.hint)}>${v.values[name] ?? ''}</textarea>`;
}

export function checkboxField(v: ApplyFormView, name: string, label: string): SafeHtml {
  return html`${fieldError(v, name)}<div class="choice"><input type="checkbox" id="${name}" name="${name}" value="yes"${v.values[name] === 'yes' ? html` checked` : html``} required${described(v, name)}>
<label for="${name}">${label}</label></div>`;
}

export function fileField(v: ApplyFormView, name: string, label: string, hint?: string): SafeHtml {
  return html`<label for="${name}">${label}</label>${hintOf(name, hint)}${fieldError(v, name)}
<input type="file" id="${name}" name="${name}" accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"${described(v, name, hint)}>`;
}

/** A group of radio buttons; the error is read out with the group's legend. */
export function radioGroup(
  v: ApplyFormView,
  name: string,
  legend: string,
  options: { id: string; label: string; note?: string }[],
): SafeHtml {
  return html`<fieldset id="${name}" tabindex="-1"${v.errors[name] ? html` aria-describedby="${name}-error"` : html``}><legend>${legend}</legend>${fieldError(v, name)}
${options.map(
  (
    o,
  ) => html`<div class="choice"><input type="radio" id="${name}-${o.id}" name="${name}" value="${o.id}"${v.values[name] === o.id ? html` checked` : html``}>
<label for="${name}-${o.id}">${o.label}${o.note ? html` <small>(${o.note})</small>` : html``}</label></div>`,
)}</fieldset>`;
}
