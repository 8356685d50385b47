import { sql, type Kysely } from 'kysely';

/**
 * Certifying again in a program after its credential expired is a new credential: the old row stays as history
 * (status `expired`), so a candidate may have several rows per program but holds at most one at a time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('certifications').dropConstraint('certifications_candidate_program').execute();
  await db.schema.alterTable('certifications').dropConstraint('certifications_status_check').execute();
  await db.schema
    .alterTable('certifications')
    .addCheckConstraint('certifications_status_check', sql`status in ('active', 'lapsed', 'revoked', 'expired')`)
    .execute();
  // Held = active, or lapsed with reinstatement still possible; an expired or revoked credential is history.
  await db.schema
    .createIndex('certifications_one_held_per_program')
    .on('certifications')
    .columns(['candidate_id', 'program'])
    .unique()
    .where(sql<boolean>`status in ('active', 'lapsed')`)
    .execute();
}
