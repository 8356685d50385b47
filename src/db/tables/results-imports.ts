import type { ColumnType, Selectable } from 'kysely';
import type { Db } from '../database';

export interface ResultsImportsTable {
  id: string;
  source: 'staff' | 'cli' | 'webhook';
  actor: string;
  filename: string;
  sha256: string;
  row_count: number;
  status: 'accepted' | 'rejected';
  report: ColumnType<unknown, string, never>;
  created_at: ColumnType<Date, never, never>;
}
export type ResultsImportRow = Selectable<ResultsImportsTable>;

export async function insertImport(
  db: Db,
  row: {
    id: string;
    source: ResultsImportRow['source'];
    actor: string;
    filename: string;
    sha256: string;
    rowCount: number;
    status: ResultsImportRow['status'];
    report: unknown;
  },
): Promise<void> {
  await db
    .insertInto('results_imports')
    .values({
      id: row.id,
      source: row.source,
      actor: row.actor,
      filename: row.filename,
      sha256: row.sha256,
      row_count: row.rowCount,
      status: row.status,
      report: JSON.stringify(row.report),
    })
    .execute();
}

/** An accepted import of exactly this file: a retried delivery gets its earlier answer. */
export async function acceptedImportWithHash(db: Db, sha256: string): Promise<ResultsImportRow | undefined> {
  return db
    .selectFrom('results_imports')
    .selectAll()
    .where('sha256', '=', sha256)
    .where('status', '=', 'accepted')
    .executeTakeFirst();
}

export async function findImport(db: Db, id: string): Promise<ResultsImportRow | undefined> {
  return db.selectFrom('results_imports').selectAll().where('id', '=', id).executeTakeFirst();
}
