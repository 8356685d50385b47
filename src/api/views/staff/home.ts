import { windowLabel } from '../../../domain/index';
import type { ApplicationRow } from '../../../db/tables/applications';
import type {
  AccommodationQueueRow,
  AttentionQueueRow,
  EligibilityQueueRow,
  WindowQueueRow,
} from '../../../db/tables/staff-queues';
import { html, type SafeHtml } from '../../../lib/html';
import { page } from '../layout';
import { attentionQueueRows } from './attention';

export interface CeQueueRow {
  certificant_id: string;
  first_name: string;
  last_name: string;
  cycle_number: number;
  submitted_on: string;
  deadline: string;
}

export interface StaffHomeView {
  staffName: string;
  csrf: string;
  now: Date;
  /** Cases whose step failed for good (stage needs-attention); absent: none. */
  attention?: AttentionQueueRow[];
  eligibility: EligibilityQueueRow[];
  accommodations: AccommodationQueueRow[];
  ce: CeQueueRow[];
  windows: WindowQueueRow[];
  recent: ApplicationRow[];
  /** Temporal UI address of a workflow id. */
  workflowUrl: (workflowId: string) => string;
  recertificationWorkflowId: (certificantId: string) => string;
}

const caseUrl = (id: string) => `/staff/applications/${encodeURIComponent(id)}`;
const daysBetween = (from: Date, to: Date) => Math.max(0, Math.floor((to.getTime() - from.getTime()) / 86_400_000));
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function queue(id: string, title: string, count: number, head: string[], rows: SafeHtml[], empty: string): SafeHtml {
  return html`<section aria-labelledby="${id}"><h2 id="${id}">${title} (${count})</h2>
${
  rows.length
    ? html`<table><thead><tr>${head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`
    : html`<p>${empty}</p>`
}</section>`;
}

/** The staff console: every queue waiting on a person, each case linked to its page and its workflow. */
export function staffHomePage(v: StaffHomeView): string {
  const tui = (id: string) =>
    html`<a href="${v.workflowUrl(id)}" aria-label="Workflow ${id} in Temporal UI">Temporal UI</a>`;
  const eligibility = v.eligibility.map((a) => {
    const days = daysBetween(new Date(a.submitted_at), v.now);
    return html`<tr><td><a href="${caseUrl(a.id)}">${a.first_name} ${a.last_name}</a></td><td>${a.program}</td><td>${windowLabel(a.window_id)}</td>
<td>${new Date(a.submitted_at).toISOString().slice(0, 10)}</td><td>${plural(days, 'day', 'days')}</td><td>${tui(a.id)}</td></tr>`;
  });
  const accommodations = v.accommodations.map(
    (
      a,
    ) => html`<tr><td><a href="${caseUrl(a.application_id)}#acc-${a.request_id}-h">${a.first_name} ${a.last_name}</a></td><td>${a.program}</td><td>${windowLabel(a.window_id)}</td>
<td>${a.needs.length > 80 ? `${a.needs.slice(0, 80)}…` : a.needs}</td><td>${new Date(a.requested_at).toISOString().slice(0, 10)}</td><td>${tui(a.application_id)}</td></tr>`,
  );
  const ce = v.ce.map(
    (c) =>
      html`<tr><td><a href="/staff/recertification/${encodeURIComponent(c.certificant_id)}">${c.first_name} ${c.last_name}</a></td><td>${c.cycle_number}</td><td>${c.submitted_on}</td><td>${c.deadline}</td><td>${tui(v.recertificationWorkflowId(c.certificant_id))}</td></tr>`,
  );
  const windows = v.windows.map(
    (
      w,
    ) => html`<tr><td><a href="/staff/windows/${encodeURIComponent(w.program)}/${encodeURIComponent(w.window_id)}/report">${w.program} ${windowLabel(w.window_id)}</a></td>
<td>${w.stage === 'key-validation' ? 'key validation' : 'equating approval'}</td><td>${w.closed_at ? new Date(w.closed_at).toISOString().slice(0, 10) : '—'}</td><td>${tui(w.id)}</td></tr>`,
  );
  const recent = v.recent.map(
    (a) =>
      html`<tr><td>${a.first_name} ${a.last_name}</td><td>${a.program}</td><td>${windowLabel(a.window_id)}</td><td>${a.stage}</td><td><a href="${caseUrl(a.id)}">Case page</a></td><td>${tui(a.id)}</td></tr>`,
  );
  const body = html`<h1>Staff area</h1>
<nav aria-label="Staff pages"><ul>
<li><a href="/staff/windows">Testing windows</a></li>
<li><a href="/staff/results-imports">Import vendor results</a></li>
<li><a href="/staff/forms">Exam forms</a></li>
<li><a href="/staff/recertification">CE review</a></li>
<li><a href="/good-standing">Good Standing Report</a></li>
<li><a href="/statistics">Statistics</a></li>
<li><a href="/staff/audit">Audit log</a></li></ul></nav>
${queue('q-attention', 'Cases that need attention', v.attention?.length ?? 0, ['Case', 'What', 'Failed step', 'Reason', 'Since', 'Workflow'], attentionQueueRows(v.attention ?? [], tui), 'No case is waiting on a failed step.')}
${queue('q-eligibility', 'Eligibility decisions waiting', v.eligibility.length, ['Candidate', 'Exam', 'Window', 'Submitted', 'Waiting', 'Workflow'], eligibility, 'No application is waiting for an eligibility decision.')}
${queue('q-accommodations', 'Accommodation decisions waiting', v.accommodations.length, ['Candidate', 'Exam', 'Window', 'Needs', 'Requested', 'Workflow'], accommodations, 'No accommodation request is waiting.')}
${queue('q-ce', 'CE determinations waiting', v.ce.length, ['Certificant', 'Cycle', 'Submitted', 'Due', 'Workflow'], ce, 'No recertification is waiting for a CE determination.')}
${queue('q-windows', 'Windows waiting for staff', v.windows.length, ['Window', 'Waiting for', 'Closed', 'Workflow'], windows, 'No testing window is waiting for key validation or equating approval.')}
${queue('q-recent', 'Recent applications', v.recent.length, ['Candidate', 'Exam', 'Window', 'Stage', 'Case', 'Workflow'], recent, 'No applications yet.')}`;
  return page('Staff area', body, { staffName: v.staffName, csrf: v.csrf });
}
