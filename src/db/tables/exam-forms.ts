import type { ColumnType, Selectable } from 'kysely';
import type { Db } from '../database';

export interface ExamFormsTable {
  id: string;
  program: string;
  assembled_year: number;
  reference: ColumnType<boolean, boolean | undefined, boolean>;
  raw_cut: number | null;
  created_at: ColumnType<Date, never, never>;
}

export interface ExamFormItemsTable {
  form_id: string;
  position: number;
  item_id: string;
  key: 'A' | 'B' | 'C';
  role: 'scored' | 'pretest';
  anchor: boolean;
  content_area: string;
}

export interface ReferenceResponsesTable {
  form_id: string;
  seq: number;
  responses: string;
}

export type ExamFormRow = Selectable<ExamFormsTable>;
export type ExamFormItemRow = Selectable<ExamFormItemsTable>;

export interface FormRecord {
  id: string;
  program: string;
  assembledYear: number;
  reference: boolean;
  rawCut: number | null;
  items: Omit<ExamFormItemRow, 'form_id' | 'position'>[];
}

/** Idempotent: a form is written once with its items; a second call with the same id changes nothing. */
export async function insertForm(db: Db, form: FormRecord, referenceResponses: string[] = []): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('exam_forms')
      .values({
        id: form.id,
        program: form.program,
        assembled_year: form.assembledYear,
        reference: form.reference,
        raw_cut: form.rawCut,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return;
    const items = form.items.map((item, position) => ({ ...item, form_id: form.id, position }));
    for (let i = 0; i < items.length; i += 500)
      await trx
        .insertInto('exam_form_items')
        .values(items.slice(i, i + 500))
        .execute();
    const rows = referenceResponses.map((responses, seq) => ({ form_id: form.id, seq, responses }));
    for (let i = 0; i < rows.length; i += 1000)
      await trx
        .insertInto('reference_responses')
        .values(rows.slice(i, i + 1000))
        .execute();
  });
}

export async function findForm(db: Db, id: string): Promise<ExamFormRow | undefined> {
  return db.selectFrom('exam_forms').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function referenceFormOf(db: Db, program: string): Promise<ExamFormRow | undefined> {
  return db
    .selectFrom('exam_forms')
    .selectAll()
    .where('program', '=', program)
    .where('reference', '=', true)
    .executeTakeFirst();
}

/** The form of an April assembly (FAQ: it serves the following Fall, Spring and Summer windows). */
export async function formOfAssembly(db: Db, program: string, assembledYear: number): Promise<ExamFormRow | undefined> {
  return db
    .selectFrom('exam_forms')
    .selectAll()
    .where('program', '=', program)
    .where('assembled_year', '=', assembledYear)
    .where('reference', '=', false)
    .executeTakeFirst();
}

export async function itemsOf(db: Db, formId: string): Promise<ExamFormItemRow[]> {
  return db.selectFrom('exam_form_items').selectAll().where('form_id', '=', formId).orderBy('position').execute();
}

export async function referenceResponsesOf(db: Db, formId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('reference_responses')
    .select('responses')
    .where('form_id', '=', formId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.responses);
}

export interface FormSummaryRow {
  id: string;
  program: string;
  assembled_year: number;
  reference: boolean;
  raw_cut: number | null;
  created_at: Date;
  items: number;
  scored: number;
  anchors: number;
  examinees: number;
}

/** Every stored form with its item counts and reference-group size, newest assembly first (the staff list). */
export async function listFormSummaries(db: Db): Promise<FormSummaryRow[]> {
  const rows = await db
    .selectFrom('exam_forms as f')
    .select((eb) => [
      'f.id',
      'f.program',
      'f.assembled_year',
      'f.reference',
      'f.raw_cut',
      'f.created_at',
      eb
        .selectFrom('exam_form_items as i')
        .whereRef('i.form_id', '=', 'f.id')
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('items'),
      eb
        .selectFrom('exam_form_items as i')
        .whereRef('i.form_id', '=', 'f.id')
        .where('i.role', '=', 'scored')
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('scored'),
      eb
        .selectFrom('exam_form_items as i')
        .whereRef('i.form_id', '=', 'f.id')
        .where('i.anchor', '=', true)
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('anchors'),
      eb
        .selectFrom('reference_responses as r')
        .whereRef('r.form_id', '=', 'f.id')
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('examinees'),
    ])
    .orderBy('f.program')
    .orderBy('f.reference', 'desc')
    .orderBy('f.assembled_year', 'desc')
    .execute();
  return rows.map((r) => ({
    ...r,
    items: Number(r.items),
    scored: Number(r.scored),
    anchors: Number(r.anchors),
    examinees: Number(r.examinees),
  }));
}
