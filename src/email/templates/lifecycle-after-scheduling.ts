import { longDate } from '../../domain/index';
import type { RenderedEmail } from '../message';
import { programDisplayName, windowDisplayLabel } from './labels';
import type { LifecycleContext, LifecycleMessage } from './lifecycle-messages';
import { simpleEmail } from './simple';

type After = Exclude<
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

const at = (startsAt?: string) => (startsAt ? ` (starting ${startsAt.slice(11, 16)} UTC)` : '');

/** Appointment, reminder, no-show, score and certificate messages. */
export function renderAfterScheduling(m: After, ctx: LifecycleContext): RenderedEmail {
  const status = {
    href: ctx.statusUrl,
    label: 'See the status of your application (personal link, do not forward it)',
  };
  const base = { firstName: ctx.firstName, links: [status] };
  switch (m.kind) {
    case 'appointment-confirmed':
      return simpleEmail({
        ...base,
        subject: `Exam appointment confirmed: ${longDate(m.examDate)}`,
        heading: 'Appointment confirmed',
        paragraphs: [
          `Your exam is on ${longDate(m.examDate)}${at(m.startsAt)} at ${m.site}, in the ${windowDisplayLabel(m.windowId)} window.`,
          'We will remind you 7 days and 1 day before, and before the last day to request a transfer to the next window.',
        ],
      });
    case 'appointment-rescheduled':
      return simpleEmail({
        ...base,
        subject: `Exam rescheduled to ${longDate(m.examDate)}`,
        heading: 'Appointment rescheduled',
        paragraphs: [
          `Your exam moved from ${longDate(m.previousExamDate)} to ${longDate(m.examDate)} at ${m.site}, inside the ${windowDisplayLabel(m.windowId)} window.`,
        ],
      });
    case 'appointment-reminder':
      return simpleEmail({
        ...base,
        subject:
          m.daysBefore === 1
            ? `Your exam is tomorrow, ${longDate(m.examDate)}`
            : m.daysBefore === 7
              ? `Your exam is in a week: ${longDate(m.examDate)}`
              : `Your exam is in ${m.daysBefore} days: ${longDate(m.examDate)}`,
        heading: 'Exam reminder',
        paragraphs: [
          `Your exam is on ${longDate(m.examDate)}${at(m.startsAt)} at ${m.site}. Bring a government-issued photo ID that matches your name.`,
        ],
      });
    case 'transfer-deadline-reminder':
      return simpleEmail({
        ...base,
        subject: `Last day to transfer your exam: ${longDate(m.lastDayToRequestTransfer)}`,
        heading: 'Transfer deadline',
        paragraphs: [
          `Your exam is on ${longDate(m.examDate)}. If you need to move it to the next testing window, request the transfer by ${longDate(m.lastDayToRequestTransfer)} (5 business days before the exam, New York time).`,
          `After that day you can still reschedule to another day inside the ${windowDisplayLabel(m.windowId)} window, subject to seat availability.`,
        ],
      });
    case 'no-show':
      return simpleEmail({
        ...base,
        subject: 'We did not receive a result for your exam',
        heading: 'No-show recorded',
        paragraphs: [
          m.examDate
            ? `Your exam was scheduled for ${longDate(m.examDate)} and the test vendor reported no result, so your application for the ${windowDisplayLabel(m.windowId)} window is closed as a no-show.`
            : `No exam was taken in the ${windowDisplayLabel(m.windowId)} window, so your application is closed as a no-show.`,
          'You may apply for a later testing window. If you believe this is a mistake, reply to this message.',
        ],
      });
    case 'score-released':
      return simpleEmail({
        ...base,
        subject: `Your ${m.program} exam result`,
        heading: m.passed ? 'Congratulations: you passed' : 'Your exam result',
        paragraphs: [
          `Your scaled score on the ${programDisplayName(m.program)} examination in the ${windowDisplayLabel(m.windowId)} window is ${m.scaled}.`,
          m.passed
            ? 'This is a passing score. Your digital badge and PDF certificate follow in a separate email.'
            : 'This is below the passing score. Your result is confidential. You may apply for a later testing window (not the same one).',
        ],
      });
    case 'certificate-ready':
      return simpleEmail({
        ...base,
        subject: `You are certified: ${m.program} credential ${m.credentialId}`,
        heading: 'Your certification',
        paragraphs: [
          `You are certified ${programDisplayName(m.program)} from ${longDate(m.certifiedOn)}; your credential id is ${m.credentialId}.`,
          `Your digital badge is issued through Credly. Recertify by ${longDate(m.expiresOn)}.`,
        ],
        links: [
          { href: ctx.certificateUrl, label: 'Download your PDF certificate' },
          { href: ctx.verifyUrl(m.credentialId), label: 'Public verification of your credential' },
          status,
        ],
      });
  }
}
