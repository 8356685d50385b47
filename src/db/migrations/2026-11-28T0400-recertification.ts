import { sql, type Kysely } from 'kysely';

/** Recertification: one row per certificant × cycle, the CE grid, and the generated Good Standing Reports. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('recertification_cycles')
    .addColumn('certificant_id', 'text', (c) => c.notNull().references('candidates.id'))
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('cycle_number', 'integer', (c) => c.notNull())
    .addColumn('first_certified_on', 'date', (c) => c.notNull())
    .addColumn('certifications', 'text', (c) => c.notNull().check(sql`certifications in ('single', 'dual')`))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('deadline', 'date', (c) => c.notNull())
    .addColumn('required_hours', sql`numeric(6,2)`, (c) => c.notNull())
    .addColumn('counted_hours', sql`numeric(6,2)`, (c) => c.notNull())
    .addColumn('accepted_hours', sql`numeric(6,2)`, (c) => c.notNull())
    .addColumn('extension_until', 'date')
    .addColumn('lapsed_on', 'date')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('fee_usd', 'integer')
    .addColumn('renewed_at', 'timestamptz')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('recertification_cycles_pk', ['certificant_id', 'due_date'])
    .execute();

  await db.schema
    .createTable('ce_entries')
    .addColumn('certificant_id', 'text', (c) => c.notNull().references('candidates.id'))
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('cycle_due_date', 'date', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('completed_on', 'date', (c) => c.notNull())
    .addColumn('hours', sql`numeric(6,2)`, (c) => c.notNull().check(sql`hours > 0`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('namss-approved', 'other')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('reported', 'accepted', 'rejected')`))
    .addColumn('document_id', 'text')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('decision_reason', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addPrimaryKeyConstraint('ce_entries_pk', ['certificant_id', 'entry_id'])
    .execute();
  await db.schema
    .createIndex('ce_entries_cycle')
    .on('ce_entries')
    .columns(['certificant_id', 'cycle_due_date'])
    .execute();

  await db.schema
    .createTable('good_standing_reports')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('generated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('certificants', 'integer', (c) => c.notNull())
    .addColumn('csv', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .execute();
}
