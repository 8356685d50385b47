import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseResultsCsv, ResultsFileError } from '../../results-import/parse';
import type { ImportReport } from '../../results-import/import';
import { requireFlag, UsageError, type Flags } from '../args';
import type { Command } from '../command';
import { staffApi, staffApiFlags } from './staff-api';

const FILE_HINT = 'FILE (the vendor results CSV)';
const IMPORT_HINT = 'IMPORT_ID (from the import summary)';

const progress = (line: string) => process.stderr.write(`${line}\n`);

/** What the summary says of the candidates: told so far, and whether the rest are being told (JSON on stdout). */
function signallingSummary(data: ImportReport) {
  if (!data.signalling) return {};
  const { state, pending, noWorkflow, workflowId } = data.signalling;
  if (state === 'in-progress')
    progress(
      `${pending} candidate(s) still to tell, in the background; follow with: cli results status --import ${data.importId}`,
    );
  if (state === 'stalled')
    progress(`${pending} candidate(s) not told and nothing is telling them: import the same file again to finish`);
  return { signalled: data.signalled ?? 0, signalling: state, pending, noWorkflow: noWorkflow.length, workflowId };
}

/**
 * cli results import --file F [--api URL --token T]: checks the file's shape locally (progress on stderr), sends it to
 * the staff API, which validates every row against the records and stores all or nothing; the summary is JSON on stdout.
 * Candidates are told after the answer: `cli results status --import ID` shows how far that got.
 */
async function importResults(flags: Flags): Promise<unknown> {
  const file = requireFlag(flags, 'file', FILE_HINT);
  const call = staffApi(flags);
  let csv: string;
  try {
    progress(`reading ${file} (${(statSync(file).size / 1_048_576).toFixed(1)} MB)`);
    csv = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  let rows;
  try {
    rows = parseResultsCsv(csv);
  } catch (err) {
    if (err instanceof ResultsFileError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  }
  const step = Math.max(1000, Math.ceil(rows.length / 10));
  let suspicious = 0;
  rows.forEach((row, i) => {
    if (row.responses.some((r) => !/^[ABCabc-]?$/.test(r))) suspicious += 1;
    if ((i + 1) % step === 0 || i + 1 === rows.length)
      progress(
        `checked ${i + 1} of ${rows.length} rows${suspicious ? ` (${suspicious} with letters other than A, B, C)` : ''}`,
      );
  });
  progress(`sending ${rows.length} rows to the API for validation against the records…`);
  const started = Date.now();
  const { data } = await call<ImportReport>(
    'POST',
    `/api/staff/results-imports?filename=${encodeURIComponent(basename(file))}`,
    { csv },
    [422],
  );
  progress(`the API answered in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const summary = {
    importId: data.importId,
    status: data.status,
    rows: data.rows,
    stored: data.accepted,
    ...signallingSummary(data),
    ...(data.replayOf ? { replayOf: data.replayOf } : {}),
    errors: data.errors,
  };
  if (data.status === 'rejected') {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    throw new UsageError(
      `${file}: not imported, ${data.errors.length} problem(s) in the rows listed above; nothing was stored`,
    );
  }
  return summary;
}

/** cli results status --import ID: how far telling the candidates of a stored import has got. */
async function importStatus(flags: Flags): Promise<unknown> {
  const importId = requireFlag(flags, 'import', IMPORT_HINT);
  const { data } = await staffApi(flags)<ImportReport>(
    'GET',
    `/api/staff/results-imports/${encodeURIComponent(importId)}`,
  );
  return { importId: data.importId, status: data.status, stored: data.accepted, ...signallingSummary(data) };
}

export const resultsCommand: Command = {
  summary:
    'imports a vendor results file through the staff API, all or nothing, and follows the telling of its candidates',
  actions: {
    import: {
      usage: 'results import --file FILE [--api URL --token T]',
      flags: { file: FILE_HINT, ...staffApiFlags },
      run: importResults,
    },
    status: {
      usage: 'results status --import IMPORT_ID [--api URL --token T]',
      flags: { import: IMPORT_HINT, ...staffApiFlags },
      run: importStatus,
    },
  },
};
