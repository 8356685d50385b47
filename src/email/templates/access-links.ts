import type { RenderedEmail } from '../message';
import { programDisplayName, windowDisplayLabel } from './labels';
import { simpleEmail } from './simple';

export interface AccessLinksEmail {
  firstName: string;
  applications: { program: string; windowId: string; url: string }[];
  /** The recertification CE grid, once certified. */
  gridUrl?: string;
  resendUrl: string;
}

/** "Your links": the answer to the lost-link page, sent only to the address on file. */
export function accessLinksEmail(e: AccessLinksEmail): RenderedEmail {
  return simpleEmail({
    subject: 'Your links to certflow',
    heading: 'Your personal links',
    firstName: e.firstName,
    paragraphs: [
      'Someone (we hope you) asked for fresh links to your applications. Each link below opens your own case; do not share it.',
      'Links we sent you before no longer work: use these from now on.',
      'If you did not ask for this, you can ignore this message: nothing has changed on your applications.',
    ],
    links: [
      ...e.applications.map((a) => ({
        href: a.url,
        label: `${programDisplayName(a.program)}, ${windowDisplayLabel(a.windowId)}`,
      })),
      ...(e.gridUrl ? [{ href: e.gridUrl, label: 'Your recertification and CE grid' }] : []),
      { href: e.resendUrl, label: 'Ask for new links again later' },
    ],
  });
}
