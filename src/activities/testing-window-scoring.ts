import type { ExamFormItemRow } from '../db/tables/exam-forms';
import {
  OMITTED,
  type ItemMeta,
  type KeyDecision,
  type Option,
  type ResponseMatrix,
} from '../domain/psychometrics/index';
import type { KeyDecisionInput } from '../workflows/testing-window/contract';

const CODE: Record<string, number> = { A: 0, B: 1, C: 2 };
export const LETTER = ['A', 'B', 'C'] as const;

export function itemMetaOf(rows: readonly ExamFormItemRow[]): ItemMeta[] {
  return rows.map((r) => ({
    id: r.item_id,
    key: CODE[r.key] as Option,
    role: r.role,
    anchor: r.anchor,
    contentArea: r.content_area,
  }));
}

/** Stored response strings (one letter per item, '-' omitted) as the typed matrix the psychometrics read. */
export function matrixOf(rows: readonly string[], items: number): ResponseMatrix {
  const responses = new Uint8Array(rows.length * items);
  rows.forEach((row, e) => {
    const base = e * items;
    for (let i = 0; i < items; i++) responses[base + i] = CODE[row[i] ?? '-'] ?? OMITTED;
  });
  return { examinees: rows.length, items, responses };
}

export function domainDecisions(decisions: readonly KeyDecisionInput[]): KeyDecision[] {
  return decisions.map((d) =>
    d.action === 'rekey'
      ? { itemId: d.itemId, action: 'rekey', key: CODE[d.key ?? ''] as Option }
      : { itemId: d.itemId, action: d.action },
  );
}
