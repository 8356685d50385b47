import type { Kysely } from 'kysely';

/** A decision sent twice is one workflow Update: its audit row carries the Update id, written once. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('update_id', 'text').execute();
  // Unique, and NULLs stay distinct: audit rows of anything that is not an Update are unaffected.
  await db.schema.createIndex('audit_log_update_id').on('audit_log').column('update_id').unique().execute();
}
