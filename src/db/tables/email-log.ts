import type { ColumnType, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../database';

export interface EmailLogTable {
  workflow_id: string;
  kind: string;
  recipient: string;
  subject: string;
  status: 'sending' | 'sent';
  message_id: string | null;
  created_at: ColumnType<Date, never, never>;
  sent_at: ColumnType<Date | null, never, string | null>;
}
export type EmailLogRow = Selectable<EmailLogTable>;

/**
 * Claims the (workflow, kind) slot. Returns false when that message was already sent, so a retried
 * activity never sends it twice.
 */
export async function claimEmail(db: Db, entry: { workflowId: string; kind: string; recipient: string; subject: string }): Promise<boolean> {
  await db
    .insertInto('email_log')
    .values({ workflow_id: entry.workflowId, kind: entry.kind, recipient: entry.recipient, subject: entry.subject, status: 'sending', message_id: null })
    .onConflict((oc) => oc.columns(['workflow_id', 'kind']).doNothing())
    .execute();
  const row = await db
    .selectFrom('email_log')
    .select('status')
    .where('workflow_id', '=', entry.workflowId)
    .where('kind', '=', entry.kind)
    .executeTakeFirstOrThrow();
  return row.status !== 'sent';
}

export async function markEmailSent(db: Db, workflowId: string, kind: string, messageId: string | undefined): Promise<void> {
  await db
    .updateTable('email_log')
    .set({ status: 'sent', message_id: messageId ?? null, sent_at: sql<string>`now()` })
    .where('workflow_id', '=', workflowId)
    .where('kind', '=', kind)
    .execute();
}

export async function emailsFor(db: Db, workflowId: string): Promise<EmailLogRow[]> {
  return db.selectFrom('email_log').selectAll().where('workflow_id', '=', workflowId).orderBy('created_at').execute();
}
