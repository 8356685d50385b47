import { html, type SafeHtml } from '../lib/html';
import type { RenderedEmail } from './message';

/** Wraps a message body in the common html shell; the text part gets the same footer. */
export function layoutEmail(subject: string, body: SafeHtml, text: string): RenderedEmail {
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 40rem; margin: auto; color: #1b1b1b">
${body}
<hr><p style="font-size: 0.85em; color: #555">certflow — certification office. This message was sent to the email address on file for you.</p>
</body></html>`;
  return {
    subject,
    html: page.value,
    text: `${text.trim()}\n\n--\ncertflow — certification office. This message was sent to the email address on file for you.\n`,
  };
}
