import { sql, type Kysely } from 'kysely';

/**
 * Staff sessions end after a period without use; API tokens get an id so that they can be listed and revoked;
 * a third role, psychometrician, validates keys and approves equating.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('staff_sessions')
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.alterTable('staff_tokens').addColumn('id', 'text').execute();
  // Tokens issued before ids existed are named by the start of their hash, which reveals nothing of the token.
  await sql`update staff_tokens set id = 'tok' || substr(token_hash, 1, 20) where id is null`.execute(db);
  await db.schema.createIndex('staff_tokens_id').on('staff_tokens').column('id').unique().execute();
  // The initial table's inline check has the name PostgreSQL gave it.
  await sql`alter table staff_users drop constraint if exists staff_users_role_check`.execute(db);
  await sql`alter table staff_users add constraint staff_users_role_check check (role in ('admin', 'staff', 'psychometrician'))`.execute(
    db,
  );
}
