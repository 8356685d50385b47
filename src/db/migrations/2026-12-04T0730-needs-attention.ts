import { sql, type Kysely } from 'kysely';

/** Cases parked in stage needs-attention: one row per case with its latest failed step and how staff settled it. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('needs_attention')
    .addColumn('case_kind', 'text', (c) => c.notNull().check(sql`case_kind in ('application', 'recertification')`))
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('activity', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('failure_type', 'text')
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('cycle_due_date', 'date')
    .addColumn('stage_before', 'text')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('resolution', 'text', (c) => c.check(sql`resolution in ('retry', 'resolved', 'cancelled')`))
    .addColumn('resolved_by', 'text')
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('needs_attention_pkey', ['case_kind', 'case_id'])
    .execute();
  await db.schema
    .createIndex('needs_attention_open')
    .on('needs_attention')
    .column('opened_at')
    .where(sql.ref('resolved_at'), 'is', null)
    .execute();
}
