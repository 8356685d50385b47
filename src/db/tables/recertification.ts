import type { ColumnType, Generated, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../database';

type DateCol = ColumnType<string, string, string>;
type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;
type Hours = ColumnType<string, number, number>;

export interface RecertificationCyclesTable {
  certificant_id: string;
  due_date: DateCol;
  cycle_number: number;
  first_certified_on: DateCol;
  certifications: 'single' | 'dual';
  stage: string;
  deadline: DateCol;
  required_hours: Hours;
  counted_hours: Hours;
  accepted_hours: Hours;
  extension_until: NullableDate;
  lapsed_on: NullableDate;
  submitted_at: ColumnType<Date | null, string | null | undefined, string | null>;
  fee_usd: number | null;
  renewed_at: ColumnType<Date | null, string | null | undefined, string | null>;
  version: number;
  updated_at: ColumnType<Date, never, string>;
}

export interface CeEntriesTable {
  certificant_id: string;
  entry_id: string;
  cycle_due_date: DateCol;
  title: string;
  provider: string;
  completed_on: DateCol;
  hours: Hours;
  kind: 'namss-approved' | 'other';
  status: 'reported' | 'accepted' | 'rejected';
  document_id: string | null;
  submitted_at: ColumnType<Date | null, string | null | undefined, string | null>;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: ColumnType<Date | null, string | null | undefined, string | null>;
}

export interface GoodStandingReportsTable {
  id: Generated<string>;
  generated_at: ColumnType<Date, never, never>;
  trigger: string;
  certificants: number;
  csv: string;
  html: string;
}
export type GoodStandingReportRow = Selectable<GoodStandingReportsTable>;

export type CycleRecord = Omit<
  Selectable<RecertificationCyclesTable>,
  'updated_at' | 'required_hours' | 'counted_hours' | 'accepted_hours' | 'submitted_at' | 'renewed_at'
> & {
  required_hours: number;
  counted_hours: number;
  accepted_hours: number;
  submitted_at: string | null;
  renewed_at: string | null;
};
export type CeEntryRow = Omit<Selectable<CeEntriesTable>, 'hours' | 'submitted_at' | 'decided_at'> & {
  hours: number;
  submitted_at: string | null;
  decided_at: string | null;
};

/**
 * Writes one cycle and its whole CE grid, idempotently: a snapshot older than the stored one (a late retry)
 * changes nothing, and entries the certificant removed are deleted.
 */
export async function saveCycleSnapshot(db: Db, cycle: CycleRecord, entries: CeEntryRow[]): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const stored = await tx
      .selectFrom('recertification_cycles')
      .select('version')
      .where('certificant_id', '=', cycle.certificant_id)
      .where('due_date', '=', cycle.due_date)
      .forUpdate()
      .executeTakeFirst();
    if (stored && stored.version >= cycle.version) return false;
    const { certificant_id, due_date, ...rest } = cycle;
    await tx
      .insertInto('recertification_cycles')
      .values(cycle)
      .onConflict((oc) =>
        oc.columns(['certificant_id', 'due_date']).doUpdateSet({ ...rest, updated_at: sql<string>`now()` }),
      )
      .execute();
    const ids = entries.map((e) => e.entry_id);
    let removal = tx
      .deleteFrom('ce_entries')
      .where('certificant_id', '=', certificant_id)
      .where('cycle_due_date', '=', due_date);
    if (ids.length > 0) removal = removal.where('entry_id', 'not in', ids);
    await removal.execute();
    for (const e of entries) {
      const { certificant_id: _c, entry_id: _e, ...values } = e;
      await tx
        .insertInto('ce_entries')
        .values(e)
        .onConflict((oc) => oc.columns(['certificant_id', 'entry_id']).doUpdateSet(values))
        .execute();
    }
    return true;
  });
}

export async function findCycle(db: Db, certificantId: string, dueDate: string) {
  return db
    .selectFrom('recertification_cycles')
    .select([
      'certificant_id',
      'cycle_number',
      'stage',
      'version',
      sql<string>`to_char(due_date, 'YYYY-MM-DD')`.as('due_date'),
      sql<string>`counted_hours::text`.as('counted_hours'),
    ])
    .where('certificant_id', '=', certificantId)
    .where('due_date', '=', dueDate)
    .executeTakeFirst();
}

export async function entriesOfCycle(db: Db, certificantId: string, dueDate: string) {
  return db
    .selectFrom('ce_entries')
    .select(['entry_id', 'title', 'status', sql<string>`hours::text`.as('hours')])
    .where('certificant_id', '=', certificantId)
    .where('cycle_due_date', '=', dueDate)
    .orderBy('entry_id')
    .execute();
}

export interface GoodStandingLine {
  candidate_id: string;
  first_name: string;
  last_name: string;
  programs: string;
  initial_certification: string;
  expires_on: string;
}

/**
 * Certificants in good standing: active certifications only. A failed candidate has no certification row and a
 * lapsed or revoked one is not active, so neither can appear (issue 6, Good Standing Report).
 */
export async function goodStandingLines(db: Db): Promise<GoodStandingLine[]> {
  return db
    .selectFrom('certifications')
    .innerJoin('candidates', 'candidates.id', 'certifications.candidate_id')
    .where('certifications.status', '=', 'active')
    .groupBy(['candidates.id', 'candidates.first_name', 'candidates.last_name'])
    .select([
      'candidates.id as candidate_id',
      'candidates.first_name',
      'candidates.last_name',
      sql<string>`string_agg(certifications.program, ' + ' order by certifications.certified_on, certifications.program)`.as(
        'programs',
      ),
      sql<string>`to_char(min(certifications.certified_on), 'YYYY-MM-DD')`.as('initial_certification'),
      sql<string>`to_char(max(certifications.expires_on), 'YYYY-MM-DD')`.as('expires_on'),
    ])
    .orderBy('candidates.last_name')
    .orderBy('candidates.first_name')
    .orderBy('candidates.id')
    .execute();
}

export async function saveGoodStandingReport(
  db: Db,
  report: { trigger: string; certificants: number; csv: string; html: string },
): Promise<string> {
  const row = await db.insertInto('good_standing_reports').values(report).returning('id').executeTakeFirstOrThrow();
  return String(row.id);
}

export async function latestGoodStandingReport(db: Db): Promise<GoodStandingReportRow | undefined> {
  return db.selectFrom('good_standing_reports').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** Staff work list: submitted cycles waiting for CE determination, oldest first. */
export async function cyclesAwaitingDetermination(db: Db) {
  return db
    .selectFrom('recertification_cycles')
    .innerJoin('candidates', 'candidates.id', 'recertification_cycles.certificant_id')
    .select([
      'recertification_cycles.certificant_id',
      'candidates.first_name',
      'candidates.last_name',
      'recertification_cycles.cycle_number',
      sql<string>`to_char(recertification_cycles.deadline, 'YYYY-MM-DD')`.as('deadline'),
      sql<string>`to_char(recertification_cycles.submitted_at at time zone 'UTC', 'YYYY-MM-DD')`.as('submitted_on'),
    ])
    .where('recertification_cycles.stage', '=', 'submitted')
    .orderBy('recertification_cycles.submitted_at')
    .limit(200)
    .execute();
}
