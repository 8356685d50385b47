import type { ColumnType, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../database';

export interface ApplicationsTable {
  id: string;
  candidate_id: string;
  program: string;
  window_id: string;
  first_name: string;
  last_name: string;
  membership: string;
  stage: string;
  submitted_at: ColumnType<Date, string, string>;
  updated_at: ColumnType<Date, string | undefined, string>;
}
export type ApplicationRow = Selectable<ApplicationsTable>;

export interface ApplicationRecord {
  id: string;
  candidateId: string;
  program: string;
  windowId: string;
  firstName: string;
  lastName: string;
  membership: string;
  stage: string;
  submittedAt: string;
}

/** Idempotent: keyed by the application id (the workflow id), so a retried activity writes the same row. */
export async function upsertApplication(db: Db, app: ApplicationRecord): Promise<void> {
  await db
    .insertInto('applications')
    .values({
      id: app.id,
      candidate_id: app.candidateId,
      program: app.program,
      window_id: app.windowId,
      first_name: app.firstName,
      last_name: app.lastName,
      membership: app.membership,
      stage: app.stage,
      submitted_at: app.submittedAt,
    })
    .onConflict((oc) => oc.column('id').doUpdateSet({ stage: app.stage, updated_at: sql`now()` }))
    .execute();
}

export async function findApplication(db: Db, id: string): Promise<ApplicationRow | undefined> {
  return db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listRecentApplications(db: Db, limit = 50): Promise<ApplicationRow[]> {
  return db.selectFrom('applications').selectAll().orderBy('submitted_at', 'desc').limit(limit).execute();
}

/** A candidate's applications, oldest first (the lost-link email lists them all). */
export async function listApplicationsOfCandidate(db: Db, candidateId: string): Promise<ApplicationRow[]> {
  return db
    .selectFrom('applications')
    .selectAll()
    .where('candidate_id', '=', candidateId)
    .orderBy('submitted_at')
    .execute();
}
