import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import { insertResults } from '../db/tables/exam-results';
import { signallingProgress } from '../db/tables/results-import-signals';
import { acceptedImportWithHash, insertImport, type ResultsImportRow } from '../db/tables/results-imports';
import { resultsImportWorkflowId } from '../workflows/results-import/contract';
import { parseResultsCsv } from './parse';
import { validateRows, type RowError } from './validate';

/**
 * Where telling the applications stands. They are told after the answer, by the import's workflow; the counts are
 * read from the record when the answer is written.
 */
export interface SignallingStatus {
  workflowId: string;
  /** complete: every stored result handled; in-progress: the workflow is telling the rest; stalled: nothing is
   * telling the rest (the workflow never started or was stopped): send the same file again to finish. */
  state: 'complete' | 'in-progress' | 'stalled';
  pending: number;
  /** Applications whose workflow had already ended: the result is stored, nobody was waiting for it. */
  noWorkflow: string[];
}

export interface ImportReport {
  importId: string;
  status: 'accepted' | 'rejected';
  rows: number;
  accepted: number;
  errors: RowError[];
  /** Set when this exact file was accepted before: nothing was stored again. */
  replayOf?: string;
  /** Applications told of their result so far (accepted imports); lower than `accepted` while signalling runs. */
  signalled?: number;
  signalling?: SignallingStatus;
}

export class ImportConflictError extends Error {
  override name = 'ImportConflictError';
}

/** The results are stored but their workflow could not be started: the same file again finishes the job. */
export class SignallingNotStartedError extends Error {
  override name = 'SignallingNotStartedError';
  constructor(
    readonly importId: string,
    cause: unknown,
  ) {
    super(
      `The results of import ${importId} are stored, but telling the candidates could not start; send the same file again to finish it.`,
      { cause },
    );
  }
}

/**
 * All or nothing per file: every row is validated, and only a file without errors is stored, in one transaction.
 * Nothing here talks to Temporal (never inside a transaction); the report lists each row that was wrong.
 */
export async function storeResults(
  db: Db,
  input: { csv: string; filename: string; source: ResultsImportRow['source']; actor: string },
): Promise<ImportReport> {
  const sha256 = createHash('sha256').update(input.csv).digest('hex');
  const previous = await acceptedImportWithHash(db, sha256);
  if (previous) return { ...(previous.report as ImportReport), replayOf: previous.id };

  const importId = `imp-${randomUUID()}`;
  const rows = parseResultsCsv(input.csv);
  const { valid, errors } = await validateRows(db, rows, importId);
  const meta = {
    id: importId,
    source: input.source,
    actor: input.actor,
    filename: input.filename.slice(0, 200),
    sha256,
    rowCount: rows.length,
  };
  if (errors.length > 0 || rows.length === 0) {
    const report: ImportReport = { importId, status: 'rejected', rows: rows.length, accepted: 0, errors };
    await insertImport(db, { ...meta, status: 'rejected', report });
    return report;
  }
  const report: ImportReport = { importId, status: 'accepted', rows: rows.length, accepted: valid.length, errors: [] };
  await db.transaction().execute(async (trx) => {
    await insertImport(trx, { ...meta, status: 'accepted', report });
    const inserted = await insertResults(trx, valid);
    // Another import stored some of these meanwhile: roll back the whole file.
    if (inserted.length !== valid.length)
      throw new ImportConflictError(
        'results for some of these applications were stored by another import meanwhile; send the file again to see which',
      );
  });
  return report;
}

/** Starts the import's signalling workflow, or finds it running (the API passes its Temporal client). */
export type StartSignalling = (importId: string) => Promise<void>;
/** Whether the import's signalling workflow is running now. */
export type SignallingRunning = (importId: string) => Promise<boolean>;

/** The report with where its signalling stands; `running` tells a stalled signalling from one under way. */
export async function withSignallingStatus(db: Db, report: ImportReport, running: boolean): Promise<ImportReport> {
  if (report.status !== 'accepted') return report;
  const p = await signallingProgress(db, report.importId);
  const state = p.pending === 0 ? 'complete' : running ? 'in-progress' : 'stalled';
  return {
    ...report,
    signalled: p.signalled,
    signalling: {
      workflowId: resultsImportWorkflowId(report.importId),
      state,
      pending: p.pending,
      noWorkflow: p.noWorkflow,
    },
  };
}

/**
 * After the commit: starts or reuses the import's signalling workflow unless every result was handled already. A
 * file sent again (same sha256) comes here too, so a crash between the commit and the start loses nothing.
 */
export async function handOffSignalling(
  deps: { db: Db; startSignalling: StartSignalling },
  report: ImportReport,
): Promise<ImportReport> {
  if (report.status !== 'accepted') return report;
  const before = await withSignallingStatus(deps.db, report, false);
  if (before.signalling!.state === 'complete') return before;
  try {
    await deps.startSignalling(report.importId);
  } catch (err) {
    throw new SignallingNotStartedError(report.importId, err);
  }
  return withSignallingStatus(deps.db, report, true);
}

/** Stores the file, then hands its results to the signalling workflow. */
export async function importResults(
  deps: { db: Db; startSignalling: StartSignalling },
  input: { csv: string; filename: string; source: ResultsImportRow['source']; actor: string },
): Promise<ImportReport> {
  return handOffSignalling(deps, await storeResults(deps.db, input));
}
