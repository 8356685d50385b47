import { examFor, isProgram } from '../../../domain/index';
import { html, type SafeHtml } from '../../../lib/html';
import type { ApplicationStage, ApplicationStatus } from '../../../workflows/exam-application/contract';
import { page } from '../layout';
import { actionForms, type FormsData } from './forms';
import { longDate, longDateOf, longInstant, usd } from './format';

export interface ApplicationPageData extends FormsData {
  /** The candidate sees the score; staff get the staffView (FAQ: results to the candidate only). */
  score?: ApplicationStatus['score'];
  viewer: 'candidate' | 'staff';
  /** A success message after a form, shown as a status. */
  notice?: string;
  /** The certificant's CE grid (signed for the same person), once certified. */
  gridUrl?: string;
}

/** Every stage in plain words: where the case stands and who acts next. */
export const stageWords: Record<ApplicationStage, string> = {
  submitted: 'Submitted: we are recording your application.',
  'eligibility-review':
    'Eligibility review: staff are reviewing your application. NAMSS does not pre-approve experience; you will be told the decision by email.',
  rejected: 'Closed: your eligibility was not approved.',
  'awaiting-notice': 'Eligible: wait for the notice to schedule your exam.',
  scheduling: 'Ready to schedule: book your exam with the test vendor, then report the appointment below.',
  scheduled: 'Scheduled: your exam appointment is booked.',
  tested: 'Tested: we have your exam result and are waiting for the window to close.',
  'no-show': 'Closed: no exam result arrived for your appointment (no-show). You may apply for a later window.',
  'awaiting-close': 'Tested: waiting for the testing window to close.',
  'awaiting-equating': 'Tested: your exam is being scored.',
  'awaiting-release': 'Tested: scoring is done; your score will be released on the day shown below.',
  passed: 'Passed: you are certified.',
  failed: 'Closed: you did not pass this time. You may apply for a later window (never the same one).',
  withdrawn: 'Withdrawn: this application is closed.',
  'needs-attention':
    'On hold: a step of your application is being checked by our staff. Nothing is lost; it carries on once they are done.',
  cancelled: 'Cancelled: our staff closed this application and told you by email.',
};

/** The one deadline that matters now, in words with the weekday. */
export function deadlineSentence(s: Omit<ApplicationStatus, 'score'>): string | undefined {
  const w = s.window;
  switch (s.stage) {
    case 'submitted':
    case 'eligibility-review':
      return `Last day to request accommodations: ${longDate(w.accommodationCutoff)}. The notice to schedule goes out on ${longDate(w.noticeToSchedule)} if you are approved.`;
    case 'awaiting-notice':
      return `The notice to schedule your exam goes out on ${longDate(w.noticeToSchedule)}.`;
    case 'scheduling':
      return `Last day to take your exam: ${longDate(w.end)}. Book a day from ${longDate(w.start)} to ${longDate(w.end)} and report it here.`;
    case 'scheduled':
      return s.appointment
        ? `Last day to request a transfer: ${longDate(s.appointment.lastDayToRequestTransfer)}.`
        : undefined;
    case 'tested':
    case 'awaiting-close':
    case 'awaiting-equating':
      return s.resultsExpected
        ? `Results expected between ${longDate(s.resultsExpected.earliest)} and ${longDate(s.resultsExpected.latest)}, by email.`
        : undefined;
    case 'awaiting-release':
      return s.releaseAt
        ? `Your score is released on ${longInstant(s.releaseAt)}, by email and on this page.`
        : undefined;
    default:
      return undefined;
  }
}

function calendar(s: Omit<ApplicationStatus, 'score'>): SafeHtml {
  const w = s.window;
  return html`<h2>The ${w.label} window</h2><dl>
<dt>Accommodation requests by</dt><dd>${longDate(w.accommodationCutoff)}</dd>
<dt>Notice to schedule</dt><dd>${longDate(w.noticeToSchedule)}</dd>
<dt>Refund by written request until</dt><dd>${longDate(w.lastDayToRequestRefund)}</dd>
<dt>Testing days</dt><dd>${longDate(w.start)} to ${longDate(w.end)}</dd>
<dt>Window closes</dt><dd id="window-close">at the end of ${longDate(w.close)}</dd>
<dt>Results expected</dt><dd id="results-expected">${longDate(w.resultsExpected.earliest)} to ${longDate(w.resultsExpected.latest)}, by email</dd>
</dl>`;
}

function appointment(s: Omit<ApplicationStatus, 'score'>): SafeHtml {
  const a = s.appointment;
  if (!a) return html``;
  return html`<h2>Your appointment</h2><dl id="appointment">
<dt>Exam date</dt><dd>${longDate(a.examDate)}${a.startsAt ? html`, starting ${longInstant(a.startsAt)}` : html``}</dd>
<dt>Test site</dt><dd>${a.site}</dd>
<dt>Last day to request a transfer</dt><dd>${longDate(a.lastDayToRequestTransfer)}</dd>
</dl>`;
}

function accommodations(s: Omit<ApplicationStatus, 'score'>): SafeHtml {
  if (!s.accommodations.length) return html``;
  const word = { pending: 'Waiting for a decision', approved: 'Approved', denied: 'Denied' } as const;
  return html`<h2>Accommodations</h2><table id="accommodations"><thead><tr><th scope="col">Requested</th><th scope="col">What you need</th><th scope="col">Documents</th><th scope="col">Status</th></tr></thead><tbody>
${s.accommodations.map((a) => html`<tr><td>${longDateOf(a.requestedAt)}</td><td>${a.needs}</td><td>${a.documentIds.length}</td><td>${word[a.status]}${a.reason ? html`: ${a.reason}` : html``}</td></tr>`)}
</tbody></table>`;
}

function transfers(s: Omit<ApplicationStatus, 'score'>): SafeHtml {
  if (!s.transfers.length) return html``;
  return html`<h2>Transfers</h2><ul>${s.transfers.map((t) => html`<li>${longDateOf(t.at)}: from ${t.fromWindowId} to ${t.toWindowId}, fee ${usd(t.feeUsd)}</li>`)}</ul>`;
}

function results(d: ApplicationPageData): SafeHtml {
  const s = d.status;
  const parts: SafeHtml[] = [];
  if (s.testedOn) parts.push(html`<p>Tested on ${longDate(s.testedOn)}.</p>`);
  if (d.score) {
    parts.push(
      html`<p id="score"><strong>Your scaled score: ${d.score.scaled}</strong> — ${d.score.passed ? 'passed' : 'not passed'} (released ${longDateOf(d.score.releasedAt)}).</p>`,
    );
  } else if (d.viewer === 'staff' && ['passed', 'failed'].includes(s.stage)) {
    parts.push(html`<p>Scores are shown only to the candidate.</p>`);
  }
  const c = s.certification;
  if (c) {
    const program = isProgram(s.program) ? examFor(s.program).title : s.program;
    parts.push(html`<p>Certified in ${program} (${s.program}) on ${longDate(c.certifiedOn)}, valid through ${longDate(c.expiresOn)}. Credential ID <code>${c.credentialId}</code>.</p>
<ul>${c.certificateReady ? html`<li><a id="certificate-link" href="/applications/${encodeURIComponent(s.applicationId)}/certificate.pdf${d.access}">Download your certificate (PDF)</a></li>` : html`<li>Your PDF certificate is being prepared; reload this page in a minute.</li>`}
<li><a href="/verify/${encodeURIComponent(c.credentialId)}">Public verification page</a> (share this link with employers)</li>
${d.gridUrl ? html`<li><a id="grid-link" href="${d.gridUrl}">Your recertification: log your continuing education (CE grid)</a></li>` : html``}</ul>`);
  }
  if (!parts.length) return html``;
  return html`<h2>Results</h2>${parts}`;
}

function withdrawal(s: Omit<ApplicationStatus, 'score'>): SafeHtml {
  const w = s.withdrawal;
  if (!w) return html``;
  return html`<h2>Withdrawal</h2><p>Withdrawn on ${longDateOf(w.at)}. ${w.refundable ? `Refund: ${usd(w.refundUsd)} (after the ${usd(w.processingFeeUsd)} processing fee).` : `No refund: the last day to request one was ${longDate(w.lastDayToRequestRefund)}.`}</p>`;
}

/** The candidate's own application: where it stands, what is next, and the actions the stage allows. */
export function applicationPage(d: ApplicationPageData): string {
  const s = d.status;
  const deadline = deadlineSentence(s);
  const program = isProgram(s.program) ? `${examFor(s.program).title} (${s.program})` : s.program;
  const body = html`<h1>Your ${s.program} application</h1>
${d.notice ? html`<p class="notice" role="status" id="notice">${d.notice}</p>` : html``}
<dl>
<dt>Exam</dt><dd>${program}</dd>
<dt>Testing window</dt><dd>${s.window.label}</dd>
<dt>Submitted</dt><dd>${longDateOf(s.submittedAt)}</dd>
<dt>Status</dt><dd id="stage">${stageWords[s.stage]}</dd>
${deadline ? html`<dt>Next deadline</dt><dd id="next-deadline"><strong>${deadline}</strong></dd>` : html``}
${s.eligibility?.decision === 'reject' && s.eligibility.reason ? html`<dt>Reason</dt><dd>${s.eligibility.reason}</dd>` : html``}
</dl>
${results(d)}${appointment(s)}${withdrawal(s)}
${d.viewer === 'candidate' ? actionForms(d) : html``}
${accommodations(s)}${transfers(s)}${calendar(s)}
<h2>History</h2>
<ol>${s.history.map((h) => html`<li>${longInstant(h.at)} — ${stageWords[h.stage].split(':')[0]}</li>`)}</ol>`;
  return page(`${s.program} application`, body);
}
