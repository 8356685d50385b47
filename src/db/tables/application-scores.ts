import type { ColumnType, Selectable } from 'kysely';
import type { Db } from '../database';

/** Confidential (FAQ: scores go to the candidate only); never listed in staff pages or reports by name. */
export interface ApplicationScoresTable {
  application_id: string;
  form_id: string;
  raw: number;
  scaled: number;
  passed: boolean;
  released_at: ColumnType<Date, string, string>;
}
export type ApplicationScoreRow = Selectable<ApplicationScoresTable>;

export async function recordScore(
  db: Db,
  s: { applicationId: string; formId: string; raw: number; scaled: number; passed: boolean; releasedAt: string },
): Promise<void> {
  await db
    .insertInto('application_scores')
    .values({
      application_id: s.applicationId,
      form_id: s.formId,
      raw: s.raw,
      scaled: s.scaled,
      passed: s.passed,
      released_at: s.releasedAt,
    })
    .onConflict((oc) => oc.column('application_id').doNothing())
    .execute();
}

export async function findScore(db: Db, applicationId: string): Promise<ApplicationScoreRow | undefined> {
  return db.selectFrom('application_scores').selectAll().where('application_id', '=', applicationId).executeTakeFirst();
}
