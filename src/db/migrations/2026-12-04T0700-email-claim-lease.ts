import { sql, type Kysely } from 'kysely';

/**
 * A claim on an email slot is a lease: `claimed_until` says until when the attempt that claimed it may still be
 * sending, `attempts` how many attempts claimed it. Rows from before have no lease (a retry may claim them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('email_log').addColumn('claimed_until', 'timestamptz').execute();
  await db.schema
    .alterTable('email_log')
    .addColumn('attempts', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`attempts >= 1`),
    )
    .execute();
}
