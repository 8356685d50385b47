import type { AuditEntry } from '../../../db/tables/audit-log';
import { html } from '../../../lib/html';
import { page } from '../layout';

const json = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value, null, 1));

/** The audit log, newest first: who did what to which case, when, with the state before and after. */
export function auditPage(v: {
  staffName: string;
  csrf: string;
  entries: AuditEntry[];
  subject: string;
  page: number;
  hasMore: boolean;
}): string {
  const link = (p: number) =>
    `/staff/audit?${new URLSearchParams({ ...(v.subject ? { subject: v.subject } : {}), page: String(p) }).toString()}`;
  const rows = v.entries.map(
    (
      e,
    ) => html`<tr><td>${new Date(e.at).toISOString().replace('T', ' ').slice(0, 19)} UTC</td><td>${e.actor}</td><td>${e.action}</td>
<td><a href="/staff/audit?subject=${encodeURIComponent(e.subject)}">${e.subject}</a></td>
<td><pre>${json(e.before)}</pre></td><td><pre>${json(e.after)}</pre></td></tr>`,
  );
  const body = html`<h1>Audit log</h1>
<form method="get" action="/staff/audit"><label for="subject">Subject (e.g. application:exam-application-…, window:…, or a prefix such as "application:")</label>
<input type="text" id="subject" name="subject" value="${v.subject}"><button type="submit">Filter</button></form>
${
  v.entries.length
    ? html`<table><thead><tr><th>When</th><th>Who</th><th>What</th><th>Subject</th><th>Before</th><th>After</th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<p>No audit entries${v.subject ? ' for this subject' : ''}.</p>`
}
<nav aria-label="Pages"><p>${v.page > 1 ? html`<a href="${link(v.page - 1)}" rel="prev">Newer entries</a> ` : ''}Page ${v.page}${v.hasMore ? html` <a href="${link(v.page + 1)}" rel="next">Older entries</a>` : ''}</p></nav>`;
  return page('Audit log', body, { staffName: v.staffName, csrf: v.csrf });
}
