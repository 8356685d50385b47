import type { ColumnType, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../database';

export type CertificationStatus = 'active' | 'lapsed' | 'revoked' | 'expired';

export interface CertificationsTable {
  credential_id: string;
  candidate_id: string;
  program: string;
  application_id: string;
  /** Calendar dates as 'YYYY-MM-DD' (read back as text, see certificationsSelect). */
  certified_on: ColumnType<string, string, string>;
  expires_on: ColumnType<string, string, string>;
  /** `expired`: the reinstatement period ended; kept as history when the program is certified again. */
  status: ColumnType<CertificationStatus, CertificationStatus | undefined, CertificationStatus>;
  badge_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, string>;
}
export type CertificationRow = Selectable<CertificationsTable>;

// pg and PGlite both turn `date` into a JS Date at local midnight; text keeps the calendar date exact.
const columns = [
  'credential_id',
  'candidate_id',
  'program',
  'application_id',
  sql<string>`to_char(certified_on, 'YYYY-MM-DD')`.as('certified_on'),
  sql<string>`to_char(expires_on, 'YYYY-MM-DD')`.as('expires_on'),
  'status',
  'badge_id',
  'created_at',
  'updated_at',
] as const;

/** Idempotent on the application: a retried activity finds the credential it created before. */
export async function upsertCertification(
  db: Db,
  c: {
    credentialId: string;
    candidateId: string;
    program: string;
    applicationId: string;
    certifiedOn: string;
    expiresOn: string;
  },
): Promise<CertificationRow> {
  await db
    .insertInto('certifications')
    .values({
      credential_id: c.credentialId,
      candidate_id: c.candidateId,
      program: c.program,
      application_id: c.applicationId,
      certified_on: c.certifiedOn,
      expires_on: c.expiresOn,
    })
    .onConflict((oc) => oc.column('application_id').doNothing())
    .execute();
  return db
    .selectFrom('certifications')
    .select(columns)
    .where('application_id', '=', c.applicationId)
    .executeTakeFirstOrThrow();
}

export async function findCertification(db: Db, credentialId: string): Promise<CertificationRow | undefined> {
  return db.selectFrom('certifications').select(columns).where('credential_id', '=', credentialId).executeTakeFirst();
}

export async function certificationsOf(db: Db, candidateId: string): Promise<CertificationRow[]> {
  return db
    .selectFrom('certifications')
    .select(columns)
    .where('candidate_id', '=', candidateId)
    .orderBy('certified_on')
    .execute();
}

export async function updateCertification(
  db: Db,
  credentialId: string,
  change: Partial<{ status: CertificationRow['status']; expiresOn: string; badgeId: string | null }>,
): Promise<void> {
  await db
    .updateTable('certifications')
    .set({
      ...(change.status ? { status: change.status } : {}),
      ...(change.expiresOn ? { expires_on: change.expiresOn } : {}),
      ...(change.badgeId !== undefined ? { badge_id: change.badgeId } : {}),
      updated_at: sql<string>`now()`,
    })
    .where('credential_id', '=', credentialId)
    .execute();
}

/** Lapsed credentials whose reinstatement period is over become history (status expired). */
export async function expireCertifications(db: Db, credentialIds: string[]): Promise<void> {
  if (credentialIds.length === 0) return;
  await db
    .updateTable('certifications')
    .set({ status: 'expired', updated_at: sql<string>`now()` })
    .where('credential_id', 'in', credentialIds)
    .where('status', '=', 'lapsed')
    .execute();
}
