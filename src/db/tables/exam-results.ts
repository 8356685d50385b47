import type { ColumnType, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../database';

export interface ExamResultsTable {
  application_id: string;
  candidate_id: string;
  program: string;
  window_id: string;
  form_id: string;
  /** One letter per item in form order: 'A' | 'B' | 'C', '-' omitted. */
  responses: string;
  tested_on: ColumnType<string, string, string>;
  import_id: string;
  raw: ColumnType<number | null, number | null | undefined, number | null>;
  scaled: ColumnType<number | null, number | null | undefined, number | null>;
  passed: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  created_at: ColumnType<Date, never, never>;
}
export type ExamResultRow = Selectable<ExamResultsTable>;

export interface NewExamResult {
  applicationId: string;
  candidateId: string;
  program: string;
  windowId: string;
  formId: string;
  responses: string;
  testedOn: string;
  importId: string;
}

// `date` comes back as a JS Date at local midnight from both drivers; text keeps the calendar date.
const testedOn = sql<string>`to_char(tested_on, 'YYYY-MM-DD')`.as('tested_on');

/** Inserts what is new; returns the application ids actually inserted (a conflict means already stored). */
export async function insertResults(db: Db, rows: NewExamResult[]): Promise<string[]> {
  const inserted: string[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000).map((r) => ({
      application_id: r.applicationId,
      candidate_id: r.candidateId,
      program: r.program,
      window_id: r.windowId,
      form_id: r.formId,
      responses: r.responses,
      tested_on: r.testedOn,
      import_id: r.importId,
    }));
    const out = await db
      .insertInto('exam_results')
      .values(chunk)
      .onConflict((oc) => oc.column('application_id').doNothing())
      .returning('application_id')
      .execute();
    inserted.push(...out.map((o) => o.application_id));
  }
  return inserted;
}

export async function storedResultIds(db: Db, applicationIds: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < applicationIds.length; i += 1000) {
    const rows = await db
      .selectFrom('exam_results')
      .select('application_id')
      .where('application_id', 'in', applicationIds.slice(i, i + 1000))
      .execute();
    for (const r of rows) found.add(r.application_id);
  }
  return found;
}

// Every column of a stored result, the test day as written (YYYY-MM-DD).
const resultColumns = [
  'application_id',
  'candidate_id',
  'program',
  'window_id',
  'form_id',
  'responses',
  testedOn,
  'import_id',
  'raw',
  'scaled',
  'passed',
  'created_at',
] as const;

export async function resultsOfWindow(db: Db, program: string, windowId: string): Promise<ExamResultRow[]> {
  return db
    .selectFrom('exam_results')
    .select(resultColumns)
    .where('program', '=', program)
    .where('window_id', '=', windowId)
    .orderBy('application_id')
    .execute();
}

export async function findResult(db: Db, applicationId: string): Promise<ExamResultRow | undefined> {
  return db
    .selectFrom('exam_results')
    .select(resultColumns)
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
}

/** Writes recomputed scores in bulk (one statement per chunk); idempotent: the same input writes the same values. */
export async function setScores(
  db: Db,
  scores: { applicationId: string; raw: number; scaled: number | null; passed: boolean | null }[],
): Promise<void> {
  for (let i = 0; i < scores.length; i += 1000) {
    const chunk = scores.slice(i, i + 1000);
    const values = sql.join(
      chunk.map((s) => sql`(${s.applicationId}::text, ${s.raw}::int, ${s.scaled}::int, ${s.passed}::boolean)`),
    );
    await sql`update exam_results as r set raw = v.raw, scaled = v.scaled, passed = v.passed
      from (values ${values}) as v(application_id, raw, scaled, passed) where r.application_id = v.application_id`.execute(
      db,
    );
  }
}

/** One page of an import's stored results, in application order, after `after` (the signalling cursor). */
export async function resultsOfImportAfter(
  db: Db,
  importId: string,
  after: string,
  limit: number,
): Promise<Pick<ExamResultRow, 'application_id' | 'form_id' | 'responses' | 'tested_on' | 'import_id'>[]> {
  return db
    .selectFrom('exam_results')
    .select(['application_id', 'form_id', 'responses', testedOn, 'import_id'])
    .where('import_id', '=', importId)
    .where('application_id', '>', after)
    .orderBy('application_id')
    .limit(limit)
    .execute();
}
