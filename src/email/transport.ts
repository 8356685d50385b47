import nodemailer from 'nodemailer';
import { deterministicMessageId, mailDomainOf } from './message-id';
import type { OutgoingEmail } from './message';

export interface Mailer {
  /** The Message-ID of a slot, e.g. `<workflow id>|<kind>`: every attempt at that slot carries the same one. */
  messageIdFor(slot: string): string;
  send(message: OutgoingEmail): Promise<{ messageId: string | undefined }>;
  close(): void;
}

/**
 * Every phase of an SMTP send is bounded, and the whole send has a deadline. The email log's claim lease is longer
 * than the deadline, and the deadline is shorter than the one-minute start-to-close of the activities that send.
 */
export const smtpTimeouts: SmtpTimeouts = {
  connectionMs: 10_000,
  greetingMs: 10_000,
  socketMs: 20_000,
  sendDeadlineMs: 45_000,
};

export interface SmtpTimeouts {
  connectionMs: number;
  greetingMs: number;
  /** Inactivity on the connection. */
  socketMs: number;
  /** The whole send, from connecting to the server's answer to the message. */
  sendDeadlineMs: number;
}

/** Nodemailer over SMTP: the local catcher by default, a real server when SMTP_URL is set. */
export function createMailer(options: { smtpUrl: string; from: string; timeouts?: SmtpTimeouts }): Mailer {
  const domain = mailDomainOf(options.from);
  if (!domain)
    throw new Error(
      `MAIL_FROM must be an address with a domain, e.g. "certflow <no-reply@example.org>" (got "${options.from}")`,
    );
  const timeouts = options.timeouts ?? smtpTimeouts;
  const transport = nodemailer.createTransport({
    url: options.smtpUrl,
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
  });
  return {
    messageIdFor: (slot) => deterministicMessageId(slot, domain),
    async send(message) {
      const sending = transport.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        headers: message.headers,
        ...(message.messageId ? { messageId: message.messageId } : {}),
      });
      const info = await withDeadline(sending, timeouts.sendDeadlineMs);
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}

// A server that answers each command just inside socketTimeout could stretch a send without end; the deadline cannot.
async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the SMTP send did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
