import { html } from '../../lib/html';
import { page } from './layout';

export function loginPage(v: { csrf: string; email: string; next: string; error?: string }): string {
  const body = html`<h1>Staff sign-in</h1>
${v.error ? html`<div class="error-summary" role="alert"><p>${v.error}</p></div>` : html``}
<form method="post" action="/staff/login">
<input type="hidden" name="_csrf" value="${v.csrf}"><input type="hidden" name="next" value="${v.next}">
<label for="email">Email</label><input type="email" id="email" name="email" value="${v.email}" autocomplete="username" required>
<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`;
  return page('Staff sign-in', body);
}
