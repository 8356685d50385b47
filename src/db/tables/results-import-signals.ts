import type { ColumnType } from 'kysely';
import type { Db } from '../database';

export type SignalOutcome = 'signalled' | 'no-workflow';

export interface ResultsImportSignalsTable {
  import_id: string;
  application_id: string;
  outcome: SignalOutcome;
  signalled_at: ColumnType<Date, never, never>;
}

/** Of these applications of the import, the ones already handled (told, or found without a running workflow). */
export async function alreadySignalled(db: Db, importId: string, applicationIds: string[]): Promise<Set<string>> {
  if (applicationIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('results_import_signals')
    .select('application_id')
    .where('import_id', '=', importId)
    .where('application_id', 'in', applicationIds)
    .execute();
  return new Set(rows.map((r) => r.application_id));
}

/** Idempotent: a row already recorded keeps its first outcome. */
export async function markSignalled(
  db: Db,
  importId: string,
  handled: { applicationId: string; outcome: SignalOutcome }[],
): Promise<void> {
  if (handled.length === 0) return;
  await db
    .insertInto('results_import_signals')
    .values(handled.map((h) => ({ import_id: importId, application_id: h.applicationId, outcome: h.outcome })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export interface SignallingProgress {
  /** Stored results of the import. */
  results: number;
  signalled: number;
  /** Applications whose workflow had already ended: their result is stored, nobody was waiting for it. */
  noWorkflow: string[];
  /** Not handled yet. */
  pending: number;
}

/** How far the import's signalling has got, from the record (so it counts every attempt and every run). */
export async function signallingProgress(db: Db, importId: string): Promise<SignallingProgress> {
  const { n } = await db
    .selectFrom('exam_results')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('import_id', '=', importId)
    .executeTakeFirstOrThrow();
  const handled = await db
    .selectFrom('results_import_signals')
    .select(['application_id', 'outcome'])
    .where('import_id', '=', importId)
    .orderBy('application_id')
    .execute();
  const noWorkflow = handled.filter((h) => h.outcome === 'no-workflow').map((h) => h.application_id);
  const results = Number(n);
  return {
    results,
    signalled: handled.length - noWorkflow.length,
    noWorkflow,
    pending: Math.max(0, results - handled.length),
  };
}
