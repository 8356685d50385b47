import { sql } from 'kysely';
import type { Db } from '../../../src/db/database';

/** Rows per table of the app's schema (the migration bookkeeping left out). */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = await sql<{
    table_name: string;
  }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%' order by table_name`.execute(
    db,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of tables.rows) {
    const result = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table_name)}`.execute(db);
    counts[table_name] = Number(result.rows[0]!.n);
  }
  return counts;
}
