import type { ColumnType } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../database';

export interface VendorSitesTable {
  site_id: string;
  name: string;
  seats_per_date: number;
  created_at: ColumnType<Date, never, never>;
}
export interface VendorSiteDatesTable {
  site_id: string;
  exam_date: ColumnType<string, string, string>;
  seats: number;
}
export interface VendorSeatsTable {
  application_id: string;
  site_id: string;
  exam_date: ColumnType<string, string, string>;
  reserved_at: ColumnType<Date, never, string>;
}
export interface VendorWebhookReceiptsTable {
  signature: string;
  application_id: string;
  received_at: ColumnType<Date, never, never>;
}

export interface VendorSite {
  siteId: string;
  name: string;
  seatsPerDate: number;
}

/** Adds a site or changes its name and default seats per date (configuration and tests). */
export async function upsertVendorSite(db: Db, site: VendorSite): Promise<void> {
  await db
    .insertInto('vendor_sites')
    .values({ site_id: site.siteId, name: site.name, seats_per_date: site.seatsPerDate })
    .onConflict((oc) => oc.column('site_id').doUpdateSet({ name: site.name, seats_per_date: site.seatsPerDate }))
    .execute();
}

/** The capacity of one site on one date, overriding its default (0 closes the date). */
export async function setSeatsOnDate(db: Db, siteId: string, examDate: string, seats: number): Promise<void> {
  await db
    .insertInto('vendor_site_dates')
    .values({ site_id: siteId, exam_date: examDate, seats })
    .onConflict((oc) => oc.columns(['site_id', 'exam_date']).doUpdateSet({ seats }))
    .execute();
}

export async function listVendorSites(db: Db): Promise<VendorSite[]> {
  const rows = await db.selectFrom('vendor_sites').selectAll().orderBy('site_id').execute();
  return rows.map((r) => ({ siteId: r.site_id, name: r.name, seatsPerDate: r.seats_per_date }));
}

/** The seat held by an application, dates as 'YYYY-MM-DD'. */
export async function seatOf(db: Db, applicationId: string): Promise<{ siteId: string; examDate: string } | undefined> {
  const row = await db
    .selectFrom('vendor_seats')
    .select(['site_id', sql<string>`to_char(exam_date, 'YYYY-MM-DD')`.as('exam_date')])
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
  return row && { siteId: row.site_id, examDate: row.exam_date };
}

/** Remembers an accepted webhook signature; false when it was seen before (a replay). */
export async function claimWebhookReceipt(db: Db, signature: string, applicationId: string): Promise<boolean> {
  const result = await db
    .insertInto('vendor_webhook_receipts')
    .values({ signature, application_id: applicationId })
    .onConflict((oc) => oc.column('signature').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Lets the vendor retry the same delivery when we failed on our side before acting on it. */
export async function forgetWebhookReceipt(db: Db, signature: string): Promise<void> {
  await db.deleteFrom('vendor_webhook_receipts').where('signature', '=', signature).execute();
}
