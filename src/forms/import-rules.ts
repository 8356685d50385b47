import { examFor } from '../domain/index';
import { MIN_ANCHOR_ITEMS, MIN_REFERENCE_EXAMINEES, type FormDocument, type FormIssue } from './import-schema';

/** The reference form's items, as stored, for the common-item check of an assembly form. */
export interface ReferenceItem {
  item_id: string;
  key: 'A' | 'B' | 'C';
  role: 'scored' | 'pretest';
}

// A document with thousands of bad rows reports the first ones; the rest are counted.
const MAX_ISSUES = 50;
const RESPONSES = /^[ABC-]*$/;

/**
 * The rules a form must meet before it is stored (the shape is checked by the zod schema first). `reference` is the
 * program's stored reference form, needed to check an assembly form's common items. Every problem is returned.
 */
export function checkFormDocument(
  doc: FormDocument,
  reference: { id: string; items: readonly ReferenceItem[] } | undefined,
): FormIssue[] {
  const issues: FormIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const exam = examFor(doc.program);
  const scored = doc.items.filter((i) => i.scored).length;

  // FAQ: "There are 150 questions on the CPCS exam" / "175 questions on the CPMSM exam" — scored and pretest together.
  if (doc.items.length !== exam.items) {
    add(
      'items',
      `${doc.program} forms have ${exam.items} items (scored and pretest together); this form has ${doc.items.length}.`,
    );
  }
  const seen = new Map<string, number>();
  doc.items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first !== undefined)
      add(`items.${i}.id`, `Item id ${item.id} is used twice (also items.${first}); every item needs its own id.`);
    else seen.set(item.id, i);
    if (item.anchor && !item.scored)
      add(`items.${i}.anchor`, `Item ${item.id} is a pretest item; an anchor (common) item must be scored.`);
  });
  if (scored === 0) add('items', 'A form needs scored items (scored: true); all its items are pretest.');
  const anchors = doc.items.filter((i) => i.anchor);
  if (anchors.length < MIN_ANCHOR_ITEMS) {
    add(
      'items',
      `A form needs at least ${MIN_ANCHOR_ITEMS} anchor (common) items to be equated; this form has ${anchors.length}.`,
    );
  }

  if (doc.role === 'reference') {
    if (doc.rawCut === undefined)
      add('rawCut', 'A reference form needs its raw cut (the raw passing score from the standard setting).');
    else if (doc.rawCut > scored)
      add(
        'rawCut',
        `The raw cut ${doc.rawCut} is above the ${scored} scored items; it must lie between 1 and ${scored}.`,
      );
    checkResponses(doc, add);
  } else {
    if (doc.rawCut !== undefined)
      add(
        'rawCut',
        'An assembly form has no raw cut of its own (it is carried from the reference form by equating); remove rawCut.',
      );
    if (doc.referenceResponses !== undefined)
      add(
        'referenceResponses',
        'Only the reference form carries reference-group responses; remove referenceResponses.',
      );
    checkCommonItems(doc, reference, add);
  }
  if (issues.length <= MAX_ISSUES) return issues;
  return [
    ...issues.slice(0, MAX_ISSUES),
    { path: 'document', message: `… and ${issues.length - MAX_ISSUES} more problems of the same kinds.` },
  ];
}

function checkResponses(doc: FormDocument, add: (path: string, message: string) => void): void {
  const rows = doc.referenceResponses;
  if (!rows || rows.length < MIN_REFERENCE_EXAMINEES) {
    add(
      'referenceResponses',
      `A reference form needs its reference group's responses: at least ${MIN_REFERENCE_EXAMINEES} strings of A, B, C or - (one per examinee); this document has ${rows?.length ?? 0}.`,
    );
    return;
  }
  rows.forEach((row, e) => {
    if (row.length !== doc.items.length)
      add(
        `referenceResponses.${e}`,
        `Examinee ${e + 1} has ${row.length} responses; give one per item (${doc.items.length}), "-" for an omitted one.`,
      );
    if (!RESPONSES.test(row))
      add(`referenceResponses.${e}`, `Examinee ${e + 1} has a response other than A, B, C or - (omitted).`);
  });
}

/** The anchors of a new form are the reference form's items: same id, same key, scored there too. */
function checkCommonItems(
  doc: FormDocument,
  reference: { id: string; items: readonly ReferenceItem[] } | undefined,
  add: (path: string, message: string) => void,
): void {
  if (!reference) {
    add(
      'role',
      `No reference form is loaded for ${doc.program}: load it first (role "reference"), then this assembly form.`,
    );
    return;
  }
  const refItems = new Map(reference.items.map((i) => [i.item_id, i]));
  doc.items.forEach((item, i) => {
    if (!item.anchor) return;
    const ref = refItems.get(item.id);
    if (!ref)
      add(
        `items.${i}.id`,
        `Anchor item ${item.id} is not on the reference form ${reference.id}; an anchor must be a common item of both forms (or set anchor: false).`,
      );
    else if (ref.key !== item.key)
      add(
        `items.${i}.key`,
        `Anchor item ${item.id} has key ${item.key} here and ${ref.key} on the reference form ${reference.id}; a common item keeps its key.`,
      );
    else if (ref.role !== 'scored')
      add(
        `items.${i}.anchor`,
        `Anchor item ${item.id} is a pretest item on the reference form ${reference.id}; a common item must be scored on both forms.`,
      );
  });
}
