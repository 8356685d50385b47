import type { ColumnType, Selectable } from 'kysely';
import type { Db } from '../database';
import type { LinkPurpose } from '../../lib/link-token';

export interface CandidateLinksTable {
  id: string;
  purpose: LinkPurpose;
  subject_id: string;
  candidate_id: string;
  issued_at: ColumnType<Date, string, never>;
  expires_at: ColumnType<Date, string, never>;
  revoked_at: ColumnType<Date | null, never, string | null>;
  revoked_by: ColumnType<string | null, never, string | null>;
  last_used_at: ColumnType<Date | null, never, string>;
}
export type CandidateLink = Selectable<CandidateLinksTable>;

export interface NewLink {
  id: string;
  purpose: LinkPurpose;
  subjectId: string;
  candidateId: string;
  issuedAt: Date;
  expiresAt: Date;
}

/** Records the link unless its id is taken: an activity's retry mints the same id, so it finds the first row. */
export async function recordLink(db: Db, link: NewLink): Promise<CandidateLink> {
  await db
    .insertInto('candidate_links')
    .values({
      id: link.id,
      purpose: link.purpose,
      subject_id: link.subjectId,
      candidate_id: link.candidateId,
      issued_at: link.issuedAt.toISOString(),
      expires_at: link.expiresAt.toISOString(),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return db.selectFrom('candidate_links').selectAll().where('id', '=', link.id).executeTakeFirstOrThrow();
}

export function findLink(db: Db, id: string): Promise<CandidateLink | undefined> {
  return db.selectFrom('candidate_links').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markLinkUsed(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('candidate_links').set({ last_used_at: at.toISOString() }).where('id', '=', id).execute();
}

/** Revokes the candidate's live links of this purpose except those kept; answers the ids it revoked. */
export async function revokeOtherLinks(
  db: Db,
  input: { candidateId: string; purpose: LinkPurpose; keep: readonly string[]; at: Date; by: string },
): Promise<string[]> {
  let query = db
    .updateTable('candidate_links')
    .set({ revoked_at: input.at.toISOString(), revoked_by: input.by })
    .where('candidate_id', '=', input.candidateId)
    .where('purpose', '=', input.purpose)
    .where('revoked_at', 'is', null);
  if (input.keep.length) query = query.where('id', 'not in', [...input.keep]);
  const rows = await query.returning('id').execute();
  return rows.map((r) => r.id);
}

/** Every live link of the candidate (both purposes); answers the ids it revoked. */
export async function revokeCandidateLinks(
  db: Db,
  input: { candidateId: string; at: Date; by: string },
): Promise<string[]> {
  const rows = await db
    .updateTable('candidate_links')
    .set({ revoked_at: input.at.toISOString(), revoked_by: input.by })
    .where('candidate_id', '=', input.candidateId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
