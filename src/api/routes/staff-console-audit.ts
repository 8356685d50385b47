import type { Db } from '../../db/database';
import { accommodationsOf } from '../../db/tables/application-accommodations';
import { findApplication } from '../../db/tables/applications';
import { findOpenAttention, type CaseKind } from '../../db/tables/needs-attention';
import { latestGoodStandingReport } from '../../db/tables/recertification';
import { findTestingWindow } from '../../db/tables/testing-windows';

/**
 * The "before" of an audit entry, read from the records just before a staff action runs, so every entry says
 * what changed. A creation records `{ exists: false }`: there was nothing before it.
 */
export const nothingBefore = { exists: false } as const;

export async function applicationBefore(db: Db, applicationId: string): Promise<unknown> {
  const row = await findApplication(db, applicationId);
  if (!row) return nothingBefore;
  const accommodations = (await accommodationsOf(db, applicationId)).map((a) => ({
    requestId: a.request_id,
    status: a.status,
  }));
  return { stage: row.stage, windowId: row.window_id, accommodations };
}

export async function accommodationBefore(db: Db, applicationId: string, requestId: string): Promise<unknown> {
  const row = (await accommodationsOf(db, applicationId)).find((a) => a.request_id === requestId);
  return row ? { requestId, status: row.status, reason: row.reason } : nothingBefore;
}

export async function windowBefore(db: Db, program: string, windowId: string): Promise<unknown> {
  const row = await findTestingWindow(db, program, windowId);
  if (!row) return nothingBefore;
  const decisions = Array.isArray(row.decisions) ? row.decisions : [];
  return {
    stage: row.stage,
    releaseAt: row.release_at ? new Date(row.release_at).toISOString() : null,
    approvedBy: row.approved_by,
    decisions,
  };
}

export async function goodStandingBefore(db: Db): Promise<unknown> {
  const report = await latestGoodStandingReport(db);
  return report
    ? {
        reportId: report.id,
        generatedAt: new Date(report.generated_at).toISOString(),
        certificants: report.certificants,
      }
    : nothingBefore;
}

export async function ceEntryBefore(db: Db, certificantId: string, entryId: string): Promise<unknown> {
  const row = await db
    .selectFrom('ce_entries')
    .select(['status', 'decision_reason'])
    .where('certificant_id', '=', certificantId)
    .where('entry_id', '=', entryId)
    .executeTakeFirst();
  return row ? { entryId, status: row.status, reason: row.decision_reason } : nothingBefore;
}

/** The certificant's latest cycle as recorded. */
export async function cycleBefore(db: Db, certificantId: string): Promise<unknown> {
  const row = await db
    .selectFrom('recertification_cycles')
    .select(['stage', 'cycle_number', 'accepted_hours'])
    .where('certificant_id', '=', certificantId)
    .orderBy('due_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { stage: row.stage, cycle: row.cycle_number, acceptedHours: Number(row.accepted_hours) } : nothingBefore;
}

/** The case's stage and its open failed step, before staff retry or resolve it. */
export async function attentionBefore(db: Db, caseKind: CaseKind, caseId: string): Promise<unknown> {
  const open = await findOpenAttention(db, caseKind, caseId);
  const stage =
    caseKind === 'application'
      ? (await findApplication(db, caseId))?.stage
      : ((await cycleBefore(db, caseId)) as { stage?: string }).stage;
  return open
    ? { stage, step: open.step, reason: open.reason, since: new Date(open.opened_at).toISOString() }
    : { stage, attention: 'none' };
}
