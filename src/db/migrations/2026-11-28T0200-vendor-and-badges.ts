import { sql, type Kysely } from 'kysely';

/**
 * The test vendor double: sites with a seat capacity per date, one seat per application, and the signatures of
 * webhooks already accepted (replay guard). The default sites are seeded so every environment can schedule.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('vendor_sites')
    .addColumn('site_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('seats_per_date', 'integer', (c) => c.notNull().check(sql`seats_per_date >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('vendor_site_dates')
    .addColumn('site_id', 'text', (c) => c.notNull().references('vendor_sites.site_id'))
    .addColumn('exam_date', 'date', (c) => c.notNull())
    .addColumn('seats', 'integer', (c) => c.notNull().check(sql`seats >= 0`))
    .addPrimaryKeyConstraint('vendor_site_dates_pkey', ['site_id', 'exam_date'])
    .execute();

  await db.schema
    .createTable('vendor_seats')
    .addColumn('application_id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull().references('vendor_sites.site_id'))
    .addColumn('exam_date', 'date', (c) => c.notNull())
    .addColumn('reserved_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('vendor_seats_site_date').on('vendor_seats').columns(['site_id', 'exam_date']).execute();

  await db.schema
    .createTable('vendor_webhook_receipts')
    .addColumn('signature', 'text', (c) => c.primaryKey())
    .addColumn('application_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await sql`insert into vendor_sites (site_id, name, seats_per_date) values
    ('CHI-01', 'Chicago Loop Test Center', 12),
    ('NYC-02', 'New York Midtown Test Center', 8),
    ('DAL-03', 'Dallas North Test Center', 6),
    ('ONLINE', 'Online proctored', 50)`.execute(db);
}
