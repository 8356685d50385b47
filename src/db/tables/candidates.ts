import type { ColumnType, Selectable } from 'kysely';
import type { Db } from '../database';

export interface CandidatesTable {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  membership: 'member' | 'non-member';
  created_at: ColumnType<Date, never, never>;
}
export type Candidate = Selectable<CandidatesTable>;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Finds the candidate with this email or creates one with `newId`. An existing record is never
 * overwritten from a form: the email and name on file stay what they were.
 */
export async function findOrCreateCandidate(
  db: Db,
  input: { newId: string; email: string; firstName: string; lastName: string; membership: 'member' | 'non-member' },
): Promise<Candidate> {
  const email = normalizeEmail(input.email);
  await db
    .insertInto('candidates')
    .values({
      id: input.newId,
      email,
      first_name: input.firstName,
      last_name: input.lastName,
      membership: input.membership,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  return db.selectFrom('candidates').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
}

export async function findCandidate(db: Db, id: string): Promise<Candidate | undefined> {
  return db.selectFrom('candidates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCandidateByEmail(db: Db, email: string): Promise<Candidate | undefined> {
  return db.selectFrom('candidates').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}
