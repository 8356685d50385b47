import { sql, type Kysely } from 'kysely';

/** Every link emailed to a candidate or certificant gets a row: it can be revoked, and its use is seen. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('candidate_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('candidate-link', 'certificant-link')`))
    // The application (candidate-link) or the certificant (certificant-link) the link opens.
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('candidate_id', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'text')
    .addColumn('last_used_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('candidate_links_candidate')
    .on('candidate_links')
    .columns(['candidate_id', 'purpose'])
    .execute();
}
