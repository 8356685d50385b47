import { longDate } from '../../domain/index';
import type { RenderedEmail } from '../message';
import { programDisplayName, windowDisplayLabel } from './labels';
import type { LifecycleContext, LifecycleMessage } from './lifecycle-messages';
import { simpleEmail, usd } from './simple';

type Before = Extract<
  LifecycleMessage,
  {
    kind:
      | 'eligibility-approved'
      | 'eligibility-rejected'
      | 'accommodation-decision'
      | 'notice-to-schedule'
      | 'transfer-confirmed'
      | 'withdrawal-confirmed';
  }
>;

/** Eligibility, accommodation, notice to schedule, transfer and withdrawal messages. */
export function renderBeforeTest(m: Before, ctx: LifecycleContext): RenderedEmail {
  const status = {
    href: ctx.statusUrl,
    label: 'See the status of your application (personal link, do not forward it)',
  };
  const base = { firstName: ctx.firstName, links: [status] };
  switch (m.kind) {
    case 'eligibility-approved':
      return simpleEmail({
        ...base,
        subject: `Your ${m.program} application is approved (${windowDisplayLabel(m.windowId)})`,
        heading: 'Eligibility approved',
        paragraphs: [
          `Staff reviewed your application for the ${programDisplayName(m.program)} examination and approved your eligibility for the ${windowDisplayLabel(m.windowId)} testing window.`,
          `You will receive the notice to schedule your exam, with the test vendor's instructions, on ${longDate(m.noticeOn)} (or at once if that day has passed).`,
        ],
      });
    case 'eligibility-rejected':
      return simpleEmail({
        ...base,
        subject: `Your ${m.program} application was not approved`,
        heading: 'Eligibility not approved',
        paragraphs: [
          `Staff reviewed your application for the ${programDisplayName(m.program)} examination in the ${windowDisplayLabel(m.windowId)} window and could not approve your eligibility.`,
          `The reason: ${m.reason}`,
          'The Candidate Handbook (pages 4–5) describes the eligibility requirements. You may apply again for a later window when you meet them.',
        ],
      });
    case 'accommodation-decision':
      return simpleEmail({
        ...base,
        subject: m.approved
          ? 'Your testing accommodation is approved'
          : 'Your testing accommodation request was not approved',
        heading: m.approved ? 'Accommodation approved' : 'Accommodation not approved',
        paragraphs: [
          `You asked for: ${m.needs}`,
          m.approved
            ? 'Staff approved this accommodation. It will be arranged with the test vendor for your exam, and it stays with your application if you transfer to the next window.'
            : `Staff could not approve this request. ${m.reason ? `The reason: ${m.reason}` : ''}`.trim(),
        ],
      });
    case 'notice-to-schedule':
      return simpleEmail({
        ...base,
        subject: `Schedule your ${m.program} exam: ${windowDisplayLabel(m.windowId)}`,
        heading: 'Notice to schedule',
        paragraphs: [
          `You may now schedule your ${programDisplayName(m.program)} exam with the test vendor, Meazure Learning, for any day from ${longDate(m.windowStart)} to ${longDate(m.windowEnd)}.`,
          'To schedule: open the vendor’s scheduling site, sign in with the email address on file with us, choose a test site (or remote proctoring) and a date inside the window, and bring a government-issued photo ID that matches your name on the day.',
          'Then report your appointment (date and site) from your status page so we can remind you before the exam.',
          // FAQ: results "approximately six to eight weeks from the close of the testing period/window".
          ...(m.closesOn && m.resultsExpected
            ? [
                `The window closes at the end of ${longDate(m.closesOn)}; results are expected between ${longDate(m.resultsExpected.earliest)} and ${longDate(m.resultsExpected.latest)}, by email.`,
              ]
            : []),
          ...(m.approvedAccommodations.length
            ? [`Your approved accommodations will be arranged: ${m.approvedAccommodations.join('; ')}.`]
            : []),
        ],
      });
    case 'transfer-confirmed':
      return simpleEmail({
        ...base,
        subject: `Your exam is transferred to ${windowDisplayLabel(m.toWindowId)}`,
        heading: 'Transfer confirmed',
        paragraphs: [
          `Your exam is moved from the ${windowDisplayLabel(m.fromWindowId)} window to the ${windowDisplayLabel(m.toWindowId)} window. Your appointment in ${windowDisplayLabel(m.fromWindowId)} is cancelled; approved accommodations stay with your application.`,
          `The transfer fee is ${usd(m.feeUsd)}.`,
          `You will receive the notice to schedule for ${windowDisplayLabel(m.toWindowId)} on ${longDate(m.noticeOn)}.`,
        ],
      });
    case 'withdrawal-confirmed':
      return simpleEmail({
        ...base,
        subject: 'Your exam application is withdrawn',
        heading: 'Withdrawal confirmed',
        paragraphs: [
          `Your application for the ${windowDisplayLabel(m.windowId)} window is withdrawn at your written request.`,
          m.refundable
            ? `You will be refunded ${usd(m.refundUsd)}: the amount paid less the ${usd(m.processingFeeUsd)} processing fee.`
            : `Refunds must be requested by ${longDate(m.lastDayToRequestRefund)}, two weeks before the testing period; this request came later, so no refund is due.`,
          'You may apply for a later testing window at any time.',
        ],
      });
  }
}
