import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import { insertResults } from '../db/tables/exam-results';
import { acceptedImportWithHash, insertImport, type ResultsImportRow } from '../db/tables/results-imports';
import type { VendorResult } from '../workflows/exam-application/vendor-signals';
import { parseResultsCsv } from './parse';
import { validateRows, type RowError } from './validate';

export interface ImportReport {
  importId: string;
  status: 'accepted' | 'rejected';
  rows: number;
  accepted: number;
  errors: RowError[];
  /** Set when this exact file was accepted before: nothing was stored again. */
  replayOf?: string;
  signalled?: number;
  notSignalled?: { applicationId: string; reason: string }[];
}

/** Sends vendorResultSignal to an application workflow; the API passes its Temporal client. */
export type SignalResult = (applicationId: string, result: VendorResult) => Promise<void>;

export class ImportConflictError extends Error {
  override name = 'ImportConflictError';
}

/**
 * All or nothing per file: every row is validated, and only a file without errors is stored, in one transaction.
 * Signals go out after the commit (DESIGN.md convention 6); the report lists each row that was wrong.
 */
export async function importResults(
  deps: { db: Db; signalResult: SignalResult },
  input: { csv: string; filename: string; source: ResultsImportRow['source']; actor: string },
): Promise<ImportReport> {
  const sha256 = createHash('sha256').update(input.csv).digest('hex');
  const previous = await acceptedImportWithHash(deps.db, sha256);
  if (previous) return { ...(previous.report as ImportReport), replayOf: previous.id };

  const importId = `imp-${randomUUID()}`;
  const rows = parseResultsCsv(input.csv);
  const { valid, errors } = await validateRows(deps.db, rows, importId);
  const meta = { id: importId, source: input.source, actor: input.actor, filename: input.filename.slice(0, 200), sha256, rowCount: rows.length };
  if (errors.length > 0 || rows.length === 0) {
    const report: ImportReport = { importId, status: 'rejected', rows: rows.length, accepted: 0, errors };
    await insertImport(deps.db, { ...meta, status: 'rejected', report });
    return report;
  }
  const report: ImportReport = { importId, status: 'accepted', rows: rows.length, accepted: valid.length, errors: [] };
  await deps.db.transaction().execute(async (trx) => {
    await insertImport(trx, { ...meta, status: 'accepted', report });
    const inserted = await insertResults(trx, valid);
    // Another import stored some of these meanwhile: roll back the whole file.
    if (inserted.length !== valid.length) throw new ImportConflictError('results for some of these applications were stored by another import meanwhile; send the file again to see which');
  });

  const notSignalled: { applicationId: string; reason: string }[] = [];
  for (let i = 0; i < valid.length; i += 32) {
    const slice = valid.slice(i, i + 32);
    const outcomes = await Promise.allSettled(slice.map((r) => deps.signalResult(r.applicationId, { formId: r.formId, responses: r.responses, testedOn: r.testedOn, importId })));
    outcomes.forEach((o, j) => {
      if (o.status === 'rejected') notSignalled.push({ applicationId: slice[j]!.applicationId, reason: o.reason instanceof Error ? o.reason.message : String(o.reason) });
    });
  }
  return { ...report, signalled: valid.length - notSignalled.length, notSignalled };
}
