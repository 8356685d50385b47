import { html, type SafeHtml } from '../../lib/html';
import { idempotencyField, newFormKey } from '../updates/idempotency';

/** A form's hidden fields: its CSRF token and a key fresh with each rendering, so a form sent twice is done once. */
export function formTokens(csrf: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="${idempotencyField}" value="${newFormKey()}">`;
}
