import { sql, type Kysely } from 'kysely';

/** Every amount charged or refunded per candidate; one row per (case, entry key) so a retried activity records once. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('fee_ledger')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('candidate_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('entry_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('exam-fee', 'late-fee', 'transfer-fee', 'refund', 'recertification-fee', 'reinstatement-fee')`,
        ),
    )
    // Cents: a charge is positive, a refund negative.
    .addColumn('amount_cents', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('fee_ledger_case_entry', ['case_id', 'entry_key'])
    .execute();
  await db.schema
    .createIndex('fee_ledger_candidate')
    .on('fee_ledger')
    .columns(['candidate_id', 'recorded_at'])
    .execute();
}
