import { windowLabel } from '../../domain/index';
import type { ApplicationRow } from '../../db/tables/applications';
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

/** Recent applications, each linked to its page and to its workflow in Temporal UI. */
export function staffHomePage(v: { staffName: string; csrf: string; applications: ApplicationRow[]; workflowUrl: (id: string) => string }): string {
  const rows = v.applications.map(
    (a) => html`<tr><td><a href="/applications/${encodeURIComponent(a.id)}">${a.first_name} ${a.last_name}</a></td>
<td>${a.program}</td><td>${windowLabel(a.window_id)}</td><td>${a.stage}</td>
<td><a href="${v.workflowUrl(a.id)}">Temporal UI</a></td></tr>`,
  );
  const body = html`<h1>Staff area</h1>
<h2>Recent applications</h2>
${v.applications.length
  ? html`<table><thead><tr><th>Candidate</th><th>Exam</th><th>Window</th><th>Stage</th><th>Workflow</th></tr></thead><tbody>${rows}</tbody></table>`
  : html`<p>No applications yet.</p>`}`;
  return page('Staff area', body, { staffName: v.staffName, csrf: v.csrf });
}
