import type { ColumnType, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../database';

type Json = ColumnType<unknown, string | null | undefined, string | null>;
type Time = ColumnType<Date | null, string | null | undefined, string | null>;

export interface TestingWindowsTable {
  id: string;
  program: string;
  window_id: string;
  stage: string;
  form_id: ColumnType<string | null, string | null | undefined, string | null>;
  closed_at: Time;
  release_at: Time;
  released_at: Time;
  approved_by: ColumnType<string | null, string | null | undefined, string | null>;
  analysis: Json;
  decisions: Json;
  equating: Json;
  updated_at: ColumnType<Date, never, never>;
}
export type TestingWindowRow = Selectable<TestingWindowsTable>;

export interface WindowNotificationsTable {
  program: string;
  window_id: string;
  kind: string;
  application_id: string;
  sent_at: ColumnType<Date, never, never>;
}

export interface WindowRecordChange {
  id: string;
  program: string;
  windowId: string;
  stage: string;
  formId?: string;
  closedAt?: string;
  releaseAt?: string;
  releasedAt?: string;
  approvedBy?: string;
  analysis?: unknown;
  decisions?: unknown;
  equating?: unknown;
}

/** Upsert keyed by the window workflow id; only the fields given change. */
export async function upsertTestingWindow(db: Db, c: WindowRecordChange): Promise<void> {
  const set = {
    stage: c.stage,
    ...(c.formId !== undefined ? { form_id: c.formId } : {}),
    ...(c.closedAt !== undefined ? { closed_at: c.closedAt } : {}),
    ...(c.releaseAt !== undefined ? { release_at: c.releaseAt } : {}),
    ...(c.releasedAt !== undefined ? { released_at: c.releasedAt } : {}),
    ...(c.approvedBy !== undefined ? { approved_by: c.approvedBy } : {}),
    ...(c.analysis !== undefined ? { analysis: JSON.stringify(c.analysis) } : {}),
    ...(c.decisions !== undefined ? { decisions: JSON.stringify(c.decisions) } : {}),
    ...(c.equating !== undefined ? { equating: JSON.stringify(c.equating) } : {}),
  };
  await db
    .insertInto('testing_windows')
    .values({ id: c.id, program: c.program, window_id: c.windowId, ...set })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...set, updated_at: sql`now()` } as never))
    .execute();
}

export async function findTestingWindow(
  db: Db,
  program: string,
  windowId: string,
): Promise<TestingWindowRow | undefined> {
  return db
    .selectFrom('testing_windows')
    .selectAll()
    .where('program', '=', program)
    .where('window_id', '=', windowId)
    .executeTakeFirst();
}

export async function listTestingWindows(db: Db): Promise<TestingWindowRow[]> {
  return db.selectFrom('testing_windows').selectAll().orderBy('window_id', 'desc').orderBy('program').execute();
}

/** Of these applications, the ones already told of `kind`. */
export async function alreadyNotified(
  db: Db,
  key: { program: string; windowId: string; kind: string },
  applicationIds: string[],
): Promise<Set<string>> {
  if (applicationIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('window_notifications')
    .select('application_id')
    .where('program', '=', key.program)
    .where('window_id', '=', key.windowId)
    .where('kind', '=', key.kind)
    .where('application_id', 'in', applicationIds)
    .execute();
  return new Set(rows.map((r) => r.application_id));
}

export async function markNotified(
  db: Db,
  key: { program: string; windowId: string; kind: string },
  applicationIds: string[],
): Promise<void> {
  if (applicationIds.length === 0) return;
  await db
    .insertInto('window_notifications')
    .values(
      applicationIds.map((id) => ({
        program: key.program,
        window_id: key.windowId,
        kind: key.kind,
        application_id: id,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function countNotified(db: Db, key: { program: string; windowId: string; kind: string }): Promise<number> {
  const row = await db
    .selectFrom('window_notifications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('program', '=', key.program)
    .where('window_id', '=', key.windowId)
    .where('kind', '=', key.kind)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
