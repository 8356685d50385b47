import { sql, type Kysely } from 'kysely';

/**
 * Testing windows: exam forms and their items (the April assembly), the reference group of each reference form,
 * vendor results and their imports, the window's own record, the fan-out progress and the published statistics.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('exam_forms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program', 'text', (c) => c.notNull())
    // FAQ: forms "assembled in April" serve the following Fall, Spring and Summer windows.
    .addColumn('assembled_year', 'integer', (c) => c.notNull())
    .addColumn('reference', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('raw_cut', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('exam_forms_one_reference')
    .unique()
    .on('exam_forms')
    .column('program')
    .where(sql.ref('reference'), '=', true)
    .execute();
  await db.schema
    .createIndex('exam_forms_one_per_assembly')
    .unique()
    .on('exam_forms')
    .columns(['program', 'assembled_year'])
    .where(sql.ref('reference'), '=', false)
    .execute();

  await db.schema
    .createTable('exam_form_items')
    .addColumn('form_id', 'text', (c) => c.notNull().references('exam_forms.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull().check(sql`key in ('A', 'B', 'C')`))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('scored', 'pretest')`))
    .addColumn('anchor', 'boolean', (c) => c.notNull())
    .addColumn('content_area', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('exam_form_items_pkey', ['form_id', 'position'])
    .addUniqueConstraint('exam_form_items_item', ['form_id', 'item_id'])
    .execute();

  // The reference form's own group: the anchor is rescored from these when an anchor item is dropped.
  await db.schema
    .createTable('reference_responses')
    .addColumn('form_id', 'text', (c) => c.notNull().references('exam_forms.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('responses', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reference_responses_pkey', ['form_id', 'seq'])
    .execute();

  await db.schema
    .createTable('results_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('staff', 'cli', 'webhook')`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('accepted', 'rejected')`))
    .addColumn('report', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('results_imports_sha256').on('results_imports').columns(['sha256', 'status']).execute();

  await db.schema
    .createTable('exam_results')
    .addColumn('application_id', 'text', (c) => c.primaryKey().references('applications.id'))
    .addColumn('candidate_id', 'text', (c) => c.notNull())
    .addColumn('program', 'text', (c) => c.notNull())
    .addColumn('window_id', 'text', (c) => c.notNull())
    .addColumn('form_id', 'text', (c) => c.notNull().references('exam_forms.id'))
    .addColumn('responses', 'text', (c) => c.notNull())
    .addColumn('tested_on', 'date', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull().references('results_imports.id'))
    .addColumn('raw', 'integer')
    .addColumn('scaled', 'integer')
    .addColumn('passed', 'boolean')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('exam_results_window').on('exam_results').columns(['program', 'window_id']).execute();

  await db.schema
    .createTable('testing_windows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('program', 'text', (c) => c.notNull())
    .addColumn('window_id', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('form_id', 'text', (c) => c.references('exam_forms.id'))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('release_at', 'timestamptz')
    .addColumn('released_at', 'timestamptz')
    .addColumn('approved_by', 'text')
    .addColumn('analysis', 'jsonb')
    .addColumn('decisions', 'jsonb')
    .addColumn('equating', 'jsonb')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('testing_windows_program_window', ['program', 'window_id'])
    .execute();

  // One row per application told of an event: the fan-out resumes past these and never tells anyone twice.
  await db.schema
    .createTable('window_notifications')
    .addColumn('program', 'text', (c) => c.notNull())
    .addColumn('window_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('application_id', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('window_notifications_pkey', ['program', 'window_id', 'kind', 'application_id'])
    .execute();

  await db.schema
    .createTable('window_statistics')
    .addColumn('program', 'text', (c) => c.notNull())
    .addColumn('window_id', 'text', (c) => c.notNull())
    .addColumn('tested', 'integer', (c) => c.notNull())
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('window_statistics_pkey', ['program', 'window_id'])
    .execute();
}
