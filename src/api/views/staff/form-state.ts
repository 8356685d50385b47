import { html } from '../../../lib/html';

/** What a refused or invalid form brings back: the message, each field's error and what was typed. */
export interface FormState {
  message?: string;
  fields?: Record<string, string>;
  values?: Record<string, string>;
}

export const fieldError = (state: FormState | undefined, name: string, id: string) =>
  state?.fields?.[name] ? html`<span class="field-error" id="${id}-error">${state.fields[name]}</span>` : '';
export const invalid = (state: FormState | undefined, name: string, id: string) =>
  state?.fields?.[name] ? html` aria-invalid="true" aria-describedby="${id}-error"` : '';
export const summary = (state: FormState | undefined) =>
  state?.message ? html`<div class="error-summary" role="alert"><p>${state.message}</p></div>` : '';
export const checked = (on: boolean) => (on ? html` checked` : '');
