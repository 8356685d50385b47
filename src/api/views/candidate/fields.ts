import { html, type SafeHtml } from '../../../lib/html';

/** What one form shows after a failed post: what was typed, each field's error, a refusal of the whole request. */
export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  refusal?: string;
}

export const emptyForm: FormState = { values: {}, errors: {} };

// The error (and the hint, if any) are read out with the field.
const invalid = (f: FormState, id: string, name: string, hint?: string): SafeHtml => {
  const ids = [f.errors[name] ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return html`${f.errors[name] ? html` aria-invalid="true"` : html``}${ids ? html` aria-describedby="${ids}"` : html``}`;
};

function fieldError(f: FormState, id: string, name: string): SafeHtml {
  return f.errors[name] ? html`<span class="field-error" id="${id}-error">${f.errors[name]}</span>` : html``;
}

/** The error summary at the top of a form: one link per field, or the refusal with what is still possible. */
export function errorSummary(f: FormState, prefix: string, titles: Record<string, string>): SafeHtml {
  const fields = Object.keys(f.errors);
  if (!fields.length && !f.refusal) return html``;
  return html`<div class="error-summary" role="alert" id="${prefix}-problem">
${f.refusal ? html`<p><strong>Not done:</strong> ${f.refusal}</p>` : html``}
${fields.length ? html`<p>Please correct:</p><ul>${fields.map((n) => html`<li><a href="#${prefix}-${n}">${titles[n] ?? n}: ${f.errors[n]}</a></li>`)}</ul>` : html``}
</div>`;
}

export function inputField(
  f: FormState,
  prefix: string,
  o: { name: string; label: string; type: string; hint?: string; min?: string; max?: string },
): SafeHtml {
  const id = `${prefix}-${o.name}`;
  return html`<label for="${id}">${o.label}</label>${o.hint ? html`<small id="${id}-hint" style="display:block">${o.hint}</small>` : html``}${fieldError(f, id, o.name)}
<input type="${o.type}" id="${id}" name="${o.name}" value="${f.values[o.name] ?? ''}"${o.min ? html` min="${o.min}"` : html``}${o.max ? html` max="${o.max}"` : html``} required${invalid(f, id, o.name, o.hint)}>`;
}

export function selectField(
  f: FormState,
  prefix: string,
  o: { name: string; label: string; options: { value: string; label: string }[] },
): SafeHtml {
  const id = `${prefix}-${o.name}`;
  return html`<label for="${id}">${o.label}</label>${fieldError(f, id, o.name)}
<select id="${id}" name="${o.name}" required${invalid(f, id, o.name)}><option value="">Choose…</option>
${o.options.map((x) => html`<option value="${x.value}"${f.values[o.name] === x.value ? html` selected` : html``}>${x.label}</option>`)}</select>`;
}

export function textareaField(
  f: FormState,
  prefix: string,
  o: { name: string; label: string; required: boolean; hint?: string },
): SafeHtml {
  const id = `${prefix}-${o.name}`;
  return html`<label for="${id}">${o.label}</label>${o.hint ? html`<small id="${id}-hint" style="display:block">${o.hint}</small>` : html``}${fieldError(f, id, o.name)}
<textarea id="${id}" name="${o.name}" rows="4" style="width:100%;max-width:28rem;box-sizing:border-box" maxlength="2000"${o.required ? html` required` : html``}${invalid(f, id, o.name, o.hint)}>${f.values[o.name] ?? ''}</textarea>`;
}

export function checkboxField(f: FormState, prefix: string, o: { name: string; label: string }): SafeHtml {
  const id = `${prefix}-${o.name}`;
  return html`${fieldError(f, id, o.name)}<div><input type="checkbox" id="${id}" name="${o.name}" value="yes"${f.values[o.name] === 'yes' ? html` checked` : html``}${invalid(f, id, o.name)}>
<label for="${id}" style="display:inline;font-weight:400">${o.label}</label></div>`;
}

export function fileField(f: FormState, prefix: string, o: { name: string; label: string }): SafeHtml {
  const id = `${prefix}-${o.name}`;
  return html`<label for="${id}">${o.label}</label>${fieldError(f, id, o.name)}
<input type="file" id="${id}" name="${o.name}" accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" required${invalid(f, id, o.name)}>`;
}
