import type { Db } from '../db/database';
import {
  findForm,
  formOfAssembly,
  insertForm,
  itemsOf,
  referenceFormOf,
  referenceResponsesOf,
  type FormRecord,
} from '../db/tables/exam-forms';
import { checkFormDocument } from './import-rules';
import { formDocumentSchema, type FormDocument, type FormIssue } from './import-schema';

/** The document breaks a rule: every problem with its path; nothing was stored. */
export class FormImportError extends Error {
  constructor(readonly issues: FormIssue[]) {
    super(`The form was not loaded: ${issues.length} problem(s) to correct.`);
    this.name = 'FormImportError';
  }
}

/** The form clashes with one already loaded (forms are immutable: windows score with them). */
export class FormConflictError extends Error {
  override name = 'FormConflictError';
}

export interface FormSummary {
  formId: string;
  program: string;
  role: 'reference' | 'assembly';
  assembledInAprilOf: number;
  items: number;
  scored: number;
  anchors: number;
  rawCut: number | null;
  referenceExaminees: number;
}

export interface FormImportResult {
  status: 'created' | 'unchanged';
  form: FormSummary;
}

function recordOf(doc: FormDocument): FormRecord {
  return {
    id: doc.formId,
    program: doc.program,
    assembledYear: doc.assembledInAprilOf,
    reference: doc.role === 'reference',
    rawCut: doc.role === 'reference' ? (doc.rawCut ?? null) : null,
    items: doc.items.map((i) => ({
      item_id: i.id,
      key: i.key,
      role: i.scored ? 'scored' : 'pretest',
      anchor: i.anchor,
      content_area: i.contentArea,
    })),
  };
}

function summaryOf(doc: FormDocument): FormSummary {
  return {
    formId: doc.formId,
    program: doc.program,
    role: doc.role,
    assembledInAprilOf: doc.assembledInAprilOf,
    items: doc.items.length,
    scored: doc.items.filter((i) => i.scored).length,
    anchors: doc.items.filter((i) => i.anchor).length,
    rawCut: doc.role === 'reference' ? (doc.rawCut ?? null) : null,
    referenceExaminees: doc.referenceResponses?.length ?? 0,
  };
}

/** The stored form in the document's terms, to tell a repeated import from a changed one. */
async function storedAs(db: Db, id: string): Promise<string> {
  const form = (await findForm(db, id))!;
  const items = (await itemsOf(db, id)).map(({ item_id, key, role, anchor, content_area }) => ({
    item_id,
    key,
    role,
    anchor,
    content_area,
  }));
  const record: FormRecord = {
    id,
    program: form.program,
    assembledYear: form.assembled_year,
    reference: form.reference,
    rawCut: form.raw_cut,
    items,
  };
  return JSON.stringify([record, form.reference ? await referenceResponsesOf(db, id) : []]);
}

export function parseFormDocument(input: unknown): FormDocument {
  const parsed = formDocumentSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'document', message: i.message }));
  throw new FormImportError(
    issues.length > 50
      ? [...issues.slice(0, 50), { path: 'document', message: `… and ${issues.length - 50} more problems.` }]
      : issues,
  );
}

/**
 * Loads a real exam form, all or nothing. Idempotent on formId: the same document again changes nothing
 * ('unchanged'); a different document under a loaded formId, a second reference form for a program or a second form
 * for the same April assembly is a FormConflictError.
 */
export async function importForm(db: Db, input: unknown): Promise<FormImportResult> {
  const doc = parseFormDocument(input);
  const record = recordOf(doc);
  if (await findForm(db, doc.formId)) {
    const same =
      (await storedAs(db, doc.formId)) ===
      JSON.stringify([record, doc.role === 'reference' ? (doc.referenceResponses ?? []) : []]);
    if (same) return { status: 'unchanged', form: summaryOf(doc) };
    throw new FormConflictError(
      `Form ${doc.formId} is already loaded with different content. A loaded form never changes (windows score with it): load the corrected form under a new formId.`,
    );
  }
  const reference = await referenceFormOf(db, doc.program);
  if (doc.role === 'reference' && reference) {
    throw new FormConflictError(
      `${doc.program} already has its reference form ${reference.id}; the reporting scale is set once on it, so a second reference form cannot be loaded.`,
    );
  }
  if (doc.role === 'assembly') {
    const existing = await formOfAssembly(db, doc.program, doc.assembledInAprilOf);
    if (existing)
      throw new FormConflictError(
        `The form of the April ${doc.assembledInAprilOf} assembly of ${doc.program} is already loaded (${existing.id}); a window serves one form per assembly.`,
      );
  }
  const refItems =
    doc.role === 'assembly' && reference ? { id: reference.id, items: await itemsOf(db, reference.id) } : undefined;
  const issues = checkFormDocument(doc, refItems);
  if (issues.length) throw new FormImportError(issues);
  await insertForm(db, record, doc.role === 'reference' ? doc.referenceResponses : []);
  return { status: 'created', form: summaryOf(doc) };
}
