import { sql, type Kysely } from 'kysely';

/** The exam application lifecycle: decisions, appointment, accommodations, transfers, withdrawal, confidential scores. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('application_details')
    .addColumn('application_id', 'text', (c) => c.primaryKey().references('applications.id'))
    .addColumn('eligibility_decision', 'text', (c) => c.check(sql`eligibility_decision in ('approve', 'reject')`))
    .addColumn('eligibility_reason', 'text')
    .addColumn('eligibility_decided_by', 'text')
    .addColumn('eligibility_decided_at', 'timestamptz')
    .addColumn('exam_date', 'text')
    .addColumn('exam_site', 'text')
    .addColumn('exam_starts_at', 'timestamptz')
    .addColumn('tested_on', 'text')
    .addColumn('result_form_id', 'text')
    .addColumn('result_import_id', 'text')
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('withdrawal_reason', 'text')
    .addColumn('refund_usd', 'numeric(10, 2)')
    .addColumn('refund_processing_fee_usd', 'numeric(10, 2)')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('application_accommodations')
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('needs', 'text', (c) => c.notNull())
    .addColumn('document_ids', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'approved', 'denied')`))
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decided_by', 'text')
    .addColumn('reason', 'text')
    .addPrimaryKeyConstraint('application_accommodations_pkey', ['application_id', 'request_id'])
    .execute();
  await db.schema
    .createIndex('application_accommodations_status')
    .on('application_accommodations')
    .columns(['status'])
    .execute();

  await db.schema
    .createTable('application_transfers')
    .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
    .addColumn('from_window_id', 'text', (c) => c.notNull())
    .addColumn('to_window_id', 'text', (c) => c.notNull())
    .addColumn('fee_usd', 'numeric(10, 2)', (c) => c.notNull())
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('application_transfers_pkey', ['application_id', 'from_window_id'])
    .execute();

  // FAQ: scores are confidential — only the candidate learns theirs; this table is read by nothing public.
  await db.schema
    .createTable('application_scores')
    .addColumn('application_id', 'text', (c) => c.primaryKey().references('applications.id'))
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('raw', 'integer', (c) => c.notNull())
    .addColumn('scaled', 'integer', (c) => c.notNull())
    .addColumn('passed', 'boolean', (c) => c.notNull())
    .addColumn('released_at', 'timestamptz', (c) => c.notNull())
    .execute();
}
