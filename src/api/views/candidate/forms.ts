import { windowLabel } from '../../../domain/index';
import { html, type SafeHtml } from '../../../lib/html';
import type { ApplicationStage, ApplicationStatus } from '../../../workflows/exam-application/contract';
import { formTokens } from '../form-tokens';
import {
  checkboxField,
  emptyForm,
  errorSummary,
  fileField,
  inputField,
  selectField,
  textareaField,
  type FormState,
} from './fields';
import { longDate } from './format';

export type CandidateFormName = 'appointment' | 'reschedule' | 'transfer' | 'withdraw' | 'accommodation';

export interface SiteOption {
  siteId: string;
  name: string;
  /** Seats left on the date the candidate typed, when known. */
  seatsLeft?: number;
}

export interface FormsData {
  status: Omit<ApplicationStatus, 'score'>;
  csrf: string;
  /** '?token=…': every form posts back with the access of the link. */
  access: string;
  sites: SiteOption[];
  nextWindowId?: string;
  /** The form that was just posted and failed, with what was typed. */
  failed?: { name: CandidateFormName; state: FormState };
}

const BEFORE_TEST: ApplicationStage[] = [
  'submitted',
  'eligibility-review',
  'awaiting-notice',
  'scheduling',
  'scheduled',
];

/** Which actions the stage allows (the workflow's validators decide; this only hides what cannot work). */
export function availableForms(stage: ApplicationStage, hasNextWindow: boolean): CandidateFormName[] {
  const out: CandidateFormName[] = [];
  if (stage === 'scheduling') out.push('appointment');
  if (stage === 'scheduled') out.push('reschedule');
  if (hasNextWindow && ['awaiting-notice', 'scheduling', 'scheduled'].includes(stage)) out.push('transfer');
  if (BEFORE_TEST.includes(stage)) out.push('accommodation', 'withdraw');
  return out;
}

const stateOf = (d: FormsData, name: CandidateFormName): FormState =>
  d.failed?.name === name ? d.failed.state : emptyForm;
const action = (d: FormsData, path: string) =>
  `/applications/${encodeURIComponent(d.status.applicationId)}/${path}${d.access}`;

function siteOptions(d: FormsData) {
  return d.sites.map((s) => ({
    value: s.siteId,
    label: `${s.siteId} — ${s.name}${s.seatsLeft === undefined ? '' : ` (${s.seatsLeft} ${s.seatsLeft === 1 ? 'seat' : 'seats'} left on that date)`}`,
  }));
}

function appointmentForm(d: FormsData, name: 'appointment' | 'reschedule'): SafeHtml {
  const f = stateOf(d, name);
  const w = d.status.window;
  const current = d.status.appointment;
  const heading = name === 'appointment' ? 'Report your appointment' : 'Change your appointment (reschedule)';
  const intro =
    name === 'appointment'
      ? html`<p>Book a seat with the test vendor for a day from ${longDate(w.start)} to ${longDate(w.end)}, then tell us the date and the site here.</p>`
      : html`<p>You may move your exam to another day of the ${w.label} window (${longDate(w.start)} to ${longDate(w.end)}), if the site has a seat. ${current ? `Your appointment on ${longDate(current.examDate)} at ${current.site} stands until the new one is confirmed.` : ''}</p>`;
  return html`<section aria-labelledby="${name}-heading"><h3 id="${name}-heading">${heading}</h3>${intro}
${errorSummary(f, name, { examDate: 'Exam date', site: 'Test site' })}
<form method="post" action="${action(d, name)}" novalidate>${formTokens(d.csrf)}
${inputField(f, name, { name: 'examDate', label: 'Exam date', type: 'date', hint: `A day from ${longDate(w.start)} to ${longDate(w.end)}.`, min: w.start, max: w.end })}
${selectField(f, name, { name: 'site', label: 'Test site', options: siteOptions(d) })}
<div><button type="submit">${name === 'appointment' ? 'Report my appointment' : 'Reschedule my exam'}</button></div></form></section>`;
}

function transferForm(d: FormsData): SafeHtml {
  const f = stateOf(d, 'transfer');
  const a = d.status.appointment;
  const next = d.nextWindowId ? windowLabel(d.nextWindowId) : 'the next window';
  return html`<section aria-labelledby="transfer-heading"><h3 id="transfer-heading">Transfer to the ${next} window</h3>
<p>A transfer moves your application to the next testing window. ${a ? `It must be requested by ${longDate(a.lastDayToRequestTransfer)}, five business days before your exam.` : 'It must be requested at least five business days before your exam.'}</p>
${errorSummary(f, 'transfer', {})}
<form method="get" action="/applications/${encodeURIComponent(d.status.applicationId)}/transfer">
${d.access ? html`<input type="hidden" name="token" value="${new URLSearchParams(d.access.slice(1)).get('token') ?? ''}">` : html``}
<div><button type="submit">Request a transfer…</button></div></form></section>`;
}

function withdrawForm(d: FormsData): SafeHtml {
  const f = stateOf(d, 'withdraw');
  return html`<section aria-labelledby="withdraw-heading"><h3 id="withdraw-heading">Withdraw</h3>
<p>Withdrawing ends this application. A refund, less the processing fee, is paid only for a written request received by ${longDate(d.status.window.lastDayToRequestRefund)}; this form is your written request.</p>
${errorSummary(f, 'withdraw', { reason: 'Reason', confirm: 'Confirmation' })}
<form method="post" action="${action(d, 'withdraw')}" novalidate>${formTokens(d.csrf)}
${textareaField(f, 'withdraw', { name: 'reason', label: 'Reason (optional)', required: false })}
${checkboxField(f, 'withdraw', { name: 'confirm', label: 'I ask in writing to withdraw this application. I understand it cannot be reopened for this window.' })}
<div><button type="submit">Withdraw my application</button></div></form></section>`;
}

function accommodationForm(d: FormsData): SafeHtml {
  const f = stateOf(d, 'accommodation');
  return html`<section aria-labelledby="accommodation-heading"><h3 id="accommodation-heading">Request an accommodation</h3>
<p>Requests must be received by ${longDate(d.status.window.accommodationCutoff)}, eight weeks before the window starts, with written documentation from your doctor or another qualified professional on official letterhead.</p>
${errorSummary(f, 'accommodation', { needs: 'What you need', documentation: 'Documentation' })}
<form method="post" action="${action(d, 'accommodations')}" enctype="multipart/form-data" novalidate>${formTokens(d.csrf)}
${textareaField(f, 'accommodation', { name: 'needs', label: 'What you need', required: true, hint: 'For example: a separate, quiet room; extra time.' })}
${fileField(f, 'accommodation', { name: 'documentation', label: 'Documentation (PDF, PNG or JPEG, up to 5 MB)' })}
<div><button type="submit">Send my request</button></div></form></section>`;
}

/** The forms the current stage allows, each with its own errors and refusal. */
export function actionForms(d: FormsData): SafeHtml {
  const forms = availableForms(d.status.stage, d.nextWindowId !== undefined);
  if (!forms.length) return html``;
  const render: Record<CandidateFormName, () => SafeHtml> = {
    appointment: () => appointmentForm(d, 'appointment'),
    reschedule: () => appointmentForm(d, 'reschedule'),
    transfer: () => transferForm(d),
    accommodation: () => accommodationForm(d),
    withdraw: () => withdrawForm(d),
  };
  return html`<h2>What you can do now</h2>${forms.map((n) => render[n]())}`;
}
