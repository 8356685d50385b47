import type { RenderedEmail } from '../message';
import { programDisplayName, windowDisplayLabel } from './labels';
import { simpleEmail } from './simple';

export interface ApplicationNoticeEmail {
  firstName: string;
  program: string;
  windowId: string;
  /** The stage the closed application ended in (rejected, failed, withdrawn, …). */
  stage: string;
  /** A fresh link to the open application; closed applications get none. */
  statusUrl?: string;
  resendUrl: string;
}

const endedAs: Record<string, string> = {
  rejected: 'it was not approved',
  'no-show': 'the exam was missed',
  passed: 'you passed the exam',
  failed: 'the exam was not passed',
  withdrawn: 'it was withdrawn',
  cancelled: 'it was cancelled',
};

/** /apply for a program and window the candidate already has an open application for: a fresh link to it. */
export function repeatedApplicationEmail(e: ApplicationNoticeEmail): RenderedEmail {
  const what = `${programDisplayName(e.program)}, ${windowDisplayLabel(e.windowId)}`;
  return simpleEmail({
    subject: 'You already have this application',
    heading: 'You already have an application for this exam',
    firstName: e.firstName,
    paragraphs: [
      `We received an application form for ${what}. You already have an application for that exam and window, so we did not start a second one; nothing has changed on it.`,
      'Here is a fresh link to it. Do not share it. If you did not send the form, you can ignore this message.',
    ],
    links: [
      ...(e.statusUrl ? [{ href: e.statusUrl, label: `Your application: ${what}` }] : []),
      { href: e.resendUrl, label: 'Lost your link? Ask for new links' },
    ],
  });
}

/** FAQ: no retest in the same window — a closed application for this program and window cannot be reopened. */
export function closedApplicationEmail(e: ApplicationNoticeEmail): RenderedEmail {
  const what = `${programDisplayName(e.program)}, ${windowDisplayLabel(e.windowId)}`;
  const why = endedAs[e.stage] ? ` (${endedAs[e.stage]})` : '';
  return simpleEmail({
    subject: 'Your application for this window is closed',
    heading: 'This application cannot be reopened',
    firstName: e.firstName,
    paragraphs: [
      `We received an application form for ${what}. Your application for that exam and window is closed${why}, and a closed application cannot be reopened for the same window.`,
      'You may apply for a later testing window. If you did not send the form, you can ignore this message.',
    ],
    links: [{ href: e.resendUrl, label: 'Links to your applications' }],
  });
}
