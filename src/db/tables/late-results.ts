import { sql } from 'kysely';
import type { Db } from '../database';
import { closeAttention, openAttention, type CloseAttention, type NeedsAttentionRow } from './needs-attention';

/** The needs-attention `activity` of a vendor result that arrived after its case closed as a no-show. */
export const LATE_RESULT_ACTIVITY = 'lateVendorResult';

export function isLateResult(row: Pick<NeedsAttentionRow, 'activity'> | undefined): boolean {
  return row?.activity === LATE_RESULT_ACTIVITY;
}

/**
 * Of these applications whose workflow had ended when their result came, the no-shows: the result is stored (the
 * import keeps it) and staff get a needs-attention item to review it, since the no-show was decided at the close
 * without it. Idempotent: a repeated import rewrites the same open item. Returns the application ids flagged.
 */
export async function flagLateResults(db: Db, importId: string, applicationIds: string[]): Promise<string[]> {
  if (applicationIds.length === 0) return [];
  const rows = await db
    .selectFrom('applications as a')
    .innerJoin('exam_results as r', 'r.application_id', 'a.id')
    .select(['a.id', 'a.window_id', sql<string>`to_char(r.tested_on, 'YYYY-MM-DD')`.as('tested_on')])
    .where('a.id', 'in', applicationIds)
    .where('a.stage', '=', 'no-show')
    .where('r.import_id', '=', importId)
    .execute();
  for (const r of rows) {
    await openAttention(db, {
      caseKind: 'application',
      caseId: r.id,
      workflowId: r.id,
      activity: LATE_RESULT_ACTIVITY,
      step: 'review a result that arrived after the no-show',
      reason: `The test vendor reported a result (tested on ${r.tested_on}, import ${importId}) after the ${r.window_id} window closed and this case closed as a no-show. The result is stored; decide what to tell the candidate.`,
      since: new Date().toISOString(),
    });
  }
  return rows.map((r) => r.id);
}

/** Staff settle a late result by hand (the case's workflow has ended, so nothing can be retried): audited. */
export async function settleLateResult(db: Db, c: Omit<CloseAttention, 'caseKind' | 'resolution'>): Promise<boolean> {
  return closeAttention(db, { ...c, caseKind: 'application', resolution: 'resolved' });
}
