import { html } from '../../../lib/html';
import { formTokens } from '../form-tokens';
import { page } from '../layout';
import { errorSummary, inputField, type FormState } from './fields';

/** "Lost your link?": asks for the email on file; the answer never says whether it is on file. */
export function resendLinksPage(d: { csrf: string; form: FormState; sent: boolean }): string {
  const body = d.sent
    ? html`<h1>Check your email</h1>
<p role="status" id="notice">If we have that address on file, we have sent it a message with fresh links to your applications. It may take a few minutes; check your spam folder too. For your protection we send at most one such message every 10 minutes.</p>`
    : html`<h1>Lost your link?</h1>
<p>Your applications have no password: every email we send carries a personal link. Give the email address you applied with and we will send fresh links there, and only there.</p>
${errorSummary(d.form, 'resend', { email: 'Email' })}
<form method="post" action="/links/resend" novalidate>${formTokens(d.csrf)}
${inputField(d.form, 'resend', { name: 'email', label: 'Email address', type: 'email' })}
<div><button type="submit">Send me my links</button></div></form>`;
  return page('Lost your link?', body);
}
