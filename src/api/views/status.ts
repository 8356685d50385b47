import { windowLabel } from '../../domain/index';
import { html } from '../../lib/html';
import type { ApplicationStatus } from '../../workflows/exam-application/contract';
import { page } from './layout';

const stageText: Record<string, string> = {
  submitted: 'Submitted: we are recording your application.',
  'eligibility-review': 'Eligibility review: staff are reviewing your application. NAMSS does not pre-approve experience; you will be told the decision by email.',
};

/** The candidate's view of one application. */
export function statusPage(s: ApplicationStatus): string {
  const body = html`<h1>Your ${s.program} application</h1>
<dl>
<dt>Testing window</dt><dd>${windowLabel(s.windowId)}</dd>
<dt>Submitted</dt><dd>${s.submittedAt.slice(0, 10)}</dd>
<dt>Status</dt><dd id="stage">${stageText[s.stage] ?? s.stage}</dd>
</dl>
<h2>History</h2>
<ol>${s.history.map((h) => html`<li>${h.at.slice(0, 16).replace('T', ' ')} UTC — ${h.stage}</li>`)}</ol>`;
  return page('Application status', body);
}
