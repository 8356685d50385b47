import { sql, type Kysely } from 'kysely';

/**
 * Results-import hand-off: one row per application of an import once its workflow has been told of its result (or
 * found to be over), so the signalling workflow resumes past them and the import can say how far it got.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('results_import_signals')
    .addColumn('import_id', 'text', (c) => c.notNull().references('results_imports.id'))
    .addColumn('application_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('signalled', 'no-workflow')`))
    .addColumn('signalled_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('results_import_signals_pkey', ['import_id', 'application_id'])
    .execute();
  // The signalling activity reads an import's rows in application order.
  await db.schema
    .createIndex('exam_results_import')
    .on('exam_results')
    .columns(['import_id', 'application_id'])
    .execute();
}
