import { createHash } from 'node:crypto';

/** The domain of a From address (`certflow <no-reply@certflow.example>` → `certflow.example`), if it has one. */
export function mailDomainOf(from: string): string | undefined {
  return /@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)>?\s*$/
    .exec(from)?.[1]
    ?.toLowerCase();
}

/**
 * The same slot always gets the same Message-ID, so a message sent again after a crash is recognisably the same
 * message to the receiving side (RFC 5322: a Message-ID names one message, whatever the number of copies).
 */
export function deterministicMessageId(slot: string, domain: string): string {
  return `<${createHash('sha256').update(slot).digest('hex').slice(0, 32)}@${domain}>`;
}
