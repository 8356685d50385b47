import type { ColumnType, Selectable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../database';

type Ts = ColumnType<Date | null, string | null | undefined, string | null>;
type Money = ColumnType<string | null, number | null | undefined, number | null>;

/** One row per application: what happened to it beyond its stage (decisions, appointment, result, withdrawal). */
export interface ApplicationDetailsTable {
  application_id: string;
  eligibility_decision: 'approve' | 'reject' | null;
  eligibility_reason: string | null;
  eligibility_decided_by: string | null;
  eligibility_decided_at: Ts;
  /** Civil dates as 'YYYY-MM-DD' text: no time zone to lose. */
  exam_date: string | null;
  exam_site: string | null;
  exam_starts_at: Ts;
  tested_on: string | null;
  result_form_id: string | null;
  result_import_id: string | null;
  withdrawn_at: Ts;
  withdrawal_reason: string | null;
  refund_usd: Money;
  refund_processing_fee_usd: Money;
  updated_at: ColumnType<Date, never, string>;
}
export type ApplicationDetailsRow = Selectable<ApplicationDetailsTable>;
export type ApplicationDetailsPatch = Omit<Updateable<ApplicationDetailsTable>, 'application_id' | 'updated_at'>;

/** Idempotent upsert keyed by the application id: a retried activity writes the same values again. */
export async function patchApplicationDetails(
  db: Db,
  applicationId: string,
  patch: ApplicationDetailsPatch,
): Promise<void> {
  const values = patch as Record<string, never>;
  await db
    .insertInto('application_details')
    .values({ application_id: applicationId, ...values })
    .onConflict((oc) => oc.column('application_id').doUpdateSet({ ...values, updated_at: sql<string>`now()` }))
    .execute();
}

export async function findApplicationDetails(
  db: Db,
  applicationId: string,
): Promise<ApplicationDetailsRow | undefined> {
  return db
    .selectFrom('application_details')
    .selectAll()
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
}
