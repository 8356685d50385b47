import { parse } from 'csv-parse/sync';

/** One data line of a vendor results file, as written (validation happens in validate.ts). */
export interface ParsedRow {
  /** Line number in the file (the header is line 1). */
  line: number;
  applicationId: string;
  candidateId: string;
  formId: string;
  testedOn: string;
  /** Responses as given, one entry per item column (or per letter of a `responses` column). */
  responses: string[];
}

export class ResultsFileError extends Error {
  override name = 'ResultsFileError';
}

const ID_COLUMNS = ['application_id', 'candidate_id', 'form_id', 'tested_on', 'responses'];

/**
 * The vendor file: a header naming `application_id` or `candidate_id`, `form_id`, `tested_on`, then either one
 * column per item in form order or a single `responses` column of letters ('-' or empty = omitted).
 */
export function parseResultsCsv(text: string): ParsedRow[] {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (err) {
    throw new ResultsFileError(`the file is not valid CSV: ${(err as Error).message}`);
  }
  const header = (records[0] ?? []).map((h) => h.toLowerCase());
  if (header.length === 0)
    throw new ResultsFileError('the file is empty: expected a header line and one line per candidate');
  const col = (name: string) => header.indexOf(name);
  if (col('application_id') < 0 && col('candidate_id') < 0)
    throw new ResultsFileError('the header needs an application_id or a candidate_id column');
  for (const name of ['form_id', 'tested_on'])
    if (col(name) < 0) throw new ResultsFileError(`the header needs a ${name} column`);
  const single = col('responses');
  const idIndexes = new Set(header.map((h, i) => (ID_COLUMNS.includes(h) ? i : -1)).filter((i) => i >= 0));
  if (single < 0 && header.length === idIndexes.size)
    throw new ResultsFileError('the header needs a responses column or one column per item');
  const cell = (r: string[], i: number) => (i >= 0 ? (r[i] ?? '').trim() : '');
  return records.slice(1).map((r, k) => ({
    line: k + 2,
    applicationId: cell(r, col('application_id')),
    candidateId: cell(r, col('candidate_id')),
    formId: cell(r, col('form_id')),
    testedOn: cell(r, col('tested_on')),
    // Every cell that is not an id column is a response, so a row that is too long or short is reported, not cut.
    responses: single >= 0 ? [...cell(r, single)] : r.filter((_, i) => !idIndexes.has(i)),
  }));
}
