import { DomainRuleError } from '../errors';

/** Response codes in the matrix: one key and two distractors per item (FAQ), 255 when omitted. */
export const OPTION_A = 0;
export const OPTION_B = 1;
export const OPTION_C = 2;
export const OMITTED = 255;
export type Option = 0 | 1 | 2;
export const OPTION_LETTERS = ['A', 'B', 'C'] as const;

export interface ItemMeta {
  readonly id: string;
  readonly key: Option;
  /** Pretest items are answered but never count toward the raw score. */
  readonly role: 'scored' | 'pretest';
  /** Common item shared with the reference form, used for equating. */
  readonly anchor: boolean;
  readonly contentArea: string;
}

/** Examinees × items, row-major: responses[e·items + i]; codes other than 0, 1, 2 count as omitted. */
export interface ResponseMatrix {
  readonly examinees: number;
  readonly items: number;
  readonly responses: Uint8Array;
}

/** Slot of a response code in per-item tables: 0, 1, 2 for the options, 3 for omitted or any other code. */
export const RESPONSE_SLOT: Uint8Array = (() => {
  const slot = new Uint8Array(256).fill(3);
  slot[OPTION_A] = 0;
  slot[OPTION_B] = 1;
  slot[OPTION_C] = 2;
  return slot;
})();

export function isOption(value: unknown): value is Option {
  return value === 0 || value === 1 || value === 2;
}

/** The matrix must have as many columns as the key and examinees × items cells. */
export function checkShape(matrix: ResponseMatrix, keyItems: number): void {
  if (matrix.items !== keyItems || matrix.responses.length !== matrix.examinees * matrix.items) {
    throw new DomainRuleError(
      'invalid-number',
      `the response matrix (${matrix.examinees} × ${matrix.items}, ${matrix.responses.length} cells) does not fit a key of ${keyItems} items`,
    );
  }
}

/** Shape checks only (O(items)); cells are never scanned here so scoring stays one pass. */
export function checkMatrix(matrix: ResponseMatrix, items: readonly ItemMeta[]): void {
  const { examinees, items: count, responses } = matrix;
  if (!Number.isInteger(examinees) || examinees < 1) {
    throw new DomainRuleError(
      'invalid-number',
      `the response matrix has ${examinees} examinees; it needs at least one`,
    );
  }
  if (!Number.isInteger(count) || count < 1 || count > 65535) {
    throw new DomainRuleError('invalid-number', `the response matrix has ${count} items; it needs 1 to 65535`);
  }
  if (responses.length !== examinees * count) {
    throw new DomainRuleError(
      'invalid-number',
      `the response matrix holds ${responses.length} cells, not examinees × items = ${examinees * count}`,
    );
  }
  if (items.length !== count) {
    throw new DomainRuleError(
      'invalid-number',
      `${items.length} item records for a matrix of ${count} items; give one per column`,
    );
  }
  const seen = new Set<string>();
  for (const [i, item] of items.entries()) {
    if (seen.has(item.id))
      throw new DomainRuleError('invalid-number', `item id "${item.id}" appears twice (column ${i})`);
    seen.add(item.id);
    if (!isOption(item.key))
      throw new DomainRuleError(
        'invalid-number',
        `item "${item.id}" has key ${String(item.key)}; keys are 0 (A), 1 (B) or 2 (C)`,
      );
  }
}
