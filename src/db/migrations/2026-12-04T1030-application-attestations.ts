import { sql, type Kysely } from 'kysely';

/** The eligibility attestation a candidate signed on the application form, one per application, for staff to read. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('application_attestations')
    .addColumn('application_id', 'text', (c) => c.primaryKey())
    .addColumn('attestation', 'jsonb', (c) => c.notNull())
    .addColumn('signed_by', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}
