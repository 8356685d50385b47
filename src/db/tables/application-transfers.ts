import type { ColumnType, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../database';

export interface ApplicationTransfersTable {
  application_id: string;
  from_window_id: string;
  to_window_id: string;
  fee_usd: ColumnType<string, number, number>;
  requested_at: ColumnType<Date, string, string>;
}
export type ApplicationTransferRow = Selectable<ApplicationTransfersTable>;

/**
 * Moves the application to the next window and records the transfer fee, in one transaction; keyed by
 * (application, from window) so a retry changes nothing.
 */
export async function recordTransfer(
  db: Db,
  t: { applicationId: string; fromWindowId: string; toWindowId: string; feeUsd: number; requestedAt: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('application_transfers')
      .values({
        application_id: t.applicationId,
        from_window_id: t.fromWindowId,
        to_window_id: t.toWindowId,
        fee_usd: t.feeUsd,
        requested_at: t.requestedAt,
      })
      .onConflict((oc) => oc.columns(['application_id', 'from_window_id']).doNothing())
      .execute();
    await trx
      .updateTable('applications')
      .set({ window_id: t.toWindowId, updated_at: sql`now()` })
      .where('id', '=', t.applicationId)
      .execute();
  });
}

export async function transfersOf(db: Db, applicationId: string): Promise<ApplicationTransferRow[]> {
  return db
    .selectFrom('application_transfers')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('requested_at')
    .execute();
}
