import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Db } from '../database';

export interface AuditLogTable {
  id: Generated<string>;
  at: ColumnType<Date, never, never>;
  actor: string;
  action: string;
  subject: string;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  request_id: string | null;
  /** A once-key: the workflow Update the action ran as, or a key such as one decode per staff, case and hour. */
  update_id: string | null;
}
export type AuditEntry = Selectable<AuditLogTable>;

/** Who did what to which case, with the state before and after; once per workflow Update when `updateId` is given. */
export async function recordAudit(
  db: Db,
  entry: {
    actor: string;
    action: string;
    subject: string;
    before?: unknown;
    after?: unknown;
    requestId?: string;
    updateId?: string;
  },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      request_id: entry.requestId ?? null,
      update_id: entry.updateId ?? null,
    })
    .onConflict((oc) => oc.column('update_id').doNothing())
    .execute();
}

export async function auditFor(db: Db, subject: string): Promise<AuditEntry[]> {
  return db.selectFrom('audit_log').selectAll().where('subject', '=', subject).orderBy('id').execute();
}

/** Newest first, optionally for one subject (exact, or a prefix ending in ':' such as "application:"); one page. */
export async function listAudit(db: Db, q: { subject?: string; limit: number; offset: number }): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll();
  if (q.subject)
    query = q.subject.endsWith(':')
      ? query.where('subject', 'like', `${q.subject.replace(/[\\%_]/g, '\\$&')}%`)
      : query.where('subject', '=', q.subject);
  return query.orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
}
