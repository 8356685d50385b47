import type { ColumnType, Selectable } from 'kysely';
import type { Db } from '../database';

export interface ApplicationAccommodationsTable {
  application_id: string;
  request_id: string;
  needs: string;
  document_ids: ColumnType<string[], string, string>;
  status: 'pending' | 'approved' | 'denied';
  requested_at: ColumnType<Date, string, string>;
  decided_at: ColumnType<Date | null, string | null | undefined, string | null>;
  decided_by: string | null;
  reason: string | null;
}
export type ApplicationAccommodationRow = Selectable<ApplicationAccommodationsTable>;

export interface AccommodationRecord {
  applicationId: string;
  id: string;
  needs: string;
  documentIds: string[];
  status: 'pending' | 'approved' | 'denied';
  requestedAt: string;
  decidedAt?: string;
  decidedBy?: string;
  reason?: string;
}

/** Idempotent: keyed by (application, request id); the decision overwrites the pending row. */
export async function upsertAccommodation(db: Db, a: AccommodationRecord): Promise<void> {
  const change = {
    status: a.status,
    decided_at: a.decidedAt ?? null,
    decided_by: a.decidedBy ?? null,
    reason: a.reason ?? null,
  };
  await db
    .insertInto('application_accommodations')
    .values({
      application_id: a.applicationId,
      request_id: a.id,
      needs: a.needs,
      document_ids: JSON.stringify(a.documentIds),
      requested_at: a.requestedAt,
      ...change,
    })
    .onConflict((oc) => oc.columns(['application_id', 'request_id']).doUpdateSet(change))
    .execute();
}

export async function accommodationsOf(db: Db, applicationId: string): Promise<ApplicationAccommodationRow[]> {
  return db
    .selectFrom('application_accommodations')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('request_id')
    .execute();
}

/** Removes an uploaded document whose accommodation request was refused (it must not linger). */
export async function discardDocument(db: Db, documentId: string): Promise<void> {
  await db.deleteFrom('documents').where('id', '=', documentId).where('owner_kind', '=', 'application').execute();
}
