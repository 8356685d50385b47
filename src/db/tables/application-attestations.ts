import type { ColumnType } from 'kysely';
import type { EligibilityAttestation } from '../../domain/index';
import type { Db } from '../database';

export interface ApplicationAttestationsTable {
  application_id: string;
  attestation: ColumnType<EligibilityAttestation, string, never>;
  signed_by: string;
  signed_at: ColumnType<Date, string, never>;
  recorded_at: ColumnType<Date, never, never>;
}

/** Idempotent: the attestation comes with the application's workflow input and never changes, so the first write stands. */
export async function saveAttestation(
  db: Db,
  applicationId: string,
  attestation: EligibilityAttestation,
): Promise<void> {
  await db
    .insertInto('application_attestations')
    .values({
      application_id: applicationId,
      attestation: JSON.stringify(attestation),
      signed_by: attestation.signedBy,
      signed_at: attestation.signedAt,
    })
    .onConflict((oc) => oc.column('application_id').doNothing())
    .execute();
}

export async function findAttestation(db: Db, applicationId: string): Promise<EligibilityAttestation | undefined> {
  const row = await db
    .selectFrom('application_attestations')
    .select('attestation')
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
  return row?.attestation;
}
