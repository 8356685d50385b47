import type { ColumnType, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../database';

export interface WindowStatisticsTable {
  program: string;
  window_id: string;
  tested: number;
  passed: number;
  published_at: ColumnType<Date, never, never>;
}
export type WindowStatisticsRow = Selectable<WindowStatisticsTable>;

/** Counts only, never names (FAQ: names of candidates who do not pass are confidential). Idempotent per window. */
export async function publishWindowStatistics(
  db: Db,
  s: { program: string; windowId: string; tested: number; passed: number },
): Promise<void> {
  await db
    .insertInto('window_statistics')
    .values({ program: s.program, window_id: s.windowId, tested: s.tested, passed: s.passed })
    .onConflict((oc) =>
      oc
        .columns(['program', 'window_id'])
        .doUpdateSet({ tested: s.tested, passed: s.passed, published_at: sql`now()` } as never),
    )
    .execute();
}

export async function allWindowStatistics(db: Db): Promise<WindowStatisticsRow[]> {
  return db.selectFrom('window_statistics').selectAll().orderBy('window_id').orderBy('program').execute();
}
