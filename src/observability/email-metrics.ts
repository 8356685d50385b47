import { Context } from '@temporalio/activity';
import type { Mailer } from '../email/transport';

/**
 * Counts each attempt to hand an email to the SMTP server, by outcome and kind, through the activity's Temporal
 * metric meter: the counters come out on the worker's metrics port next to the SDK's own (docs/operations.md),
 * whichever process sends.
 */
export function countingMailer(mailer: Mailer): Mailer {
  return {
    async send(message) {
      const kind = kindOf(message.headers);
      try {
        const sent = await mailer.send(message);
        count('certflow_emails_sent', 'Emails the SMTP server accepted, by kind.', kind);
        return sent;
      } catch (err) {
        count('certflow_emails_failed', 'Attempts to send an email that failed (the activity retries), by kind.', kind);
        throw err;
      }
    },
    close: () => mailer.close(),
    messageIdFor: (slot) => mailer.messageIdFor(slot),
  };
}

/**
 * The message kind without its cycle prefix and dedupe suffix ("appointment-confirmed:2" → "appointment-confirmed",
 * "c2:submitted-1" → "submitted"), so the labels stay few.
 */
export function kindOf(headers: Record<string, string> | undefined): string {
  const key = (headers?.['X-Certflow-Kind'] ?? '').replace(/^c\d+:/, '');
  return key.split(':')[0]!.replace(/-\d+$/, '') || 'other';
}

function count(name: string, help: string, kind: string): void {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    // Outside an activity (a script, a unit test) there is no meter: nothing to count into.
    return;
  }
  context.metricMeter.createCounter(name, undefined, help).add(1, { kind });
}
