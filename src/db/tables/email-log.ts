import type { ColumnType, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../database';

export interface EmailLogTable {
  workflow_id: string;
  kind: string;
  recipient: string;
  subject: string;
  status: 'sending' | 'sent';
  /** The deterministic Message-ID every attempt at this slot sends with. */
  message_id: string | null;
  created_at: ColumnType<Date, never, never>;
  sent_at: ColumnType<Date | null, never, string | null>;
  /** Until when the attempt holding the claim may still be talking to the SMTP server (database clock). */
  claimed_until: ColumnType<Date | null, string | null, string | null>;
  attempts: ColumnType<number, number, number>;
}
export type EmailLogRow = Selectable<EmailLogTable>;

export interface EmailSlot {
  workflowId: string;
  kind: string;
}

/** `claimed`: this attempt sends. `sent`: an earlier attempt did. `held`: another attempt's lease is still live. */
export type EmailClaim =
  { outcome: 'claimed'; attempt: number } | { outcome: 'sent' } | { outcome: 'held'; remainingMs: number };

/**
 * Claims the (workflow, kind) slot for `leaseMs`: only a new slot, or one still `sending` whose lease ran out (the
 * attempt holding it died or hung), can be claimed. One statement, so of two concurrent attempts one wins.
 */
export async function claimEmail(
  db: Db,
  entry: EmailSlot & { recipient: string; subject: string; messageId: string; leaseMs: number },
): Promise<EmailClaim> {
  const until = sql<string>`now() + ${entry.leaseMs} * interval '1 millisecond'`;
  const won = await db
    .insertInto('email_log')
    .values({
      workflow_id: entry.workflowId,
      kind: entry.kind,
      recipient: entry.recipient,
      subject: entry.subject,
      status: 'sending',
      message_id: entry.messageId,
      claimed_until: until,
      attempts: 1,
    })
    .onConflict((oc) =>
      oc
        .columns(['workflow_id', 'kind'])
        .doUpdateSet({
          recipient: entry.recipient,
          subject: entry.subject,
          message_id: entry.messageId,
          claimed_until: until,
          attempts: sql<number>`email_log.attempts + 1`,
        })
        .where('email_log.status', '=', 'sending')
        .where((eb) =>
          eb.or([eb('email_log.claimed_until', 'is', null), eb('email_log.claimed_until', '<=', sql<Date>`now()`)]),
        ),
    )
    .returning('attempts')
    .executeTakeFirst();
  if (won) return { outcome: 'claimed', attempt: won.attempts };
  const row = await db
    .selectFrom('email_log')
    .select([
      'status',
      sql<number>`greatest(0, extract(epoch from (claimed_until - now())) * 1000)::float8`.as('remaining_ms'),
    ])
    .where('workflow_id', '=', entry.workflowId)
    .where('kind', '=', entry.kind)
    .executeTakeFirstOrThrow();
  return row.status === 'sent'
    ? { outcome: 'sent' }
    : { outcome: 'held', remainingMs: Math.ceil(Number(row.remaining_ms ?? 0)) };
}

export async function markEmailSent(db: Db, slot: EmailSlot): Promise<void> {
  await db
    .updateTable('email_log')
    .set({ status: 'sent', sent_at: sql<string>`now()`, claimed_until: null })
    .where('workflow_id', '=', slot.workflowId)
    .where('kind', '=', slot.kind)
    .execute();
}

export async function emailsFor(db: Db, workflowId: string): Promise<EmailLogRow[]> {
  return db.selectFrom('email_log').selectAll().where('workflow_id', '=', workflowId).orderBy('created_at').execute();
}
