import type { Db } from '../db/database';
import { findForm, formOfAssembly, itemsOf } from '../db/tables/exam-forms';
import { storedResultIds, type NewExamResult } from '../db/tables/exam-results';
import { formAssemblyYearOf, isCivilDate, isTestDateInWindow } from '../domain/index';
import type { ParsedRow } from './parse';

export type RowErrorCode =
  | 'unknown-application'
  | 'unknown-candidate'
  | 'wrong-form'
  | 'wrong-length'
  | 'invalid-option'
  | 'invalid-test-date'
  | 'duplicate-in-file'
  | 'already-stored';

export interface RowError {
  line: number;
  code: RowErrorCode;
  message: string;
  applicationId?: string;
}

interface AppRow {
  id: string;
  candidate_id: string;
  program: string;
  window_id: string;
}

async function applicationsByIds(db: Db, ids: string[]): Promise<Map<string, AppRow>> {
  const out = new Map<string, AppRow>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom('applications')
      .select(['id', 'candidate_id', 'program', 'window_id'])
      .where('id', 'in', ids.slice(i, i + 1000))
      .execute();
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

async function applicationsByCandidates(db: Db, ids: string[]): Promise<Map<string, AppRow[]>> {
  const out = new Map<string, AppRow[]>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom('applications')
      .select(['id', 'candidate_id', 'program', 'window_id'])
      .where('candidate_id', 'in', ids.slice(i, i + 1000))
      .execute();
    for (const r of rows) out.set(r.candidate_id, [...(out.get(r.candidate_id) ?? []), r]);
  }
  return out;
}

/** Checks every row against the records; the caller stores nothing unless the error list is empty. */
export async function validateRows(
  db: Db,
  rows: ParsedRow[],
  importId: string,
): Promise<{ valid: NewExamResult[]; errors: RowError[] }> {
  const errors: RowError[] = [];
  const fail = (row: ParsedRow, code: RowErrorCode, message: string, applicationId?: string) =>
    errors.push({ line: row.line, code, message, ...(applicationId ? { applicationId } : {}) });
  const uniq = (xs: string[]) => [...new Set(xs.filter(Boolean))];
  const byId = await applicationsByIds(db, uniq(rows.map((r) => r.applicationId)));
  const byCandidate = await applicationsByCandidates(
    db,
    uniq(rows.filter((r) => !r.applicationId).map((r) => r.candidateId)),
  );
  const forms = new Map<string, { program: string; year: number; reference: boolean; items: number } | null>();
  for (const formId of uniq(rows.map((r) => r.formId))) {
    const form = await findForm(db, formId);
    forms.set(
      formId,
      form
        ? {
            program: form.program,
            year: form.assembled_year,
            reference: form.reference,
            items: (await itemsOf(db, formId)).length,
          }
        : null,
    );
  }
  const expectedForm = new Map<string, string | undefined>();
  const formFor = async (app: AppRow) => {
    const key = `${app.program}/${formAssemblyYearOf(app.window_id)}`;
    if (!expectedForm.has(key))
      expectedForm.set(key, (await formOfAssembly(db, app.program, formAssemblyYearOf(app.window_id)))?.id);
    return expectedForm.get(key);
  };

  const resolved: { row: ParsedRow; app: AppRow }[] = [];
  for (const row of rows) {
    const form = forms.get(row.formId) ?? null;
    let app: AppRow | undefined;
    if (row.applicationId) {
      app = byId.get(row.applicationId);
      if (!app) {
        fail(row, 'unknown-application', `no application "${row.applicationId}" is on file`);
        continue;
      }
    } else {
      // A candidate id names the application of the form's program in a window that administers this form.
      const candidates = (byCandidate.get(row.candidateId) ?? []).filter(
        (a) => form && a.program === form.program && formAssemblyYearOf(a.window_id) === form.year,
      );
      if (candidates.length !== 1) {
        fail(
          row,
          'unknown-candidate',
          candidates.length === 0
            ? `no application of candidate "${row.candidateId}" takes form "${row.formId}"`
            : `candidate "${row.candidateId}" has ${candidates.length} applications for this form; give the application_id`,
        );
        continue;
      }
      app = candidates[0]!;
    }
    const expected = await formFor(app);
    if (!form || row.formId !== expected) {
      fail(
        row,
        'wrong-form',
        `form "${row.formId}" is not the form of ${app.program} ${app.window_id}${expected ? ` (expected "${expected}")` : ' (the window has no form yet)'}`,
        app.id,
      );
      continue;
    }
    if (row.responses.length !== form.items)
      fail(
        row,
        'wrong-length',
        `${row.responses.length} responses; form "${row.formId}" has ${form.items} items`,
        app.id,
      );
    const bad = row.responses.map((r, i) => (/^[ABCabc-]?$/.test(r) ? -1 : i + 1)).filter((i) => i > 0);
    if (bad.length)
      fail(
        row,
        'invalid-option',
        `responses must be A, B, C, or "-"/empty when omitted; item ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ` and ${bad.length - 5} more` : ''} ${bad.length === 1 ? 'is' : 'are'} not`,
        app.id,
      );
    if (!isCivilDate(row.testedOn) || !isTestDateInWindow(app.window_id, row.testedOn))
      fail(
        row,
        'invalid-test-date',
        `tested_on "${row.testedOn}" is not a test day of ${app.window_id} (YYYY-MM-DD inside the window)`,
        app.id,
      );
    resolved.push({ row, app });
  }

  const stored = await storedResultIds(db, uniq(resolved.map((r) => r.app.id)));
  const seen = new Map<string, number>();
  const valid: NewExamResult[] = [];
  for (const { row, app } of resolved) {
    if (seen.has(app.id)) {
      fail(row, 'duplicate-in-file', `application ${app.id} already appears on line ${seen.get(app.id)}`, app.id);
      continue;
    }
    seen.set(app.id, row.line);
    if (stored.has(app.id)) {
      fail(
        row,
        'already-stored',
        `a result for application ${app.id} is already on file (FAQ: no retest in the same window)`,
        app.id,
      );
      continue;
    }
    valid.push({
      applicationId: app.id,
      candidateId: app.candidate_id,
      program: app.program,
      windowId: app.window_id,
      formId: row.formId,
      responses: row.responses.map((r) => (r === '' ? '-' : r.toUpperCase())).join(''),
      testedOn: row.testedOn,
      importId,
    });
  }
  errors.sort((a, b) => a.line - b.line);
  return { valid, errors };
}
