import { sql, type ColumnType, type Selectable } from 'kysely';
import type { DecisionSender } from '../../workflows/decision-audit/contract';
import type { Db } from '../database';
import { recordAudit } from './audit-log';

type Ts = ColumnType<Date | null, string | null | undefined, string | null>;

export type CaseKind = 'application' | 'recertification';

/** One row per case: its latest failed step, open until staff retry or resolve it (or the case is cancelled). */
export interface NeedsAttentionTable {
  case_kind: CaseKind;
  case_id: string;
  workflow_id: string;
  activity: string;
  step: string;
  reason: string;
  failure_type: string | null;
  opened_at: ColumnType<Date, string, string>;
  /** Recertification: the cycle whose record shows the stage, and its stage before the park (restored after). */
  cycle_due_date: ColumnType<string | null, string | null | undefined, string | null>;
  stage_before: string | null;
  resolved_at: Ts;
  resolution: 'retry' | 'resolved' | 'cancelled' | null;
  resolved_by: string | null;
  note: string | null;
}
export type NeedsAttentionRow = Selectable<NeedsAttentionTable>;

export interface OpenAttention {
  caseKind: CaseKind;
  caseId: string;
  workflowId: string;
  activity: string;
  step: string;
  reason: string;
  failureType?: string;
  since: string;
  cycleDueDate?: string;
}

export interface CloseAttention {
  caseKind: CaseKind;
  caseId: string;
  resolution: 'retry' | 'resolved' | 'cancelled';
  by: string;
  note?: string;
  at: string;
  /**
   * A decision sent straight to the workflow reaches the audit log here (the API audits its own). `sender` lets the
   * activity name who sent it (`actor`); without one, the decision's `by` is the actor.
   */
  auditAs?: {
    action: string;
    subject: string;
    actor?: string;
    sender?: DecisionSender;
    workflowId?: string;
    runId?: string;
  };
}

/**
 * Opens (or, for a retried activity, rewrites) the case's episode. A recertification's cycle record shows stage
 * needs-attention meanwhile; the stage it had is kept to restore. Idempotent.
 */
export async function openAttention(db: Db, a: OpenAttention): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const existing = await tx
      .selectFrom('needs_attention')
      .select('stage_before')
      .where('case_kind', '=', a.caseKind)
      .where('case_id', '=', a.caseId)
      .forUpdate()
      .executeTakeFirst();
    let stageBefore: string | null = null;
    if (a.caseKind === 'recertification' && a.cycleDueDate) {
      const cycle = await tx
        .selectFrom('recertification_cycles')
        .select('stage')
        .where('certificant_id', '=', a.caseId)
        .where('due_date', '=', a.cycleDueDate)
        .forUpdate()
        .executeTakeFirst();
      // A retried activity finds the stage already replaced: the one saved the first time stands.
      stageBefore = cycle?.stage === 'needs-attention' ? (existing?.stage_before ?? null) : (cycle?.stage ?? null);
      await tx
        .updateTable('recertification_cycles')
        .set({ stage: 'needs-attention' })
        .where('certificant_id', '=', a.caseId)
        .where('due_date', '=', a.cycleDueDate)
        .execute();
    }
    const values = {
      workflow_id: a.workflowId,
      activity: a.activity,
      step: a.step,
      reason: a.reason,
      failure_type: a.failureType ?? null,
      opened_at: a.since,
      cycle_due_date: a.cycleDueDate ?? null,
      stage_before: stageBefore,
      resolved_at: null,
      resolution: null,
      resolved_by: null,
      note: null,
    };
    await tx
      .insertInto('needs_attention')
      .values({ case_kind: a.caseKind, case_id: a.caseId, ...values })
      .onConflict((oc) => oc.columns(['case_kind', 'case_id']).doUpdateSet(values))
      .execute();
  });
}

/** Closes the open episode and puts a recertification record's stage back; false when it was already closed. */
export async function closeAttention(db: Db, c: CloseAttention): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('needs_attention')
      .select([
        'case_kind',
        'step',
        'reason',
        'stage_before',
        'resolved_at',
        sql<string | null>`to_char(cycle_due_date, 'YYYY-MM-DD')`.as('cycle_due_date'),
      ])
      .where('case_kind', '=', c.caseKind)
      .where('case_id', '=', c.caseId)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.resolved_at) return false;
    await tx
      .updateTable('needs_attention')
      .set({ resolved_at: c.at, resolution: c.resolution, resolved_by: c.by, note: c.note ?? null })
      .where('case_kind', '=', c.caseKind)
      .where('case_id', '=', c.caseId)
      .execute();
    if (row.case_kind === 'recertification' && row.cycle_due_date && row.stage_before) {
      await tx
        .updateTable('recertification_cycles')
        .set({ stage: row.stage_before })
        .where('certificant_id', '=', c.caseId)
        .where('due_date', '=', row.cycle_due_date)
        .where('stage', '=', 'needs-attention')
        .execute();
    }
    if (c.auditAs) {
      const before = { stage: 'needs-attention', step: row.step, reason: row.reason };
      await recordAudit(tx, {
        actor: c.auditAs.actor ?? c.by,
        action: c.auditAs.action,
        subject: c.auditAs.subject,
        before,
        after: { resolution: c.resolution, note: c.note ?? null },
      });
    }
    return true;
  });
}

/** The case's open episode, if any (the "before" of a staff decision). */
export async function findOpenAttention(
  db: Db,
  caseKind: CaseKind,
  caseId: string,
): Promise<NeedsAttentionRow | undefined> {
  return db
    .selectFrom('needs_attention')
    .selectAll()
    .where('case_kind', '=', caseKind)
    .where('case_id', '=', caseId)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
}
