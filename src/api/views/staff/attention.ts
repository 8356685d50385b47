import type { AttentionQueueRow } from '../../../db/tables/staff-queues';
import { windowLabel } from '../../../domain/index';
import { html, type SafeHtml } from '../../../lib/html';
import type { AttentionView } from '../../../workflows/needs-attention/contract';
import { checked, fieldError, invalid, summary, type FormState } from './form-state';

/**
 * A case parked in needs-attention: the failed step, why, and the staff decision (retry it, or say it was done by
 * hand so the case carries on). Used by the application's case page and the certificant's review page.
 */
export function attentionSection(v: {
  attention: AttentionView;
  action: string;
  csrf: string;
  form?: FormState;
}): SafeHtml {
  const a = v.attention;
  const f = v.form;
  const choice = f?.values?.action ?? '';
  return html`<section aria-labelledby="attention" class="needs-attention"><h2 id="attention">Needs attention</h2>
<p>Since ${a.since.slice(0, 16).replace('T', ' ')} UTC the step <strong id="attention-step">${a.step}</strong> has failed in a way retrying on its own cannot fix.
Nothing after it has happened yet; the steps before it are done.</p>
<p>Reason: <code id="attention-reason">${a.reason}</code>${a.failureType ? html` (${a.failureType})` : ''}</p>
${summary(f)}<form method="post" action="${v.action}" novalidate><input type="hidden" name="_csrf" value="${v.csrf}">
<fieldset${invalid(f, 'action', 'attention-action')}><legend>Decision</legend>${fieldError(f, 'action', 'attention-action')}
<label><input type="radio" name="action" value="retry"${checked(choice === 'retry')}> Retry the step (once its cause is fixed)</label>
${
  a.resolvable
    ? html`<label><input type="radio" name="action" value="resolved"${checked(choice === 'resolved')}> Resolved: I did this step by hand; carry on from the next step</label>`
    : html`<p>This step cannot be done by hand: the case needs its result to carry on.</p>`
}</fieldset>
<label for="attention-note">Note (required when resolved: what was done, and where)</label>${fieldError(f, 'note', 'attention-note')}
<textarea id="attention-note" name="note" rows="2" cols="60"${invalid(f, 'note', 'attention-note')}>${f?.values?.note ?? ''}</textarea>
<button type="submit">Record the decision</button></form></section>`;
}

const since = (d: Date) => new Date(d).toISOString().slice(0, 10);
const short = (text: string) => (text.length > 120 ? `${text.slice(0, 120)}…` : text);

/** Rows of the console's needs-attention queue: each case links to the page where staff decide. */
export function attentionQueueRows(rows: AttentionQueueRow[], tui: (workflowId: string) => SafeHtml): SafeHtml[] {
  return rows.map((r) => {
    const name = `${r.first_name ?? ''} ${r.last_name ?? ''}`.trim() || r.case_id;
    const page =
      r.case_kind === 'application'
        ? `/staff/applications/${encodeURIComponent(r.case_id)}#attention`
        : `/staff/recertification/${encodeURIComponent(r.case_id)}#attention`;
    const what =
      r.case_kind === 'application'
        ? `${r.program ?? ''} ${r.window_id ? windowLabel(r.window_id) : ''}`.trim()
        : 'Recertification';
    return html`<tr><td><a href="${page}">${name}</a></td><td>${what}</td><td>${r.step}</td><td>${short(r.reason)}</td><td>${since(r.opened_at)}</td><td>${tui(r.workflow_id)}</td></tr>`;
  });
}
