import nodemailer from 'nodemailer';
import type { OutgoingEmail } from './message';

export interface Mailer {
  send(message: OutgoingEmail): Promise<{ messageId: string | undefined }>;
  close(): void;
}

/** Nodemailer over SMTP: the local catcher by default, a real server when SMTP_URL is set. */
export function createMailer(options: { smtpUrl: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    async send(message) {
      const info = await transport.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        headers: message.headers,
      });
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
